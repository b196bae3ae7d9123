"""Reads of challenges: the published ones (filtered), one for its viewer, an organisation's
own, one for an e-mail. Each costs a fixed number of queries, however many rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from connect_to_innovate.filters import ListFilters
from connect_to_innovate.models import Challenge, ReviewStatus
from connect_to_innovate.permissions import may_see_unpublished, member_organisation_ids

PAGE_SIZE = 10


def public_challenges(filters: ListFilters | None = None) -> QuerySet[Challenge]:
    """The active programme's published challenges, newest first, with their organisation."""
    challenges = Challenge.objects.filter(status=ReviewStatus.PUBLISHED).select_related(
        "organisation"
    )
    filters = filters or ListFilters()
    if filters.sector:
        challenges = challenges.filter(sector=filters.sector)
    if filters.country:
        challenges = challenges.filter(country=filters.country)
    if filters.language:
        challenges = challenges.filter(languages_key__contains=f",{filters.language},")
    for word in filters.words.split():
        challenges = challenges.filter(
            Q(title__icontains=word)
            | Q(problem__icontains=word)
            | Q(target_group__icontains=word)
            | Q(organisation__legal_name__icontains=word)
        )
    return challenges.order_by("-published_at", "-pk")


def challenge_for_viewer(*, user: Any, pk: int) -> Challenge:
    """The challenge ``pk`` with its organisation: published for everyone, any state for
    its organisation's owners and editors and the programme's staff.
    ``Challenge.DoesNotExist`` otherwise, as if it were not there."""
    challenge = Challenge.objects.select_related("organisation", "created_by").get(pk=pk)
    if challenge.status != ReviewStatus.PUBLISHED and not may_see_unpublished(
        user, challenge.organisation_id
    ):
        raise Challenge.DoesNotExist
    return challenge


def challenge_for_member(*, user: Any, pk: int) -> Challenge:
    """The challenge ``pk`` if ``user`` acts for its organisation; else
    ``Challenge.DoesNotExist``."""
    return Challenge.objects.select_related("organisation").get(
        pk=pk, organisation_id__in=member_organisation_ids(user)
    )


def my_challenges(user: Any) -> QuerySet[Challenge]:
    """The challenges of the organisations ``user`` acts for, in every state, latest first."""
    return (
        Challenge.objects.filter(organisation_id__in=member_organisation_ids(user))
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )


def challenge_for_notice(challenge_id: int) -> Challenge | None:
    return (
        Challenge.objects.select_related("tenant", "created_by", "organisation")
        .filter(pk=challenge_id)
        .first()
    )
