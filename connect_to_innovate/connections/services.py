"""Writes on connections: an expression of interest in a (challenge, offer) pair and its
answer, the messages of its thread, meeting requests and their answer, and the joint
application to a feasibility-study call that an accepted interest may lead to.

Only owners and editors of the two organisations act on an interest; the other side is
e-mailed after commit. Each service checks the person, validates, saves and writes its
audit row; a refusal is a ``ConnectError`` (or ``PermissionDenied`` for a stranger).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.services import ApplicationError, application_start
from calls.models import Call, CallKind
from connect_to_innovate.connections import jobs
from connect_to_innovate.connections.selectors import FEASIBILITY_WORK_PACKAGE
from connect_to_innovate.connections.tasks import send_connection_notice
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import (
    INTEREST_TRANSITIONS,
    MEETING_TRANSITIONS,
    Challenge,
    Interest,
    InterestMessage,
    InterestStatus,
    JointApplication,
    MeetingRequest,
    MeetingStatus,
    ReviewStatus,
    Side,
    TechnologyOffer,
)
from connect_to_innovate.permissions import acts_for
from connect_to_innovate.review import full_clean_on_field
from socialtech.audit.services import audit_log
from socialtech.formatting import format_datetime
from socialtech.tasks import enqueue_on_commit

MAX_MESSAGE = 4000
MAX_SLOTS = 3


def sides_of(user: Any, interest: Interest) -> set[str]:
    """The sides of ``interest`` that ``user`` acts for (none, one, rarely both)."""
    sides: set[str] = set()
    if acts_for(user, interest.challenge.organisation_id):
        sides.add(Side.CHALLENGE)
    if acts_for(user, interest.offer.organisation_id):
        sides.add(Side.OFFER)
    return sides


def _require_party(user: Any, interest: Interest) -> str:
    sides = sides_of(user, interest)
    if not sides:
        raise PermissionDenied(_("Only the two organisations of this connection may do this."))
    return Side.CHALLENGE if Side.CHALLENGE in sides else Side.OFFER


def _notify(interest: Interest, notice: str, object_id: int) -> None:
    enqueue_on_commit(
        send_connection_notice,
        tenant_id=interest.tenant_id,
        notice=notice,
        object_id=object_id,
    )


def _lock(interest: Interest) -> Interest:
    return (
        Interest.objects.select_for_update(of=("self",))
        .select_related("challenge", "offer")
        .get(pk=interest.pk)
    )


def _clean_text(text: str, *, field: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ConnectError(
            _("%(label)s: write a few words.") % {"label": label}, "empty", field=field
        )
    if len(text) > MAX_MESSAGE:
        raise ConnectError(
            _("%(label)s: at most %(max)s characters (you wrote %(count)s).")
            % {"label": label, "max": MAX_MESSAGE, "count": len(text)},
            "too_long",
            field=field,
        )
    return text


@transaction.atomic
def interest_express(
    *, by: Any, challenge: Challenge, offer: TechnologyOffer, message: str
) -> Interest:
    """Express the interest of ``by``'s organisation (the challenge's or the offer's) in
    working on ``challenge`` with ``offer``, with a short message; the other side's owners
    and editors are e-mailed and may accept or decline. Refuses anyone who acts for
    neither organisation, a challenge or an offer not published, a pair of one and the
    same organisation, an empty or too long message, and a pair already connected (the
    existing interest is named)."""
    if acts_for(by, challenge.organisation_id):
        side = Side.CHALLENGE
    elif acts_for(by, offer.organisation_id):
        side = Side.OFFER
    else:
        raise PermissionDenied(
            _("Only owners and editors of the challenge's or the offer's organisation may do this.")
        )
    for row in (challenge, offer):
        if row.status != ReviewStatus.PUBLISHED:
            raise ConnectError(
                _("“%(title)s” is not published; interest can be expressed in published ones only.")
                % {"title": row.title},
                "not_published",
            )
    if challenge.organisation_id == offer.organisation_id:
        raise ConnectError(
            _("The challenge and the offer belong to the same organisation."), "same_organisation"
        )
    message = _clean_text(message, field="message", label=_("Message"))
    existing = Interest.objects.filter(challenge=challenge, offer=offer).first()
    if existing is not None:
        raise ConnectError(
            _("These two are already connected: open the existing connection."),
            "interest_exists",
            interest=existing.pk,
        )
    interest = Interest(
        tenant=challenge.tenant,
        challenge=challenge,
        offer=offer,
        initiated_by_side=side,
        created_by=by,
        message=message,
    )
    full_clean_on_field(interest)
    interest.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.interest_expressed",
        target=interest,
        data={"challenge": challenge.pk, "offer": offer.pk, "side": side},
    )
    _notify(interest, jobs.INTEREST_EXPRESSED, interest.pk)
    return interest


def _answer(interest: Interest, by: Any, to: str) -> Interest:
    row = _lock(interest)
    if row.answering_side not in sides_of(by, row):
        raise PermissionDenied(_("Only the side that was asked may answer this interest."))
    if to not in INTEREST_TRANSITIONS[row.status]:
        raise ConnectError(
            _("This interest is already %(status)s.")
            % {"status": row.get_status_display().lower()},
            "wrong_state",
        )
    row.status = to
    row.decided_by = by
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(actor=by, verb=f"connect_to_innovate.interest_{to}", target=row)
    _notify(row, jobs.INTEREST_ANSWERED, row.pk)
    return row


@transaction.atomic
def interest_accept(*, interest: Interest, by: Any) -> Interest:
    """Accept an interest: the two sides may then meet and start a joint application; the
    side that asked is e-mailed. Refuses anyone but the owners and editors of the side that
    was asked, and an interest already answered."""
    return _answer(interest, by, InterestStatus.ACCEPTED)


@transaction.atomic
def interest_decline(*, interest: Interest, by: Any) -> Interest:
    """Decline an interest: its thread closes to new messages; the side that asked is
    e-mailed. Refuses anyone but the owners and editors of the side that was asked, and an
    interest already answered."""
    return _answer(interest, by, InterestStatus.DECLINED)


@transaction.atomic
def message_post(*, interest: Interest, by: Any, body: str) -> InterestMessage:
    """Add a message to the thread of ``interest``; the other side is e-mailed. Refuses
    anyone but the owners and editors of the two organisations, a declined interest, and an
    empty or too long message."""
    row = _lock(interest)
    side = _require_party(by, row)
    if row.status == InterestStatus.DECLINED:
        raise ConnectError(
            _("This interest was declined; its thread takes no new messages."), "declined"
        )
    message = InterestMessage(
        tenant=row.tenant,
        interest=row,
        author=by,
        side=side,
        body=_clean_text(body, field="body", label=_("Message")),
    )
    full_clean_on_field(message)
    message.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.message_posted",
        target=message,
        data={"interest": row.pk, "side": side},
    )
    _notify(row, jobs.MESSAGE_POSTED, message.pk)
    return message


def check_slots(slots: Iterable[datetime | None], *, now: datetime | None = None) -> list[datetime]:
    """The proposed times, in order given: one to three, each with its zone, in the future,
    each once. Refuses anything else, naming the time."""
    now = now or timezone.now()
    chosen = [slot for slot in slots if slot is not None]
    if not chosen:
        raise ConnectError(_("Times: propose at least one time."), "no_time", field="slot_1")
    if len(chosen) > MAX_SLOTS:
        raise ConnectError(
            _("Times: propose at most %(max)s times.") % {"max": MAX_SLOTS},
            "too_many_times",
            field="slot_1",
        )
    for number, slot in enumerate(chosen, start=1):
        field = f"slot_{number}"
        if timezone.is_naive(slot):
            raise ConnectError(
                _("Time %(number)s: give a time with its zone.") % {"number": number},
                "naive_time",
                field=field,
            )
        if slot <= now:
            raise ConnectError(
                _("Time %(number)s: %(time)s is in the past; propose a time to come.")
                % {"number": number, "time": format_datetime(slot, slot.tzinfo)},
                "time_past",
                field=field,
            )
        if slot in chosen[: number - 1]:
            raise ConnectError(
                _("Time %(number)s: the same time is proposed twice.") % {"number": number},
                "time_repeated",
                field=field,
            )
    return chosen


@transaction.atomic
def meeting_request(
    *, interest: Interest, by: Any, slots: Iterable[datetime | None], note: str = ""
) -> MeetingRequest:
    """Propose one to three times to meet; the other side picks one or declines, and is
    e-mailed now. Refuses anyone but the owners and editors of the two organisations, an
    interest not accepted, and times not in the future, naive, repeated, none or more than
    three (named by field)."""
    row = _lock(interest)
    side = _require_party(by, row)
    if row.status != InterestStatus.ACCEPTED:
        raise ConnectError(
            _("Meetings can be requested once the interest is accepted; it is %(status)s.")
            % {"status": row.get_status_display().lower()},
            "not_accepted",
        )
    chosen = check_slots(slots)
    meeting = MeetingRequest(
        tenant=row.tenant,
        interest=row,
        proposed_by=by,
        side=side,
        slot_1=chosen[0],
        slot_2=chosen[1] if len(chosen) > 1 else None,
        slot_3=chosen[2] if len(chosen) > 2 else None,
        note=(note or "").strip(),
    )
    full_clean_on_field(meeting)
    meeting.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.meeting_requested",
        target=meeting,
        data={"interest": row.pk, "slots": [slot.isoformat() for slot in chosen]},
    )
    _notify(row, jobs.MEETING_REQUESTED, meeting.pk)
    return meeting


def _lock_meeting(meeting: MeetingRequest, by: Any, to: str) -> MeetingRequest:
    row = (
        MeetingRequest.objects.select_for_update(of=("self",))
        .select_related("interest__challenge", "interest__offer")
        .get(pk=meeting.pk)
    )
    sides = sides_of(by, row.interest)
    other = Side.OFFER if row.side == Side.CHALLENGE else Side.CHALLENGE
    if other not in sides:
        raise PermissionDenied(_("Only the side that was invited may answer this request."))
    if to not in MEETING_TRANSITIONS[row.status]:
        raise ConnectError(
            _("This meeting request is already %(status)s.")
            % {"status": row.get_status_display().lower()},
            "wrong_state",
        )
    return row


@transaction.atomic
def meeting_confirm(*, meeting: MeetingRequest, by: Any, slot: datetime) -> MeetingRequest:
    """Pick one of the proposed times; the side that proposed is e-mailed. Refuses anyone
    but the owners and editors of the invited side, a request already answered, a time
    that was not proposed, and one already past."""
    row = _lock_meeting(meeting, by, MeetingStatus.CONFIRMED)
    if slot not in row.slots:
        raise ConnectError(
            _("Time: choose one of the times proposed."), "time_not_proposed", field="slot"
        )
    if slot <= timezone.now():
        raise ConnectError(
            _("Time: this time has passed; decline and propose new times."),
            "time_past",
            field="slot",
        )
    row.status = MeetingStatus.CONFIRMED
    row.chosen_at = slot
    row.decided_by = by
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "chosen_at", "decided_by", "decided_at"])
    audit_log(
        actor=by,
        verb="connect_to_innovate.meeting_confirmed",
        target=row,
        data={"at": slot.isoformat()},
    )
    _notify(row.interest, jobs.MEETING_ANSWERED, row.pk)
    return row


@transaction.atomic
def meeting_decline(*, meeting: MeetingRequest, by: Any) -> MeetingRequest:
    """Decline all the proposed times; the side that proposed is e-mailed and may propose
    others. Refuses anyone but the owners and editors of the invited side and a request
    already answered."""
    row = _lock_meeting(meeting, by, MeetingStatus.DECLINED)
    row.status = MeetingStatus.DECLINED
    row.decided_by = by
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_by", "decided_at"])
    audit_log(actor=by, verb="connect_to_innovate.meeting_declined", target=row)
    _notify(row.interest, jobs.MEETING_ANSWERED, row.pk)
    return row


def is_feasibility_call(call: Call) -> bool:
    """A call a joint application may go to: of kind challenge, or of work package WP4."""
    if call.kind == CallKind.CHALLENGE:
        return True
    work_package = call.work_package
    return work_package is not None and work_package.code == FEASIBILITY_WORK_PACKAGE


@transaction.atomic
def joint_application_start(*, interest: Interest, by: Any, call: Call) -> JointApplication:
    """Start a draft application to a feasibility-study ``call`` for the challenge's
    organisation (the lead), through the applications' own ``application_start`` (its
    rules: the call open, the organisation eligible), with the offer's organisation
    recorded as the partner. Refuses anyone but the owners and editors of the challenge's
    organisation, an interest not accepted, one whose joint application is already started,
    a call that is not a feasibility-study call, and whatever ``application_start`` refuses
    (a call not open, an organisation not eligible), in its words."""
    row = _lock(interest)
    lead = row.challenge.organisation
    if not acts_for(by, lead.pk):
        raise PermissionDenied(
            _("Only owners and editors of the challenge's organisation may start the application.")
        )
    if row.status != InterestStatus.ACCEPTED:
        raise ConnectError(
            _("A joint application starts from an accepted interest; this one is %(status)s.")
            % {"status": row.get_status_display().lower()},
            "not_accepted",
        )
    existing = JointApplication.objects.filter(interest=row).first()
    if existing is not None:
        raise ConnectError(
            _("The joint application of this connection is already started."),
            "already_started",
            application=existing.application_id,
        )
    if not is_feasibility_call(call):
        raise ConnectError(
            _("Call: “%(call)s” is not a feasibility-study call (WP4 or a challenge call).")
            % {"call": call.slug},
            "not_feasibility_call",
            field="call",
        )
    try:
        application = application_start(call=call, organisation=lead, user=by)
    except ApplicationError as error:
        raise ConnectError(
            _("Call: %(reason)s") % {"reason": error.message}, error.code, field="call"
        ) from None
    joint = JointApplication(
        tenant=row.tenant,
        interest=row,
        application=application,
        lead_organisation=lead,
        partner_organisation=row.offer.organisation,
        created_by=by,
    )
    full_clean_on_field(joint)
    joint.save()
    audit_log(
        actor=by,
        verb="connect_to_innovate.joint_application_started",
        target=joint,
        data={
            "interest": row.pk,
            "application": application.pk,
            "call": call.slug,
            "partner": row.offer.organisation_id,
        },
    )
    _notify(row, jobs.JOINT_APPLICATION_STARTED, joint.pk)
    return joint
