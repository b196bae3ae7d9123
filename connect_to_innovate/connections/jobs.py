"""The connections' e-mails: each piece of news goes to the owners and editors of the
other organisation, once each, in their language: an interest expressed, its answer, a
new message, a meeting request and its answer, a joint application started."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from connect_to_innovate.connections import selectors
from connect_to_innovate.mail import organisation_people, send_once_each
from connect_to_innovate.models import Interest, Side
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url

INTEREST_EXPRESSED = "interest_expressed"
INTEREST_ANSWERED = "interest_answered"
MESSAGE_POSTED = "message_posted"
MEETING_REQUESTED = "meeting_requested"
MEETING_ANSWERED = "meeting_answered"
JOINT_APPLICATION_STARTED = "joint_application_started"
NOTICES = (
    INTEREST_EXPRESSED,
    INTEREST_ANSWERED,
    MESSAGE_POSTED,
    MEETING_REQUESTED,
    MEETING_ANSWERED,
    JOINT_APPLICATION_STARTED,
)


def _organisation_of(interest: Interest, side: str) -> int:
    if side == Side.CHALLENGE:
        return interest.challenge.organisation_id
    return interest.offer.organisation_id


def _other(side: str) -> str:
    return Side.OFFER if side == Side.CHALLENGE else Side.CHALLENGE


def _context(interest: Interest) -> dict[str, Any]:
    return {
        "programme": interest.tenant,
        "challenge": interest.challenge.title,
        "challenge_organisation": interest.challenge.organisation.display_name,
        "offer": interest.offer.title,
        "offer_organisation": interest.offer.organisation.display_name,
        "url": tenant_absolute_url(
            interest.tenant, reverse("c2i_interest_detail", args=[interest.pk])
        ),
    }


def connection_notice_send(*, notice: str, object_id: int) -> int:
    """E-mail ``notice`` about the row ``object_id`` (an interest, a message, a meeting
    request or a joint application, by notice) to the other side, once each; returns how
    many left now (0 when the row is gone or the notice unknown)."""
    if notice not in NOTICES:
        return 0
    moment: datetime | None
    extra: dict[str, Any]
    if notice in (INTEREST_EXPRESSED, INTEREST_ANSWERED):
        interest = selectors.interest_for_notice(object_id)
        if interest is None:
            return 0
        if notice == INTEREST_EXPRESSED:
            to_side, moment, extra = interest.answering_side, interest.created_at, {}
        else:
            to_side, moment = interest.initiated_by_side, interest.decided_at
            extra = {"status": interest.get_status_display(), "accepted": interest.status}
        target: Any = interest
        extra = {**extra, "message": interest.message}
    elif notice == MESSAGE_POSTED:
        message = selectors.message_for_notice(object_id)
        if message is None:
            return 0
        interest, target = message.interest, message
        to_side, moment = _other(message.side), message.created_at
        extra = {"message": message.body, "author": message.author.full_name or ""}
    elif notice in (MEETING_REQUESTED, MEETING_ANSWERED):
        meeting = selectors.meeting_for_notice(object_id)
        if meeting is None:
            return 0
        interest, target = meeting.interest, meeting
        zone = interest.tenant.default_timezone
        if notice == MEETING_REQUESTED:
            to_side, moment = _other(meeting.side), meeting.created_at
        else:
            to_side, moment = meeting.side, meeting.decided_at
        extra = {
            "slots": [format_datetime(slot, zone) for slot in meeting.slots],
            "chosen": format_datetime(meeting.chosen_at, zone) if meeting.chosen_at else "",
            "status": meeting.get_status_display(),
            "note": meeting.note,
        }
    else:
        joint = selectors.joint_application_for_notice(object_id)
        if joint is None:
            return 0
        interest, target = joint.interest, joint
        to_side, moment = Side.OFFER, joint.created_at
        extra = {"call": str(joint.application.call)}
    return send_once_each(
        target=target,
        notice=notice,
        moment=moment,
        people=organisation_people(_organisation_of(interest, to_side)),
        tenant=interest.tenant,
        template=f"connect_to_innovate/emails/{notice}",
        context={**_context(interest), **extra},
    )
