"""Reads of hackathons, their challenges, sign-ups and teams. Each list costs a fixed number
of queries, however many rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from connect_to_innovate.models import (
    ChallengeStatus,
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonStatus,
    HackathonTeam,
    SignupRole,
    SignupStatus,
)
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.accounts.roles import is_programme_staff

HACKATHONS_PAGE_SIZE = 10
MINE_PAGE_SIZE = 20
EDITING_ROLES = (MemberRole.OWNER, MemberRole.EDITOR)
# The states in which staff still form teams and decide challenges.
FORMING = (HackathonStatus.OPEN, HackathonStatus.CLOSED)

ACCEPTED = Q(challenges__status=ChallengeStatus.ACCEPTED)
SPARRING_CONFIRMED = Q(
    signups__status=SignupStatus.CONFIRMED, signups__role=SignupRole.SPARRING_PARTNER
)


def with_counts(hackathons: QuerySet[Hackathon]) -> QuerySet[Hackathon]:
    """``hackathons`` each with ``accepted_count`` (challenges) and ``sparring_count``
    (confirmed sparring partners)."""
    return hackathons.annotate(
        accepted_count=Count("challenges", filter=ACCEPTED, distinct=True),
        sparring_count=Count("signups", filter=SPARRING_CONFIRMED, distinct=True),
    )


def public_hackathons(now: datetime | None = None) -> QuerySet[Hackathon]:
    """The hackathons of the active programme past their draft: those not yet over first,
    soonest first, then the past ones, latest first; each with its counts."""
    now = now or timezone.now()
    return (
        with_counts(Hackathon.objects.exclude(status=HackathonStatus.DRAFT))
        .annotate(
            is_past=Case(When(ends_at__lt=now, then=Value(1)), default=Value(0)),
            upcoming_key=Case(When(ends_at__gte=now, then=F("starts_at"))),
            past_key=Case(When(ends_at__lt=now, then=F("starts_at"))),
        )
        .order_by(
            "is_past",
            F("upcoming_key").asc(nulls_last=True),
            F("past_key").desc(nulls_last=True),
            "pk",
        )
    )


def hackathon_for_viewer(*, user: Any, slug: str) -> Hackathon:
    """The hackathon called ``slug`` with its counts: past its draft for everyone, a draft
    too for the programme's staff. ``Hackathon.DoesNotExist`` otherwise."""
    hackathons = Hackathon.objects.all()
    if not is_programme_staff(user):
        hackathons = hackathons.exclude(status=HackathonStatus.DRAFT)
    return with_counts(hackathons).get(slug=slug)


def is_taking_part(hackathon: Hackathon, now: datetime | None = None) -> bool:
    """Whether challenges and sign-ups are taken now."""
    now = now or timezone.now()
    return hackathon.status == HackathonStatus.OPEN and hackathon.signup_closes_at > now


def sparring_places_left(hackathon: Hackathon) -> int:
    confirmed = getattr(hackathon, "sparring_count", None)
    if confirmed is None:
        confirmed = confirmed_sparring_count(hackathon)
    return max(0, hackathon.sparring_capacity - int(confirmed))


def confirmed_sparring_count(hackathon: Hackathon) -> int:
    return HackathonSignup.objects.filter(
        hackathon=hackathon, role=SignupRole.SPARRING_PARTNER, status=SignupStatus.CONFIRMED
    ).count()


def accepted_count(hackathon: Hackathon) -> int:
    return HackathonChallenge.objects.filter(
        hackathon=hackathon, status=ChallengeStatus.ACCEPTED
    ).count()


def signup_of(*, hackathon: Hackathon, user: Any) -> HackathonSignup | None:
    """``user``'s sign-up to ``hackathon`` (in any state), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return HackathonSignup.objects.filter(hackathon=hackathon, user=user).first()


def waiting_place(signup: HackathonSignup) -> int | None:
    """``signup``'s place on the waiting list (1 is next), ``None`` when not waiting."""
    if signup.status != SignupStatus.WAITING or signup.position is None:
        return None
    ahead = HackathonSignup.objects.filter(
        hackathon_id=signup.hackathon_id,
        status=SignupStatus.WAITING,
        position__lt=signup.position,
    ).count()
    return ahead + 1


def first_waiting(hackathon: Hackathon) -> HackathonSignup | None:
    return (
        HackathonSignup.objects.filter(hackathon=hackathon, status=SignupStatus.WAITING)
        .order_by("position", "pk")
        .first()
    )


