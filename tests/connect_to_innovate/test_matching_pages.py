"""Matches on the challenge and offer pages: best first with reasons, for the owners and
staff only, paginated at a fixed number of queries."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_c2i import challenge_make, offer_make, person

pytestmark = pytest.mark.django_db


def test_the_known_best_offer_ranks_first_with_its_reasons(tenant_a, sara, sara_org, alice):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer_make(
            person("weak"),
            staff=alice,
            title="Weak offer",
            technologies=["sensors"],
            sectors=["food"],
            countries=["DE"],
            languages=["de"],
        )
        offer_make(
            person("best"),
            staff=alice,
            title="Best offer",
            technologies=["telecare", "sensors", "rural"],
            sectors=["care_health"],
            countries=["IT"],
            languages=["it"],
        )
        offer_make(
            person("none"),
            staff=alice,
            title="Unrelated offer",
            technologies=["blockchain"],
            sectors=["waste"],
            countries=["SE"],
            languages=["sv"],
        )
        offer_make(person("hidden"), title="Unpublished offer")
    page = (
        login(Client(), sara)
        .get(reverse("c2i_challenge_detail", args=[challenge.pk]))
        .content.decode()
    )
    assert page.index("Best offer") < page.index("Weak offer")
    assert "Unrelated offer" not in page
    assert "Unpublished offer" not in page
    assert "shares the tags rural, sensors, telecare" in page
    assert "serves Italy" in page
    assert "works in Italian" in page
    assert "same sector: Care and health" in page
    assert "score 100 of 100" in page


def test_matches_are_shown_only_to_the_owners_and_staff(tenant_a, sara, sara_org, paolo, alice):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer_make(paolo, staff=alice, title="Sensor kit")
    url = reverse("c2i_challenge_detail", args=[challenge.pk])
    assert "data-matches" not in Client().get(url).content.decode()
    assert "data-matches" not in login(Client(), paolo).get(url).content.decode()
    assert "Sensor kit" in login(Client(), alice, mfa=True).get(url).content.decode()


def test_an_offer_page_ranks_the_published_challenges(
    tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    with tenant_context(tenant_a):
        challenge_make(sara, organisation=sara_org, staff=alice, title="Telecare on farms")
        offer = offer_make(paolo, organisation=paolo_org, staff=alice)
    page = login(Client(), paolo).get(reverse("c2i_offer_detail", args=[offer.pk])).content.decode()
    assert "Telecare on farms" in page
    assert "data-express-interest" in page


def test_challenge_page_with_matches_reads_a_fixed_number_of_queries(
    tenant_a, sara, sara_org, alice, django_assert_num_queries
):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer_make(person("p1"), staff=alice)
    client = login(Client(), sara)
    url = reverse("c2i_challenge_detail", args=[challenge.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the host's domain is cached from now on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with tenant_context(tenant_a):
        for number in range(12):
            offer_make(person(f"many{number}"), staff=alice)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


@pytest.mark.parametrize("name", ["c2i_challenge_list", "c2i_offer_list"])
def test_public_lists_read_a_fixed_number_of_queries(tenant_a, alice, sara, sara_org, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with tenant_context(tenant_a):
        challenge_make(sara, organisation=sara_org, staff=alice)
        offer_make(person("q0"), staff=alice)
    client = Client()
    client.get(reverse(name))  # the host's domain is cached from now on
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(name)).status_code == 200
    with tenant_context(tenant_a):
        for number in range(8):
            challenge_make(sara, organisation=sara_org, staff=alice)
            offer_make(person(f"q{number + 1}"), staff=alice)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(name)).status_code == 200
    assert len(many) == len(few)


def test_list_filters_narrow_and_name_a_bad_value(tenant_a, sara, sara_org, alice):
    with tenant_context(tenant_a):
        challenge_make(
            sara,
            organisation=sara_org,
            staff=alice,
            title="Housing app",
            sector="housing",
            languages=["ro"],
            country="RO",
        )
        challenge_make(sara, organisation=sara_org, staff=alice, title="Farm telecare")
    client = Client()
    page = client.get(reverse("c2i_challenge_list"), {"language": "ro"}).content.decode()
    assert "Housing app" in page and "Farm telecare" not in page
    page = client.get(
        reverse("c2i_challenge_list"), {"q": "telecare", "country": "IT"}
    ).content.decode()
    assert "Farm telecare" in page and "Housing app" not in page
    page = client.get(reverse("c2i_challenge_list"), {"sector": "nonsense"}).content.decode()
    assert "is not one of the sectors" in page


def test_a_provider_reading_a_challenge_may_pair_one_of_its_offers(
    tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer = offer_make(paolo, organisation=paolo_org, staff=alice, title="Paolo's kit")
        offer_make(paolo, organisation=paolo_org, title="Paolo's draft")
    page = login(Client(), paolo).get(reverse("c2i_challenge_detail", args=[challenge.pk]))
    html = page.content.decode()
    assert "data-pair-form" in html and "Paolo&#x27;s kit" in html
    assert "Paolo&#x27;s draft" not in html
    assert (
        "data-pair-form"
        not in Client().get(reverse("c2i_challenge_detail", args=[challenge.pk])).content.decode()
    )
    page = login(Client(), sara).get(reverse("c2i_offer_detail", args=[offer.pk]))
    assert "data-pair-form" in page.content.decode()
