"""Reads of events and registrations: the events upcoming first then past, one event for
its viewer, a person's registration and place on the waiting list, a person's
registrations. Each costs a fixed number of queries, however many rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from dissemination.models import Event, EventStatus, Registration, RegistrationStatus
from socialtech.accounts.roles import is_programme_staff

EVENTS_PAGE_SIZE = 10
REGISTRATIONS_PAGE_SIZE = 20
REMINDER_AHEAD = timedelta(hours=24)

CONFIRMED = Q(registrations__status=RegistrationStatus.CONFIRMED)
WAITING = Q(registrations__status=RegistrationStatus.WAITING)


def with_counts(events: QuerySet[Event]) -> QuerySet[Event]:
    """``events`` each with ``confirmed_count`` and ``waiting_count``."""
    return events.annotate(
        confirmed_count=Count("registrations", filter=CONFIRMED),
        waiting_count=Count("registrations", filter=WAITING),
    )


def public_events(now: datetime | None = None) -> QuerySet[Event]:
    """The published (and cancelled) events of the active programme: those not yet over
    first, soonest first, then the past ones, latest first; each with its counts."""
    now = now or timezone.now()
    is_past = Case(When(ends_at__lt=now, then=Value(1)), default=Value(0))
    events = Event.objects.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    return (
        with_counts(events)
        .annotate(
            is_past=is_past,
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


def event_for_viewer(*, user: Any, slug: str) -> Event:
    """The event called ``slug`` with its counts: published or cancelled for everyone, a
    draft too for the programme's staff (their preview). ``Event.DoesNotExist`` otherwise."""
    events = Event.objects.all()
    if not is_programme_staff(user):
        events = events.filter(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    return with_counts(events).get(slug=slug)


def seats_left(event: Event) -> int | None:
    """Seats still free (``None``: no limit); reads the annotated count when there is one."""
    if event.capacity is None:
        return None
    confirmed = getattr(event, "confirmed_count", None)
    if confirmed is None:
        confirmed = event.registrations.filter(status=RegistrationStatus.CONFIRMED).count()
    return max(0, event.capacity - int(confirmed))


def registration_of(*, event: Event, user: Any) -> Registration | None:
    """``user``'s registration to ``event`` (in any state), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(event=event, user=user).first()


def waiting_place(registration: Registration) -> int | None:
    """``registration``'s place on the waiting list (1 is next), ``None`` when not waiting."""
    if registration.status != RegistrationStatus.WAITING or registration.position is None:
        return None
    ahead = Registration.objects.filter(
        event_id=registration.event_id,
        status=RegistrationStatus.WAITING,
        position__lt=registration.position,
    ).count()
    return ahead + 1


def registration_for_notice(registration_id: int) -> Registration | None:
    """The registration with its event, programme and person, for an e-mail."""
    return (
        Registration.objects.select_related("event", "event__tenant", "user")
        .filter(pk=registration_id)
        .first()
    )


def first_waiting(event: Event) -> Registration | None:
    """The next person on ``event``'s waiting list."""
    return (
        Registration.objects.filter(event=event, status=RegistrationStatus.WAITING)
        .order_by("position", "pk")
        .first()
    )


def next_waiting_position(event: Event) -> int:
    """The position a newcomer to ``event``'s waiting list takes: after everyone so far."""
    last = (
        Registration.objects.filter(event=event, position__isnull=False)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    return int(last or 0) + 1


@dataclass(frozen=True)
class MyRegistration:
    registration: Registration
    event: Event
    waiting_place: int | None


def my_registrations(user: Any) -> QuerySet[Registration]:
    """``user``'s registrations in the active programme, the events still to come first."""
    now = timezone.now()
    return (
        Registration.objects.filter(user=user)
        .exclude(event__status=EventStatus.DRAFT)
        .select_related("event")
        .annotate(
            is_past=Case(
                When(event__ends_at__lt=now, then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            waiting_ahead=Count(
                "event__registrations",
                filter=Q(
                    event__registrations__status=RegistrationStatus.WAITING,
                    event__registrations__position__lt=F("position"),
                ),
            ),
        )
        .order_by("is_past", "event__starts_at", "pk")
    )


def registrations_of_event(event: Event) -> QuerySet[Registration]:
    """``event``'s registrations for the back office: confirmed, then waiting in order, then
    cancelled."""
    order = Case(
        When(status=RegistrationStatus.CONFIRMED, then=Value(0)),
        When(status=RegistrationStatus.WAITING, then=Value(1)),
        default=Value(2),
    )
    return (
        Registration.objects.filter(event=event)
        .select_related("user")
        .annotate(status_order=order)
        .order_by("status_order", "position", "created_at", "pk")
    )


def active_registrations(event: Event) -> QuerySet[Registration]:
    """``event``'s confirmed and waiting registrations."""
    return Registration.objects.filter(
        event=event, status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING]
    ).order_by("pk")


def reminder_due_ids(now: datetime) -> list[int]:
    """Confirmed registrations not yet reminded, of published events starting within the
    next 24 hours."""
    return list(
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_AHEAD,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
