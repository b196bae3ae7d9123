"""The directory: staff write it through the services (refusals name the field), the public
reads the published entries without any contact data, with filters, paginated, in a fixed
number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from acceleration.errors import AccelerationError
from acceleration.investors import services
from socialtech.audit.models import AuditEvent
from tests.acceleration.factories_investors import (
    cohort_make,
    entry_make,
    participant_make,
)
from tests.conftest import HOST_A, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(in_tenant_a, alice):
    return {
        "fund": entry_make(
            alice,
            name="Nordic Impact Capital",
            countries=["SE", "DK"],
            instruments=["equity"],
            sectors=["circular economy"],
            contact_email="anna@nordic.example.org",
            contact_name="Anna Lind",
        ),
        "crowd": entry_make(
            alice,
            kind="crowdfunding",
            name="Folkfund",
            countries=["DE"],
            instruments=["crowdfunding"],
            ticket_min=Decimal("10000"),
            ticket_max=Decimal("250000"),
        ),
        "city": entry_make(
            alice, kind="procurer", name="Città di Torino Procurement", countries=["IT"]
        ),
        "hidden": entry_make(alice, name="Secret Angels", published=False),
    }


def test_staff_create_an_entry_and_it_is_audited(in_tenant_a, alice):
    entry = entry_make(alice, name="Fondo Etico", countries=["it", "fr"], languages=["IT"])
    assert entry.slug == "fondo-etico"
    assert entry.countries == ["IT", "FR"]
    assert entry.languages == ["it"]
    assert entry.ticket_min == Decimal("50000.00")
    assert AuditEvent.objects.filter(verb="acceleration.directory_entry_created").count() == 1


def test_only_staff_write_the_directory(in_tenant_a, applicant):
    with pytest.raises(PermissionDenied):
        entry_make(applicant)


def test_a_smallest_ticket_above_the_largest_is_refused_on_its_field(in_tenant_a, alice):
    with pytest.raises(AccelerationError) as refused:
        entry_make(alice, ticket_min=Decimal("900000"), ticket_max=Decimal("100000"))
    assert refused.value.field == "ticket_min"
    assert refused.value.code == "ticket_range"


def test_a_procurer_has_no_ticket_but_what_it_buys(in_tenant_a, alice):
    with pytest.raises(AccelerationError) as refused:
        entry_make(alice, kind="procurer", ticket_min=Decimal("1000"))
    assert refused.value.code == "procurer_ticket"
    with pytest.raises(AccelerationError) as refused:
        entry_make(alice, kind="procurer", buys="")
    assert refused.value.field == "buys"
    with pytest.raises(AccelerationError) as refused:
        entry_make(alice, buys="Care services")
    assert refused.value.code == "investor_buys"


def test_unknown_codes_are_refused_naming_the_field(in_tenant_a, alice):
    for changes, field in (
        ({"countries": ["XX"]}, "countries"),
        ({"languages": ["zz"]}, "languages"),
        ({"instruments": ["tulips"]}, "instruments"),
        ({"kind": "bank"}, "kind"),
    ):
        with pytest.raises(AccelerationError) as refused:
            entry_make(alice, **changes)
        assert refused.value.field == field


def test_publish_and_unpublish(in_tenant_a, alice):
    entry = entry_make(alice, published=False)
    assert services.entry_publish(entry=entry, by=alice).is_published
    assert not services.entry_unpublish(entry=entry, by=alice).is_published


def test_the_public_directory_lists_published_entries_without_contacts(directory, tenant_a):
    page = Client(HTTP_HOST=HOST_A).get(reverse("acceleration_investor_directory"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Nordic Impact Capital" in body
    assert "Folkfund" in body
    assert "Secret Angels" not in body
    assert "anna@nordic.example.org" not in body
    assert "Anna Lind" not in body
    assert "EUR 10,000.00" in body


def test_an_entry_page_hides_the_contact_from_the_public_and_shows_it_to_staff(directory, alice):
    url = reverse("acceleration_investor_detail", args=[directory["fund"].slug])
    public = Client(HTTP_HOST=HOST_A).get(url).content.decode()
    assert "Nordic Impact Capital" in public
    assert "anna@nordic.example.org" not in public
    staff = login(Client(HTTP_HOST=HOST_A), alice).get(url).content.decode()
    assert "anna@nordic.example.org" in staff


def test_an_unpublished_entry_is_404_for_the_public(directory):
    url = reverse("acceleration_investor_detail", args=[directory["hidden"].slug])
    assert Client(HTTP_HOST=HOST_A).get(url).status_code == 404


@pytest.mark.parametrize(
    ("query", "shown", "absent"),
    [
        ({"kind": "procurer"}, "Città di Torino", "Folkfund"),
        ({"country": "SE"}, "Nordic Impact", "Folkfund"),
        ({"instrument": "crowdfunding"}, "Folkfund", "Nordic Impact"),
        ({"q": "circular"}, "Nordic Impact", "Città di Torino"),
    ],
)
def test_the_directory_filters(directory, query, shown, absent):
    page = Client(HTTP_HOST=HOST_A).get(reverse("acceleration_investor_directory"), query)
    body = page.content.decode()
    assert page.status_code == 200
    assert shown in body
    assert absent not in body


def test_a_bad_filter_is_a_400_naming_it(directory):
    page = Client(HTTP_HOST=HOST_A).get(
        reverse("acceleration_investor_directory"), {"kind": "bank"}
    )
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()


def test_the_empty_directory_says_so(in_tenant_a):
    page = Client(HTTP_HOST=HOST_A).get(reverse("acceleration_investor_directory"))
    assert "The directory is empty for now" in page.content.decode()


def test_a_participant_sees_the_request_form_on_an_entry(directory, applicant):
    participant_make(cohort=cohort_make(), owner=applicant, legal_name="Cooperativa Aurora")
    url = reverse("acceleration_investor_detail", args=[directory["fund"].slug])
    body = login(Client(HTTP_HOST=HOST_A), applicant).get(url).content.decode()
    assert "Ask for an introduction" in body
    assert "Cooperativa Aurora" in body


def test_the_directory_costs_the_same_queries_with_many_entries(
    directory, alice, django_assert_num_queries
):
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("acceleration_investor_directory")
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"country": "DE"})
    for number in range(25):
        entry_make(alice, name=f"Extra Fund {number}", countries=["DE"])
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(url, {"country": "DE"})
    assert page.status_code == 200
    assert "Page 1 of 2" in page.content.decode()
