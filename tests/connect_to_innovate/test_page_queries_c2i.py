"""The signed-in lists and the connection's page read a fixed number of queries, however many
rows they show."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from connect_to_innovate.connections import services as connections
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_c2i import (
    challenge_make,
    interest_make,
    offer_make,
    person,
)

pytestmark = pytest.mark.django_db


def _flat(client: Client, url: str, tenant: Any, more: Callable[[], None]) -> None:
    client.get(url)  # the host's domain is cached from now on
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    with tenant_context(tenant):
        more()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [query["sql"][:80] for query in many.captured_queries]


def test_my_challenges_and_offers_are_flat(tenant_a, sara, sara_org, paolo, paolo_org):
    with tenant_context(tenant_a):
        challenge_make(sara, organisation=sara_org)
        offer_make(paolo, organisation=paolo_org)

    def more_challenges() -> None:
        for _ in range(6):
            challenge_make(sara, organisation=sara_org)

    def more_offers() -> None:
        for _ in range(6):
            offer_make(paolo, organisation=paolo_org)

    _flat(login(Client(), sara), reverse("c2i_challenge_mine"), tenant_a, more_challenges)
    _flat(login(Client(), paolo), reverse("c2i_offer_mine"), tenant_a, more_offers)


def test_my_connections_and_the_connection_page_are_flat(
    tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        interest = interest_make(
            sara,
            challenge=challenge,
            offer=offer_make(paolo, organisation=paolo_org, staff=alice),
            accept_by=paolo,
        )
        connections.message_post(interest=interest, by=paolo, body="First")

    def more_interests() -> None:
        for number in range(5):
            offer = offer_make(person(f"provider{number}"), staff=alice)
            interest_make(sara, challenge=challenge, offer=offer)

    def more_messages() -> None:
        from datetime import timedelta

        from django.utils import timezone

        for number in range(6):
            connections.message_post(interest=interest, by=sara, body=f"Message {number}")
            connections.meeting_request(
                interest=interest, by=paolo, slots=[timezone.now() + timedelta(days=number + 1)]
            )

    client = login(Client(), sara)
    _flat(client, reverse("c2i_connections"), tenant_a, more_interests)
    _flat(client, reverse("c2i_interest_detail", args=[interest.pk]), tenant_a, more_messages)


def test_an_offer_page_with_many_matching_challenges_is_flat(
    tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    with tenant_context(tenant_a):
        challenge_make(sara, organisation=sara_org, staff=alice)
        offer = offer_make(paolo, organisation=paolo_org, staff=alice)

    def more() -> None:
        for _ in range(12):
            challenge_make(sara, organisation=sara_org, staff=alice)

    _flat(login(Client(), paolo), reverse("c2i_offer_detail", args=[offer.pk]), tenant_a, more)