def next_waiting_position(hackathon: Hackathon) -> int:
    last = (
        HackathonSignup.objects.filter(hackathon=hackathon, position__isnull=False)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return int(last or 0) + 1


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` may bring a challenge for (owner or editor)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(
        members__user=user, members__role__in=EDITING_ROLES
    ).order_by("legal_name", "pk")


def is_organisation_editor(user: Any, organisation_id: int) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return OrganisationMember.objects.filter(
        organisation_id=organisation_id, user=user, role__in=EDITING_ROLES
    ).exists()


def challenges_of_user(*, hackathon: Hackathon, user: Any) -> list[HackathonChallenge]:
    """The challenges the organisations of ``user`` brought to ``hackathon``."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        HackathonChallenge.objects.filter(
            hackathon=hackathon, organisation__members__user=user
        ).select_related("organisation", "team")
    )


def my_signups(user: Any) -> QuerySet[HackathonSignup]:
    """``user``'s sign-ups in the active programme, the hackathons to come first."""
    now = timezone.now()
    return (
        HackathonSignup.objects.filter(user=user)
        .exclude(hackathon__status=HackathonStatus.DRAFT)
        .select_related("hackathon", "team", "team__challenge")
        .annotate(is_past=Case(When(hackathon__ends_at__lt=now, then=Value(1)), default=Value(0)))
        .order_by("is_past", "hackathon__starts_at", "pk")
    )


def my_challenges(user: Any) -> QuerySet[HackathonChallenge]:
    """The challenges the organisations of ``user`` brought, in the active programme."""
    if not getattr(user, "is_authenticated", False):
        return HackathonChallenge.objects.none()
    return (
        HackathonChallenge.objects.filter(organisation__members__user=user)
        .exclude(hackathon__status=HackathonStatus.DRAFT)
        .select_related("hackathon", "organisation", "team")
        .order_by("-hackathon__starts_at", "pk")
        .distinct()
    )


def team_members(team: HackathonTeam) -> QuerySet[HackathonSignup]:
    """The people of ``team``: coaches first, then by sign-up."""
    return (
        HackathonSignup.objects.filter(team=team)
        .select_related("user")
        .order_by("role", "created_at", "pk")
    )


def team_for_viewer(*, user: Any, slug: str, pk: int) -> HackathonTeam:
    """The team ``pk`` of the hackathon ``slug``, for the programme's staff, and once the
    teams are published for the members of its enterprise and its people.
    ``HackathonTeam.DoesNotExist`` for anyone else."""
    teams = HackathonTeam.objects.select_related(
        "hackathon", "challenge", "challenge__organisation", "outcome_recorded_by"
    ).exclude(hackathon__status=HackathonStatus.DRAFT)
    team = teams.get(hackathon__slug=slug, pk=pk)
    if is_programme_staff(user):
        return team
    if team.hackathon.teams_published_at is not None and is_in_team(user, team):
        return team
    raise HackathonTeam.DoesNotExist


def is_in_team(user: Any, team: HackathonTeam) -> bool:
    """Whether ``user`` is one of the team's people or a member of its enterprise."""
    if not getattr(user, "is_authenticated", False):
        return False
    if HackathonSignup.objects.filter(team=team, user=user).exists():
        return True
    return OrganisationMember.objects.filter(
        organisation_id=team.challenge.organisation_id, user=user
    ).exists()


def may_record_outcome(user: Any, team: HackathonTeam) -> bool:
    """The team's enterprise's owners and editors and the team's coaches record its outcome."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if HackathonSignup.objects.filter(team=team, user=user, role=SignupRole.COACH).exists():
        return True
    return is_organisation_editor(user, team.challenge.organisation_id)


def team_warnings(team: HackathonTeam, members: list[HackathonSignup] | None = None) -> list[str]:
    """What staff should know about ``team`` (not refusals): no coach, no sparring partner."""
    from django.utils.translation import gettext as _

    members = members if members is not None else list(team_members(team))
    warnings = []
    if not any(member.role == SignupRole.COACH for member in members):
        warnings.append(_("%(team)s has no coach yet.") % {"team": team.name})
    if not any(member.role == SignupRole.SPARRING_PARTNER for member in members):
        warnings.append(_("%(team)s has no sparring partner yet.") % {"team": team.name})
    return warnings


def public_results(hackathon: Hackathon) -> list[HackathonTeam]:
    """The teams of ``hackathon`` with their challenge, enterprise and the people who agreed
    to have their name shown (``shown_members``); two queries."""
    shown = HackathonSignup.objects.filter(show_name=True).select_related("user")
    return list(
        HackathonTeam.objects.filter(hackathon=hackathon)
        .select_related("challenge", "challenge__organisation")
        .prefetch_related(
            Prefetch("members", queryset=shown.order_by("role", "pk"), to_attr="shown_members")
        )
        .order_by("name", "pk")
    )


def team_board(hackathon: Hackathon) -> dict[str, Any]:
    """What the back office's team page shows: the challenges (accepted first) with their
    team and its people, and the confirmed people in no team; four queries."""
    members = HackathonSignup.objects.select_related("user").order_by("role", "pk")
    challenges = list(
        HackathonChallenge.objects.filter(hackathon=hackathon)
        .select_related("organisation", "team")
        .annotate(
            status_order=Case(
                When(status=ChallengeStatus.ACCEPTED, then=Value(0)),
                When(status=ChallengeStatus.SUBMITTED, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("status_order", "created_at", "pk")
    )
    teams = list(
        HackathonTeam.objects.filter(hackathon=hackathon)
        .select_related("challenge", "challenge__organisation")
        .prefetch_related(Prefetch("members", queryset=members, to_attr="people"))
        .order_by("name", "pk")
    )
    unassigned = list(
        HackathonSignup.objects.filter(
            hackathon=hackathon, status=SignupStatus.CONFIRMED, team__isnull=True
        )
        .select_related("user")
        .order_by("role", "created_at", "pk")
    )
    return {"challenges": challenges, "teams": teams, "unassigned": unassigned}


def team_ids_of(hackathon: Hackathon) -> list[int]:
    return list(
        HackathonTeam.objects.filter(hackathon=hackathon)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def team_for_notice(team_id: int) -> HackathonTeam | None:
    return (
        HackathonTeam.objects.select_related(
            "hackathon",
            "hackathon__tenant",
            "challenge",
            "challenge__organisation",
            "challenge__submitted_by",
        )
        .filter(pk=team_id)
        .first()
    )


def challenge_for_notice(challenge_id: int) -> HackathonChallenge | None:
    return (
        HackathonChallenge.objects.select_related(
            "hackathon", "hackathon__tenant", "organisation", "submitted_by"
        )
        .filter(pk=challenge_id)
        .first()
    )


def signup_for_notice(signup_id: int) -> HackathonSignup | None:
    return (
        HackathonSignup.objects.select_related("hackathon", "hackathon__tenant", "user")
        .filter(pk=signup_id)
        .first()
    )
