"""Technology offers: the same review flow as challenges, the rules of the form, hidden
until published."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import ReviewStatus, TechnologyOffer
from connect_to_innovate.offers import services
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_c2i import offer_make, person

pytestmark = pytest.mark.django_db


def test_an_offer_is_returned_with_a_reason_then_published(in_tenant_a, paolo, paolo_org, alice):
    offer = offer_make(paolo, organisation=paolo_org)
    assert offer.status == ReviewStatus.SUBMITTED
    offer = services.offer_return(offer=offer, by=alice, reason="Name a reference.")
    assert mail.outbox[-1].to == [paolo.email]
    assert "Name a reference." in mail.outbox[-1].body
    offer = services.offer_submit(offer=offer, by=paolo)
    offer = services.offer_approve(offer=offer, by=alice)
    assert offer.status == ReviewStatus.PUBLISHED
    assert offer.return_reason == ""
    with pytest.raises(ConnectError) as refused:
        services.offer_approve(offer=offer, by=alice)
    assert "published" in refused.value.message


def test_an_offer_needs_a_sector_a_country_and_a_known_provider_type(in_tenant_a, paolo, paolo_org):
    for changes, field in (
        ({"sectors": []}, "sectors"),
        ({"countries": ["US"]}, "countries"),
        ({"provider_type": "bank"}, "provider_type"),
    ):
        with pytest.raises(ConnectError) as refused:
            offer_make(paolo, organisation=paolo_org, **changes)
        assert refused.value.field == field
    assert not TechnologyOffer.objects.exists()


def test_an_offer_is_hidden_until_published_and_shows_the_return_reason_to_its_members(
    tenant_a, paolo, paolo_org, alice
):
    with tenant_context(tenant_a):
        offer = offer_make(paolo, organisation=paolo_org, title="Hidden sensor offer")
        services.offer_return(offer=offer, by=alice, reason="Say what it costs.")
    url = reverse("c2i_offer_detail", args=[offer.pk])
    assert Client().get(url).status_code == 404
    assert login(Client(), person("other")).get(url).status_code == 404
    assert "Hidden sensor offer" not in Client().get(reverse("c2i_offer_list")).content.decode()
    page = login(Client(), paolo).get(url).content.decode()
    assert "Say what it costs." in page
    assert Client().get("/api/v1/offers/").json()["count"] == 0
