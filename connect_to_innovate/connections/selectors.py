"""Reads of connections: an interest for one of its two sides, its thread and meetings,
the open feasibility-study calls, a person's connections, rows for an e-mail. Each costs a
fixed number of queries, however many rows."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from calls.models import Call, CallKind
from calls.selectors import call_list_public
from connect_to_innovate.models import (
    Interest,
    InterestMessage,
    JointApplication,
    MeetingRequest,
)
from connect_to_innovate.permissions import member_organisation_ids

PAGE_SIZE = 20
FEASIBILITY_WORK_PACKAGE = "wp4"

_INTEREST_RELATED = ("challenge__organisation", "offer__organisation", "created_by")


def _of_member(user: Any) -> Q:
    ids = member_organisation_ids(user)
    return Q(challenge__organisation_id__in=ids) | Q(offer__organisation_id__in=ids)


def interest_for_party(*, user: Any, pk: int) -> Interest:
    """The interest ``pk`` if ``user`` acts for one of its two organisations; otherwise
    ``Interest.DoesNotExist`` (the programme's staff included: they read threads in the
    back office)."""
    return Interest.objects.select_related(*_INTEREST_RELATED).get(_of_member(user), pk=pk)


def meeting_for_party(*, user: Any, pk: int) -> MeetingRequest:
    ids = member_organisation_ids(user)
    return MeetingRequest.objects.select_related("interest__challenge", "interest__offer").get(
        Q(interest__challenge__organisation_id__in=ids)
        | Q(interest__offer__organisation_id__in=ids),
        pk=pk,
    )


def thread(interest: Interest) -> QuerySet[InterestMessage]:
    """The messages of ``interest``, oldest first, with their authors."""
    return InterestMessage.objects.filter(interest=interest).select_related("author")


def meetings(interest: Interest) -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.filter(interest=interest).select_related("proposed_by")


def joint_application_of(interest: Interest) -> JointApplication | None:
    return (
        JointApplication.objects.filter(interest=interest)
        .select_related("application__call", "lead_organisation", "partner_organisation")
        .first()
    )


def interest_between(*, challenge_id: int, offer_id: int) -> Interest | None:
    return Interest.objects.filter(challenge_id=challenge_id, offer_id=offer_id).first()


def my_connections(user: Any) -> QuerySet[Interest]:
    """The interests of the organisations ``user`` acts for, latest first."""
    return (
        Interest.objects.filter(_of_member(user))
        .select_related(*_INTEREST_RELATED)
        .order_by("-created_at", "-pk")
    )


def feasibility_calls() -> list[Call]:
    """The active programme's open calls a joint application may go to: of kind
    challenge, or filed under WP4."""
    now = timezone.now()
    return [
        call
        for call in call_list_public(now=now).filter(
            Q(kind=CallKind.CHALLENGE) | Q(work_package__code=FEASIBILITY_WORK_PACKAGE)
        )
        if call.is_open(now)
    ]


def call_for_joint_application(slug: str) -> Call | None:
    return Call.objects.select_related("work_package").filter(slug=slug).first()


def interest_for_notice(interest_id: int) -> Interest | None:
    return (
        Interest.objects.select_related("tenant", "challenge__organisation", "offer__organisation")
        .filter(pk=interest_id)
        .first()
    )


def message_for_notice(message_id: int) -> InterestMessage | None:
    return (
        InterestMessage.objects.select_related(
            "author",
            "interest__tenant",
            "interest__challenge__organisation",
            "interest__offer__organisation",
        )
        .filter(pk=message_id)
        .first()
    )


def meeting_for_notice(meeting_id: int) -> MeetingRequest | None:
    return (
        MeetingRequest.objects.select_related(
            "interest__tenant", "interest__challenge__organisation", "interest__offer__organisation"
        )
        .filter(pk=meeting_id)
        .first()
    )


def joint_application_for_notice(joint_id: int) -> JointApplication | None:
    return (
        JointApplication.objects.select_related(
            "application__call",
            "interest__tenant",
            "interest__challenge__organisation",
            "interest__offer__organisation",
        )
        .filter(pk=joint_id)
        .first()
    )
