"""A programme with two calls whose funnels are known by hand, and the awards of the first.

Call OC1 (results published, work package wp5, budget EUR 100,000), one application per
line; ``received`` ... ``contracted`` mark the steps each one counts in:

    draft                              10,000.00   (not received)
    superseded submission              11,000.00   (not received: replaced)
    submitted                          20,000.00   received
    ineligible                         30,000.00   received
    withdrawn after submission          5,000.00   received
    rejected below threshold           15,000.50   received, eligible
    rejected for budget                25,000.25   received, eligible, above
    reserve list                       12,000.00   received, eligible, above
    main list, no offer yet            40,000.00   received, eligible, above, selected
    offer accepted (award 38,000)      38,000.00   ... selected (awarded, not contracted)
    agreement sent (award 45,000)      50,000.00   ... selected, contracted
    from the reserve, signed (30,000)  30,000.00   ... selected, contracted
    German, active (award 20,000)      20,000.00   ... selected, contracted
    offered, not answered (40,000)     40,000.00   ... selected (the offer is not an award)

Call OC2 (open, wp3) has one submitted application; a draft call and programme B's call
never show.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from grants.models import Award
from socialtech.audit.services import audit_log
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory

S = ApplicationStatus
BRUSSELS = ZoneInfo("Europe/Brussels")
NUMBERS = itertools.count(1)


@dataclass
class World:
    call: Any
    other_call: Any
    applications: dict[str, Application] = field(default_factory=dict)
    awards: dict[str, Award] = field(default_factory=dict)
    published_at: datetime | None = None


def _application(call: Any, name: str, status: str, requested: str, **extra: Any) -> Application:
    submitted = status != S.DRAFT
    organisation = extra.pop("organisation", None) or OrganisationFactory(
        legal_name=f"Cooperativa {name.replace('_', ' ').title()}"
    )
    return ApplicationFactory(
        call=call,
        tenant=call.tenant,
        organisation=organisation,
        created_by=UserFactory(),
        status=status,
        requested_amount=Decimal(requested),
        submitted_at=timezone.now() - timedelta(days=40) if submitted else None,
        receipt_number=f"ALPHA-{call.reference}-{next(NUMBERS):06d}" if submitted else "",
        title=f"Project {name}",
        submitted_answers={
            "project_title": f"Project {name}",
            "project_summary": f"Summary of {name}.",
            "start_date": "2027-03-01",
        },
        **extra,
    )


def build_world(tenant: Any, by: Any) -> World:
    call = CallFactory(
        tenant=tenant,
        slug="green-grants",
        reference="OC1",
        work_package="wp5",
        status="results",
        opens_at=datetime(2026, 3, 1, 9, 0, tzinfo=BRUSSELS),
        deadline=datetime(2026, 5, 1, 17, 0, tzinfo=BRUSSELS),
        budget=Decimal("100000.00"),
        published_at=datetime(2026, 2, 15, 10, 0, tzinfo=BRUSSELS),
    )
    other = CallFactory(
        tenant=tenant,
        slug="care-grants",
        reference="OC2",
        work_package="wp3",
        status="open",
        opens_at=datetime(2026, 9, 1, 9, 0, tzinfo=BRUSSELS),
        deadline=datetime(2026, 12, 20, 17, 0, tzinfo=BRUSSELS),
        budget=Decimal("50000.00"),
    )
    CallFactory(tenant=tenant, slug="draft-call", reference="DRAFT", status="draft")
    world = World(call=call, other_call=other)
    add = world.applications.__setitem__
    add("draft", _application(call, "draft", S.DRAFT, "10000.00"))
    add("superseded", _application(call, "superseded", S.SUPERSEDED, "11000.00"))
    add("submitted", _application(call, "submitted", S.SUBMITTED, "20000.00"))
    add(
        "ineligible",
        _application(call, "ineligible", S.INELIGIBLE, "30000.00", published_outcome=S.INELIGIBLE),
    )
    add("withdrawn", _application(call, "withdrawn", S.WITHDRAWN, "5000.00"))
    for name, outcome, requested in (
        ("below", S.REJECTED_THRESHOLD, "15000.50"),
        ("budget", S.REJECTED_BUDGET, "25000.25"),
        ("reserve", S.RESERVE_LIST, "12000.00"),
        ("main", S.MAIN_LIST, "40000.00"),
    ):
        add(name, _application(call, name, outcome, requested, published_outcome=outcome))
    decided = datetime(2026, 7, 10, 23, 30, tzinfo=ZoneInfo("UTC"))  # 11 July in Brussels
    for name, outcome, requested, award_status, amount, country in (
        ("accepted", S.MAIN_LIST, "38000.00", "accepted", "38000.00", "IT"),
        ("sent", S.MAIN_LIST, "50000.00", "agreement_sent", "45000.00", "IT"),
        ("signed", S.RESERVE_LIST, "30000.00", "signed", "30000.00", "IT"),
        ("german", S.MAIN_LIST, "20000.00", "active", "20000.00", "DE"),
    ):
        organisation = OrganisationFactory(
            legal_name=f"Cooperativa {name.title()}",
            country=country,
            vat_number="" if country == "DE" else "IT00743110157",
            registration_number="HRB 12345" if country == "DE" else "MI-1234567",
            legal_form="cooperative" if country == "DE" else "social_cooperative",
        )
        application = _application(
            call,
            name,
            S.ACCEPTED,
            requested,
            published_outcome=outcome,
            organisation=organisation,
        )
        add(name, application)
        world.awards[name] = AwardFactory(
            application=application,
            status=award_status,
            amount=Decimal(amount),
            amount_requested=Decimal(requested),
            decided_at=decided,
        )
    offered = _application(call, "offered", S.OFFERED, "40000.00", published_outcome=S.MAIN_LIST)
    add("offered", offered)
    world.awards["offered"] = AwardFactory(application=offered, status="offered")
    add("open", _application(other, "open", S.SUBMITTED, "9000.00"))
    event = audit_log(actor=by, verb="call.results_published", target=call, data={})
    world.published_at = event.at
    return world


@pytest.fixture
def world(in_tenant_a: Any, bob: Any) -> World:
    return build_world(in_tenant_a, bob)


@pytest.fixture
def world_b(tenant_b: Any, charlie: Any) -> Any:
    """Programme B's own call and award: never in programme A's reports."""
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_b):
        call = CallFactory(tenant=tenant_b, slug="beta-call", reference="BETA1", status="results")
        application = _application(
            call,
            "beta",
            S.ACCEPTED,
            "25000.00",
            published_outcome=S.MAIN_LIST,
            organisation=OrganisationFactory(legal_name="Beta Only Cooperative"),
        )
        return AwardFactory(application=application, status="signed", amount=Decimal("25000.00"))
