"""Writes of milestones and KPI reports.

A report is filled by a member of the participant's organisation for a quarter that has
ended and that does not end before the cohort started, one per participant and quarter;
it moves draft → submitted → approved | returned (with a reason), and a returned report
is corrected and submitted again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acceleration.errors import AccelerationError
from acceleration.kpis.quarters import label, quarter_last_day
from acceleration.kpis.selectors import field_label
from acceleration.kpis.tasks import send_kpi_report_returned
from acceleration.models import (
    KPI_FIELDS,
    KpiReport,
    KpiReportStatus,
    Milestone,
    Participant,
    ParticipantStatus,
)
from acceleration.models.kpis import MONEY_FIELDS
from acceleration.permissions import is_member, is_staff
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit

CENT = Decimal("0.01")
MAX_MONEY = Decimal("999999999999.99")

# The one table of allowed status changes of a KPI report.
REPORT_TRANSITIONS: dict[str, set[str]] = {
    KpiReportStatus.DRAFT: {KpiReportStatus.SUBMITTED},
    KpiReportStatus.SUBMITTED: {KpiReportStatus.APPROVED, KpiReportStatus.RETURNED},
    KpiReportStatus.RETURNED: {KpiReportStatus.SUBMITTED},
    KpiReportStatus.APPROVED: set(),
}
EDITABLE = {KpiReportStatus.DRAFT, KpiReportStatus.RETURNED}


def clean_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """The figures as stored: money as EUR with two places at most, counts as whole numbers,
    none negative. Refuses (``AccelerationError`` naming the field and the rule) anything
    else; a missing figure is 0."""
    cleaned: dict[str, Any] = {}
    for name in KPI_FIELDS:
        raw = figures.get(name, 0)
        raw = 0 if raw is None or (isinstance(raw, str) and not raw.strip()) else raw
        if name in MONEY_FIELDS:
            try:
                amount = Decimal(str(raw).strip().replace(" ", "").replace("\u00a0", ""))
            except (InvalidOperation, ValueError):
                amount = None
            if amount is None or not amount.is_finite():
                raise AccelerationError(
                    _("%(field)s: give an amount in euros, such as 12500.00.")
                    % {"field": field_label(name)},
                    "money_invalid",
                    field=name,
                )
            if amount < 0:
                raise AccelerationError(
                    _("%(field)s: an amount in euros cannot be negative.")
                    % {"field": field_label(name)},
                    "negative",
                    field=name,
                )
            if amount != amount.quantize(CENT):
                raise AccelerationError(
                    _("%(field)s: euros have at most two decimal places (cents).")
                    % {"field": field_label(name)},
                    "too_many_decimals",
                    field=name,
                )
            if amount > MAX_MONEY:
                raise AccelerationError(
                    _("%(field)s: the amount is too large.") % {"field": field_label(name)},
                    "too_large",
                    field=name,
                )
            cleaned[name] = amount.quantize(CENT)
        else:
            try:
                number = Decimal(str(raw).strip())
            except (InvalidOperation, ValueError):
                number = None
            if number is None or not number.is_finite() or number != number.to_integral_value():
                raise AccelerationError(
                    _("%(field)s: give a whole number, such as 3.") % {"field": field_label(name)},
                    "not_whole",
                    field=name,
                )
            if number < 0:
                raise AccelerationError(
                    _("%(field)s: the number cannot be negative.") % {"field": field_label(name)},
                    "negative",
                    field=name,
                )
            if number > 2_000_000_000:
                raise AccelerationError(
                    _("%(field)s: the number is too large.") % {"field": field_label(name)},
                    "too_large",
                    field=name,
                )
            cleaned[name] = int(number)
    return cleaned


def check_quarter(participant: Participant, year: int, quarter: int, today: date) -> None:
    """Refuses a quarter outside 1–4 (field ``quarter``), a quarter not ended by ``today``
    and one that ended before the cohort started (field ``quarter``)."""
    if quarter not in (1, 2, 3, 4):
        raise AccelerationError(
            _("Quarter: a quarter is 1, 2, 3 or 4."), "quarter_range", field="quarter"
        )
    if not 2000 <= year <= 2100:
        raise AccelerationError(_("Year: give a year such as 2026."), "year_range", field="year")
    if quarter_last_day(year, quarter) >= today:
        raise AccelerationError(
            _(
                "Quarter: %(quarter)s has not ended (it ends on %(end)s); report it from the "
                "day after."
            )
            % {"quarter": label(year, quarter), "end": quarter_last_day(year, quarter).isoformat()},
            "quarter_not_ended",
            field="quarter",
        )
    starts_on = participant.cohort.starts_on
    if quarter_last_day(year, quarter) < starts_on:
        raise AccelerationError(
            _(
                "Quarter: %(quarter)s ended before the cohort started on %(start)s; report the "
                "quarters from %(first)s on."
            )
            % {
                "quarter": label(year, quarter),
                "start": starts_on.isoformat(),
                "first": label(starts_on.year, (starts_on.month - 1) // 3 + 1),
            },
            "before_cohort",
            field="quarter",
        )


def _require_member(participant: Participant, by: Any) -> None:
    if not is_member(by, participant.organisation_id):
        raise AccelerationError(
            _("Only the members of %(organisation)s report its figures.")
            % {"organisation": participant.organisation.legal_name},
            "forbidden",
        )


@transaction.atomic
def kpi_report_save(
    *,
    participant: Participant,
    year: int,
    quarter: int,
    figures: dict[str, Any],
    by: Any,
    today: date | None = None,
) -> KpiReport:
    """Save the figures of ``participant`` for one quarter as a draft (a returned report
    stays returned until submitted again). One report per participant and quarter: saving
    again changes it.

    Refuses (``AccelerationError``, naming the field and the rule): anyone but the members
    of the participant's organisation; a withdrawn participant; a quarter outside 1–4, not
    yet ended or ended before the cohort started (``quarter``); a report already submitted
    or approved; a negative figure, money with more than two decimal places, a count that
    is not a whole number (the figure's field)."""
    participant = Participant.objects.select_related("cohort", "organisation").get(
        pk=participant.pk
    )
    _require_member(participant, by)
    if participant.status == ParticipantStatus.WITHDRAWN:
        raise AccelerationError(
            _("%(organisation)s was withdrawn from the cohort; it reports no more figures.")
            % {"organisation": participant.organisation.legal_name},
            "withdrawn",
        )
    check_quarter(participant, year, quarter, today or timezone.localdate())
    cleaned = clean_figures(figures)
    report = (
        KpiReport.objects.select_for_update()
        .filter(participant=participant, year=year, quarter=quarter)
        .first()
    )
    if report is not None and report.status not in EDITABLE:
        raise AccelerationError(
            _("The report for %(quarter)s is %(status)s; it can no longer be changed.")
            % {"quarter": report.period, "status": report.get_status_display()},
            "not_editable",
            field="status",
        )
    if report is None:
        report = KpiReport(
            tenant_id=participant.tenant_id, participant=participant, year=year, quarter=quarter
        )
    for name, value in cleaned.items():
        setattr(report, name, value)
    try:
        report.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise AccelerationError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None
    created = report.pk is None
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise AccelerationError(
            _("Quarter: %(quarter)s already has a report.") % {"quarter": label(year, quarter)},
            "duplicate",
            field="quarter",
        ) from None
    audit_log(
        actor=by,
        verb="acceleration.kpi_report_saved",
        target=report,
        data={"created": created, **{name: str(value) for name, value in cleaned.items()}},
    )
    return report


def _move(report: KpiReport, to: str, by: Any, verb: str, **data: Any) -> KpiReport:
    if to not in REPORT_TRANSITIONS[report.status]:
        raise AccelerationError(
            _("The report for %(quarter)s is %(status)s; it cannot become %(to)s.")
            % {
                "quarter": report.period,
                "status": report.get_status_display(),
                "to": KpiReportStatus(to).label,
            },
            "transition_not_allowed",
            field="status",
        )
    before = report.status
    report.status = to
    report.save()
    audit_log(actor=by, verb=verb, target=report, data={"from": before, "to": to, **data})
    return report


def _locked(report: KpiReport) -> KpiReport:
    return (
        KpiReport.objects.select_for_update()
        .select_related("participant__organisation", "participant__cohort")
        .get(pk=report.pk)
    )


@transaction.atomic
def kpi_report_submit(*, report: KpiReport, by: Any) -> KpiReport:
    """Submit a draft or returned report to the programme's staff. Refuses anyone but the
    organisation's members and any other status, naming it."""
    report = _locked(report)
    _require_member(report.participant, by)
    report.submitted_at = timezone.now()
    report.returned_reason = (
        report.returned_reason if report.status == KpiReportStatus.DRAFT else ""
    )
    return _move(report, KpiReportStatus.SUBMITTED, by, "acceleration.kpi_report_submitted")


@transaction.atomic
def kpi_report_approve(*, report: KpiReport, by: Any) -> KpiReport:
    """Approve a submitted report: its figures count in the cohort's totals from now on.
    Refuses anyone but staff and any other status, naming it."""
    require_programme_staff(by)
    report = _locked(report)
    report.decided_at, report.decided_by = timezone.now(), by
    report.returned_reason = ""
    return _move(report, KpiReportStatus.APPROVED, by, "acceleration.kpi_report_approved")


@transaction.atomic
def kpi_report_return(*, report: KpiReport, reason: str, by: Any) -> KpiReport:
    """Return a submitted report for correction, saying why; the enterprise's members are
    e-mailed the reason after commit. Refuses anyone but staff, an
    empty reason (field ``returned_reason``) and any status but submitted, naming it."""
    require_programme_staff(by)
    reason = (reason or "").strip()
    if not reason:
        raise AccelerationError(
            _("Reason for return: say what the enterprise should correct."),
            "reason_required",
            field="returned_reason",
        )
    report = _locked(report)
    report.decided_at, report.decided_by = timezone.now(), by
    report.returned_reason = reason
    report = _move(
        report, KpiReportStatus.RETURNED, by, "acceleration.kpi_report_returned", reason=reason
    )
    enqueue_on_commit(send_kpi_report_returned, tenant_id=report.tenant_id, report_id=report.pk)
    return report


@transaction.atomic
def milestone_save(
    *,
    by: Any,
    milestone: Milestone | None,
    participant: Participant,
    title: str,
    due_on: date,
    done_on: date | None = None,
) -> Milestone:
    """Add or change a participant's milestone (staff). Refuses anyone but staff, an empty
    title (field ``title``) and a done date in the future (field ``done_on``)."""
    require_programme_staff(by)
    if not (title or "").strip():
        raise AccelerationError(_("Title: name the milestone."), "title_required", field="title")
    if done_on is not None and done_on > timezone.localdate():
        raise AccelerationError(
            _("Done on: a milestone is done on a day that has come."),
            "done_in_future",
            field="done_on",
        )
    if milestone is None:
        milestone = Milestone(tenant_id=participant.tenant_id, participant=participant)
    else:
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.title, milestone.due_on, milestone.done_on = title.strip(), due_on, done_on
    milestone.full_clean()
    created = milestone.pk is None
    milestone.save()
    audit_log(
        actor=by,
        verb="acceleration.milestone_saved",
        target=milestone,
        data={"created": created, "done_on": done_on.isoformat() if done_on else None},
    )
    return milestone


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, by: Any, done_on: date | None = None) -> Milestone:
    """Mark a milestone done (today unless ``done_on``), by a member of the participant's
    organisation or staff. Refuses anyone else and a done date in the future (field
    ``done_on``)."""
    milestone = (
        Milestone.objects.select_for_update()
        .select_related("participant__organisation")
        .get(pk=milestone.pk)
    )
    if not (is_staff(by) or is_member(by, milestone.participant.organisation_id)):
        raise AccelerationError(
            _("Only the enterprise's members and the programme's staff mark milestones done."),
            "forbidden",
        )
    done_on = done_on or timezone.localdate()
    if done_on > timezone.localdate():
        raise AccelerationError(
            _("Done on: a milestone is done on a day that has come."),
            "done_in_future",
            field="done_on",
        )
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit_log(
        actor=by,
        verb="acceleration.milestone_done",
        target=milestone,
        data={"done_on": done_on.isoformat()},
    )
    return milestone
