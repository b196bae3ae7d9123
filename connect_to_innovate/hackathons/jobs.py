"""The hackathons' e-mails, each to one person once per piece of news, in their language,
claimed in the audit trail so a retried task sends only what did not leave:

- the enterprise's person who brought a challenge hears whether it is accepted or declined;
- a coach or sparring partner hears their place is confirmed, that they are waiting, or
  that a place came free for them;
- when staff publish the teams, every person of a team and the person who brought its
  challenge hear which team they are in and who else is in it.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from connect_to_innovate.hackathons import selectors
from connect_to_innovate.models import (
    ChallengeStatus,
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    SignupStatus,
)
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url

CONFIRMED = "confirmed"
WAITING = "waiting"
PROMOTED = "promoted"
SIGNUP_TEMPLATES = {
    CONFIRMED: "connect_to_innovate/hackathons/emails/signup_confirmed",
    WAITING: "connect_to_innovate/hackathons/emails/signup_waiting",
    PROMOTED: "connect_to_innovate/hackathons/emails/signup_promoted",
}
SIGNUP_STILL_TRUE = {
    CONFIRMED: SignupStatus.CONFIRMED,
    WAITING: SignupStatus.WAITING,
    PROMOTED: SignupStatus.CONFIRMED,
}
CHALLENGE_TEMPLATE = "connect_to_innovate/hackathons/emails/challenge_decided"
TEAM_TEMPLATE = "connect_to_innovate/hackathons/emails/team_published"


def mail_language(user: Any) -> str:
    """The reader's language, else the site's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _common(hackathon: Hackathon, user: Any) -> dict[str, Any]:
    return {
        "name": user.full_name or user.email,
        "programme": hackathon.tenant,
        "hackathon_title": hackathon.title,
        "starts": format_datetime(hackathon.starts_at, hackathon.timezone),
        "ends": format_datetime(hackathon.ends_at, hackathon.timezone),
        "place": hackathon.place,
        "is_online": hackathon.is_online,
        "url": tenant_absolute_url(
            hackathon.tenant,
            reverse("connect_hackathon_detail", args=[hackathon.slug]),
        ),
    }


def _send(hackathon: Hackathon, user: Any, template: str, context: dict[str, Any]) -> None:
    with translation.override(mail_language(user)):
        programme_email(
            tenant=hackathon.tenant,
            template=template,
            context={**_common(hackathon, user), **context},
            to=[user.email],
        ).send()


def _deliverable(user: Any) -> bool:
    return bool(user is not None and user.is_active and user.email)


def challenge_decision_send(*, challenge_id: int) -> int:
    """E-mail the person who brought the challenge whether it is accepted or declined, once
    per decision. 1 when it left now, else 0."""
    challenge = selectors.challenge_for_notice(challenge_id)
    if challenge is None or challenge.status == ChallengeStatus.SUBMITTED:
        return 0
    user = challenge.submitted_by
    if not _deliverable(user) or challenge.decided_at is None:
        return 0
    context = {
        "challenge_title": challenge.title,
        "organisation": challenge.organisation.display_name,
        "is_accepted": challenge.status == ChallengeStatus.ACCEPTED,
    }
    return int(
        claimed_once(
            target=challenge,
            verb=f"connect.hackathon_challenge_{challenge.status}_notice_sent",
            failed_verb=f"connect.hackathon_challenge_{challenge.status}_notice_failed",
            key={"to": user.email, "moment": challenge.decided_at.isoformat()},
            do=partial(_send, challenge.hackathon, user, CHALLENGE_TEMPLATE, context),
        )
    )


def _signup_moment(signup: HackathonSignup, notice: str) -> str:
    """One e-mail per sign-up, notice and moment (signed up again, promoted again: again)."""
    moment = signup.promoted_at if notice == PROMOTED else signup.created_at
    return moment.isoformat() if moment else ""


def signup_notice_send(*, signup_id: int, notice: str) -> int:
    """E-mail the coach or sparring partner ``notice`` (confirmed, waiting, promoted) once,
    while it is still true. 1 when it left now, else 0."""
    signup = selectors.signup_for_notice(signup_id)
    if signup is None or notice not in SIGNUP_TEMPLATES:
        return 0
    if signup.status != SIGNUP_STILL_TRUE[notice] or not _deliverable(signup.user):
        return 0
    context = {
        "role": signup.get_role_display(),
        "waiting_place": selectors.waiting_place(signup),
    }
    return int(
        claimed_once(
            target=signup,
            verb=f"connect.hackathon_signup_{notice}_notice_sent",
            failed_verb=f"connect.hackathon_signup_{notice}_notice_failed",
            key={"to": signup.user.email, "moment": _signup_moment(signup, notice)},
            do=partial(_send, signup.hackathon, signup.user, SIGNUP_TEMPLATES[notice], context),
        )
    )


def team_notice_send(*, team_id: int) -> int:
    """E-mail each person of the team, and the person who brought its challenge, their team
    once the teams are published; returns how many left now."""
    team = selectors.team_for_notice(team_id)
    if team is None or team.hackathon.teams_published_at is None:
        return 0
    members = list(selectors.team_members(team))
    people = [member.user for member in members]
    challenge: HackathonChallenge = team.challenge
    if challenge.submitted_by not in people:
        people.append(challenge.submitted_by)
    context = {
        "team_name": team.name,
        "challenge_title": challenge.title,
        "organisation": challenge.organisation.display_name,
        "members": [
            f"{member.user.full_name or member.user.email} ({member.get_role_display()})"
            for member in members
        ],
        "team_url": tenant_absolute_url(
            team.hackathon.tenant,
            reverse("connect_hackathon_team", args=[team.hackathon.slug, team.pk]),
        ),
    }
    sent = 0
    moment = team.hackathon.teams_published_at.isoformat()
    for user in people:
        if not _deliverable(user):
            continue
        sent += int(
            claimed_once(
                target=team,
                verb="connect.hackathon_team_notice_sent",
                failed_verb="connect.hackathon_team_notice_failed",
                key={"to": user.email, "moment": moment},
                do=partial(_send, team.hackathon, user, TEAM_TEMPLATE, context),
            )
        )
    return sent
