"""The introductions' pages: the request from an entry's page, "My introductions", the
contact person's page where they answer, 404 for anyone else, and fixed query counts."""

from __future__ import annotations

from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acceleration.introductions import services
from acceleration.models import Introduction, IntroductionStatus
from tests.acceleration.factories_investors import (
    cohort_make,
    entry_make,
    introduction_make,
    participant_make,
)
from tests.conftest import HOST_A, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_tenant_a, alice, applicant):
    cohort = cohort_make()
    contact = UserFactory(email="marta@fund.example.org", full_name="Marta Ferri")
    return {
        "cohort": cohort,
        "participant": participant_make(
            cohort=cohort, owner=applicant, legal_name="Cooperativa Aurora"
        ),
        "other": participant_make(
            cohort=cohort,
            owner=UserFactory(email="other@example.org"),
            legal_name="Other Enterprise",
        ),
        "contact": contact,
        "entry": entry_make(alice, name="Fondo Sociale Nord", contact_user=contact),
    }


def test_a_participant_asks_from_the_entry_page(world, applicant):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        reverse("acceleration_introduction_request", args=[world["entry"].slug]),
        {
            "participant": world["participant"].pk,
            "reason": "We open two care homes.",
            "amount_sought": "200000",
        },
    )
    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "acceleration_introduction_detail", args=[introduction.pk]
    )
    assert introduction.amount_sought == Decimal("200000.00")


def test_a_duplicate_request_keeps_what_was_typed_and_names_the_rule(world, applicant):
    introduction_make(by=applicant, participant=world["participant"], entry=world["entry"])
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        reverse("acceleration_introduction_request", args=[world["entry"].slug]),
        {
            "participant": world["participant"].pk,
            "reason": "Typed again with care.",
            "amount_sought": "200000",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "already has an introduction" in body
    assert "Typed again with care." in body
    assert Introduction.objects.count() == 1


def test_another_organisations_participation_cannot_be_chosen(world, applicant):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    response = client.post(
        reverse("acceleration_introduction_request", args=[world["entry"].slug]),
        {"participant": world["other"].pk, "reason": "Sneaky.", "amount_sought": "1"},
    )
    assert response.status_code == 400
    assert not Introduction.objects.exists()


def test_my_introductions_lists_only_my_organisations(world, applicant):
    other_owner = UserFactory(email="someone@example.org")
    mine = introduction_make(by=applicant, participant=world["participant"], entry=world["entry"])
    participant = world["other"]
    from organisations.models import OrganisationMember

    OrganisationMember.objects.filter(organisation=participant.organisation).update(
        user=other_owner
    )
    theirs = introduction_make(by=other_owner, participant=participant, entry=world["entry"])
    body = (
        login(Client(HTTP_HOST=HOST_A), applicant)
        .get(reverse("acceleration_introduction_mine"))
        .content.decode()
    )
    assert f'data-introduction="{mine.pk}"' in body
    assert f'data-introduction="{theirs.pk}"' not in body


def test_another_organisations_introduction_is_404(world, applicant):
    stranger = UserFactory(email="stranger@example.org")
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["entry"]
    )
    url = reverse("acceleration_introduction_detail", args=[introduction.pk])
    assert login(Client(HTTP_HOST=HOST_A), stranger).get(url).status_code == 404
    assert login(Client(HTTP_HOST=HOST_A), applicant).get(url).status_code == 200


def test_a_member_cannot_answer_their_own_request(world, applicant):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["entry"]
    )
    url = reverse("acceleration_introduction_detail", args=[introduction.pk])
    response = login(Client(HTTP_HOST=HOST_A), applicant).post(url, {"to": "accepted"})
    assert response.status_code == 404
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.REQUESTED


