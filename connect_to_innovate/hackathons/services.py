"""Writes on hackathons, their challenges, sign-ups and teams.

Staff write a hackathon and move it through one table of states (:data:`TRANSITIONS`):
draft → open (sign-up) → closed (teams formed) → held → completed (outcomes in), one
service per step. While it is open, an owner or editor of a social-economy organisation
brings one challenge per organisation; staff accept (within the challenge capacity) or
decline it, and the enterprise is e-mailed. A signed-in person signs up as a coach or a
sparring partner; sparring partners beyond the capacity go on a waiting list (first come,
first served) and a withdrawn place goes to the first person waiting. Coaches have no
capacity: staff ask them. Staff form one team per accepted challenge, put each confirmed
person in one team at most (a team without a coach is warned about, not refused), may have
teams suggested, and publish them (each person is e-mailed). While the hackathon is held,
each team's enterprise (its owners and editors) or its coach records the outcome.

Counts are taken under the hackathon's row lock; e-mails leave after commit. A refusal is
a ``HackathonError`` naming the field or the rule (and the current state), with a code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons import jobs, selectors
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.suggest import Person, Slot, suggest_assignments
from connect_to_innovate.hackathons.tasks import (
    send_challenge_decision,
    send_signup_notice,
    send_team_notice,
)
from connect_to_innovate.models import (
    SPOKEN_LANGUAGES,
    ChallengeStatus,
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonStatus,
    HackathonTeam,
    SignupRole,
    SignupStatus,
    SkillTag,
)
from organisations.models import Organisation, SocialEconomyType
from socialtech.accounts.roles import is_programme_staff, require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

# The addresses under /connect/hackathons/ that are pages of the site, not hackathons.
RESERVED_SLUGS = frozenset({"mine"})

# The one table of the hackathon's states: from → the states it may move to.
TRANSITIONS: dict[str, frozenset[str]] = {
    HackathonStatus.DRAFT: frozenset({HackathonStatus.OPEN}),
    HackathonStatus.OPEN: frozenset({HackathonStatus.CLOSED}),
    HackathonStatus.CLOSED: frozenset({HackathonStatus.HELD}),
    HackathonStatus.HELD: frozenset({HackathonStatus.COMPLETED}),
    HackathonStatus.COMPLETED: frozenset(),
}
STAMPS: dict[str, str] = {
    HackathonStatus.OPEN: "opened_at",
    HackathonStatus.CLOSED: "closed_at",
    HackathonStatus.HELD: "held_at",
    HackathonStatus.COMPLETED: "completed_at",
}


def _lock(hackathon: Hackathon) -> Hackathon:
    return Hackathon.objects.select_for_update().get(pk=hackathon.pk)


def _full_clean(row: Any) -> None:
    """``row.full_clean()``, its first problem raised as a ``HackathonError`` on its field."""
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise HackathonError(
            " ".join(messages), "invalid", field=None if field == "__all__" else field
        ) from None


def _wrong_state(hackathon: Hackathon, doing: str) -> HackathonError:
    return HackathonError(
        _("The hackathon “%(title)s” is %(status)s: %(doing)s.")
        % {"title": hackathon.title, "status": hackathon.get_status_display(), "doing": doing},
        "wrong_state",
    )


def _tags(values: list[str] | None, *, field: str, allowed: Any, label: str) -> list[str]:
    """The chosen tags, without repeats, in the allowed order; refuses an unknown one."""
    chosen = [str(value).strip() for value in values or [] if str(value).strip()]
    unknown = sorted(set(chosen) - set(allowed))
    if unknown:
        raise HackathonError(
            _("%(label)s: “%(value)s” is not one of the choices.")
            % {"label": label, "value": unknown[0]},
            "unknown_choice",
            field=field,
        )
    return [value for value in allowed if value in chosen]


def _require_person(user: Any, doing: str) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Sign in to %(doing)s.") % {"doing": doing})


# --- The hackathon and its states ------------------------------------------------------


@transaction.atomic
def hackathon_save(
    *,
    by: Any,
    hackathon: Hackathon | None = None,
    slug: str,
    title: str,
    summary: str,
    description: str,
    place: str,
    is_online: bool,
    starts_at: datetime,
    ends_at: datetime,
    timezone_name: str,
    signup_closes_at: datetime,
    challenge_capacity: int,
    sparring_capacity: int,
) -> Hackathon:
    """Create a hackathon (a draft) or change one. More places for sparring partners give
    the new ones to the people waiting. Refuses anyone but the programme's staff, a slug
    reserved or used by another hackathon, naive times, capacities below the challenges
    accepted or the sparring partners confirmed, a completed hackathon, and what the table
    refuses (a place unless online, the end after the start, sign-up closing no later than
    the start, a known time zone; named by field)."""
    require_programme_staff(by)
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise HackathonError(
            _("Slug: “%(slug)s” is reserved for a page of the site; choose another.")
            % {"slug": slug},
            "slug_reserved",
            field="slug",
        )
    for field, moment in (
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("signup_closes_at", signup_closes_at),
    ):
        if moment is not None and timezone.is_naive(moment):
            label = capfirst(str(getattr(Hackathon._meta.get_field(field), "verbose_name", "")))
            raise HackathonError(
                _("%(field)s: give a time with its zone.") % {"field": label},
                "naive_time",
                field=field,
            )
    taken = Hackathon.objects.filter(slug=slug)
    if hackathon is not None:
        taken = taken.exclude(pk=hackathon.pk)
    if taken.exists():
        raise HackathonError(
            _("Slug: another hackathon already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    row = _lock(hackathon) if hackathon is not None else Hackathon(tenant=require_active_tenant())
    if hackathon is not None:
        if row.status == HackathonStatus.COMPLETED:
            raise _wrong_state(row, _("a completed hackathon is no longer changed"))
        accepted = selectors.accepted_count(row)
        if challenge_capacity is not None and challenge_capacity < accepted:
            raise HackathonError(
                _("Challenges: %(count)s are already accepted; give at least %(count)s.")
                % {"count": accepted},
                "capacity_below_accepted",
                field="challenge_capacity",
            )
        confirmed = selectors.confirmed_sparring_count(row)
        if sparring_capacity is not None and sparring_capacity < confirmed:
            raise HackathonError(
                _("Sparring partners: %(count)s hold a place; give at least %(count)s.")
                % {"count": confirmed},
                "capacity_below_confirmed",
                field="sparring_capacity",
            )
    row.slug = slug
    row.title = (title or "").strip()
    row.summary = (summary or "").strip()
    row.description = (description or "").strip()
    row.place = (place or "").strip()
    row.is_online = bool(is_online)
    row.starts_at = starts_at
    row.ends_at = ends_at
    row.timezone = (timezone_name or "").strip()
    row.signup_closes_at = signup_closes_at
    row.challenge_capacity = challenge_capacity
    row.sparring_capacity = sparring_capacity
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect.hackathon_changed" if hackathon is not None else "connect.hackathon_created",
        target=row,
        data={"slug": row.slug, "status": row.status},
    )
    if hackathon is not None and row.status == HackathonStatus.OPEN:
        _promote_waiting(row, by=by, now=timezone.now())
    return row


def _move(hackathon: Hackathon, *, by: Any, to: str) -> Hackathon:
    require_programme_staff(by)
    locked = _lock(hackathon)
    if to not in TRANSITIONS[locked.status]:
        raise HackathonError(
            _("The hackathon “%(title)s” is %(status)s; it cannot become %(target)s.")
            % {
                "title": locked.title,
                "status": locked.get_status_display(),
                "target": HackathonStatus(to).label,
            },
            "wrong_state",
        )
    return locked


def _stamp(locked: Hackathon, *, by: Any, to: str) -> Hackathon:
    was = locked.status
    locked.status = to
    setattr(locked, STAMPS[to], timezone.now())
    locked.save(update_fields=["status", STAMPS[to], "updated_at"])
    audit_log(actor=by, verb=f"connect.hackathon_{to}", target=locked, data={"from": was, "to": to})
    return locked


@transaction.atomic
def hackathon_open(*, hackathon: Hackathon, by: Any) -> Hackathon:
    """Open a draft for challenges and sign-ups: it shows under /connect/hackathons/.
    Refuses anyone but the programme's staff and a hackathon that is not a draft."""
    locked = _move(hackathon, by=by, to=HackathonStatus.OPEN)
    return _stamp(locked, by=by, to=HackathonStatus.OPEN)


