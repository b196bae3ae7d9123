"""How every page, e-mail and document writes a date, a time and a score.

One helper per kind: ``format_date``, ``format_time``, ``format_datetime`` (and
``format_deadline``, a deadline on its call's clock), ``format_score`` and
``format_average``. Times are aware datetimes stored in UTC; each helper converts them to a
named zone (the one given, else the viewer's active zone) and says which zone once, in the
active language's own formats (Django's locale formats, with ``socialtech.formats`` for the
languages whose defaults differ from the rest: English gets 24-hour times).

Templates reach them through ``{% load formatting %}``. Django's ``|date`` filter must not
be used on aware datetimes: it converts to the active zone behind the caller's back, so a
moment already on a call's clock comes out in another zone under that call's label.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from django.utils import timezone, translation
from django.utils.formats import date_format, get_format, number_format, time_format

# Languages that write month names in lower case ("27 dicembre 2026"), although Django's
# month names for some of them are capitalised for stand-alone use ("Dicembre").
LOWER_CASE_MONTH_LANGUAGES = frozenset({"it", "ro", "sv", "es", "fr"})

HALF = Decimal("0.5")
HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")


# --- Zones -------------------------------------------------------------------------------


@functools.cache
def _known_zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(name: str | None) -> ZoneInfo | None:
    """The zone called ``name`` when it is a known IANA name (a cookie, a profile), else ``None``."""
    if not name or name not in _known_zone_names():
        return None
    return ZoneInfo(name)


def zone_of(zone: tzinfo | str | None) -> tzinfo:
    """The zone named by ``zone`` (a name or a zone), else the active zone of the viewer."""
    if zone is None or zone == "":
        return timezone.get_current_timezone()
    if isinstance(zone, str):
        try:
            return ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"Unknown time zone: {zone!r}") from None
    return zone


def zone_label(zone: tzinfo | str | None) -> str:
    """The zone's IANA name (``Europe/Brussels``), as every label shows it."""
    resolved = zone_of(zone)
    return str(getattr(resolved, "key", None) or resolved.tzname(None) or "UTC")


def in_zone(value: datetime, zone: tzinfo | str | None = None) -> datetime:
    """``value`` on the clock of ``zone`` (the viewer's when none is given)."""
    if timezone.is_naive(value):
        raise ValueError("A naive datetime has no place in time; store aware datetimes.")
    return timezone.localtime(value, zone_of(zone))


# --- Dates and times ---------------------------------------------------------------------


def _months_as_written(text: str, moment: date) -> str:
    language = (translation.get_language() or "en").split("-")[0]
    if language not in LOWER_CASE_MONTH_LANGUAGES:
        return text
    month = date_format(moment, "F")
    return text.replace(month, month.lower())


def format_date(value: date | datetime | None, zone: tzinfo | str | None = None) -> str:
    """``27 December 2026``: the day in the active language (an instant: on ``zone``'s clock)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = in_zone(value, zone)
    return _months_as_written(date_format(value, "DATE_FORMAT"), value)


def format_time(
    value: datetime | None, zone: tzinfo | str | None = None, *, seconds: bool = False
) -> str:
    """``17:00 (Europe/Brussels)``: the time on ``zone``'s clock, with the zone named."""
    if value is None:
        return "—"
    local = in_zone(value, zone)
    text = time_format(local, "H:i:s") if seconds else time_format(local, "TIME_FORMAT")
    return f"{text} ({zone_label(zone)})"


def format_datetime(
    value: datetime | None,
    zone: tzinfo | str | None = None,
    *,
    seconds: bool = False,
    label: bool = True,
) -> str:
    """``27 December 2026, 17:00 (Europe/Brussels)``: the instant on ``zone``'s clock.

    ``label=False`` leaves the zone out, for a column whose heading already names it.
    """
    if value is None:
        return "—"
    local = in_zone(value, zone)
    shape = get_format("DATETIME_FORMAT")
    if seconds and "H:i:s" not in shape:
        shape = shape.replace("H:i", "H:i:s")
    text = _months_as_written(date_format(local, shape), local)
    return f"{text} ({zone_label(zone)})" if label else text


def format_deadline(value: datetime | None, zone: tzinfo | str) -> str:
    """A deadline on the clock of its call's zone, which is always named."""
    return format_datetime(value, zone_of(zone))


# --- Scores ------------------------------------------------------------------------------


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_score(value: Any) -> str:
    """An evaluator's score or a sum of them, in half points: ``13``, ``13.5`` (``13,5``).

    A value off the half-point grid is not an evaluator's score: it is written as an
    average, with two decimals.
    """
    number = _decimal(value)
    if number is None:
        return "—"
    if (number / HALF) != (number / HALF).to_integral_value():
        return format_average(number)
    places = 0 if number == number.to_integral_value() else 1
    return number_format(number.quantize(TENTH), decimal_pos=places, use_l10n=True)


def format_average(value: Any) -> str:
    """An average or a weighted total, always with two decimals: ``13.67``, ``13.00``."""
    number = _decimal(value)
    if number is None:
        return "—"
    rounded = number.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=2, use_l10n=True)
