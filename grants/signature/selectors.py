"""Reads of the signature: the declarations the signer makes, the name check, the versions
of an award's agreement with their signature, and who signs or is told."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from grants.models import Agreement, Award, AwardStatus, Signature
from grants.offers import selectors as offer_selectors

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Every box is required; the key is what the signature keeps, the label what the signer reads.
DECLARATIONS: dict[str, StrOrPromise] = {
    "read_and_accept": _(
        "I have read the grant agreement and accept it on behalf of the organisation."
    ),
    "information_true": _(
        "The information given in the application and since is true and complete."
    ),
    "no_double_funding": _(
        "The costs of the project receive no other EU or public funding than the organisation declared."
    ),
    "authority_to_sign": _(
        "I am the organisation's legal representative, or authorised by them to sign for the organisation."
    ),
}
USER_AGENT_MAX_CHARS = 300
SIGNABLE_STATUS = AwardStatus.AGREEMENT_SENT
# A new agreement version may be issued for these.
AMENDABLE_STATUSES = (AwardStatus.AGREEMENT_SENT, AwardStatus.SIGNED, AwardStatus.ACTIVE)


def normalised_name(value: str) -> str:
    """A name compared as people write it: case, accents' composition and spaces ignored."""
    composed = unicodedata.normalize("NFKC", value or "")
    return " ".join(composed.casefold().split())


def names_match(typed: str, expected: str) -> bool:
    return bool(normalised_name(expected)) and normalised_name(typed) == normalised_name(expected)


def versions_of_award(award: Award) -> list[Agreement]:
    """Every agreement version of ``award``, newest first, each with its signature (if any)."""
    return list(
        Agreement.objects.filter(award=award)
        .select_related(
            "document", "signature", "signature__signed_by", "signature__countersigned_by"
        )
        .order_by("-version")
    )


def latest_agreement(award: Award) -> Agreement | None:
    return (
        Agreement.objects.filter(award=award)
        .select_related("document", "signature")
        .order_by("-version")
        .first()
    )


def signature_of(agreement: Agreement) -> Signature | None:
    return Signature.objects.filter(agreement=agreement).first()


@dataclass(frozen=True)
class SigningState:
    """What the agreement page offers the viewer."""

    latest: Agreement | None
    is_signable: bool  # the latest version waits for the organisation's signature
    may_sign: bool  # ... and the viewer is an owner or editor of the organisation


def signing_state(*, user: Any, award: Award, versions: list[Agreement]) -> SigningState:
    latest = versions[0] if versions else None
    is_signable = latest is not None and award.status == SIGNABLE_STATUS and not is_signed(latest)
    return SigningState(
        latest=latest,
        is_signable=is_signable,
        may_sign=is_signable and offer_selectors.may_act_for(user, award),
    )


def is_signed(agreement: Agreement) -> bool:
    """Whether ``agreement`` is signed (reading the related row loaded with it, if any)."""
    try:
        return agreement.signature is not None
    except Signature.DoesNotExist:
        return False


def uploaded_signature(*, award: Award, version: int) -> Signature | None:
    """The signature of ``award``'s version ``version`` made by uploading the signed PDF."""
    return (
        Signature.objects.filter(agreement__award=award, agreement__version=version)
        .exclude(signed_file="")
        .first()
    )


def award_for_signature(award_id: int) -> Award | None:
    return (
        Award.objects.select_related(
            "tenant", "call", "call__tenant", "organisation", "application"
        )
        .filter(pk=award_id)
        .first()
    )


def awards_for_amendment() -> QuerySet[Award]:
    """Awards staff may amend: with an agreement, sent, signed or active."""
    return (
        Award.objects.filter(status__in=AMENDABLE_STATUSES, agreements__isnull=False)
        .distinct()
        .select_related("organisation", "application")
        .order_by("pk")
    )


def signatures_for_staff() -> QuerySet[Signature]:
    return Signature.objects.select_related(
        "agreement__award__organisation",
        "agreement__award__application",
        "agreement__award__call",
        "agreement__document",
        "signed_by",
        "countersigned_by",
    )
