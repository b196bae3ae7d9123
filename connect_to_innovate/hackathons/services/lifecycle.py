"""A hackathon written by staff and moved through its states, one service per step."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from connect_to_innovate.hackathons import selectors
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.hackathons.services.common import (
    RESERVED_SLUGS,
    STAMPS,
    TRANSITIONS,
    _full_clean,
    _lock,
    _wrong_state,
)
from connect_to_innovate.hackathons.services.signups import _promote_waiting
from connect_to_innovate.models import (
    Hackathon,
    HackathonStatus,
    HackathonTeam,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant


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
