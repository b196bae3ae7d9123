"""Reads of the voucher schemes: the money a scheme has committed to its vouchers, what is
left of its budget, and the de minimis question on its call's application form."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import Application, ApplicationStatus
from calls.models import Call, FormField
from vouchers.models import COMMITTED_STATUSES, Voucher, VoucherScheme

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# The question every voucher call's form asks, answered in EUR (the de minimis declaration).
DE_MINIMIS_FIELD_KEY = "de_minimis_aid"
MONEY = DecimalField(max_digits=14, decimal_places=2)


def scheme_committed(scheme: VoucherScheme) -> Decimal:
    """The value of the scheme's vouchers that hold money: every state but expired and
    cancelled (``COMMITTED_STATUSES``)."""
    total = Voucher.objects.filter(scheme=scheme, status__in=COMMITTED_STATUSES).aggregate(
        total=Coalesce(Sum("value"), Value(ZERO), output_field=MONEY)
    )["total"]
    return Decimal(total).quantize(CENT)


def scheme_remaining(scheme: VoucherScheme) -> Decimal:
    """The scheme's budget not committed to vouchers (never below zero is not promised: a
    budget lowered by hand may leave it negative, which the pages show as it is)."""
    return (Decimal(scheme.budget) - scheme_committed(scheme)).quantize(CENT)


def schemes_with_money() -> QuerySet[VoucherScheme]:
    """The programme's schemes, each with ``committed`` (annotated in the same query), so a
    list of schemes costs one query however long it is."""
    committed = (
        Voucher.objects.filter(scheme=OuterRef("pk"), status__in=COMMITTED_STATUSES)
        .order_by()
        .values("scheme")
        .annotate(total=Sum("value"))
        .values("total")
    )
    return VoucherScheme.objects.select_related("call").annotate(
        committed=Coalesce(Subquery(committed, output_field=MONEY), Value(ZERO), output_field=MONEY)
    )


def de_minimis_field(call: Call) -> FormField | None:
    return FormField.objects.filter(call=call, key=DE_MINIMIS_FIELD_KEY).first()


def next_field_order(call: Call) -> int:
    last = FormField.objects.filter(call=call).order_by("-order").values_list("order", flat=True)
    return (last.first() or 0) + 1


def has_submitted_applications(call: Call) -> bool:
    """Whether anyone has submitted an application to ``call`` (drafts aside)."""
    return Application.objects.filter(call=call).exclude(status=ApplicationStatus.DRAFT).exists()


def scheme_of_call(call: Call | Any) -> VoucherScheme | None:
    return VoucherScheme.objects.filter(call_id=getattr(call, "pk", call)).first()
