"""Writes on events and registrations.

Staff write an event, publish it and may cancel it (its registrants are told). A signed-in
person registers: a seat while any remain, else a place at the end of the waiting list;
cancelling a seat gives it to the first person waiting. Every count is taken under the
event's row lock, so two people cannot take the last seat; e-mails leave after commit.

Each service checks the person, validates, saves and writes its audit row; a refusal is a
``DisseminationError`` naming the field or the rule, with a stable code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from dissemination.errors import DisseminationError
from dissemination.events import jobs, selectors
from dissemination.events.tasks import send_registration_notice
from dissemination.models import (
    Event,
    EventFormat,
    EventStatus,
    Registration,
    RegistrationStatus,
)
from dissemination.text import full_clean_on_field, sanitise_html
from socialtech.accounts.roles import is_programme_staff, require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

# The addresses under /events/ that are pages of the site, not events.
RESERVED_SLUGS = frozenset({"mine"})


def _notify(registration: Registration, notice: str) -> None:
    enqueue_on_commit(
        send_registration_notice,
        tenant_id=registration.tenant_id,
        registration_id=registration.pk,
        notice=notice,
    )


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count()


def _promote_waiting(event: Event, *, by: Any, now: datetime) -> list[Registration]:
    """Give the free seats of the locked ``event`` to the people waiting, first come first;
    each promoted person is e-mailed after commit."""
    promoted: list[Registration] = []
    while event.capacity is None or _confirmed_count(event) < event.capacity:
        waiting = selectors.first_waiting(event)
        if waiting is None:
            break
        waiting.status = RegistrationStatus.CONFIRMED
        waiting.position = None
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "position", "promoted_at"])
        audit_log(
            actor=by,
            verb="dissemination.registration_promoted",
            target=waiting,
            data={"event": event.pk, "user": waiting.user_id},
        )
        _notify(waiting, jobs.PROMOTED)
        promoted.append(waiting)
    return promoted


@transaction.atomic
def event_save(
    *,
    by: Any,
    event: Event | None = None,
    slug: str,
    title: str,
    description: str,
    format: str,
    location: str,
    online_url: str,
    starts_at: datetime,
    ends_at: datetime,
    capacity: int | None,
    registration_closes_at: datetime | None,
) -> Event:
    """Create an event (a draft) or change one; its description is kept as sanitised HTML.
    More seats give the new ones to the people waiting; a new start time has the
    registrants reminded again before it. Refuses anyone but the programme's
    staff, a slug reserved or used by another event, an unknown format, naive times, a
    capacity below the seats already taken, and what the table refuses (a location on
    site, a link online, the end after the start; named by field)."""
    require_programme_staff(by)
    slug = (slug or "").strip().lower()
    if slug in RESERVED_SLUGS:
        raise DisseminationError(
            _("Slug: “%(slug)s” is reserved for a page of the site; choose another.")
            % {"slug": slug},
            "slug_reserved",
            field="slug",
        )
    if format not in EventFormat.values:
        raise DisseminationError(
            _("Format: choose one of %(formats)s.")
            % {"formats": ", ".join(str(label) for label in EventFormat.labels)},
            "format_unknown",
            field="format",
        )
    for field, moment in (
        ("starts_at", starts_at),
        ("ends_at", ends_at),
        ("registration_closes_at", registration_closes_at),
    ):
        if moment is not None and timezone.is_naive(moment):
            raise DisseminationError(
                _("%(field)s: give a time with its zone.")
                % {
                    "field": capfirst(
                        str(getattr(Event._meta.get_field(field), "verbose_name", field))
                    )
                },
                "naive_time",
                field=field,
            )
    taken = Event.objects.filter(slug=slug)
    if event is not None:
        taken = taken.exclude(pk=event.pk)
    if taken.exists():
        raise DisseminationError(
            _("Slug: another event already has the address “%(slug)s”.") % {"slug": slug},
            "slug_taken",
            field="slug",
        )
    row = _lock(event) if event is not None else Event(tenant=require_active_tenant())
    if capacity is not None and event is not None:
        seated = _confirmed_count(row)
        if capacity < seated:
            raise DisseminationError(
                _("Capacity: %(seated)s people already hold a seat; give at least %(seated)s.")
                % {"seated": seated},
                "capacity_below_seated",
                field="capacity",
            )
    before = {"slug": row.slug, "capacity": row.capacity} if event is not None else {}
    moved = event is not None and row.starts_at != starts_at
    row.slug = slug
    row.title = (title or "").strip()
    row.description = sanitise_html(description)
    row.format = format
    row.location = (location or "").strip()
    row.online_url = (online_url or "").strip()
    row.starts_at = starts_at
    row.ends_at = ends_at
    row.capacity = capacity
    row.registration_closes_at = registration_closes_at
    full_clean_on_field(row)
    row.save()
    if moved:
        # A new start: the registrants are reminded again before it.
        Registration.objects.filter(event=row, reminded_at__isnull=False).update(reminded_at=None)
    audit_log(
        actor=by,
        verb="dissemination.event_changed" if event is not None else "dissemination.event_created",
        target=row,
        data={"before": before, "slug": row.slug, "capacity": row.capacity},
    )
    if event is not None and row.status == EventStatus.PUBLISHED:
        _promote_waiting(row, by=by, now=timezone.now())
    return row


@transaction.atomic
def event_publish(*, event: Event, by: Any) -> Event:
    """Publish a draft event: it shows under /events/ and people may register. Refuses
    anyone but the programme's staff and an event that is not a draft."""
    require_programme_staff(by)
    locked = _lock(event)
    if locked.status != EventStatus.DRAFT:
        raise DisseminationError(
            _("The event “%(title)s” is %(status)s; only a draft can be published.")
            % {"title": locked.title, "status": locked.get_status_display()},
            "wrong_state",
        )
    locked.status = EventStatus.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="dissemination.event_published", target=locked)
    return locked


