"""Reads of technology offers: the published ones (filtered), one for its viewer, an
organisation's own, one for an e-mail. Each costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from connect_to_innovate.filters import ListFilters
from connect_to_innovate.models import ReviewStatus, TechnologyOffer
from connect_to_innovate.permissions import may_see_unpublished, member_organisation_ids

PAGE_SIZE = 10


def public_offers(filters: ListFilters | None = None) -> QuerySet[TechnologyOffer]:
    """The active programme's published offers, newest first, with their organisation."""
    offers = TechnologyOffer.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "organisation"
    )
    filters = filters or ListFilters()
    if filters.sector:
        offers = offers.filter(sectors_key__contains=f",{filters.sector},")
    if filters.country:
        offers = offers.filter(countries_key__contains=f",{filters.country},")
    if filters.language:
        offers = offers.filter(languages_key__contains=f",{filters.language},")
    for word in filters.words.split():
        offers = offers.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__legal_name__icontains=word)
        )
    return offers.order_by("-published_at", "-pk")


def offer_for_viewer(*, user: Any, pk: int) -> TechnologyOffer:
    """The offer ``pk``: published for everyone, any state for its organisation's owners
    and editors and the programme's staff; ``TechnologyOffer.DoesNotExist`` otherwise."""
    offer = TechnologyOffer.objects.select_related("organisation", "created_by").get(pk=pk)
    if offer.status != ReviewStatus.PUBLISHED and not may_see_unpublished(
        user, offer.organisation_id
    ):
        raise TechnologyOffer.DoesNotExist
    return offer


def offer_for_member(*, user: Any, pk: int) -> TechnologyOffer:
    return TechnologyOffer.objects.select_related("organisation").get(
        pk=pk, organisation_id__in=member_organisation_ids(user)
    )


def my_offers(user: Any) -> QuerySet[TechnologyOffer]:
    """The offers of the organisations ``user`` acts for, in every state, latest first."""
    return (
        TechnologyOffer.objects.filter(organisation_id__in=member_organisation_ids(user))
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def offer_for_notice(offer_id: int) -> TechnologyOffer | None:
    return (
        TechnologyOffer.objects.select_related("tenant", "created_by", "organisation")
        .filter(pk=offer_id)
        .first()
    )
