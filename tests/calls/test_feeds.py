"""RSS and Atom feeds of newly announced calls."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from tests.calls.factories import CallFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own feed, not untrusted input


def rss_titles(client) -> list[str]:
    response = client.get(reverse("call_feed_rss"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse(response.content).find("channel")
    return [item.findtext("title") for item in channel.findall("item")]


def atom_entries(client) -> list[ET.Element]:
    response = client.get(reverse("call_feed_atom"))
    assert response["Content-Type"].startswith("application/atom+xml")
    return parse(response.content).findall(f"{ATOM}entry")


def test_rss_lists_announced_calls_newest_first_and_no_drafts(client, tenant_a):
    now = timezone.now()
    CallFactory(tenant=tenant_a, title={"en": "Older call"}, published_at=now - timedelta(days=10))
    CallFactory(
        tenant=tenant_a,
        title={"en": "Newer call"},
        status="published",
        published_at=now - timedelta(days=1),
        opens_at=now + timedelta(days=1),
    )
    CallFactory(tenant=tenant_a, title={"en": "Secret draft"}, status="draft")
    assert rss_titles(client) == ["Newer call", "Older call"]


def test_rss_items_link_to_the_call_page_and_say_the_deadline(client, tenant_a):
    call = CallFactory(tenant=tenant_a, slug="digital-care", published_at=timezone.now())
    channel = parse(client.get(reverse("call_feed_rss")).content).find("channel")
    item = channel.find("item")
    assert item.findtext("link") == "http://testserver/calls/digital-care/"
    local = call.deadline_local()
    assert f"Deadline: {local:%-d %B %Y, %H:%M} (Europe/Brussels)." in item.findtext("description")
    assert channel.findtext("title") == "Calls of Programme Alpha"


def test_atom_lists_the_same_calls(client, tenant_a):
    CallFactory(tenant=tenant_a, title={"en": "Digital care"}, published_at=timezone.now())
    CallFactory(tenant=tenant_a, title={"en": "Secret draft"}, status="draft")
    entries = atom_entries(client)
    assert [entry.findtext(f"{ATOM}title") for entry in entries] == ["Digital care"]


def test_feeds_carry_only_the_hosts_programme(client_b, tenant_a, tenant_b):
    CallFactory(tenant=tenant_a, title={"en": "Alpha call"}, published_at=timezone.now())
    CallFactory(tenant=tenant_b, title={"en": "Beta call"}, published_at=timezone.now())
    assert rss_titles(client_b) == ["Beta call"]
    assert [entry.findtext(f"{ATOM}title") for entry in atom_entries(client_b)] == ["Beta call"]


def test_feed_titles_follow_the_readers_language(client, tenant_a):
    CallFactory(
        tenant=tenant_a,
        title={"en": "Digital care", "it": "Cura digitale"},
        published_at=timezone.now(),
    )
    response = client.get(reverse("call_feed_rss"), HTTP_ACCEPT_LANGUAGE="it")
    channel = parse(response.content).find("channel")
    assert channel.find("item").findtext("title") == "Cura digitale"
    assert channel.findtext("language") == "it"
