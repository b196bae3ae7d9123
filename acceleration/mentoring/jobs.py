"""Session invitations: each invited member and the mentor e-mailed once per time and
place of the session, in their language, with the time on the call's clock and the zone
named."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import translation

from acceleration.cohorts.jobs import mail_language
from acceleration.cohorts.selectors import member_users
from acceleration.mentoring import selectors
from acceleration.models import Session
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url


def _send(session: Session, user: Any) -> None:
    with translation.override(mail_language(user)):
        programme_email(
            tenant=session.tenant,
            template="acceleration/emails/session_invitation",
            context={
                "name": user.full_name or user.email,
                "programme": session.tenant,
                "session_title": session.title,
                "kind": session.get_kind_display(),
                "cohort": session.cohort.name,
                "starts": format_datetime(session.starts_at, session.cohort.call.timezone),
                "minutes": session.duration_minutes,
                "place": session.place,
                "online_url": session.online_url,
                "mentor": session.mentor.display_name if session.mentor else "",
                "url": tenant_absolute_url(session.tenant, reverse("acceleration_mine")),
            },
            to=[user.email],
        ).send()


def session_invitations_send(*, session_id: int) -> int:
    """Invite the members of each expected participant and the mentor, once each per
    start, place and link of the session; returns how many e-mails left now."""
    session = selectors.session_for_notice(session_id)
    if session is None:
        return 0
    people: dict[int, Any] = {}
    for participant in selectors.expected_participants(session):
        for user in member_users(participant.organisation_id):
            people.setdefault(user.pk, user)
    if session.mentor is not None:
        people.setdefault(session.mentor.user.pk, session.mentor.user)
    sent = 0
    for user in people.values():
        if not user.is_active or not user.email:
            continue
        sent += int(
            claimed_once(
                target=session,
                verb="acceleration.session_invitation_sent",
                failed_verb="acceleration.session_invitation_failed",
                key={
                    "to": user.email,
                    "starts_at": session.starts_at.isoformat(),
                    "where": f"{session.place}|{session.online_url}",
                },
                do=partial(_send, session, user),
            )
        )
    return sent


def _send_pairing(pairing: Any, user: Any, *, to_mentor: bool) -> None:
    participant = pairing.participant
    with translation.override(mail_language(user)):
        programme_email(
            tenant=pairing.tenant,
            template="acceleration/emails/pairing_made",
            context={
                "name": user.full_name or user.email,
                "programme": pairing.tenant,
                "to_mentor": to_mentor,
                "mentor": pairing.mentor.display_name,
                "availability": pairing.mentor.availability,
                "organisation": participant.organisation.legal_name,
                "cohort": participant.cohort.name,
                "url": tenant_absolute_url(
                    pairing.tenant,
                    reverse("acceleration_participant", args=[participant.pk])
                    if to_mentor
                    else reverse("acceleration_mine"),
                ),
            },
            to=[user.email],
        ).send()


def pairing_notice_send(*, pairing_id: int) -> int:
    """Tell the mentor and each member of the enterprise that they are paired, once each;
    returns how many e-mails left now."""
    pairing = selectors.pairing_for_notice(pairing_id)
    if pairing is None:
        return 0
    people = [(pairing.mentor.user, True)] + [
        (user, False) for user in member_users(pairing.participant.organisation_id)
    ]
    sent = 0
    for user, to_mentor in people:
        if not user.is_active or not user.email:
            continue
        sent += int(
            claimed_once(
                target=pairing,
                verb="acceleration.pairing_notice_sent",
                failed_verb="acceleration.pairing_notice_failed",
                key={"to": user.email},
                do=partial(_send_pairing, pairing, user, to_mentor=to_mentor),
            )
        )
    return sent
