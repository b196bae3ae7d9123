"""Reads of the claims: who submits a voucher's claim, the most it may ask, who may see its
files, and the back office's counts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet

from socialtech.accounts.roles import is_finance
from vouchers.access import is_programme_staff, may_act_for_enterprise, may_act_for_provider
from vouchers.models import Claim, ClaimStatus, ClaimSubmitter, Voucher
from vouchers.money import euros, voucher_cost_split
from vouchers.notices import enterprise_members, provider_members

# The files of a claim, by the name the download link gives them.
CLAIM_FILES = {"invoice": "invoice", "delivery": "delivery_proof", "co_payment": "co_payment_proof"}


def submitter_side(voucher: Voucher) -> str:
    """``provider`` or ``enterprise``: the side the voucher's scheme lets submit its claim."""
    return str(voucher.scheme.claim_submitter)


def may_submit(user: Any, voucher: Voucher) -> bool:
    """Owners and editors of the side the scheme names submit the claim."""
    if submitter_side(voucher) == ClaimSubmitter.ENTERPRISE:
        return may_act_for_enterprise(user, voucher)
    return may_act_for_provider(user, voucher)


def submitter_members(voucher: Voucher) -> list[Any]:
    """The people told of the claim's review: the members of the side that submitted it."""
    if submitter_side(voucher) == ClaimSubmitter.ENTERPRISE:
        return enterprise_members(voucher)
    return provider_members(voucher)


def may_see_claim_files(user: Any) -> bool:
    """Beyond the voucher's two sides, programme staff and finance see a claim's files."""
    return is_programme_staff(user) or is_finance(user)


def claim_of(voucher: Voucher) -> Claim | None:
    return Claim.objects.filter(voucher_id=voucher.pk).first()


def claim_ceiling(voucher: Voucher) -> tuple[Decimal, str]:
    """The most the claim may ask and why: the voucher's value, or less when the agreed
    price less the enterprise's co-payment is lower."""
    split = voucher_cost_split(voucher)
    if split is not None and split.price - split.co_payment < voucher.value:
        return split.price - split.co_payment, "agreed_price"
    return voucher.value, "value"


def claim_for_notice(claim_id: int) -> Claim:
    return Claim.objects.select_related(
        "voucher__scheme__call",
        "voucher__organisation",
        "voucher__provider__organisation",
        "voucher__application",
        "voucher__tenant",
    ).get(pk=claim_id)


def claims_for_staff() -> QuerySet[Claim]:
    return Claim.objects.select_related(
        "voucher__scheme__call", "voucher__organisation", "voucher__provider__organisation"
    )


def claims_waiting_counts() -> dict[str, int]:
    """How many claims wait for staff (submitted) and for finance (verified): one query."""
    counts = Claim.objects.aggregate(
        submitted=Count("pk", filter=Q(status=ClaimStatus.SUBMITTED)),
        verified=Count("pk", filter=Q(status=ClaimStatus.VERIFIED)),
    )
    return {
        ClaimStatus.SUBMITTED: counts["submitted"] or 0,
        ClaimStatus.VERIFIED: counts["verified"] or 0,
    }


__all__ = [
    "CLAIM_FILES",
    "claim_ceiling",
    "claim_for_notice",
    "claim_of",
    "claims_for_staff",
    "claims_waiting_counts",
    "euros",
    "may_see_claim_files",
    "may_submit",
    "submitter_members",
    "submitter_side",
]
