"""What the grants add to the recipient report: the project's planned end (its final
report's due date), paid per tranche, paid in all, the recovery orders and what was paid
back.

Each figure is a subquery on the award's row, so the report stays one query however many
grants it lists; the number of tranche columns is the most tranches any grant of the
programme has (one small query when the report is built).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, Max, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from grants.models import BeneficiaryReport, RecoveryOrder, ReportKind, Tranche, TrancheStatus
from reports.exports.columns import Column, ColumnType, ReportContext, as_date
from reports.exports.selectors.filters import FundingFilters

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _summed(queryset: QuerySet[Any], field: str) -> Coalesce:
    """The sum of ``field`` over ``queryset`` (rows of one award), zero for none."""
    total = queryset.order_by().values("award_id").annotate(total=Sum(field)).values("total")[:1]
    return Coalesce(Subquery(total, output_field=MONEY), ZERO)


class GrantMoneyColumns:
    """The project's planned end, then paid per tranche (EUR), paid in total, recovery
    orders and paid back, per grant."""

    def __init__(self, tranche_count: int) -> None:
        self.tranche_count = tranche_count

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        paid = Tranche.objects.filter(award=OuterRef("pk"), status=TrancheStatus.PAID)
        per_tranche = {
            f"paid_tranche_{position}": Subquery(
                paid.filter(position=position).values("amount")[:1], output_field=MONEY
            )
            for position in range(1, self.tranche_count + 1)
        }
        orders = RecoveryOrder.objects.filter(award=OuterRef("pk"))
        # The project ends when its final report falls due (set when the grant starts).
        final_report_due = BeneficiaryReport.objects.filter(
            award=OuterRef("pk"), kind=ReportKind.FINAL
        ).values("due_on")[:1]
        return queryset.annotate(
            **per_tranche,
            planned_end=Subquery(final_report_due),
            paid_total=_summed(paid, "amount"),
            recovered_total=_summed(orders, "amount"),
            paid_back_total=_summed(orders.filter(recovered_on__isnull=False), "to_recover"),
        )

    def columns(self, context: ReportContext) -> list[Column]:
        tranches = [
            Column(
                f"paid_tranche_{position}",
                _("Paid, tranche %(number)s (EUR)") % {"number": position},
                ColumnType.MONEY,
            )
            for position in range(1, self.tranche_count + 1)
        ]
        return [
            Column(
                "planned_end",
                _("Planned end (final report due)"),
                ColumnType.DATE,
                value=lambda row: as_date(row["planned_end"]),
            ),
            *tranches,
            Column("paid_total", _("Paid in total (EUR)"), ColumnType.MONEY),
            Column("recovered_total", _("Recovery orders (EUR)"), ColumnType.MONEY),
            Column("paid_back_total", _("Paid back (EUR)"), ColumnType.MONEY),
        ]


def grant_money_columns(filters: FundingFilters) -> GrantMoneyColumns:
    most = Tranche.objects.aggregate(most=Max("position"))["most"] or 0
    return GrantMoneyColumns(tranche_count=most)