@transaction.atomic
def hackathon_close(*, hackathon: Hackathon, by: Any) -> Hackathon:
    """Close the sign-up: no more challenges or sign-ups; staff form and publish the teams.
    Refuses anyone but the programme's staff and a hackathon that is not open."""
    locked = _move(hackathon, by=by, to=HackathonStatus.CLOSED)
    return _stamp(locked, by=by, to=HackathonStatus.CLOSED)


@transaction.atomic
def hackathon_hold(*, hackathon: Hackathon, by: Any) -> Hackathon:
    """Mark the hackathon as held: the teams may record their outcomes. Refuses anyone but
    the programme's staff, a hackathon that is not closed, and one whose teams are not
    published."""
    locked = _move(hackathon, by=by, to=HackathonStatus.HELD)
    if locked.teams_published_at is None:
        raise HackathonError(
            _("The teams of “%(title)s” are not published yet: publish them first.")
            % {"title": locked.title},
            "teams_not_published",
        )
    return _stamp(locked, by=by, to=HackathonStatus.HELD)


@transaction.atomic
def hackathon_complete(*, hackathon: Hackathon, by: Any) -> Hackathon:
    """Complete a held hackathon: its public page lists the teams' challenges and outcomes.
    Refuses anyone but the programme's staff, a hackathon that is not held, and one with a
    team that has not recorded its outcome (the teams are named)."""
    locked = _move(hackathon, by=by, to=HackathonStatus.COMPLETED)
    missing = list(
        HackathonTeam.objects.filter(hackathon=locked, outcome_recorded_at__isnull=True)
        .order_by("name")
        .values_list("name", flat=True)
    )
    if missing:
        raise HackathonError(
            _("These teams have not recorded their outcome yet: %(teams)s.")
            % {"teams": ", ".join(missing)},
            "outcomes_missing",
        )
    return _stamp(locked, by=by, to=HackathonStatus.COMPLETED)


