"""The ranked matches of a challenge (published offers) and of an offer (published
challenges), with their reasons in words. One query for the candidates, however many."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connect_to_innovate.matching.scoring import Profile, Score, rank, reasons
from connect_to_innovate.models import Challenge, Interest, ReviewStatus, Sector, TechnologyOffer
from connect_to_innovate.permissions import member_organisation_ids
from connect_to_innovate.review import country_name, language_name

PAGE_SIZE = 10


@dataclass(frozen=True)
class Match:
    """One ranked match: the other side's row, its score (0–100) and why."""

    item: Any
    score: Score
    reasons: list[str]

    @property
    def points(self) -> int:
        return self.score.points


def _sector_name(value: str) -> str:
    try:
        return str(Sector(value).label)
    except ValueError:
        return value


def _words(result: Score) -> list[str]:
    return reasons(
        result, sector_name=_sector_name, country_name=country_name, language_name=language_name
    )


def challenge_profile(challenge: Challenge) -> Profile:
    return Profile.of(
        tags=challenge.tags,
        sectors=[challenge.sector],
        countries=[str(challenge.country)],
        languages=challenge.languages,
    )


def offer_profile(offer: TechnologyOffer) -> Profile:
    return Profile.of(
        tags=offer.tags, sectors=offer.sectors, countries=offer.countries, languages=offer.languages
    )


def matches_for_challenge(challenge: Challenge) -> list[Match]:
    """The published offers of other organisations that match ``challenge``, best first."""
    offers = (
        TechnologyOffer.objects.filter(status=ReviewStatus.PUBLISHED)
        .exclude(organisation_id=challenge.organisation_id)
        .select_related("organisation")
    )
    ranked = rank(
        challenge_profile(challenge),
        ((offer.pk, offer, offer_profile(offer)) for offer in offers),
    )
    return [Match(item=item, score=result, reasons=_words(result)) for _, item, result in ranked]


def matches_for_offer(offer: TechnologyOffer) -> list[Match]:
    """The published challenges of other organisations that match ``offer``, best first."""
    challenges = (
        Challenge.objects.filter(status=ReviewStatus.PUBLISHED)
        .exclude(organisation_id=offer.organisation_id)
        .select_related("organisation")
    )
    ranked = rank(
        offer_profile(offer),
        ((challenge.pk, challenge, challenge_profile(challenge)) for challenge in challenges),
        subject_is_challenge=False,
    )
    return [Match(item=item, score=result, reasons=_words(result)) for _, item, result in ranked]


def interests_by_pair(
    *, challenge_ids: list[int], offer_ids: list[int]
) -> dict[tuple[int, int], int]:
    """The interests among the pairs of ``challenge_ids`` and ``offer_ids``, by pair: one
    query for a page of matches."""
    rows = Interest.objects.filter(
        challenge_id__in=challenge_ids, offer_id__in=offer_ids
    ).values_list("challenge_id", "offer_id", "pk")
    return {(challenge_id, offer_id): pk for challenge_id, offer_id, pk in rows}


def published_offers_of(user: Any) -> list[TechnologyOffer]:
    """The published offers of the organisations ``user`` acts for: the ones they may pair
    with a challenge they read."""
    ids = member_organisation_ids(user)
    if not ids:
        return []
    return list(
        TechnologyOffer.objects.filter(status=ReviewStatus.PUBLISHED, organisation_id__in=ids)
        .only("pk", "title", "organisation_id")
        .order_by("title", "pk")
    )


def published_challenges_of(user: Any) -> list[Challenge]:
    """The published challenges of the organisations ``user`` acts for."""
    ids = member_organisation_ids(user)
    if not ids:
        return []
    return list(
        Challenge.objects.filter(status=ReviewStatus.PUBLISHED, organisation_id__in=ids)
        .only("pk", "title", "organisation_id")
        .order_by("title", "pk")
    )
