"""GET /api/v1/challenges/ and /api/v1/offers/: published only, paginated, the contract's shape."""

from __future__ import annotations

import pytest
from django.test import Client

from socialtech.tenancy.context import tenant_context
from tests.connect_to_innovate.factories_c2i import challenge_make, offer_make, person

pytestmark = pytest.mark.django_db


def test_the_challenges_api_lists_published_challenges_only(tenant_a, sara, sara_org, alice):
    with tenant_context(tenant_a):
        challenge_make(sara, organisation=sara_org, staff=alice, title="Published one")
        challenge_make(sara, organisation=sara_org, title="Awaiting review")
    body = Client().get("/api/v1/challenges/").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    row = body["results"][0]
    assert row["title"] == "Published one"
    assert (row["budget_min"], row["budget_max"], row["country"]) == ("10000.00", "40000.00", "IT")
    assert row["tags"] == ["telecare", "sensors", "rural"]


def test_the_offers_api_lists_published_offers_and_filters(tenant_a, alice):
    with tenant_context(tenant_a):
        offer_make(person("o1"), staff=alice, title="German sensors", languages=["de"])
        offer_make(person("o2"), staff=alice, title="Italian sensors", languages=["it"])
        offer_make(person("o3"), title="Draft offer")
    body = Client().get("/api/v1/offers/").json()
    assert body["count"] == 2
    assert {row["title"] for row in body["results"]} == {"German sensors", "Italian sensors"}
    body = Client().get("/api/v1/offers/", {"language": "de"}).json()
    assert [row["title"] for row in body["results"]] == ["German sensors"]
    assert body["results"][0]["technologies"] == ["telecare", "sensors"]