def test_the_linked_contact_answers_and_records_the_investment_on_their_page(world, applicant):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["entry"]
    )
    client = login(Client(HTTP_HOST=HOST_A), world["contact"])
    received = client.get(reverse("acceleration_introduction_received")).content.decode()
    assert f'data-introduction="{introduction.pk}"' in received
    url = reverse("acceleration_introduction_detail", args=[introduction.pk])
    assert client.post(url, {"to": "accepted", "note": "Happy to meet."}).status_code == 302
    assert client.post(url, {"to": "meeting_held", "on": "2020-01-01"}).status_code == 400
    # The page reads dates on the viewer's clock, here their programme's.
    zone = ZoneInfo(introduction.tenant.default_timezone)
    today = timezone.localdate(introduction.requested_at, zone).isoformat()
    assert client.post(url, {"to": "meeting_held", "on": today}).status_code == 302
    refused = client.post(url, {"to": "investment_made", "on": today})
    assert refused.status_code == 400
    assert "give the amount in euros" in refused.content.decode()
    assert (
        client.post(url, {"to": "investment_made", "on": today, "amount": "90000.10"}).status_code
        == 302
    )
    introduction.refresh_from_db()
    assert introduction.status == IntroductionStatus.INVESTMENT_MADE
    assert introduction.investment_amount == Decimal("90000.10")
    page = client.get(url).content.decode()
    assert "EUR 90,000.10" in page


def test_my_introductions_costs_the_same_queries_with_many_rows(
    world, applicant, alice, django_assert_num_queries
):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    url = reverse("acceleration_introduction_mine")
    introduction_make(by=applicant, participant=world["participant"], entry=world["entry"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for number in range(25):
        entry = entry_make(alice, name=f"Fund {number}")
        introduction = introduction_make(
            by=applicant, participant=world["participant"], entry=entry
        )
        if number % 2:
            services.introduction_accept(introduction=introduction, by=alice)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Page 1 of 2" in response.content.decode()


def test_an_introduction_page_costs_a_fixed_number_of_queries(
    world, applicant, django_assert_max_num_queries
):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["entry"]
    )
    client = login(Client(HTTP_HOST=HOST_A), world["contact"])
    url = reverse("acceleration_introduction_detail", args=[introduction.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


def test_my_introductions_leads_to_the_cohorts_demo_day(world, applicant, alice):
    from tests.acceleration.factories_investors import demo_day_make

    demo_day = demo_day_make(alice, cohort=world["cohort"], title="Spring demo day")
    body = (
        login(Client(HTTP_HOST=HOST_A), applicant)
        .get(reverse("acceleration_introduction_mine"))
        .content.decode()
    )
    assert reverse("acceleration_demo_day_detail", args=[demo_day.slug]) in body
    assert "Your organisations have not asked for an introduction yet" in body


def test_the_entry_page_shows_the_introduction_under_way(world, applicant):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["entry"]
    )
    body = (
        login(Client(HTTP_HOST=HOST_A), applicant)
        .get(reverse("acceleration_investor_detail", args=[world["entry"].slug]))
        .content.decode()
    )
    assert reverse("acceleration_introduction_detail", args=[introduction.pk]) in body
    assert "Your introductions under way" in body


def test_the_received_list_and_an_entry_page_cost_the_same_queries_with_more_rows(
    world, applicant, alice, django_assert_num_queries
):
    contact_client = login(Client(HTTP_HOST=HOST_A), world["contact"])
    applicant_client = login(Client(HTTP_HOST=HOST_A), applicant)
    received = reverse("acceleration_introduction_received")
    entry_page = reverse("acceleration_investor_detail", args=[world["entry"].slug])
    introduction_make(by=applicant, participant=world["participant"], entry=world["entry"])
    contact_client.get(received)
    applicant_client.get(entry_page)
    with CaptureQueriesContext(connection) as received_few:
        contact_client.get(received)
    with CaptureQueriesContext(connection) as entry_few:
        applicant_client.get(entry_page)
    for number in range(6):
        participant = participant_make(
            cohort=world["cohort"], owner=applicant, legal_name=f"Applicant's venture {number}"
        )
        introduction_make(by=applicant, participant=participant, entry=world["entry"])
    with django_assert_num_queries(len(received_few.captured_queries)):
        assert "Applicant&#x27;s venture 5" in contact_client.get(received).content.decode()
    with django_assert_num_queries(len(entry_few.captured_queries)):
        assert "Applicant&#x27;s venture 5" in applicant_client.get(entry_page).content.decode()
