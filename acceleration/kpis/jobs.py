"""The KPI reports' e-mails: a returned report's reason to the enterprise's members, once per
return; and the reminder of a quarter's report not yet submitted, once per quarter."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from acceleration.cohorts.jobs import mail_language
from acceleration.cohorts.selectors import member_users
from acceleration.kpis import selectors
from acceleration.kpis.quarters import label, previous_quarter
from acceleration.models import KpiReport, KpiReportStatus
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url


def _send(report: KpiReport, user: Any) -> None:
    participant = report.participant
    with translation.override(mail_language(user)):
        programme_email(
            tenant=report.tenant,
            template="acceleration/emails/kpi_report_returned",
            context={
                "name": user.full_name or user.email,
                "programme": report.tenant,
                "organisation": participant.organisation.legal_name,
                "quarter": report.period,
                "reason": report.returned_reason,
                "url": tenant_absolute_url(
                    report.tenant,
                    reverse("acceleration_kpi_report", args=[participant.pk])
                    + f"?year={report.year}&quarter={report.quarter}",
                ),
            },
            to=[user.email],
        ).send()


def report_returned_send(*, report_id: int) -> int:
    """E-mail each member that the report was returned, once per return (the moment it was
    decided); nothing when it is no longer returned. Returns how many left now."""
    report = selectors.report_for_notice(report_id)
    if report is None or report.status != KpiReportStatus.RETURNED or report.decided_at is None:
        return 0
    sent = 0
    for user in member_users(report.participant.organisation_id):
        if not user.is_active or not user.email:
            continue
        sent += int(
            claimed_once(
                target=report,
                verb="acceleration.kpi_returned_notice_sent",
                failed_verb="acceleration.kpi_returned_notice_failed",
                key={"to": user.email, "moment": report.decided_at.isoformat()},
                do=partial(_send, report, user),
            )
        )
    return sent


def _send_reminder(participant: Any, user: Any, year: int, quarter: int) -> None:
    with translation.override(mail_language(user)):
        programme_email(
            tenant=participant.tenant,
            template="acceleration/emails/kpi_report_due",
            context={
                "name": user.full_name or user.email,
                "programme": participant.tenant,
                "organisation": participant.organisation.legal_name,
                "cohort": participant.cohort.name,
                "quarter": label(year, quarter),
                "url": tenant_absolute_url(
                    participant.tenant,
                    reverse("acceleration_kpi_report", args=[participant.pk])
                    + f"?year={year}&quarter={quarter}",
                ),
            },
            to=[user.email],
        ).send()


def report_reminders_send(*, today: date | None = None) -> list[int]:
    """Remind the members of each active participant of a running cohort whose report for
    the quarter that ended last is not submitted yet (none, a draft or a returned one),
    once per participant, member and quarter; a quarter that ended before the cohort
    started is not asked for. Returns the participants reminded now."""
    today = today or timezone.localdate()
    year, quarter = previous_quarter(today)
    reminded: list[int] = []
    for participant in selectors.participants_owing_report(year=year, quarter=quarter):
        sent = 0
        for user in member_users(participant.organisation_id):
            if not user.is_active or not user.email:
                continue
            sent += int(
                claimed_once(
                    target=participant,
                    verb="acceleration.kpi_reminder_sent",
                    failed_verb="acceleration.kpi_reminder_failed",
                    key={"to": user.email, "quarter": label(year, quarter)},
                    do=partial(_send_reminder, participant, user, year, quarter),
                )
            )
        if sent:
            reminded.append(participant.pk)
    return reminded