# --- Challenges --------------------------------------------------------------------------


@transaction.atomic
def challenge_submit(
    *,
    hackathon: Hackathon,
    organisation: Organisation,
    by: Any,
    title: str,
    problem: str,
    help_wanted: str,
    skills_wanted: list[str],
    now: datetime | None = None,
) -> HackathonChallenge:
    """Bring ``organisation``'s challenge to ``hackathon`` (submitted, for staff to decide).
    Refuses anyone but an owner or editor of the organisation, an organisation outside the
    social economy, a hackathon that is not open or whose sign-up has closed (as of
    ``now``), a second challenge of the same organisation, unknown skills and empty
    fields."""
    _require_person(by, _("bring a challenge"))
    if not selectors.is_organisation_editor(by, organisation.pk):
        raise PermissionDenied(_("Only an owner or editor of the organisation may do this."))
    locked = _lock(hackathon)
    now = now or timezone.now()
    if locked.status != HackathonStatus.OPEN:
        raise _wrong_state(locked, _("challenges are not taken"))
    if locked.signup_closes_at <= now:
        raise HackathonError(
            _("Challenges for “%(title)s” closed at the time announced.") % {"title": locked.title},
            "signup_closed",
        )
    if organisation.social_economy_type == SocialEconomyType.NOT_SOCIAL_ECONOMY:
        raise HackathonError(
            _("Organisation: hackathon challenges come from the social economy."),
            "not_social_economy",
            field="organisation",
        )
    if HackathonChallenge.objects.filter(hackathon=locked, organisation=organisation).exists():
        raise HackathonError(
            _("Organisation: %(organisation)s has already brought a challenge to this hackathon.")
            % {"organisation": organisation.display_name},
            "challenge_exists",
            field="organisation",
        )
    row = HackathonChallenge(
        tenant=locked.tenant,
        hackathon=locked,
        organisation=organisation,
        submitted_by=by,
        title=(title or "").strip(),
        problem=(problem or "").strip(),
        help_wanted=(help_wanted or "").strip(),
        skills_wanted=_tags(
            skills_wanted,
            field="skills_wanted",
            allowed=SkillTag.values,
            label=_("Skills wanted"),
        ),
        created_at=now,
    )
    _full_clean(row)
    row.save()
    audit_log(
        actor=by,
        verb="connect.hackathon_challenge_submitted",
        target=row,
        data={"hackathon": locked.pk, "organisation": organisation.pk},
    )
    return row


