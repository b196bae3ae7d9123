"""What both reports share: labels, zoned dates, headings and the build of a report
from its query and its column providers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from reports.exports.columns import (
    ColumnProvider,
    Report,
    ReportContext,
)

CHUNK_SIZE = 2000


def choice_labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def zoned_date(zone: ZoneInfo, value: datetime | None) -> date | None:
    return value.astimezone(zone).date() if value is not None else None


def heading_in_zone(zone: str, heading: str) -> str:
    return _("%(heading)s (%(zone)s)") % {"heading": heading, "zone": zone}


def build_report(
    *,
    name: str,
    title: str,
    queryset: QuerySet[Any],
    fields: tuple[str, ...],
    providers: list[ColumnProvider],
    context: ReportContext,
    order: tuple[str, ...],
) -> Report:
    for provider in providers:
        queryset = provider.annotate(queryset)
    columns = [column for provider in providers for column in provider.columns(context)]
    annotations = tuple(queryset.query.annotations)
    rows = queryset.order_by(*order).values(*fields, *annotations)
    return Report(
        name=name,
        title=title,
        columns=columns,
        rows=rows.iterator(chunk_size=CHUNK_SIZE),
        count=queryset.count,
    )
