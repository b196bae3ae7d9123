"""Rows of the hackathons, made through their services as staff and people would."""

from __future__ import annotations

from datetime import timedelta
from itertools import count
from typing import Any

from django.test import TestCase
from django.utils import timezone

from connect_to_innovate.hackathons import services
from connect_to_innovate.models import Hackathon, HackathonChallenge, HackathonSignup
from tests.factories import OrganisationFactory, UserFactory

_numbers = count(1)


def hackathon_make(
    by: Any, *, opened: bool = True, slug: str = "", title: str = "", **changes: Any
) -> Hackathon:
    """A hackathon in three weeks, sign-up closing in two; open unless ``opened=False``."""
    number = next(_numbers)
    starts_at = changes.pop("starts_at", timezone.now() + timedelta(days=21))
    hackathon = services.hackathon_save(
        by=by,
        slug=slug or f"hackathon-{number}",
        title=title or f"Hackathon {number}",
        summary=changes.pop("summary", "A weekend on a farm with social enterprises."),
        description=changes.pop("description", "Design thinking, with the region as a living lab."),
        place=changes.pop("place", "Vilstal farm, Geisenhausen"),
        is_online=changes.pop("is_online", False),
        starts_at=starts_at,
        ends_at=changes.pop("ends_at", starts_at + timedelta(days=2)),
        timezone_name=changes.pop("timezone_name", "Europe/Berlin"),
        signup_closes_at=changes.pop("signup_closes_at", starts_at - timedelta(days=7)),
        challenge_capacity=changes.pop("challenge_capacity", 4),
        sparring_capacity=changes.pop("sparring_capacity", 6),
    )
    if opened:
        hackathon = services.hackathon_open(hackathon=hackathon, by=by)
    return hackathon


def enterprise_member(name: str = "", **organisation: Any) -> tuple[Any, Any]:
    """A person and the social enterprise they own."""
    number = next(_numbers)
    user = UserFactory(email=f"enterprise{number}@example.org", full_name=name or f"Owner {number}")
    return user, OrganisationFactory(owner=user, **organisation)


def challenge_bring(
    hackathon: Hackathon,
    *,
    owner: Any = None,
    organisation: Any = None,
    skills: list[str] | None = None,
    title: str = "",
) -> HackathonChallenge:
    if owner is None:
        owner, organisation = enterprise_member()
    return services.challenge_submit(
        hackathon=hackathon,
        organisation=organisation,
        by=owner,
        title=title or f"Challenge of {organisation.legal_name}",
        problem="Older farmers live alone; care services do not reach the farms.",
        help_wanted="A service design and a simple booking tool.",
        skills_wanted=skills if skills is not None else ["design", "tech"],
    )


def accepted_challenge(hackathon: Hackathon, by: Any, **kwargs: Any) -> HackathonChallenge:
    with TestCase.captureOnCommitCallbacks(execute=True):
        challenge = challenge_bring(hackathon, **kwargs)
        return services.challenge_accept(challenge=challenge, by=by)


def person_signup(
    hackathon: Hackathon,
    *,
    role: str = "sparring_partner",
    skills: list[str] | None = None,
    user: Any = None,
    show_name: bool = True,
) -> HackathonSignup:
    number = next(_numbers)
    user = user or UserFactory(email=f"person-h{number}@example.org", full_name=f"Person {number}")
    return services.signup_create(
        hackathon=hackathon,
        user=user,
        role=role,
        profession="Designer",
        skills=skills if skills is not None else ["design"],
        languages=["en", "de"],
        bio="Service designer in Landshut.",
        show_name=show_name,
    )


def completed_hackathon(
    by: Any, *, teams: int = 2, hidden: int = 0, slug: str = "", title: str = ""
) -> Hackathon:
    """A hackathon taken through every state: ``teams`` teams of one coach and two sparring
    partners (names shown, plus ``hidden`` sparring partners per team who did not agree),
    each with its outcome."""
    hackathon = hackathon_make(
        by, slug=slug, title=title, challenge_capacity=teams, sparring_capacity=teams * (2 + hidden)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        for _ in range(teams):
            accepted_challenge(hackathon, by)
            person_signup(hackathon, role="coach")
            person_signup(hackathon)
            person_signup(hackathon)
            for _ in range(hidden):
                person_signup(hackathon, show_name=False)
        services.hackathon_close(hackathon=hackathon, by=by)
        services.teams_suggest(hackathon=hackathon, by=by)
        services.teams_publish(hackathon=hackathon, by=by)
        services.hackathon_hold(hackathon=hackathon, by=by)
    for team in hackathon.teams.select_related("challenge"):
        services.team_outcome_record(
            team=team,
            by=team.challenge.submitted_by,
            outcome=f"Outcome of {team.name}: a clickable prototype.",
            next_steps="A pilot with two farms.",
            plans_to_apply=True,
        )
    return services.hackathon_complete(hackathon=hackathon, by=by)
