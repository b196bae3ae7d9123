"""Isolation entries for the connect-to-innovate pages and API (see tests/tenancy/test_isolation.py).

Programme A gets a published challenge of one organisation, a published offer of another,
an accepted interest between them with a message, a meeting request and a joint
application. Charlie, staff of programme B, must get 404 on B's host for each of them and
every button, must not find A's rows among his own lists nor in B's API, and must not open
A's rows in the back office.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from connect_to_innovate.connections import services as connections
from connect_to_innovate.models import (
    Challenge,
    Interest,
    JointApplication,
    TechnologyOffer,
)
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.connect_to_innovate.factories_c2i import (
    challenge_make,
    interest_make,
    offer_make,
    person,
)
from tests.tenancy.kinds import ObjectPage, OwnAccount, OwnList, Public

CHALLENGE_MARKER = "Alpha-only telecare challenge"
OFFER_MARKER = "Alpha-only sensor offer"


def _challenge(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["c2i_challenge"].pk}


def _offer(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["c2i_offer"].pk}


def _interest(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["c2i_interest"].pk}


def _meeting(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["c2i_meeting"].pk}


ROUTES: dict[str, Any] = {
    "c2i_home": Public("what WP4 is, and links"),
    "c2i_challenge_list": Public("the host's own programme's published challenges"),
    "c2i_challenge_mine": OwnList(lambda objects: CHALLENGE_MARKER),
    "c2i_challenge_new": OwnAccount("posts for the user's own organisations"),
    "c2i_challenge_detail": ObjectPage(_challenge),
    "c2i_challenge_edit": ObjectPage(_challenge),
    "c2i_challenge_submit": ObjectPage(_challenge, method="post"),
    "c2i_challenge_close": ObjectPage(_challenge, method="post"),
    "c2i_offer_list": Public("the host's own programme's published offers"),
    "c2i_offer_mine": OwnList(lambda objects: OFFER_MARKER),
    "c2i_offer_new": OwnAccount("posts for the user's own organisations"),
    "c2i_offer_detail": ObjectPage(_offer),
    "c2i_offer_edit": ObjectPage(_offer),
    "c2i_offer_submit": ObjectPage(_offer, method="post"),
    "c2i_offer_close": ObjectPage(_offer, method="post"),
    "c2i_connections": OwnList(lambda objects: CHALLENGE_MARKER),
    "c2i_interest_new": OwnAccount(
        "names a pair by number: 404 unless both are published in the host's programme"
    ),
    "c2i_interest_detail": ObjectPage(_interest),
    "c2i_interest_accept": ObjectPage(_interest, method="post"),
    "c2i_interest_decline": ObjectPage(_interest, method="post"),
    "c2i_message_post": ObjectPage(_interest, method="post"),
    "c2i_meeting_new": ObjectPage(_interest, method="post"),
    "c2i_joint_application_start": ObjectPage(_interest, method="post"),
    "c2i_meeting_confirm": ObjectPage(_meeting, method="post"),
    "c2i_meeting_decline": ObjectPage(_meeting, method="post"),
    "challenge-list": OwnList(lambda objects: CHALLENGE_MARKER),
    "offer-list": OwnList(lambda objects: OFFER_MARKER),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        lead = person("c2i-lead")
        provider = person("c2i-provider")
        challenge = challenge_make(lead, staff=alice, title=CHALLENGE_MARKER)
        offer = offer_make(provider, staff=alice, title=OFFER_MARKER)
        interest = interest_make(lead, challenge=challenge, offer=offer, accept_by=provider)
        connections.message_post(interest=interest, by=provider, body="Alpha-only message")
        objects["c2i_meeting"] = connections.meeting_request(
            interest=interest, by=lead, slots=[timezone.now() + timedelta(days=7)]
        )
        call = CallFactory(tenant=tenant_a, kind="challenge", slug="c2i-isolation-feasibility")
        objects["c2i_joint"] = connections.joint_application_start(
            interest=interest, by=lead, call=call
        )
        objects["c2i_challenge"] = challenge
        objects["c2i_offer"] = offer
        objects["c2i_interest"] = interest


ADMIN_OBJECTS = {
    Challenge: lambda objects: objects["c2i_challenge"],
    TechnologyOffer: lambda objects: objects["c2i_offer"],
    Interest: lambda objects: objects["c2i_interest"],
    JointApplication: lambda objects: objects["c2i_joint"],
}
