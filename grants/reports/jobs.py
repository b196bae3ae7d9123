"""The work of the reports that runs outside a person's request: schedule the reports an
award owes when its tranches are made, remind the beneficiary before and after the due
date (each reminder once), and tell the beneficiary the outcome of a review (once).

A job takes keyword-only ids, loads its rows and writes its audit rows itself; it imports
selectors and models, never the services or tasks of this package.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from grants.models import Award, BeneficiaryReport, ReportStatus
from grants.notices import notify_once_each
from grants.reports import selectors
from socialtech.audit.services import audit_log
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.formatting import format_date
from socialtech.tenancy.links import tenant_absolute_url

__all__ = [
    "TRANSIENT_MAIL_ERRORS",
    "report_reminders_send",
    "report_review_notice_send",
    "reports_schedule",
]

REMINDER_SENT = "report.reminder_sent"
REMINDER_FAILED = "report.reminder_failed"
REVIEW_NOTICE_SENT = "report.review_notice_sent"
REVIEW_NOTICE_FAILED = "report.review_notice_failed"


def reports_schedule(award: Award) -> list[BeneficiaryReport]:
    """Create the reports ``award`` owes, due from today (the grant starts): run inside the
    transaction that makes its tranches (``payments.jobs.on_tranches_made``). An award that
    already has reports keeps them."""
    if BeneficiaryReport.objects.filter(award_id=award.pk).exists():
        return []
    made = []
    for owed in selectors.reports_owed(award, start=timezone.localdate()):
        report = BeneficiaryReport(
            tenant_id=award.tenant_id, award=award, kind=owed.kind, due_on=owed.due_on
        )
        report.full_clean()
        report.save()
        audit_log(
            actor=None,
            verb="report.scheduled",
            target=report,
            data={"kind": owed.kind, "due_on": owed.due_on.isoformat(), "award": award.pk},
        )
        made.append(report)
    return made


def _report_url(report: BeneficiaryReport) -> str:
    return tenant_absolute_url(report.tenant, reverse("grants_report", args=[report.pk]))


def _send_to_members(
    report: BeneficiaryReport,
    *,
    verb: str,
    failed_verb: str,
    key: dict[str, str],
    template: str,
    extra: dict[str, object],
) -> int:
    return notify_once_each(
        award=report.award,
        target=report,
        verb=verb,
        failed_verb=failed_verb,
        key=key,
        template=template,
        context=lambda user: {
            "report_kind": report.get_kind_display(),
            "due_on": format_date(report.due_on),
            "url": _report_url(report),
            **extra,
        },
    )


def _load(report_id: int) -> BeneficiaryReport | None:
    return (
        BeneficiaryReport.objects.select_related(
            "award",
            "award__call",
            "award__call__tenant",
            "award__organisation",
            "award__application",
        )
        .filter(pk=report_id)
        .first()
    )


def report_reminders_send(*, today: date | None = None) -> int:
    """The daily sweep: e-mail the organisation of each report still to be written 14 days
    and 3 days before it is due and once it is overdue, each reminder once (a reminder made
    moot by a later one is not sent). Returns the number of e-mails sent.

    The e-mails go first, each claimed per recipient in the audit trail, and the reminder
    is marked on the report after: a send that fails is retried by the next run, and no
    one gets the same reminder twice."""
    today = today or timezone.localdate()
    sent = 0
    for report_id in selectors.reports_open_for_reminders(today):
        report = _load(report_id)
        if report is None:
            continue
        name = selectors.reminder_due(report, today)
        if name is None:
            continue
        sent += _send_to_members(
            report,
            verb=REMINDER_SENT,
            failed_verb=REMINDER_FAILED,
            key={"reminder": name},
            template="grants/emails/report_reminder",
            extra={"overdue": name == selectors.OVERDUE, "days_left": (report.due_on - today).days},
        )
        with transaction.atomic():
            locked = BeneficiaryReport.objects.select_for_update().get(pk=report_id)
            # The reminder and every earlier one it makes moot are marked once, here.
            moot = [
                other
                for other, days in selectors.REMINDERS
                if name == selectors.OVERDUE or days >= dict(selectors.REMINDERS)[name]
            ]
            marked = sorted({*(locked.reminders_sent or []), *moot, name})
            if marked != sorted(locked.reminders_sent or []):
                locked.reminders_sent = marked
                locked.save(update_fields=["reminders_sent", "updated_at"])
                audit_log(
                    actor=None,
                    verb="report.reminder_marked",
                    target=locked,
                    data={"reminder": name},
                )
    return sent


def report_review_notice_send(*, report_id: int) -> int:
    """E-mail the organisation once that its report was approved or needs changes (with
    the reviewer's comment)."""
    report = _load(report_id)
    if report is None or report.status not in (
        ReportStatus.APPROVED,
        ReportStatus.CHANGES_REQUESTED,
    ):
        return 0
    reviewed = report.reviewed_at.isoformat() if report.reviewed_at else ""
    return _send_to_members(
        report,
        verb=REVIEW_NOTICE_SENT,
        failed_verb=REVIEW_NOTICE_FAILED,
        key={"status": report.status, "reviewed_at": reviewed},
        template="grants/emails/report_review",
        extra={
            "approved": report.status == ReportStatus.APPROVED,
            "comment": report.review_comment,
        },
    )
