"""The contract date of each call in the sub-call report: when its first grant agreement was
signed by both sides (the programme's countersignature), read as a subquery of the call's
row so the report stays one query."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from grants.models import Signature
from reports.exports.columns import Column, ColumnType, ReportContext
from reports.exports.selectors.building import heading_in_zone
from reports.exports.selectors.filters import FundingFilters


class ContractColumns:
    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        first = (
            Signature.objects.filter(
                agreement__award__call=OuterRef("pk"), countersigned_at__isnull=False
            )
            .order_by("countersigned_at", "pk")
            .values("countersigned_at")[:1]
        )
        return queryset.annotate(first_contract_at=Subquery(first))

    def columns(self, context: ReportContext) -> list[Column]:
        zone = context.zone
        return [
            Column(
                "first_contract_at",
                heading_in_zone(zone, _("First agreement signed")),
                ColumnType.DATETIME,
                zone=zone,
            )
        ]


def contract_columns(filters: FundingFilters) -> ContractColumns:
    return ContractColumns()
