"""The home page's cards belong to their programme, and every card is a link to its section."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import HomeCard
from socialtech.tenancy.services import home_card_save
from tests.conftest import HOST_B, login


def cards(response) -> list[tuple[str, str]]:
    """The home page's cards as (link, title), in order."""
    html = response.content.decode()
    return re.findall(
        r'<li class="card card-linked"><h3><a class="card-link" href="([^"]+)">([^<]+)</a></h3>',
        html,
    )


def add_card(tenant, *, title, link, order=0, text=None):
    with tenant_context(tenant):
        return home_card_save(by=None, title=title, text=text or {}, link=link, order=order)


@pytest.fixture
def two_programmes(tenant_a, tenant_b):
    add_card(
        tenant_a,
        title={"en": "Training", "it": "Formazione"},
        link="/calls/?work_package=wp3",
        order=2,
    )
    add_card(tenant_a, title={"en": "Open calls"}, link="/calls/", order=1)
    add_card(tenant_b, title={"en": "Micro-grants"}, link="/calls/?work_package=micro")


def test_every_card_is_a_link_in_the_programmes_order(client, two_programmes):
    assert cards(client.get("/")) == [
        ("/calls/", "Open calls"),
        ("/calls/?work_package=wp3", "Training"),
    ]


def test_the_second_programme_shows_only_its_own_cards(client, two_programmes):
    page = client.get("/", HTTP_HOST=HOST_B)
    assert cards(page) == [("/calls/?work_package=micro", "Micro-grants")]
    assert "Training" not in page.content.decode()


def test_a_card_title_follows_the_readers_language(client, two_programmes):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="it")
    assert ("/calls/?work_package=wp3", "Formazione") in cards(response)


def test_a_programme_without_cards_shows_no_empty_section(client, tenant_a):
    page = client.get("/").content.decode()
    assert "What this programme offers" not in page


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "//evil.example.org/", "http://plain.example.org/", "calls/", "/a b"],
)
def test_a_card_leads_only_to_this_site_or_a_secure_address(tenant_a, link):
    with pytest.raises(ValidationError) as refused:
        add_card(tenant_a, title={"en": "Bad"}, link=link)
    assert list(refused.value.message_dict) == ["link"]
    assert "starting with /" in refused.value.message_dict["link"][0]


def test_a_card_needs_a_title(tenant_a):
    with pytest.raises(ValidationError) as refused:
        add_card(tenant_a, title={}, link="/calls/")
    assert refused.value.message_dict == {"title": ["Give the card a title."]}


def test_staff_edit_their_programmes_cards_in_the_back_office(tenant_a, tenant_b, bob):
    staff = login(Client(), bob, mfa=True)
    response = staff.post(
        reverse("admin:tenancy_homecard_add"),
        {"order": "1", "title_en": "Results", "text_en": "Published results.", "link": "/results/"},
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        card = HomeCard.objects.get()
    assert (card.tenant, card.title, card.link) == (tenant_a, {"en": "Results"}, "/results/")
    assert AuditEvent.objects.get(verb="home_card.created").actor == bob
    with tenant_context(tenant_b):
        assert not HomeCard.objects.exists()


def test_staff_of_another_programme_cannot_open_a_card(tenant_a, charlie):
    card = add_card(tenant_a, title={"en": "Open calls"}, link="/calls/")
    other = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    response = other.get(reverse("admin:tenancy_homecard_change", args=[card.pk]))
    assert response.status_code == 404


def test_the_demo_programmes_have_their_own_cards(client, db, capsys):
    call_command("seed_demo")
    socialtech = cards(client.get("/", HTTP_HOST="socialtech4eu.localhost"))
    democluster = cards(client.get("/", HTTP_HOST="democluster.localhost"))
    assert [link for link, _title in socialtech] == [
        "/calls/",
        "/courses/",
        "/connect/",
    ]
    assert [link for link, _title in democluster] == [
        "/calls/?work_package=neighbourhoods",
        "/results/",
    ]
    assert not {title for _link, title in socialtech} & {title for _link, title in democluster}
