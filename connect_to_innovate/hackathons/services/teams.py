"""Teams formed (or suggested) around the accepted challenges, published, and their outcomes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons import selectors
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.services.common import (
    _full_clean,
    _lock,
    _wrong_state,
)
from connect_to_innovate.hackathons.suggest import Person, Slot, suggest_assignments
from connect_to_innovate.hackathons.tasks import (
    send_team_notice,
)
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
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


def _require_forming(hackathon: Hackathon) -> None:
    if hackathon.status not in selectors.FORMING:
        raise _wrong_state(hackathon, _("its teams are no longer changed"))


@transaction.atomic
def team_form(*, challenge: HackathonChallenge, by: Any, name: str = "") -> HackathonTeam:
    """Form the team of an accepted challenge (named after it unless ``name`` is given).
    Refuses anyone but the programme's staff, a hackathon past forming its teams, a
    challenge not accepted, and a challenge that already has its team."""
    require_programme_staff(by)
    locked = _lock(challenge.hackathon)
    _require_forming(locked)
    row = HackathonChallenge.objects.select_for_update().get(pk=challenge.pk)
    if row.status != ChallengeStatus.ACCEPTED:
        raise HackathonError(
            _("The challenge “%(title)s” is %(status)s; teams form around accepted ones.")
            % {"title": row.title, "status": row.get_status_display()},
            "challenge_not_accepted",
        )
    if HackathonTeam.objects.filter(challenge=row).exists():
        raise HackathonError(
            _("The challenge “%(title)s” already has its team.") % {"title": row.title},
            "team_exists",
        )
    team = HackathonTeam(
        tenant=locked.tenant,
        hackathon=locked,
        challenge=row,
        name=(name or "").strip() or row.title[:120],
    )
    _full_clean(team)
    team.save()
    audit_log(actor=by, verb="connect.hackathon_team_formed", target=team)
    return team


@transaction.atomic
def team_member_add(*, team: HackathonTeam, signup: HackathonSignup, by: Any) -> HackathonSignup:
    """Put a confirmed coach or sparring partner in ``team``. Refuses anyone but the
    programme's staff, a hackathon past forming its teams, a sign-up of another hackathon
    or not confirmed, and a person already in a team (the team is named). A team without
    a coach is allowed; the team page warns about it."""
    require_programme_staff(by)
    locked = _lock(team.hackathon)
    _require_forming(locked)
    row = HackathonSignup.objects.select_for_update().select_related("user").get(pk=signup.pk)
    if row.hackathon_id != team.hackathon_id:
        raise HackathonError(
            _("%(person)s signed up for another hackathon.") % {"person": row.user},
            "other_hackathon",
        )
    if row.status != SignupStatus.CONFIRMED:
        raise HackathonError(
            _("%(person)s is %(status)s; only confirmed people join a team.")
            % {"person": row.user, "status": row.get_status_display()},
            "signup_not_confirmed",
        )
    if row.team_id is not None:
        if row.team_id == team.pk:
            return row
        other = HackathonTeam.objects.get(pk=row.team_id)
        raise HackathonError(
            _("%(person)s is already in the team “%(team)s”; take them out of it first.")
            % {"person": row.user, "team": other.name},
            "already_in_team",
        )
    row.team = team
    row.save(update_fields=["team"])
    audit_log(
        actor=by, verb="connect.hackathon_team_member_added", target=row, data={"team": team.pk}
    )
    return row


@transaction.atomic
def team_member_remove(*, signup: HackathonSignup, by: Any) -> HackathonSignup:
    """Take a person out of their team. Refuses anyone but the programme's staff and a
    hackathon past forming its teams. A person in no team stays so."""
    require_programme_staff(by)
    locked = _lock(signup.hackathon)
    _require_forming(locked)
    row = HackathonSignup.objects.select_for_update().get(pk=signup.pk)
    if row.team_id is None:
        return row
    was = row.team_id
    row.team = None
    row.save(update_fields=["team"])
    audit_log(
        actor=by, verb="connect.hackathon_team_member_removed", target=row, data={"team": was}
    )
    return row


@transaction.atomic
def teams_suggest(*, hackathon: Hackathon, by: Any) -> dict[str, int]:
    """Form the missing team of every accepted challenge, then place every confirmed person
    in no team (see :mod:`.suggest`: skills offered against skills wanted, teams kept even,
    deterministic). People already placed stay where they are. Returns how many teams were
    formed and people placed. Refuses anyone but the programme's staff and a hackathon past
    forming its teams."""
    require_programme_staff(by)
    locked = _lock(hackathon)
    _require_forming(locked)
    formed = 0
    for challenge in HackathonChallenge.objects.filter(
        hackathon=locked, status=ChallengeStatus.ACCEPTED, team__isnull=True
    ).order_by("created_at", "pk"):
        team_form(challenge=challenge, by=by)
        formed += 1
    board = selectors.team_board(locked)
    teams = {team.pk: team for team in board["teams"]}
    slots = [
        Slot(
            id=team.pk,
            skills_wanted=frozenset(team.challenge.skills_wanted),
            sparring=sum(1 for p in team.people if p.role == SignupRole.SPARRING_PARTNER),  # type: ignore[attr-defined]
            has_coach=any(p.role == SignupRole.COACH for p in team.people),  # type: ignore[attr-defined]
        )
        for team in board["teams"]
    ]
    people = {signup.pk: signup for signup in board["unassigned"]}
    placed = suggest_assignments(
        slots=slots,
        coaches=[
            Person(id=s.pk, skills=frozenset(s.skills))
            for s in people.values()
            if s.role == SignupRole.COACH
        ],
        sparring_partners=[
            Person(id=s.pk, skills=frozenset(s.skills))
            for s in people.values()
            if s.role == SignupRole.SPARRING_PARTNER
        ],
    )
    for signup_id, team_id in placed.items():
        team_member_add(team=teams[team_id], signup=people[signup_id], by=by)
    audit_log(
        actor=by,
        verb="connect.hackathon_teams_suggested",
        target=locked,
        data={"formed": formed, "placed": len(placed)},
    )
    return {"formed": formed, "placed": len(placed)}


@transaction.atomic
def teams_publish(*, hackathon: Hackathon, by: Any) -> Hackathon:
    """Publish the teams: every person of a team and the person who brought its challenge
    are e-mailed their team after commit (publishing again e-mails the teams as they are
    now). Refuses anyone but the programme's staff, a hackathon that is not closed, and a
    hackathon with no team."""
    require_programme_staff(by)
    locked = _lock(hackathon)
    if locked.status != HackathonStatus.CLOSED:
        raise _wrong_state(locked, _("teams are published once the sign-up is closed"))
    team_ids = selectors.team_ids_of(locked)
    if not team_ids:
        raise HackathonError(
            _("“%(title)s” has no team yet: form the teams first.") % {"title": locked.title},
            "no_teams",
        )
    locked.teams_published_at = timezone.now()
    locked.save(update_fields=["teams_published_at", "updated_at"])
    audit_log(
        actor=by, verb="connect.hackathon_teams_published", target=locked, data={"teams": team_ids}
    )
    for team_id in team_ids:
        enqueue_on_commit(send_team_notice, tenant_id=locked.tenant_id, team_id=team_id)
    return locked


@transaction.atomic
def team_outcome_record(
    *,
    team: HackathonTeam,
    by: Any,
    outcome: str,
    next_steps: str,
    plans_to_apply: bool | None,
) -> HackathonTeam:
    """Record (or correct) what the team built or learnt, its next steps and whether it
    plans to apply to a call. Refuses anyone but an owner or editor of the team's enterprise
    and the team's coach, a hackathon that is not held, and an empty outcome."""
    if not selectors.may_record_outcome(by, team):
        raise PermissionDenied(_("Only the team's enterprise or its coach may record its outcome."))
    locked = _lock(team.hackathon)
    if locked.status != HackathonStatus.HELD:
        raise _wrong_state(locked, _("outcomes are recorded while it is held"))
    row = HackathonTeam.objects.select_for_update().get(pk=team.pk)
    row.outcome = (outcome or "").strip()
    row.next_steps = (next_steps or "").strip()
    if not row.outcome:
        raise HackathonError(
            _("Outcome: say what the team built or learnt."), "outcome_empty", field="outcome"
        )
    row.plans_to_apply = plans_to_apply
    row.outcome_recorded_at = timezone.now()
    row.outcome_recorded_by = by
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect.hackathon_outcome_recorded",
        target=row,
        data={"plans_to_apply": plans_to_apply},
    )
    return row
