"""Coaches' and sparring partners' sign-ups, the waiting list and withdrawals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons import jobs, selectors
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.services.common import (
    _full_clean,
    _lock,
    _require_person,
    _tags,
    _wrong_state,
)
from connect_to_innovate.hackathons.tasks import (
    send_signup_notice,
)
from connect_to_innovate.models import (
    SPOKEN_LANGUAGES,
    Hackathon,
    HackathonSignup,
    HackathonStatus,
    SignupRole,
    SignupStatus,
    SkillTag,
)
from socialtech.accounts.roles import is_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


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
