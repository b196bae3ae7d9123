"""Reads of milestones and KPI reports: a participant's progress over the quarters and a
cohort's totals, which are the sums of its participants' approved reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

from acceleration.kpis.quarters import label, quarter_last_day
from acceleration.models import (
    KPI_FIELDS,
    Cohort,
    CohortStatus,
    KpiReport,
    KpiReportStatus,
    Milestone,
    Participant,
    ParticipantStatus,
)
from acceleration.models.kpis import MONEY_FIELDS

ZERO = Decimal("0.00")


def field_label(name: str) -> str:
    """A figure's name as the forms, errors, tables and exports show it."""
    field = KpiReport._meta.get_field(name)
    text = str(getattr(field, "verbose_name", name))
    return text[:1].upper() + text[1:]


def participant_for_page(pk: int) -> Participant:
    return Participant.objects.select_related("cohort", "cohort__call", "organisation").get(pk=pk)


def participants_owing_report(*, year: int, quarter: int) -> list[Participant]:
    """Active participants of running cohorts that started by the quarter's end and have no
    submitted or approved report for it."""
    done = KpiReport.objects.filter(
        year=year,
        quarter=quarter,
        status__in=[KpiReportStatus.SUBMITTED, KpiReportStatus.APPROVED],
    ).values("participant_id")
    return list(
        Participant.objects.filter(
            status=ParticipantStatus.ACTIVE,
            cohort__status=CohortStatus.RUNNING,
            cohort__starts_on__lte=quarter_last_day(year, quarter),
        )
        .exclude(pk__in=done)
        .select_related("tenant", "organisation", "cohort")
        .order_by("pk")
    )


def report_for_notice(report_id: int) -> KpiReport | None:
    return (
        KpiReport.objects.select_related("tenant", "participant__organisation")
        .filter(pk=report_id)
        .first()
    )


def report_of(participant: Participant, year: int, quarter: int) -> KpiReport | None:
    return KpiReport.objects.filter(participant=participant, year=year, quarter=quarter).first()


def reports_of(participant: Participant) -> list[KpiReport]:
    return list(KpiReport.objects.filter(participant=participant).order_by("year", "quarter"))


def milestones_of(participant: Participant) -> list[Milestone]:
    return list(Milestone.objects.filter(participant=participant).order_by("due_on", "pk"))


def empty_figures() -> dict[str, Any]:
    return {name: ZERO if name in MONEY_FIELDS else 0 for name in KPI_FIELDS}


@dataclass
class QuarterTotals:
    year: int
    quarter: int
    reports: int = 0
    figures: dict[str, Any] = field(default_factory=empty_figures)

    @property
    def label(self) -> str:
        return label(self.year, self.quarter)


@dataclass
class CohortTotals:
    quarters: list[QuarterTotals]
    overall: dict[str, Any]
    reports: int


def cohort_totals(cohort: Cohort) -> CohortTotals:
    """The cohort's figures per quarter and overall, summed by the database over its
    participants' APPROVED reports only (drafts, submitted and returned reports are not
    counted), in one query."""
    rows = (
        KpiReport.objects.filter(participant__cohort=cohort, status=KpiReportStatus.APPROVED)
        .values("year", "quarter")
        .annotate(
            **{f"sum_{name}": Sum(name) for name in KPI_FIELDS},
            count_reports=Count("pk"),
        )
        .order_by("year", "quarter")
    )
    quarters: list[QuarterTotals] = []
    overall = empty_figures()
    reports = 0
    for values in rows:
        row: dict[str, Any] = dict(values)
        totals = QuarterTotals(year=row["year"], quarter=row["quarter"])
        totals.reports = int(row["count_reports"] or 0)
        reports += totals.reports
        for name in KPI_FIELDS:
            value = row[f"sum_{name}"] or (ZERO if name in MONEY_FIELDS else 0)
            if name in MONEY_FIELDS:
                value = Decimal(value).quantize(Decimal("0.01"))
            totals.figures[name] = value
            overall[name] += value
        quarters.append(totals)
    return CohortTotals(quarters=quarters, overall=overall, reports=reports)


def approved_reports_of_cohort(cohort: Cohort) -> QuerySet[KpiReport]:
    return (
        KpiReport.objects.filter(participant__cohort=cohort, status=KpiReportStatus.APPROVED)
        .select_related("participant__organisation")
        .order_by("participant__organisation__legal_name", "year", "quarter")
    )


def reports_for_staff() -> QuerySet[KpiReport]:
    return KpiReport.objects.select_related("participant__organisation", "participant__cohort")


def milestones_for_staff() -> QuerySet[Milestone]:
    return Milestone.objects.select_related("participant__organisation", "participant__cohort")


def jobs_created_approved() -> int:
    """Jobs created by the accelerated enterprises, from approved reports of the active
    programme (one query)."""
    total = KpiReport.objects.filter(status=KpiReportStatus.APPROVED).aggregate(
        total=Sum("jobs_created")
    )["total"]
    return int(total or 0)


def enterprises_accelerated() -> int:
    return Participant.objects.filter(
        status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.COMPLETED]
    ).count()