@transaction.atomic
def event_cancel(*, event: Event, by: Any) -> Event:
    """Cancel a published event: it stays listed, marked cancelled; registration stops and
    every person registered or waiting is e-mailed once after commit. Refuses anyone but
    the programme's staff, an event not published, and one already over."""
    require_programme_staff(by)
    locked = _lock(event)
    if locked.status != EventStatus.PUBLISHED:
        raise DisseminationError(
            _("The event “%(title)s” is %(status)s; only a published event can be cancelled.")
            % {"title": locked.title, "status": locked.get_status_display()},
            "wrong_state",
        )
    now = timezone.now()
    if locked.ends_at <= now:
        raise DisseminationError(
            _("The event “%(title)s” is over; it can no longer be cancelled.")
            % {"title": locked.title},
            "event_over",
        )
    locked.status = EventStatus.CANCELLED
    locked.cancelled_at = now
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    registrations = list(selectors.active_registrations(locked))
    audit_log(
        actor=by,
        verb="dissemination.event_cancelled",
        target=locked,
        data={"registrations": len(registrations)},
    )
    for registration in registrations:
        _notify(registration, jobs.EVENT_CANCELLED)
    return locked


def _require_open(event: Event, now: datetime) -> None:
    if event.status == EventStatus.CANCELLED:
        raise DisseminationError(
            _("The event “%(title)s” is cancelled: registration is closed.")
            % {"title": event.title},
            "event_cancelled",
        )
    if event.status != EventStatus.PUBLISHED:
        raise DisseminationError(
            _("The event “%(title)s” is not published: registration is not open.")
            % {"title": event.title},
            "not_published",
        )
    if event.starts_at <= now:
        raise DisseminationError(
            _("The event “%(title)s” has already started: registration is closed.")
            % {"title": event.title},
            "event_started",
        )
    if event.registration_closes_at is not None and event.registration_closes_at <= now:
        raise DisseminationError(
            _("Registration for “%(title)s” closed at the time announced.")
            % {"title": event.title},
            "registration_closed",
        )


@transaction.atomic
def event_register(*, event: Event, user: Any) -> Registration:
    """Register the signed-in ``user`` for ``event``: a seat while any remain (or always,
    with no capacity), else the next place on the waiting list; the person is e-mailed
    which after commit. Registering again changes nothing and answers the same
    registration; a cancelled registration is renewed. Taken under the event's row lock,
    so two people never get the last seat. Refuses an anonymous person, and an event that
    is not published, cancelled, started, or whose registration has closed."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise PermissionDenied(_("Sign in to register for an event."))
    locked = _lock(event)
    existing = Registration.objects.filter(event=locked, user=user).first()
    if existing is not None and existing.status != RegistrationStatus.CANCELLED:
        return existing
    now = timezone.now()
    _require_open(locked, now)
    has_seat = locked.capacity is None or _confirmed_count(locked) < locked.capacity
    row = existing if existing is not None else Registration(tenant=locked.tenant, event=locked)
    row.user = user
    row.status = RegistrationStatus.CONFIRMED if has_seat else RegistrationStatus.WAITING
    row.position = None if has_seat else selectors.next_waiting_position(locked)
    row.created_at = now
    row.cancelled_at = None
    row.promoted_at = None
    row.reminded_at = None
    row.save()
    audit_log(
        actor=user,
        verb="dissemination.registration_created",
        target=row,
        data={"event": locked.pk, "status": row.status, "position": row.position},
    )
    _notify(row, jobs.CONFIRMED if has_seat else jobs.WAITING)
    return row


@transaction.atomic
def registration_cancel(*, registration: Registration, by: Any) -> Registration:
    """Cancel a registration (by its person or the programme's staff). A seat it held goes
    to the first person waiting, in the same transaction, who is e-mailed after commit; a
    place on the waiting list frees nobody's seat. Cancelling again changes nothing.
    Refuses anyone else, and an event that has already started."""
    if not (
        getattr(by, "is_authenticated", False)
        and (by.pk == registration.user_id or is_programme_staff(by))
    ):
        raise PermissionDenied(
            _("Only the registered person or the programme's staff may do this.")
        )
    locked_event = _lock(registration.event)
    row = Registration.objects.select_for_update().get(pk=registration.pk)
    if row.status == RegistrationStatus.CANCELLED:
        return row
    now = timezone.now()
    if locked_event.starts_at <= now:
        raise DisseminationError(
            _("The event “%(title)s” has already started: the registration stands.")
            % {"title": locked_event.title},
            "event_started",
        )
    held_seat = row.status == RegistrationStatus.CONFIRMED
    was = row.status
    row.status = RegistrationStatus.CANCELLED
    row.position = None
    row.cancelled_at = now
    row.save(update_fields=["status", "position", "cancelled_at"])
    audit_log(
        actor=by,
        verb="dissemination.registration_cancelled",
        target=row,
        data={"event": locked_event.pk, "from": was},
    )
    if held_seat and locked_event.status == EventStatus.PUBLISHED:
        _promote_waiting(locked_event, by=by, now=now)
    return row