def _decide(challenge: HackathonChallenge, *, by: Any) -> tuple[Hackathon, HackathonChallenge]:
    require_programme_staff(by)
    locked = _lock(challenge.hackathon)
    row = HackathonChallenge.objects.select_for_update().get(pk=challenge.pk)
    if locked.status not in selectors.FORMING:
        raise _wrong_state(locked, _("challenges are no longer decided"))
    if row.status != ChallengeStatus.SUBMITTED:
        raise HackathonError(
            _("The challenge “%(title)s” is %(status)s; only a submitted one is decided.")
            % {"title": row.title, "status": row.get_status_display()},
            "wrong_state",
        )
    return locked, row


def _decided(row: HackathonChallenge, *, by: Any, to: str) -> HackathonChallenge:
    row.status = to
    row.decided_at = timezone.now()
    row.save(update_fields=["status", "decided_at"])
    audit_log(actor=by, verb=f"connect.hackathon_challenge_{to}", target=row)
    enqueue_on_commit(send_challenge_decision, tenant_id=row.tenant_id, challenge_id=row.pk)
    return row


@transaction.atomic
def challenge_accept(*, challenge: HackathonChallenge, by: Any) -> HackathonChallenge:
    """Accept a submitted challenge; the enterprise is e-mailed. Refuses anyone but the
    programme's staff, a hackathon past forming its teams, a challenge already decided, and
    one beyond the hackathon's challenge capacity."""
    locked, row = _decide(challenge, by=by)
    if selectors.accepted_count(locked) >= locked.challenge_capacity:
        raise HackathonError(
            _("“%(title)s” takes %(capacity)s challenges and has accepted them all.")
            % {"title": locked.title, "capacity": locked.challenge_capacity},
            "challenges_full",
        )
    return _decided(row, by=by, to=ChallengeStatus.ACCEPTED)


@transaction.atomic
def challenge_decline(*, challenge: HackathonChallenge, by: Any) -> HackathonChallenge:
    """Decline a submitted challenge; the enterprise is e-mailed. Refuses anyone but the
    programme's staff, a hackathon past forming its teams and a challenge already decided."""
    _locked, row = _decide(challenge, by=by)
    return _decided(row, by=by, to=ChallengeStatus.DECLINED)


# --- Sign-ups of coaches and sparring partners ------------------------------------------


def _notify(signup: HackathonSignup, notice: str) -> None:
    enqueue_on_commit(
        send_signup_notice, tenant_id=signup.tenant_id, signup_id=signup.pk, notice=notice
    )


def _promote_waiting(hackathon: Hackathon, *, by: Any, now: datetime) -> list[HackathonSignup]:
    """Give the free places of the locked ``hackathon`` to the sparring partners waiting,
    first come first; each is e-mailed after commit."""
    promoted: list[HackathonSignup] = []
    while selectors.confirmed_sparring_count(hackathon) < hackathon.sparring_capacity:
        waiting = selectors.first_waiting(hackathon)
        if waiting is None:
            break
        waiting.status = SignupStatus.CONFIRMED
        waiting.position = None
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "position", "promoted_at"])
        audit_log(actor=by, verb="connect.hackathon_signup_promoted", target=waiting)
        _notify(waiting, jobs.PROMOTED)
        promoted.append(waiting)
    return promoted


