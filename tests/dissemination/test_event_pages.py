"""The event pages: the list (upcoming first, then past; seats left; the zone named), an
event's page with the viewer's status and place, the buttons, the iCalendar file, My
registrations, and the lists' query counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dissemination.events import services
from dissemination.models import Event, Registration
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.dissemination.factories import event_make
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EVENTS = "/events/"


def test_the_list_shows_upcoming_events_first_then_past_ones(client: Client, tenant_a, alice):
    now = timezone.now()
    with tenant_context(tenant_a):
        event_make(alice, title="Past meeting", starts_at=now - timedelta(days=30))
        event_make(alice, title="Later webinar", starts_at=now + timedelta(days=20))
        event_make(alice, title="Sooner workshop", starts_at=now + timedelta(days=3))
        event_make(alice, title="Draft event", published=False)
    page = client.get(EVENTS).content.decode()
    assert page.index("Sooner workshop") < page.index("Later webinar") < page.index("Past meeting")
    assert "Draft event" not in page
    assert "(Europe/Brussels)" in page and "data-past" in page


def test_the_empty_list_says_so(client: Client, tenant_a):
    assert "data-empty" in client.get(EVENTS).content.decode()


def test_the_event_page_shows_time_in_the_programmes_zone_and_seats_left(
    client: Client, tenant_a, alice
):
    with tenant_context(tenant_a):
        event = event_make(
            alice,
            title="Cluster day",
            capacity=3,
            starts_at=datetime(2099, 1, 15, 9, 0, tzinfo=UTC),
        )
        services.event_register(event=event, user=UserFactory())
    page = client.get(f"{EVENTS}{event.slug}/").content.decode()
    assert "10:00 (Europe/Brussels)" in page
    assert "2 of 3 seats left" in page
    assert "data-sign-in" in page
    assert "meet.example.org" not in page


def test_a_person_registers_through_the_page_and_sees_their_waiting_place(tenant_a, alice):
    with tenant_context(tenant_a):
        event = event_make(alice, capacity=1)
        services.event_register(event=event, user=UserFactory())
    person = UserFactory(email="waiting@example.org")
    client = login(Client(), person)
    response = client.post(f"{EVENTS}{event.slug}/register/", follow=True)
    page = response.content.decode()
    assert 'data-registration-status="waiting"' in page
    assert "place 1 on the waiting list" in page
    assert "0 of 1 seats left" in page and "1 person waiting" in page
    with tenant_context(tenant_a):
        assert Registration.objects.get(event=event, user=person).status == "waiting"
    mine = client.get(f"{EVENTS}mine/").content.decode()
    assert event.title in mine and 'data-status="waiting"' in mine and "place 1" in mine


def test_a_person_with_a_seat_sees_the_online_link_and_can_cancel(tenant_a, alice):
    with tenant_context(tenant_a):
        event = event_make(alice, capacity=5, format="hybrid")
    person = UserFactory()
    client = login(Client(), person)
    page = client.post(f"{EVENTS}{event.slug}/register/", follow=True).content.decode()
    assert 'data-registration-status="confirmed"' in page
    assert "https://meet.example.org/socialtech" in page
    page = client.post(f"{EVENTS}{event.slug}/cancel/", follow=True).content.decode()
    assert "Your registration is cancelled." in page and "data-register" in page


def test_a_refused_registration_is_a_message_not_an_error(tenant_a, alice):
    with tenant_context(tenant_a):
        event = event_make(alice, registration_closes_at=timezone.now() + timedelta(seconds=1))
    client = login(Client(), UserFactory())
    # Registration closes; the page says so and the button is gone.
    with tenant_context(tenant_a):
        Event.objects.filter(pk=event.pk).update(
            registration_closes_at=timezone.now() - timedelta(minutes=1)
        )
    response = client.post(f"{EVENTS}{event.slug}/register/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "closed at the time announced" in page and "data-closed" in page


def test_anonymous_posts_go_to_sign_in(client: Client, tenant_a, alice):
    with tenant_context(tenant_a):
        event = event_make(alice)
    response = client.post(f"{EVENTS}{event.slug}/register/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_ics_file(client: Client, tenant_a, alice):
    with tenant_context(tenant_a):
        event = event_make(
            alice,
            title="Cluster day, Brussels; 2099",
            starts_at=datetime(2099, 1, 15, 9, 0, tzinfo=UTC),
            hours=3,
        )
    response = client.get(f"{EVENTS}{event.slug}/event.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode()
    lines = text.replace("\r\n ", "").split("\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "DTSTART:20990115T090000Z" in lines and "DTEND:20990115T120000Z" in lines
    assert "SUMMARY:Cluster day\\, Brussels\\; 2099" in lines
    assert "LOCATION:Impact Hub\\, Rue de la Loi 42\\, Brussels" in lines
    assert f"URL:http://testserver/events/{event.slug}/" in lines
    assert "DESCRIPTION:A morning on social procurement." in lines


def test_my_registrations_needs_sign_in_and_shows_the_empty_state(client: Client, tenant_a):
    assert client.get(f"{EVENTS}mine/").status_code == 302
    page = login(Client(), UserFactory()).get(f"{EVENTS}mine/").content.decode()
    assert "data-empty" in page


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_lists_read_a_constant_number_of_queries(tenant_a, alice):
    person = UserFactory()
    client = login(Client(), person)

    def add(n: int) -> None:
        with tenant_context(tenant_a):
            for _ in range(n):
                event = event_make(alice, capacity=1)
                services.event_register(event=event, user=person)
                services.event_register(event=event, user=UserFactory())

    add(1)
    _count(client, EVENTS)
    _count(client, f"{EVENTS}mine/")
    few = (_count(client, EVENTS), _count(client, f"{EVENTS}mine/"))
    add(8)
    assert (_count(client, EVENTS), _count(client, f"{EVENTS}mine/")) == few


def test_the_event_page_reads_a_constant_number_of_queries(tenant_a, alice):
    person = UserFactory()
    client = login(Client(), person)
    with tenant_context(tenant_a):
        event = event_make(alice, capacity=2)
        services.event_register(event=event, user=person)
    url = f"{EVENTS}{event.slug}/"
    _count(client, url)
    few = _count(client, url)
    with tenant_context(tenant_a):
        for _ in range(6):
            services.event_register(event=event, user=UserFactory())
    assert _count(client, url) == few
