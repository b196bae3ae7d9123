"""Demo hackathons, made through the hackathon services as staff, enterprises and people
would: the completed Social Innovation Hackathon of September 2023 (16 demo enterprises'
challenges, 16 team coaches and 40 Bavarian sparring partners as password-less demo people,
teams suggested and published, each team's outcome and next steps), and the upcoming Social
Tech Hackathon Torino, open for sign-up, to which applicant@example.org's organisation can
bring a challenge.

The 2023 hackathon is built as it happened: challenges and sign-ups are taken as of August
2023 (the services' ``now``), then staff close, form the teams, publish, hold and complete.

Idempotent: a hackathon is made once (looked up by its slug) with everything in it; its
people once (by e-mail); a second run changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from connect_to_innovate.hackathons import services
from connect_to_innovate.models import Hackathon, HackathonTeam
from demo.connect_to_innovate.hackathons.content import (
    CHALLENGES,
    COACHES,
    FIRST_NAMES,
    LAST_NAMES,
    PAST_DESCRIPTION,
    PAST_PLACE,
    PAST_SLUG,
    PAST_SUMMARY,
    PAST_TITLE,
    PAST_ZONE,
    PROFESSIONS,
    UPCOMING_CHALLENGE,
    UPCOMING_DESCRIPTION,
    UPCOMING_PLACE,
    UPCOMING_SLUG,
    UPCOMING_SUMMARY,
    UPCOMING_TITLE,
    UPCOMING_ZONE,
    ChallengeSpec,
)
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import APPLICANT_EMAIL, ORGANISATIONS, ensure_organisation
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

SPARRING_PARTNERS = 40
COACH_EMAIL = "hackathon-coach{:02d}@example.org"
SPARRING_EMAIL = "hackathon-sparring{:02d}@example.org"
BIO = "{profession} from Lower Bavaria, working with the region's creative industries."


def _person(email: str, full_name: str) -> User:
    """A demo person with no password: nobody can sign in as them."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=full_name)
        user.is_demo_account = True
        user.save(update_fields=["is_demo_account"])
    return user


def _sparring_people() -> list[tuple[User, str, tuple[str, ...]]]:
    people = []
    for number in range(SPARRING_PARTNERS):
        name = f"{FIRST_NAMES[number % 20]} {LAST_NAMES[(number + number // 20) % 8]}"
        profession, skills = PROFESSIONS[number % len(PROFESSIONS)]
        people.append((_person(SPARRING_EMAIL.format(number + 1), name), profession, skills))
    return people