@transaction.atomic
def signup_create(
    *,
    hackathon: Hackathon,
    user: Any,
    role: str,
    profession: str,
    skills: list[str],
    languages: list[str],
    bio: str,
    show_name: bool,
    now: datetime | None = None,
) -> HackathonSignup:
    """Sign ``user`` up as a coach or a sparring partner. A coach is confirmed; a sparring
    partner is confirmed while places remain, else put at the end of the waiting list. The
    person is e-mailed which after commit; a withdrawn sign-up is renewed. Refuses an
    anonymous person, a hackathon that is not open or whose sign-up has closed (as of
    ``now``), a second sign-up of the same person, an unknown role, skill or language, and
    an empty profession."""
    _require_person(user, _("sign up"))
    locked = _lock(hackathon)
    now = now or timezone.now()
    if locked.status != HackathonStatus.OPEN:
        raise _wrong_state(locked, _("sign-ups are not taken"))
    if locked.signup_closes_at <= now:
        raise HackathonError(
            _("Sign-up for “%(title)s” closed at the time announced.") % {"title": locked.title},
            "signup_closed",
        )
    existing = HackathonSignup.objects.filter(hackathon=locked, user=user).first()
    if existing is not None and existing.status != SignupStatus.WITHDRAWN:
        raise HackathonError(
            _("You have already signed up for “%(title)s” as %(role)s.")
            % {"title": locked.title, "role": existing.get_role_display()},
            "signup_exists",
        )
    if role not in SignupRole.values:
        raise HackathonError(
            _("Role: choose one of %(roles)s.")
            % {"roles": ", ".join(str(label) for label in SignupRole.labels)},
            "role_unknown",
            field="role",
        )
    has_place = (
        role == SignupRole.COACH
        or selectors.confirmed_sparring_count(locked) < locked.sparring_capacity
    )
    row = existing or HackathonSignup(tenant=locked.tenant, hackathon=locked, user=user)
    row.role = role
    row.profession = (profession or "").strip()
    row.skills = _tags(skills, field="skills", allowed=SkillTag.values, label=_("Skills"))
    row.languages = _tags(
        languages, field="languages", allowed=SPOKEN_LANGUAGES, label=_("Languages")
    )
    row.bio = (bio or "").strip()
    row.show_name = bool(show_name)
    row.status = SignupStatus.CONFIRMED if has_place else SignupStatus.WAITING
    row.position = None if has_place else selectors.next_waiting_position(locked)
    row.created_at = now
    row.promoted_at = None
    row.withdrawn_at = None
    row.team = None
    _full_clean(row)
    row.save()
    audit_log(
        actor=user,
        verb="connect.hackathon_signup_created",
        target=row,
        data={"role": row.role, "status": row.status, "position": row.position},
    )
    _notify(row, jobs.CONFIRMED if has_place else jobs.WAITING)
    return row


@transaction.atomic
def signup_withdraw(
    *, signup: HackathonSignup, by: Any, now: datetime | None = None
) -> HackathonSignup:
    """Withdraw a sign-up (by its person, or the programme's staff), leaving any team. A
    sparring partner's place goes to the first person waiting, who is e-mailed after
    commit. Withdrawing again changes nothing. Refuses anyone else and, for the person,
    a hackathon whose sign-up has closed (staff may still withdraw someone while the teams
    are being formed)."""
    if not (
        getattr(by, "is_authenticated", False)
        and (by.pk == signup.user_id or is_programme_staff(by))
    ):
        raise PermissionDenied(_("Only the person signed up or the programme's staff may do this."))
    locked = _lock(signup.hackathon)
    row = HackathonSignup.objects.select_for_update().get(pk=signup.pk)
    if row.status == SignupStatus.WITHDRAWN:
        return row
    now = now or timezone.now()
    if by.pk == row.user_id and not is_programme_staff(by):
        if not selectors.is_taking_part(locked, now):
            raise HackathonError(
                _("Sign-up for “%(title)s” has closed: your place stands; write to the staff.")
                % {"title": locked.title},
                "signup_closed",
            )
    elif locked.status not in selectors.FORMING:
        raise _wrong_state(locked, _("sign-ups are no longer withdrawn"))
    held_place = row.status == SignupStatus.CONFIRMED and row.role == SignupRole.SPARRING_PARTNER
    was = row.status
    row.status = SignupStatus.WITHDRAWN
    row.position = None
    row.team = None
    row.withdrawn_at = now
    row.save(update_fields=["status", "position", "team", "withdrawn_at"])
    audit_log(actor=by, verb="connect.hackathon_signup_withdrawn", target=row, data={"from": was})
    if held_place and locked.status == HackathonStatus.OPEN:
        _promote_waiting(locked, by=by, now=now)
    return row


# --- Teams -------------------------------------------------------------------------------


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
