"""Calendar quarters: their first and last days, and whether one has ended."""

from __future__ import annotations

from datetime import date, timedelta


def quarter_first_day(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def quarter_last_day(year: int, quarter: int) -> date:
    if quarter == 4:
        return date(year, 12, 31)
    return quarter_first_day(year, quarter + 1) - timedelta(days=1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def label(year: int, quarter: int) -> str:
    return f"{year} Q{quarter}"


def previous_quarter(day: date) -> tuple[int, int]:
    """The quarter that ended last before ``day``'s quarter."""
    year, quarter = quarter_of(day)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)
