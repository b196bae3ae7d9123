"""Reads of the redemption: what a price splits into, the providers a voucher may buy from,
and the provider's work list.

The split of a price: the enterprise co-pays ``co_funding_percent`` of the agreed price;
the voucher pays the rest, at most its value; anything above that the enterprise pays too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch, reverse

from vouchers.access import member_roles
from vouchers.models import (
    Accreditation,
    ProviderStatus,
    ServiceCategory,
    ServiceProvider,
    Voucher,
    VoucherStatus,
)
from vouchers.money import euros

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
V = VoucherStatus


def scheme_categories(voucher: Voucher) -> list[tuple[str, str]]:
    """The service categories the voucher's scheme may buy, as (value, label), in the
    order of the categories' list."""
    allowed = set(voucher.scheme.service_categories or [])
    return [
        (category.value, str(category.label)) for category in ServiceCategory if category in allowed
    ]


def accredited_offers(voucher: Voucher) -> list[Accreditation]:
    """The accredited accreditations of the scheme's categories, with their provider and
    organisation, by category then organisation (one query)."""
    return list(
        Accreditation.objects.filter(
            status=ProviderStatus.ACCREDITED,
            category__in=[value for value, _label in scheme_categories(voucher)],
        )
        .select_related("provider__organisation")
        .order_by("category", "provider__organisation__legal_name", "pk")
    )


def accreditation_of(*, provider_id: int, category: str) -> Accreditation | None:
    return (
        Accreditation.objects.filter(provider_id=provider_id, category=category)
        .select_related("provider__organisation")
        .first()
    )


def offer_label(accreditation: Accreditation) -> str:
    """``Digitale Beratung GmbH · Digital audit · Digital audit, two days EUR 4,800.00``."""
    services = "; ".join(
        f"{row.get('service', '')} {euros(_price(row.get('price')))}".strip()
        for row in accreditation.services or []
        if isinstance(row, dict)
    )
    parts = [accreditation.provider.organisation.legal_name, accreditation.get_category_display()]
    if services:
        parts.append(services)
    return " · ".join(parts)


def _price(raw: Any) -> Decimal | None:
    try:
        price = Decimal(str(raw))
    except (ArithmeticError, ValueError):
        return None
    return price if price.is_finite() else None


def directory_path() -> str:
    """The public directory of providers: its named page when the site has it."""
    try:
        return reverse("vouchers_directory")
    except NoReverseMatch:
        return "/vouchers/providers/"


def voucher_path(voucher: Voucher) -> str:
    """The voucher's own page."""
    try:
        return reverse("vouchers_detail", args=[voucher.code])
    except NoReverseMatch:
        return f"/vouchers/{voucher.code}/"


# --- The provider's work -----------------------------------------------------------------

WORK_GROUPS: dict[str, Q] = {
    "to_answer": Q(status=V.PROVIDER_SELECTED),
    "in_delivery": Q(status=V.IN_DELIVERY)
    & (
        Q(delivery_confirmed_by_enterprise_at__isnull=True)
        | Q(delivery_confirmed_by_provider_at__isnull=True)
    ),
    "to_claim": Q(
        status=V.IN_DELIVERY,
        delivery_confirmed_by_enterprise_at__isnull=False,
        delivery_confirmed_by_provider_at__isnull=False,
    ),
    "claimed": Q(status__in=[V.CLAIM_SUBMITTED, V.VERIFIED, V.REIMBURSED]),
}


def provider_work(user: Any) -> QuerySet[Voucher]:
    """The vouchers held by a provider whose organisation ``user`` is a member of."""
    organisations = list(member_roles(user))
    if not organisations:
        return Voucher.objects.none()
    return Voucher.objects.filter(provider__organisation_id__in=organisations)


def work_counts(vouchers: QuerySet[Voucher]) -> dict[str, int]:
    """How many of ``vouchers`` fall in each group of work (one query)."""
    counts = vouchers.aggregate(
        **{group: Count("pk", filter=condition) for group, condition in WORK_GROUPS.items()}
    )
    return {group: counts[group] or 0 for group in WORK_GROUPS}


def work_group(vouchers: QuerySet[Voucher], group: str) -> QuerySet[Voucher]:
    """The vouchers of one group, with what the list shows, the nearest expiry first."""
    return (
        vouchers.filter(WORK_GROUPS[group])
        .select_related("organisation", "scheme__call", "provider__organisation", "claim")
        .order_by("expires_at", "pk")
    )


def voucher_for_notice(voucher_id: int) -> Voucher:
    return Voucher.objects.select_related(
        "scheme__call", "organisation", "provider__organisation", "application", "tenant"
    ).get(pk=voucher_id)


def provider_for_notice(provider_id: int | None) -> ServiceProvider | None:
    if provider_id is None:
        return None
    return ServiceProvider.objects.select_related("organisation").filter(pk=provider_id).first()
