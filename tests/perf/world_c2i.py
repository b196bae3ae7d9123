"""Connect to innovate's rows of the query-budget world: a published challenge of an
enterprise, a published offer of a provider, an accepted interest with a
message and a meeting request, and a joint application to an open feasibility call; all
through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone


def build_c2i_world(*, tenant: Any, alice: Any, applicant: Any) -> None:
    from connect_to_innovate.connections import services as connections
    from tests.calls.factories import CallFactory
    from tests.connect_to_innovate.factories_c2i import (
        challenge_make,
        interest_make,
        offer_make,
        person,
    )

    # The enterprise is not the applicant: the world's other pages count the applicant's
    # organisation's applications, which a joint application would add to.
    enterprise = person("perf-enterprise")
    provider = person("perf-provider")
    challenge = challenge_make(enterprise, staff=alice)
    offer = offer_make(provider, staff=alice)
    interest = interest_make(enterprise, challenge=challenge, offer=offer, accept_by=provider)
    connections.message_post(interest=interest, by=provider, body="We can help.")
    connections.meeting_request(
        interest=interest, by=enterprise, slots=[timezone.now() + timedelta(days=5)]
    )
    call = CallFactory(tenant=tenant, kind="challenge", slug="perf-feasibility", reference="FS1")
    connections.joint_application_start(interest=interest, by=enterprise, call=call)
