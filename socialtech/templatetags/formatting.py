"""Template face of ``socialtech.formatting``: one filter per kind of date, time and score.

``{{ moment|datetime_in:call.timezone }}`` puts an instant on a named clock;
``{{ moment|datetime_in }}`` on the viewer's. Each names the zone once.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from typing import Any

from django import template

from socialtech import formatting

register = template.Library()


@register.filter
def date_in(value: date | datetime | None, zone: tzinfo | str | None = None) -> str:
    return formatting.format_date(value, zone)


@register.filter
def time_in(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    return formatting.format_time(value, zone)


@register.filter
def datetime_in(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    return formatting.format_datetime(value, zone)


@register.filter
def datetime_seconds_in(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    return formatting.format_datetime(value, zone, seconds=True)


@register.filter
def deadline_in(value: datetime | None, zone: tzinfo | str) -> str:
    return formatting.format_deadline(value, zone)


@register.filter
def iso_utc(value: datetime | None) -> str:
    """The instant for machines (``datetime`` attributes, scripts), always in UTC."""
    return value.astimezone(UTC).isoformat() if value else ""


@register.filter
def score(value: Any) -> str:
    return formatting.format_score(value)


@register.filter
def average_score(value: Any) -> str:
    return formatting.format_average(value)
