"""What the KPI pages draw and export: a participant's progress charts (SVG from the
reports' shared drawing helper, the table beside them gives the figures), and a cohort's
report as a CSV (UTF-8 with a byte-order mark, every text cell neutralised against
formulas) whose figures are the totals of approved reports."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from acceleration.kpis.selectors import CohortTotals, field_label
from acceleration.mentoring.selectors import SessionRate
from acceleration.models import KPI_FIELDS, Cohort, KpiReport
from acceleration.models.kpis import MONEY_FIELDS
from applications.selectors import format_money
from reports.dashboard.svg import bar_chart, line_chart
from socialtech.spreadsheets import neutralise_formula

COUNT_FIELDS = tuple(name for name in KPI_FIELDS if name not in MONEY_FIELDS)


def figure_text(name: str, value: Any) -> str:
    """A figure as the pages show it: ``EUR 12,500.00`` for money, ``1,350`` for counts."""
    if name in MONEY_FIELDS:
        return format_money(value)
    return number_format(value, force_grouping=True)


def figures_text(values: Any) -> list[str]:
    """Every figure of ``values`` (a report, or a mapping of figures) in the pages' order."""
    if isinstance(values, dict):
        return [figure_text(name, values[name]) for name in KPI_FIELDS]
    return [figure_text(name, getattr(values, name)) for name in KPI_FIELDS]


def progress_charts(reports: Sequence[KpiReport]) -> list[tuple[str, str]]:
    """(heading, SVG) of a participant's progress over its reported quarters: money in
    euros, then the counts. Nothing is drawn before a report exists. Texts are escaped by
    the chart builder."""
    if not reports:
        return []
    labels = [report.period for report in reports]
    draw = line_chart if len(reports) > 1 else bar_chart
    money_title = _("Revenue and investment raised per quarter, in EUR")
    counts_title = _("Jobs, customers, people reached and public contracts per quarter")
    return [
        (
            money_title,
            draw(
                money_title,
                labels,
                [
                    (field_label(name), [getattr(report, name) for report in reports])
                    for name in MONEY_FIELDS
                ],
            ),
        ),
        (
            counts_title,
            draw(
                counts_title,
                labels,
                [
                    (field_label(name), [getattr(report, name) for report in reports])
                    for name in COUNT_FIELDS
                ],
            ),
        ),
    ]


def totals_chart(totals: CohortTotals) -> list[tuple[str, str]]:
    if not totals.quarters:
        return []
    title = _("Jobs created per quarter (approved reports)")
    return [
        (
            title,
            bar_chart(
                title,
                [quarter.label for quarter in totals.quarters],
                [
                    (
                        field_label("jobs_created"),
                        [quarter.figures["jobs_created"] for quarter in totals.quarters],
                    )
                ],
            ),
        )
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> Any:
    return neutralise_formula(str(value)) if isinstance(value, str) else str(value)


def csv_lines(
    *,
    cohort: Cohort,
    totals: CohortTotals,
    reports: Sequence[KpiReport],
    rates: Sequence[SessionRate],
) -> Iterator[str]:
    """The cohort's report: totals per quarter and overall, each approved report, then the
    attendance of each session."""
    writer = csv.writer(_Echo())
    heading = [_("Section"), _("Quarter"), _("Participant")] + [
        field_label(name) for name in KPI_FIELDS
    ]
    yield "\ufeff" + writer.writerow([_cell(cell) for cell in heading])
    for quarter in totals.quarters:
        yield writer.writerow(
            [_cell(_("Cohort total")), _cell(quarter.label), _cell(cohort.name)]
            + [str(quarter.figures[name]) for name in KPI_FIELDS]
        )
    yield writer.writerow(
        [_cell(_("Cohort total")), _cell(_("All quarters")), _cell(cohort.name)]
        + [str(totals.overall[name]) for name in KPI_FIELDS]
    )
    for report in reports:
        yield writer.writerow(
            [
                _cell(_("Approved report")),
                _cell(report.period),
                _cell(report.participant.organisation.legal_name),
            ]
            + [str(getattr(report, name)) for name in KPI_FIELDS]
        )
    yield writer.writerow([])
    yield writer.writerow(
        [
            _cell(cell)
            for cell in (
                _("Session"),
                _("Starts at (UTC)"),
                _("Kind"),
                _("Expected"),
                _("Present"),
                _("Absent"),
                _("Excused"),
                _("Attendance rate, present of those recorded (%)"),
            )
        ]
    )
    for rate in rates:
        yield writer.writerow(
            [
                _cell(rate.session.title),
                rate.session.starts_at.isoformat(),
                _cell(str(rate.session.get_kind_display())),
                rate.expected,
                rate.present,
                rate.absent,
                rate.excused,
                "" if rate.rate is None else rate.rate,
            ]
        )