def _organisation(key: str) -> tuple[Organisation, User]:
    """The demo organisation ``key`` and its owner (who brings its challenge)."""
    spec = next(spec for spec in ORGANISATIONS if spec.key == key)
    organisation = ensure_organisation(spec)
    owner = (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert owner is not None
    return organisation, owner.user


def _bring(hackathon: Hackathon, spec: ChallengeSpec, *, now: datetime | None = None) -> Any:
    organisation, owner = _organisation(spec.organisation)
    return services.challenge_submit(
        hackathon=hackathon,
        organisation=organisation,
        by=owner,
        title=spec.title,
        problem=spec.problem,
        help_wanted=spec.help_wanted,
        skills_wanted=list(spec.skills),
        now=now,
    )


def _past(*, staff: Any) -> bool:
    """The Social Innovation Hackathon of 15–17 September 2023, completed; ``False`` when
    it was there."""
    if Hackathon.objects.filter(slug=PAST_SLUG).exists():
        return False
    zone = ZoneInfo(PAST_ZONE)
    hackathon = services.hackathon_save(
        by=staff,
        slug=PAST_SLUG,
        title=PAST_TITLE,
        summary=PAST_SUMMARY,
        description=PAST_DESCRIPTION,
        place=PAST_PLACE,
        is_online=False,
        starts_at=datetime(2023, 9, 15, 16, 0, tzinfo=zone),
        ends_at=datetime(2023, 9, 17, 15, 0, tzinfo=zone),
        timezone_name=PAST_ZONE,
        signup_closes_at=datetime(2023, 9, 1, 23, 59, tzinfo=zone),
        challenge_capacity=len(CHALLENGES),
        sparring_capacity=SPARRING_PARTNERS,
    )
    hackathon = services.hackathon_open(hackathon=hackathon, by=staff)
    # Challenges and sign-ups came in over August 2023.
    moment = datetime(2023, 8, 1, 9, 0, tzinfo=zone)
    owners = {}
    for spec in CHALLENGES:
        moment += timedelta(hours=7)
        challenge = _bring(hackathon, spec, now=moment)
        owners[spec.title] = challenge.submitted_by
        services.challenge_accept(challenge=challenge, by=staff)
    for number, (name, profession, skills) in enumerate(COACHES, start=1):
        moment += timedelta(hours=3)
        services.signup_create(
            hackathon=hackathon,
            user=_person(COACH_EMAIL.format(number), name),
            role="coach",
            profession=profession,
            skills=list(skills),
            languages=["de", "en"],
            bio=f"{profession}; has coached hackathon teams since 2015.",
            show_name=True,
            now=moment,
        )
    for number, (user, profession, skills) in enumerate(_sparring_people()):
        moment += timedelta(hours=2)
        services.signup_create(
            hackathon=hackathon,
            user=user,
            role="sparring_partner",
            profession=profession,
            skills=list(skills),
            languages=["de", "en"] if number % 3 else ["de"],
            bio=BIO.format(profession=profession),
            show_name=number % 4 != 3,  # one in four keeps their name off the results
            now=moment,
        )
    services.hackathon_close(hackathon=hackathon, by=staff)
    services.teams_suggest(hackathon=hackathon, by=staff)
    services.teams_publish(hackathon=hackathon, by=staff)
    services.hackathon_hold(hackathon=hackathon, by=staff)
    specs = {spec.title: spec for spec in CHALLENGES}
    for team in HackathonTeam.objects.filter(hackathon=hackathon).select_related("challenge"):
        spec = specs[team.challenge.title]
        services.team_outcome_record(
            team=team,
            by=owners[spec.title],
            outcome=spec.outcome,
            next_steps=spec.next_steps,
            plans_to_apply=spec.plans_to_apply,
        )
    services.hackathon_complete(hackathon=hackathon, by=staff)
    return True


def _upcoming(*, staff: Any, users: dict[str, Any]) -> bool:
    """The Social Tech Hackathon Torino in about six weeks, open: one challenge waiting for
    staff's decision, an expert as coach, three sparring partners of 2023 signed up again."""
    if Hackathon.objects.filter(slug=UPCOMING_SLUG).exists():
        return False
    zone = ZoneInfo(UPCOMING_ZONE)
    day = timezone.localdate(timezone.now(), zone) + timedelta(days=45)
    starts_at = datetime.combine(day, time(9), tzinfo=zone)
    hackathon = services.hackathon_save(
        by=staff,
        slug=UPCOMING_SLUG,
        title=UPCOMING_TITLE,
        summary=UPCOMING_SUMMARY,
        description=UPCOMING_DESCRIPTION,
        place=UPCOMING_PLACE,
        is_online=False,
        starts_at=starts_at,
        ends_at=datetime.combine(day + timedelta(days=1), time(17), tzinfo=zone),
        timezone_name=UPCOMING_ZONE,
        signup_closes_at=starts_at - timedelta(days=14),
        challenge_capacity=12,
        sparring_capacity=30,
    )
    hackathon = services.hackathon_open(hackathon=hackathon, by=staff)
    _bring(hackathon, UPCOMING_CHALLENGE)
    coach = demo_user(users, "evaluator1@example.org")
    if coach is not None:
        services.signup_create(
            hackathon=hackathon,
            user=coach,
            role="coach",
            profession="Impact measurement expert",
            skills=["social_impact", "data"],
            languages=["es", "en", "it"],
            bio="Evaluator of the programme; coaches teams on measuring their impact.",
            show_name=True,
        )
    for user, profession, skills in _sparring_people()[:3]:
        services.signup_create(
            hackathon=hackathon,
            user=user,
            role="sparring_partner",
            profession=profession,
            skills=list(skills),
            languages=["de", "en"],
            bio=BIO.format(profession=profession),
            show_name=True,
        )
    return True


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The demo hackathons of the programme; returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    if socialtech is None or staff is None:
        return ""
    with tenant_context(socialtech):
        made = int(_past(staff=staff)) + int(_upcoming(staff=staff, users=users))
    return (
        f"2 hackathons ({made} new): the completed {PAST_TITLE} of September 2023 "
        f"({len(CHALLENGES)} challenges, {len(COACHES)} coaches, {SPARRING_PARTNERS} sparring "
        f"partners, teams with outcomes) and {UPCOMING_TITLE}, open: {APPLICANT_EMAIL}'s "
        "organisation can bring a challenge"
    )
