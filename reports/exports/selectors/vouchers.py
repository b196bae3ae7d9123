"""The vouchers in the funding reports: their figures per call in the sub-call report, and a
report of their own with a row per voucher (who received it, from which call, spent with
which provider, what was claimed and reimbursed).

Each figure is a subquery or a join on one row, so both stay one query however many
vouchers they count.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organisations.models import LegalForm, SocialEconomyType
from reports.exports.columns import Column, ColumnType, Report, ReportContext, Row
from reports.exports.selectors.building import (
    build_report,
    choice_labels,
    heading_in_zone,
    zoned_date,
)
from reports.exports.selectors.filters import FundingFilters, period_bounds, programme_context
from vouchers.models import (
    COMMITTED_STATUSES,
    ClaimStatus,
    ServiceCategory,
    Voucher,
    VoucherStatus,
)

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
RETURNED_STATUSES = (VoucherStatus.EXPIRED, VoucherStatus.CANCELLED)


def _per_call(vouchers: QuerySet[Any], aggregate: Any, *, integer: bool = False) -> Coalesce:
    """``aggregate`` over the call's ``vouchers`` (filtered on ``scheme__call``), zero for none."""
    value = (
        vouchers.order_by().values("scheme__call_id").annotate(total=aggregate).values("total")[:1]
    )
    field = IntegerField() if integer else MONEY
    zero = Value(0, output_field=IntegerField()) if integer else ZERO
    return Coalesce(Subquery(value, output_field=field), zero)


class VoucherCallColumns:
    """Per voucher call: vouchers issued (and still held), reimbursed, and given back."""

    def __init__(self, country: str = "") -> None:
        self.country = country

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        vouchers = Voucher.objects.filter(scheme__call=OuterRef("pk"))
        if self.country:
            vouchers = vouchers.filter(organisation__country=self.country)
        held = vouchers.filter(status__in=COMMITTED_STATUSES)
        reimbursed = vouchers.filter(status=VoucherStatus.REIMBURSED)
        returned = vouchers.filter(status__in=RETURNED_STATUSES)
        return queryset.annotate(
            vouchers_issued_count=_per_call(vouchers, Count("pk"), integer=True),
            vouchers_held_value=_per_call(held, Sum("value")),
            vouchers_reimbursed_count=_per_call(reimbursed, Count("pk"), integer=True),
            vouchers_reimbursed_amount=_per_call(reimbursed, Sum("claim__amount")),
            vouchers_returned_value=_per_call(returned, Sum("value")),
        )

    def columns(self, context: ReportContext) -> list[Column]:
        money, number = ColumnType.MONEY, ColumnType.INTEGER
        return [
            Column("vouchers_issued_count", _("Vouchers issued"), number),
            Column("vouchers_held_value", _("Value of vouchers held (EUR)"), money),
            Column("vouchers_reimbursed_count", _("Vouchers reimbursed"), number),
            Column("vouchers_reimbursed_amount", _("Reimbursed for vouchers (EUR)"), money),
            Column(
                "vouchers_returned_value",
                _("Value returned by expired and cancelled vouchers (EUR)"),
                money,
            ),
        ]


def voucher_call_columns(filters: FundingFilters) -> VoucherCallColumns:
    return VoucherCallColumns(country=filters.country)


VOUCHER_FIELDS = (
    "pk",
    "code",
    "status",
    "value",
    "co_funding_percent",
    "issued_at",
    "expires_at",
    "category",
    "scheme__call__reference",
    "application__receipt_number",
    "organisation__legal_name",
    "organisation__country",
    "organisation__legal_form",
    "organisation__vat_number",
    "organisation__social_economy_type",
    "provider__organisation__legal_name",
    "provider__organisation__country",
    "claim__amount",
    "claim__status",
    "claim__reimbursed_on",
    "claim__reimbursement_reference",
)


