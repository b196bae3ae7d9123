"""Registration to events: seats then the waiting list in order, promotion when a seat
frees up (e-mailed once), refusals, no limit without a capacity, reminders once, and staff
cancelling an event."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dissemination.errors import DisseminationError
from dissemination.events import jobs, selectors, services
from dissemination.models import Event, Registration, RegistrationStatus
from socialtech.audit.models import AuditEvent
from tests.dissemination.factories import event_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def people(n: int) -> list[Any]:
    return [UserFactory(email=f"person{i}@example.org", full_name=f"Person {i}") for i in range(n)]


def test_registration_fills_the_seats_then_the_waiting_list_in_order(in_tenant_a, alice):
    event = event_make(alice, capacity=2)
    first, second, third, fourth = people(4)
    statuses = [
        services.event_register(event=event, user=u).status for u in (first, second, third, fourth)
    ]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    third_row = Registration.objects.get(event=event, user=third)
    fourth_row = Registration.objects.get(event=event, user=fourth)
    assert (selectors.waiting_place(third_row), selectors.waiting_place(fourth_row)) == (1, 2)
    assert selectors.seats_left(Event.objects.get(pk=event.pk)) == 0


def test_a_second_register_call_changes_nothing(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    event = event_make(alice, capacity=1)
    (person,) = people(1)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.event_register(event=event, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        again = services.event_register(event=event, user=person)
    assert again.pk == first.pk and again.status == "confirmed"
    assert Registration.objects.filter(event=event).count() == 1
    assert AuditEvent.objects.filter(verb="dissemination.registration_created").count() == 1
    assert len(mail.outbox) == 1
    assert "is confirmed" in mail.outbox[0].body


def test_cancelling_a_seat_promotes_the_first_waiting_person_and_mails_them_once(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    event = event_make(alice, capacity=1, title="Social procurement morning")
    holder, next_in_line, later = people(3)
    with django_capture_on_commit_callbacks(execute=True):
        seat = services.event_register(event=event, user=holder)
        services.event_register(event=event, user=next_in_line)
        services.event_register(event=event, user=later)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=seat, by=holder)
    promoted = Registration.objects.get(event=event, user=next_in_line)
    assert promoted.status == "confirmed" and promoted.promoted_at is not None
    assert promoted.position is None
    still_waiting = Registration.objects.get(event=event, user=later)
    assert still_waiting.status == "waiting" and selectors.waiting_place(still_waiting) == 1
    assert [message.to for message in mail.outbox] == [[next_in_line.email]]
    assert 'a seat at "Social procurement morning" has freed up' in mail.outbox[0].body
    # The task retried sends nothing more.
    assert jobs.registration_notice_send(registration_id=promoted.pk, notice=jobs.PROMOTED) == 0
    assert len(mail.outbox) == 1


def test_cancelling_a_waiting_place_promotes_nobody(in_tenant_a, alice):
    event = event_make(alice, capacity=1)
    holder, waiting, later = people(3)
    services.event_register(event=event, user=holder)
    place = services.event_register(event=event, user=waiting)
    services.event_register(event=event, user=later)
    services.registration_cancel(registration=place, by=waiting)
    assert Registration.objects.get(event=event, user=holder).status == "confirmed"
    assert Registration.objects.get(event=event, user=later).status == "waiting"
    assert Registration.objects.get(event=event, user=waiting).status == "cancelled"
    assert selectors.waiting_place(Registration.objects.get(event=event, user=later)) == 1
    assert AuditEvent.objects.filter(verb="dissemination.registration_promoted").count() == 0


def test_a_cancelled_person_registering_again_goes_to_the_end_of_the_list(in_tenant_a, alice):
    event = event_make(alice, capacity=1)
    holder, waiting = people(2)
    seat = services.event_register(event=event, user=holder)
    services.event_register(event=event, user=waiting)
    services.registration_cancel(registration=seat, by=holder)
    again = services.event_register(event=event, user=holder)
    assert again.pk == seat.pk and again.status == "waiting"


def test_without_capacity_everyone_gets_a_seat(in_tenant_a, alice):
    event = event_make(alice, capacity=None, format="online", location="")
    rows = [services.event_register(event=event, user=user) for user in people(5)]
    assert {row.status for row in rows} == {"confirmed"}
    assert selectors.seats_left(event) is None


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("draft", "not_published"),
        ("cancelled", "event_cancelled"),
        ("past", "event_started"),
        ("closed", "registration_closed"),
    ],
)
def test_registration_refusals_are_named(in_tenant_a, alice, setup, code):
    now = timezone.now()
    if setup == "draft":
        event = event_make(alice, published=False)
    elif setup == "cancelled":
        event = services.event_cancel(event=event_make(alice), by=alice)
    elif setup == "past":
        event = event_make(alice, starts_at=now - timedelta(days=2))
    else:
        event = event_make(alice, registration_closes_at=now - timedelta(minutes=1))
    with pytest.raises(DisseminationError) as refused:
        services.event_register(event=event, user=people(1)[0])
    assert refused.value.code == code
    assert event.title in refused.value.message or code == "registration_closed"
    assert not Registration.objects.filter(event=event).exists()


def test_an_anonymous_person_and_a_stranger_are_refused(in_tenant_a, alice):
    from django.contrib.auth.models import AnonymousUser

    event = event_make(alice)
    with pytest.raises(PermissionDenied):
        services.event_register(event=event, user=AnonymousUser())
    owner, stranger = people(2)
    registration = services.event_register(event=event, user=owner)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(registration=registration, by=stranger)


def test_event_rules_name_their_field(in_tenant_a, alice):
    with pytest.raises(DisseminationError) as refused:
        event_make(alice, format="on_site", location="")
    assert refused.value.field == "location"
    with pytest.raises(DisseminationError) as refused:
        event_make(alice, format="online", online_url="")
    assert refused.value.field == "online_url"
    with pytest.raises(DisseminationError) as refused:
        event_make(alice, capacity=0)
    assert refused.value.field == "capacity"
    with pytest.raises(DisseminationError) as refused:
        event_make(alice, slug="mine")
    assert refused.value.code == "slug_reserved"


def test_the_reminder_mails_each_confirmed_person_once(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    soon = event_make(alice, capacity=1, starts_at=timezone.now() + timedelta(hours=20))
    later = event_make(alice, capacity=5, starts_at=timezone.now() + timedelta(days=5))
    confirmed, waiting = people(2)
    services.event_register(event=soon, user=confirmed)
    services.event_register(event=soon, user=waiting)
    services.event_register(event=later, user=waiting)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reminded = jobs.reminders_send()
    assert reminded == [Registration.objects.get(event=soon, user=confirmed).pk]
    assert [message.to for message in mail.outbox] == [[confirmed.email]]
    assert "starts soon" in mail.outbox[0].subject
    assert "(Europe/Brussels)" in mail.outbox[0].body
    assert jobs.reminders_send() == []
    assert len(mail.outbox) == 1
    assert Registration.objects.get(event=soon, user=confirmed).reminded_at is not None


def test_an_event_moved_to_a_new_start_is_reminded_again(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    event = event_make(alice, capacity=3, starts_at=timezone.now() + timedelta(hours=20))
    (person,) = people(1)
    services.event_register(event=event, user=person)
    with django_capture_on_commit_callbacks(execute=True):
        jobs.reminders_send()
    assert Registration.objects.get(event=event, user=person).reminded_at is not None

    def save(starts_at):
        services.event_save(
            by=alice,
            event=event,
            slug=event.slug,
            title=event.title,
            description=event.description,
            format=event.format,
            location=event.location,
            online_url=event.online_url,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
            capacity=event.capacity,
            registration_closes_at=None,
        )

    save(event.starts_at)  # the same start: the reminder stands
    assert Registration.objects.get(event=event, user=person).reminded_at is not None
    save(event.starts_at + timedelta(hours=2))
    assert Registration.objects.get(event=event, user=person).reminded_at is None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        jobs.reminders_send()
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_cancelling_an_event_mails_everyone_registered_once(
    in_tenant_a, alice, django_capture_on_commit_callbacks
):
    event = event_make(alice, capacity=1)
    holder, waiting, gone = people(3)
    services.event_register(event=event, user=holder)
    services.event_register(event=event, user=waiting)
    services.registration_cancel(
        registration=services.event_register(event=event, user=gone), by=gone
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, by=alice)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([holder.email, waiting.email])
    assert all("is cancelled" in message.subject for message in mail.outbox)
    with pytest.raises(DisseminationError) as refused:
        services.event_cancel(event=event, by=alice)
    assert refused.value.code == "wrong_state"


def test_more_seats_promote_the_people_waiting(in_tenant_a, alice):
    event = event_make(alice, capacity=1)
    holder, waiting = people(2)
    services.event_register(event=event, user=holder)
    services.event_register(event=event, user=waiting)
    services.event_save(
        by=alice,
        event=event,
        slug=event.slug,
        title=event.title,
        description=event.description,
        format=event.format,
        location=event.location,
        online_url=event.online_url,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        capacity=2,
        registration_closes_at=None,
    )
    assert (
        Registration.objects.get(event=event, user=waiting).status == RegistrationStatus.CONFIRMED
    )
