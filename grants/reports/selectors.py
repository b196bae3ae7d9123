"""Reads of the beneficiaries' reports: the questions of a report (the call's own, else the
default ones), the reports an award owes and when, the reports a person may see, and the
reports a reminder is due for."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from calls.models import FieldType, FormField
from grants.models import (
    REPORT_EDITABLE_STATUSES,
    Award,
    AwardStatus,
    BeneficiaryReport,
    ReportField,
    ReportFile,
    ReportKind,
    ReportStatus,
    TrancheTrigger,
)
from grants.offers import selectors as offer_selectors
from grants.payments.selectors import plan_triggers

# Without a project duration on the call, the final report is due this long after the
# grant starts; the progress report halfway.
DEFAULT_PROJECT_MONTHS = 12
# Reminders before the due date (days) and once overdue; each sent once.
REMINDERS: tuple[tuple[str, int], ...] = (("14_days", 14), ("3_days", 3))
OVERDUE = "overdue"
REPORT_TRIGGER: dict[str, str] = {
    ReportKind.PROGRESS: TrancheTrigger.PROGRESS_REPORT,
    ReportKind.FINAL: TrancheTrigger.FINAL_REPORT,
}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReportDue:
    kind: str
    due_on: date


def reports_owed(award: Award, *, start: date) -> list[ReportDue]:
    """The reports ``award`` owes when it starts on ``start``: a final report at the
    project's end, and a progress report halfway when the call's plan pays on one."""
    end = add_months(start, DEFAULT_PROJECT_MONTHS)
    owed = []
    if TrancheTrigger.PROGRESS_REPORT in plan_triggers(award.call):
        owed.append(
            ReportDue(
                kind=ReportKind.PROGRESS, due_on=add_months(start, DEFAULT_PROJECT_MONTHS // 2)
            )
        )
    owed.append(ReportDue(kind=ReportKind.FINAL, due_on=end))
    return owed


# --- The questions ---------------------------------------------------------------------------


def _question(
    key: str, kind: str, label: str, *, words: int | None = None, **extra: Any
) -> FormField:
    return FormField(key=key, type=kind, label={"en": label}, max_words=words, **extra)


def default_questions(kind: str) -> list[FormField]:
    """The questions of a report when the call sets none (labels in the active language)."""
    if kind == ReportKind.PROGRESS:
        return [
            _question("activities", FieldType.TEXTAREA, _("Activities carried out"), words=1000),
            _question("results", FieldType.TEXTAREA, _("Results so far"), words=1000),
            _question(
                "deviations",
                FieldType.TEXTAREA,
                _("Deviations from the plan and how you address them"),
                words=500,
                required=False,
            ),
            _question("costs_so_far", FieldType.MONEY, _("Costs incurred so far")),
        ]
    return [
        _question("results", FieldType.TEXTAREA, _("Results achieved"), words=1500),
        _question("indicators", FieldType.TEXTAREA, _("Indicators and their values"), words=800),
        _question("final_costs", FieldType.BUDGET_TABLE, _("Final costs")),
        _question(
            "proof",
            FieldType.FILE,
            _("Proof of the results (report, photos, publications)"),
            allowed_types=["pdf"],
        ),
    ]


def report_questions(report: BeneficiaryReport) -> list[FormField]:
    """The questions of ``report``: its call's own for the kind, else the default ones.
    Each is a form field (unsaved), so the application form's machinery reads it."""
    own = [
        field.as_form_field()
        for field in ReportField.objects.filter(
            call_id=report.award.call_id, kind=report.kind
        ).order_by("order", "pk")
    ]
    return own or default_questions(report.kind)


# --- Reports ------------------------------------------------------------------------------------


def reports_of_award(award: Award) -> list[BeneficiaryReport]:
    return list(BeneficiaryReport.objects.filter(award_id=award.pk).order_by("due_on", "pk"))


def report_files(report: BeneficiaryReport) -> list[ReportFile]:
    return list(ReportFile.objects.filter(report_id=report.pk).order_by("field_key", "pk"))


def report_for_member(*, user: Any, pk: int) -> BeneficiaryReport:
    """One report of ``user``'s organisations; ``BeneficiaryReport.DoesNotExist`` otherwise."""
    awards = offer_selectors.member_awards(user)
    report = (
        BeneficiaryReport.objects.select_related("award", "award__call", "award__organisation")
        .filter(award__in=awards.values("pk"))
        .get(pk=pk)
    )
    return report


def may_write(user: Any, report: BeneficiaryReport) -> bool:
    """Owners and editors of the organisation write its reports."""
    return offer_selectors.may_act_for(user, report.award)


def reports_for_staff() -> QuerySet[BeneficiaryReport]:
    return BeneficiaryReport.objects.select_related(
        "award", "award__organisation", "award__application", "award__call"
    )


def reports_waiting_counts(today: date) -> dict[str, int]:
    """Reports submitted and waiting for review, and reports overdue, in one query."""
    return BeneficiaryReport.objects.aggregate(
        submitted=Count("pk", filter=Q(status=ReportStatus.SUBMITTED)),
        overdue=Count(
            "pk",
            filter=Q(
                status__in=REPORT_EDITABLE_STATUSES,
                due_on__lt=today,
                award__status=AwardStatus.ACTIVE,
            ),
        ),
    )


def reminder_due(report: BeneficiaryReport, today: date) -> str | None:
    """The reminder ``report`` should get on ``today`` and has not had, or None: the most
    urgent one (overdue, then 3 days, then 14 days before the due date)."""
    sent = set(report.reminders_sent or [])
    if report.status not in REPORT_EDITABLE_STATUSES:
        return None
    if today > report.due_on:
        return None if OVERDUE in sent else OVERDUE
    days_left = (report.due_on - today).days
    for name, days in sorted(REMINDERS, key=lambda pair: pair[1]):
        if days_left <= days:
            later = {n for n, d in REMINDERS if d <= days}
            return None if later & sent else name
    return None


def reports_open_for_reminders(today: date) -> list[int]:
    """Reports of active awards still to be written that are due within the longest
    reminder period (or overdue)."""
    horizon = date.fromordinal(today.toordinal() + max(days for _name, days in REMINDERS))
    return list(
        BeneficiaryReport.objects.filter(
            award__status=AwardStatus.ACTIVE,
            status__in=REPORT_EDITABLE_STATUSES,
            due_on__lte=horizon,
        )
        .order_by("due_on", "pk")
        .values_list("pk", flat=True)
    )