class VoucherColumns:
    """A voucher: its call, beneficiary, value, dates, state, provider and money."""

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset

    def columns(self, context: ReportContext) -> list[Column]:
        with translation.override(context.language):
            legal_forms = choice_labels(LegalForm.choices)
            social = choice_labels(SocialEconomyType.choices)
            statuses = choice_labels(VoucherStatus.choices)
            categories = choice_labels(ServiceCategory.choices)
            claim_statuses = choice_labels(ClaimStatus.choices)
        zone = ZoneInfo(context.zone)

        def country(key: str) -> Any:
            return lambda row: str(row[key] or "")

        def reimbursed(row: Row) -> Any:
            return row["claim__amount"] if row["claim__status"] == ClaimStatus.REIMBURSED else None

        return [
            Column("scheme__call__reference", _("Call reference"), width=12),
            Column("code", _("Voucher code"), width=18),
            Column("application__receipt_number", _("Application"), width=20),
            Column("organisation__legal_name", _("Legal name"), width=36),
            Column("organisation__country", _("Country"), value=country("organisation__country")),
            Column(
                "organisation__legal_form",
                _("Legal form"),
                value=lambda row: legal_forms.get(row["organisation__legal_form"], ""),
            ),
            Column("organisation__vat_number", _("VAT number"), width=18),
            Column(
                "organisation__social_economy_type",
                _("Social-economy type"),
                value=lambda row: social.get(row["organisation__social_economy_type"], ""),
            ),
            Column("value", _("Voucher value (EUR)"), ColumnType.MONEY),
            Column("co_funding_percent", _("Co-funding by the enterprise (%)"), width=10),
            Column(
                "issued_at",
                heading_in_zone(context.zone, pgettext("voucher", "Issued on")),
                ColumnType.DATE,
                value=lambda row: zoned_date(zone, row["issued_at"]),
            ),
            Column(
                "expires_at",
                heading_in_zone(context.zone, _("Valid until")),
                ColumnType.DATE,
                value=lambda row: zoned_date(zone, row["expires_at"]),
            ),
            Column(
                "status",
                _("Voucher status"),
                value=lambda row: statuses.get(row["status"], row["status"]),
            ),
            Column(
                "category",
                _("Service category"),
                value=lambda row: categories.get(row["category"], ""),
            ),
            Column("provider__organisation__legal_name", _("Service provider"), width=36),
            Column(
                "provider__organisation__country",
                _("Provider's country"),
                value=country("provider__organisation__country"),
            ),
            Column("claim__amount", _("Amount claimed (EUR)"), ColumnType.MONEY),
            Column(
                "claim__status",
                _("Claim status"),
                value=lambda row: claim_statuses.get(row["claim__status"] or "", ""),
            ),
            Column("reimbursed", _("Reimbursed (EUR)"), ColumnType.MONEY, value=reimbursed),
            Column("claim__reimbursed_on", _("Reimbursed on"), ColumnType.DATE),
            Column("claim__reimbursement_reference", _("Payment reference"), width=20),
        ]


def vouchers_for_report(filters: FundingFilters) -> QuerySet[Voucher]:
    """The programme's vouchers the filters keep (the period: the day it was issued, on the
    programme's clock)."""
    vouchers = Voucher.objects.all()
    if filters.call is not None:
        vouchers = vouchers.filter(scheme__call=filters.call)
    if filters.work_package is not None:
        vouchers = vouchers.filter(scheme__call__work_package=filters.work_package)
    if filters.country:
        vouchers = vouchers.filter(organisation__country=filters.country)
    start, end = period_bounds(filters, ZoneInfo(programme_context("en").zone))
    if start is not None:
        vouchers = vouchers.filter(issued_at__gte=start)
    if end is not None:
        vouchers = vouchers.filter(issued_at__lt=end)
    return vouchers


def voucher_report(filters: FundingFilters, *, language: str) -> Report:
    """The voucher report: a row per voucher, read in chunks (one query)."""
    context = programme_context(language)
    with translation.override(language):
        return build_report(
            name="vouchers",
            title=_("Vouchers"),
            queryset=vouchers_for_report(filters),
            fields=VOUCHER_FIELDS,
            providers=[VoucherColumns()],
            context=context,
            order=("scheme__call__reference", "organisation__legal_name", "pk"),
        )
