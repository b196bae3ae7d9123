"""The aggregated results as a CSV (streamed, UTF-8 with a byte-order mark, every text
cell neutralised against formulas) and the context of their PDF. Suppressed groups are
written as "fewer than 5" with empty figures."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from mapping.results.selectors import MIN_GROUP, Results
from reports.dashboard.svg import bar_chart
from socialtech.spreadsheets import neutralise_formula


class _Echo:
    def write(self, value: str) -> str:
        return value


def fewer_than() -> str:
    return _("fewer than %(count)s") % {"count": MIN_GROUP}


def csv_lines(results: Results) -> Iterator[str]:
    """Lines of the CSV: breakdown, group, respondents, then the mean of each dimension."""
    writer = csv.writer(_Echo())
    heading = [_("Breakdown"), _("Group"), _("Respondents")] + [
        dimension.title for dimension in results.dimensions
    ]
    yield "\ufeff" + writer.writerow([neutralise_formula(cell) for cell in heading])
    if results.suppressed:
        yield writer.writerow([neutralise_formula(_("All")), neutralise_formula(fewer_than())])
        return
    yield writer.writerow(
        [neutralise_formula(_("All")), neutralise_formula(_("All respondents")), results.total]
        + ["" if value is None else str(value) for value in results.means]
    )
    for breakdown in results.breakdowns:
        for group in breakdown.groups:
            cells: list[Any] = [
                neutralise_formula(breakdown.title),
                neutralise_formula(group.label),
            ]
            if group.suppressed:
                cells.append(neutralise_formula(fewer_than()))
            else:
                cells.append(group.count)
                cells.extend("" if value is None else str(value) for value in group.means)
            yield writer.writerow(cells)


def charts(results: Results) -> list[tuple[str, str]]:
    """(heading, SVG) of each chart: the overall mean per dimension, then respondents per
    shown group of each breakdown. Texts are escaped by the chart builder."""
    drawn: list[tuple[str, str]] = []
    if results.suppressed:
        return drawn
    if results.dimensions:
        title = _("Mean score per dimension, from 0 to 100")
        drawn.append(
            (
                title,
                bar_chart(
                    title,
                    [dimension.title for dimension in results.dimensions],
                    [(_("All respondents"), [value or 0 for value in results.means])],
                ),
            )
        )
    for breakdown in results.breakdowns:
        shown = breakdown.shown
        if not shown:
            continue
        title = _("%(breakdown)s: respondents") % {"breakdown": breakdown.title}
        drawn.append(
            (
                title,
                bar_chart(
                    title,
                    [group.label for group in shown],
                    [(_("Respondents"), [group.count for group in shown])],
                ),
            )
        )
    return drawn
