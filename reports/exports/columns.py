"""What a report is to the export engine: typed columns over rows read from the database.

A report is a title (the sheet's name), a list of :class:`Column` and an iterable of rows
(dicts, as ``QuerySet.values()`` gives them, read with ``.iterator(chunk_size=...)`` so a
100,000-row report never holds 100,000 rows). Each column says its type, and the writers
(``reports.exports.writers``) turn the value into the right cell: a number for money and
counts, a real date, a time in the zone the column names.

Columns come from *column providers*: an object with ``annotate(queryset)`` (adds what its
columns read, in the same query) and ``columns(context)`` (the columns, in order). A report
is the concatenation of its providers' columns, so a new source of figures (the tranches
paid, the recoveries, vouchers) is one provider appended to the report's list; see
``reports.exports.selectors.RECIPIENT_PROVIDERS`` and ``register_recipient_provider``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from operator import itemgetter
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

Row = Mapping[str, Any]


class ColumnType(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    MONEY = "money"  # Decimal in EUR, two places
    DATE = "date"
    DATETIME = "datetime"  # aware; written in the column's named zone


@dataclass(frozen=True)
class Column:
    """One column: its heading (already in the report's language), its type, and where its
    value comes from: ``row[key]``, or ``value(row)`` when it needs several fields."""

    key: str
    heading: str
    type: ColumnType = ColumnType.TEXT
    value: Callable[[Row], Any] | None = None
    zone: str = ""  # DATETIME: the IANA zone the time is written in (named in the heading)
    width: int = 0  # XLSX width in characters; 0: from the type and the heading

    def read(self, row: Row) -> Any:
        return self.value(row) if self.value is not None else row.get(self.key)

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.zone or "UTC")

    @property
    def xlsx_width(self) -> int:
        if self.width:
            return self.width
        by_type = {
            ColumnType.TEXT: 24,
            ColumnType.INTEGER: 10,
            ColumnType.MONEY: 16,
            ColumnType.DATE: 12,
            ColumnType.DATETIME: 18,
        }
        return max(by_type[self.type], min(len(self.heading) + 2, 40))


@dataclass(frozen=True)
class Report:
    """A report ready to write: the sheet title, the columns and the rows (read lazily)."""

    name: str  # short, for file names: "recipients", "calls"
    title: str  # the sheet's title, in the report's language (at most 31 characters in XLSX)
    columns: Sequence[Column]
    rows: Iterable[Row]
    count: Callable[[], int] | None = field(default=None, compare=False)

    def getters(self) -> list[Callable[[Row], Any]]:
        """Per column, the function that reads its value from a row (made once per report)."""
        return [
            column.value if column.value is not None else itemgetter(column.key)
            for column in self.columns
        ]

    def values(self) -> Iterator[list[Any]]:
        """Each row as the list of its columns' values, in column order."""
        getters = self.getters()
        for row in self.rows:
            yield [get(row) for get in getters]


@dataclass(frozen=True)
class ReportContext:
    """What a provider needs to word and place its columns."""

    language: str
    zone: str  # the programme's zone, named in the heading of every time column


class ColumnProvider(Protocol):
    """A source of columns: adds what it reads to the report's query, and lists its columns."""

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]: ...

    def columns(self, context: ReportContext) -> list[Column]: ...


def as_date(value: Any) -> date | None:
    """A date from a date, an aware datetime (its UTC date) or ISO text (an answer); else None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_money(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
