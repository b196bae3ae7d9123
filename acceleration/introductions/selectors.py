"""Reads of the introductions: who may ask for one (the owners and editors of an active
participant of a running cohort), the lists of a participant's members and of an entry's
contact person, one introduction for its viewer, the e-mails' recipients, and the
programme's figures."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from acceleration.models import (
    OPEN_STATUSES,
    Introduction,
    IntroductionStatus,
    Participant,
)
from acceleration.participation import (
    is_signed_in,
    member_organisation_ids,
)
from socialtech.accounts.roles import is_programme_staff

PAGE_SIZE = 20
SUCCESS_STATUSES = (IntroductionStatus.INVESTMENT_MADE, IntroductionStatus.CONTRACT_WON)
# Accepted and every step after it: the introduction was made.
MADE_STATUSES = (
    IntroductionStatus.ACCEPTED,
    IntroductionStatus.MEETING_HELD,
    IntroductionStatus.OFFER_MADE,
    IntroductionStatus.INVESTMENT_MADE,
    IntroductionStatus.CONTRACT_WON,
    IntroductionStatus.NO_FOLLOW_UP,
)


def _listed(introductions: QuerySet[Introduction]) -> QuerySet[Introduction]:
    return introductions.select_related(
        "entry", "participant__organisation", "participant__cohort"
    ).order_by("-requested_at", "-pk")


def my_introductions(user: Any) -> QuerySet[Introduction]:
    """The introductions of the participations of every organisation ``user`` is a member
    of, newest first (a fixed number of queries)."""
    if not is_signed_in(user):
        return Introduction.objects.none()
    return _listed(
        Introduction.objects.filter(participant__organisation_id__in=member_organisation_ids(user))
    )


def received_introductions(user: Any) -> QuerySet[Introduction]:
    """The introductions asked of the entries whose contact person is ``user``."""
    if not is_signed_in(user):
        return Introduction.objects.none()
    return _listed(Introduction.objects.filter(entry__contact_user=user))


def introduction_for_viewer(*, user: Any, pk: int) -> Introduction:
    """One introduction for a member of its organisation, the entry's contact person or the
    programme's staff; ``Introduction.DoesNotExist`` for anyone else."""
    if not is_signed_in(user):
        raise Introduction.DoesNotExist
    introductions = Introduction.objects.all()
    if not is_programme_staff(user):
        introductions = introductions.filter(
            Q(participant__organisation_id__in=member_organisation_ids(user))
            | Q(entry__contact_user=user)
        )
    return _listed(introductions).get(pk=pk)


def is_answerer(user: Any, introduction: Introduction) -> bool:
    """The programme's staff, or the entry's own contact person, may answer and follow."""
    return is_signed_in(user) and (
        is_programme_staff(user) or introduction.entry.contact_user_id == user.pk
    )


def open_introduction_exists(*, participant: Participant, entry: Any) -> bool:
    return Introduction.objects.filter(
        participant=participant, entry=entry, status__in=list(OPEN_STATUSES)
    ).exists()


def introduction_for_notice(introduction_id: int) -> Introduction | None:
    return (
        Introduction.objects.select_related(
            "entry__contact_user",
            "participant__organisation",
            "participant__cohort",
            "tenant",
            "requested_by",
        )
        .filter(pk=introduction_id)
        .first()
    )


def introductions_made() -> int:
    """Every introduction asked for by a participant, whatever the answer."""
    return Introduction.objects.count()


def introductions_accepted() -> int:
    """Introductions accepted by the investor or procurer, whatever came of them after."""
    return Introduction.objects.filter(status__in=list(MADE_STATUSES)).count()


def investment_raised() -> Decimal:
    """The investments made through introductions, in EUR."""
    total = Introduction.objects.filter(status=IntroductionStatus.INVESTMENT_MADE).aggregate(
        total=Sum("investment_amount")
    )["total"]
    return Decimal(total or 0).quantize(Decimal("0.01"))
