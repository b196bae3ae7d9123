"""The reconciliation of the funding reports (issue 13 point 7): the totals of the reports,
as the export engine writes them, against the same totals read directly from the awards,
tranches and recovery orders in the database.

The report side sums the rows the recipient report and the sub-call report give (the very
values written to the CSV and XLSX files, read through each column as the writers read
it); the database side is one aggregate per table, written without the report's code. Any
total that differs is a :class:`Difference`, named with both figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from applications.selectors import format_money
from grants.models import AWARDED_STATUSES, Award, RecoveryOrder, Tranche, TrancheStatus
from reports.exports.columns import Report
from reports.exports.selectors import (
    CONTRACTED_STATUSES,
    FundingFilters,
    call_report,
    recipient_report,
)
from reports.models import ReportKind

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
MONEY = DecimalField(max_digits=16, decimal_places=2)


@dataclass(frozen=True)
class Total:
    """One total both sides compute: its name, whether it is money, and both figures."""

    key: str
    label: str
    report: Decimal | int
    database: Decimal | int
    money: bool = True

    @property
    def differs(self) -> bool:
        return self.report != self.database

    def _shown(self, value: Decimal | int) -> str:
        return format_money(value) if self.money else str(value)

    @property
    def report_text(self) -> str:
        return self._shown(self.report)

    @property
    def database_text(self) -> str:
        return self._shown(self.database)

    @property
    def message(self) -> str:
        """``Paid in total: report EUR X, database EUR Y``."""
        return _("%(total)s: report %(report)s, database %(database)s") % {
            "total": self.label,
            "report": self._shown(self.report),
            "database": self._shown(self.database),
        }


def _column_sums(report: Report, keys: dict[str, bool]) -> tuple[dict[str, Any], int]:
    """The sums of the report's columns ``keys`` (key -> money?) over its rows, and the
    number of rows, reading each value as the writers do."""
    positions = {column.key: index for index, column in enumerate(report.columns)}
    sums: dict[str, Any] = {key: (ZERO if money else 0) for key, money in keys.items()}
    rows = 0
    for values in report.values():
        rows += 1
        for key, money in keys.items():
            index = positions.get(key)
            value = values[index] if index is not None else None
            if value is None or value == "":
                continue
            sums[key] += Decimal(str(value)) if money else int(value)
    return sums, rows


def _db_sum(queryset: QuerySet[Any], field: str) -> Decimal:
    total = queryset.aggregate(
        total=Coalesce(Sum(field), Value(ZERO, output_field=MONEY), output_field=MONEY)
    )["total"]
    return Decimal(total).quantize(CENT)


def report_totals(*, language: str = "en") -> dict[str, Decimal | int]:
    """The totals of the whole programme's reports (no filter), from their rows."""
    recipients, awards = _column_sums(
        recipient_report(FundingFilters(report=ReportKind.RECIPIENTS), language=language),
        {"amount": True, "paid_total": True, "recovered_total": True, "paid_back_total": True},
    )
    calls, _rows = _column_sums(
        call_report(FundingFilters(report=ReportKind.CALLS), language=language),
        {"contracted_amount": True, "contracted_count": False},
    )
    return {
        "awards": awards,
        "awarded": Decimal(recipients["amount"]).quantize(CENT),
        "paid": Decimal(recipients["paid_total"]).quantize(CENT),
        "recovered": Decimal(recipients["recovered_total"]).quantize(CENT),
        "paid_back": Decimal(recipients["paid_back_total"]).quantize(CENT),
        "contracted": Decimal(calls["contracted_amount"]).quantize(CENT),
        "contracted_count": int(calls["contracted_count"]),
    }


def database_totals() -> dict[str, Decimal | int]:
    """The same totals read directly from the tables: every award accepted or later, every
    tranche paid, every recovery order of the programme (whatever award it belongs to)."""
    awarded = Award.objects.filter(status__in=AWARDED_STATUSES)
    contracted = Award.objects.filter(status__in=CONTRACTED_STATUSES)
    orders = RecoveryOrder.objects.all()
    return {
        "awards": awarded.aggregate(count=Count("pk"))["count"],
        "awarded": _db_sum(awarded, "amount"),
        "paid": _db_sum(Tranche.objects.filter(status=TrancheStatus.PAID), "amount"),
        "recovered": _db_sum(orders, "amount"),
        "paid_back": _db_sum(orders.filter(recovered_on__isnull=False), "to_recover"),
        "contracted": _db_sum(contracted, "amount"),
        "contracted_count": contracted.aggregate(count=Count("pk"))["count"],
    }


def _labels() -> list[tuple[str, str, bool]]:
    return [
        ("awards", _("Awards (recipient report rows)"), False),
        ("awarded", _("Amount awarded"), True),
        ("paid", _("Paid in total"), True),
        ("recovered", _("Recovery orders"), True),
        ("paid_back", _("Paid back"), True),
        ("contracted", _("Awarded to contracted (sub-call report)"), True),
        ("contracted_count", _("Contracted (sub-call report)"), False),
    ]


def reconciliation_totals(
    *,
    language: str = "en",
    report: Callable[..., dict[str, Decimal | int]] = report_totals,
    database: Callable[[], dict[str, Decimal | int]] = database_totals,
) -> list[Total]:
    """Every total with both figures, in a fixed order."""
    from_report = report(language=language)
    from_database = database()
    return [
        Total(
            key=key,
            label=label,
            report=from_report[key],
            database=from_database[key],
            money=money,
        )
        for key, label, money in _labels()
    ]


def reconciliation_differences(*, language: str = "en") -> list[Total]:
    """The totals where the reports and the database disagree (empty: they agree)."""
    return [total for total in reconciliation_totals(language=language) if total.differs]
