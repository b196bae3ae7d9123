"""The back office of the directory, introductions and demo days: writes go through the
services, refusals are shown next to their fields and nothing typed is lost."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acceleration.models import DirectoryEntry, IntroductionStatus, PitchStatus
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.acceleration.factories_investors import (
    cohort_make,
    demo_day_make,
    entry_make,
    introduction_make,
    participant_make,
    pitch_make,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

ENTRY = {
    "kind": "investor",
    "name": "Fondo Etico Lombardo",
    "slug": "",
    "description": "Patient capital for social cooperatives.",
    "website": "https://fondo.example.org",
    "is_published": "on",
    "countries": ["IT", "CH"],
    "languages": ["it", "en"],
    "sectors": "care\ninclusion, housing",
    "instruments": ["equity", "debt"],
    "ticket_min": "50000",
    "ticket_max": "400000",
    "buys": "",
    "procedures": "",
    "contact_name": "Paola Neri",
    "contact_email": "paola@fondo.example.org",
    "contact_user": "",
}


def test_staff_add_an_entry_in_the_back_office(client: Client, tenant_a, alice):
    login(client, alice, mfa=True)
    response = client.post(reverse("admin:acceleration_directoryentry_add"), ENTRY)
    assert response.status_code == 302
    with tenant_context(tenant_a):
        entry = DirectoryEntry.objects.get()
        assert AuditEvent.objects.filter(verb="acceleration.directory_entry_created").exists()
    assert entry.sectors == ["care", "inclusion", "housing"]
    assert entry.countries == ["IT", "CH"]
    assert entry.ticket_max == Decimal("400000.00")


def test_a_refused_entry_is_shown_again_with_the_rule_on_its_field(client: Client, tenant_a, alice):
    login(client, alice, mfa=True)
    response = client.post(
        reverse("admin:acceleration_directoryentry_add"),
        {**ENTRY, "ticket_min": "900000", "ticket_max": "100000"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "the smallest must not exceed the largest" in body
    assert "Patient capital for social cooperatives." in body
    with tenant_context(tenant_a):
        assert not DirectoryEntry.objects.exists()


def test_staff_record_an_investment_on_an_introduction(client: Client, tenant_a, alice, applicant):
    with tenant_context(tenant_a):
        participant = participant_make(cohort=cohort_make(), owner=applicant)
        introduction = introduction_make(
            by=applicant, participant=participant, entry=entry_make(alice)
        )
    login(client, alice, mfa=True)
    url = reverse("admin:acceleration_introduction_change", args=[introduction.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"to": "accepted", "note": "Agreed."}).status_code == 302
    # The admin reads dates on the viewer's clock, here their programme's.
    zone = ZoneInfo(introduction.tenant.default_timezone)
    on = timezone.localdate(introduction.requested_at, zone).isoformat()
    assert client.post(url, {"to": "meeting_held", "on": on}).status_code == 302
    refused = client.post(url, {"to": "contract_won", "on": on, "amount": "5"})
    assert refused.status_code == 200
    assert (
        client.post(url, {"to": "investment_made", "on": on, "amount": "60000"}).status_code == 302
    )
    with tenant_context(tenant_a):
        introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.INVESTMENT_MADE
    assert introduction.investment_amount == Decimal("60000.00")


def test_staff_select_pitches_with_the_admin_action_up_to_the_slots(
    client: Client, tenant_a, alice
):
    from tests.factories import UserFactory

    with tenant_context(tenant_a):
        cohort = cohort_make()
        demo_day = demo_day_make(alice, cohort=cohort, slots=1)
        pitches = []
        for _ in range(2):
            owner = UserFactory()
            participant = participant_make(cohort=cohort, owner=owner)
            pitches.append(pitch_make(by=owner, demo_day=demo_day, participant=participant))
    login(client, alice, mfa=True)
    response = client.post(
        reverse("admin:acceleration_pitchapplication_changelist"),
        {"action": "select_pitches", "_selected_action": [pitch.pk for pitch in pitches]},
        follow=True,
    )
    assert "pitch slots" in response.content.decode()
    with tenant_context(tenant_a):
        statuses = sorted(
            type(pitches[0]).objects.filter(demo_day=demo_day).values_list("status", flat=True)
        )
    assert statuses == [PitchStatus.APPLIED, PitchStatus.SELECTED]
