"""Isolation entries for the grants pages and API (see tests/tenancy/test_isolation.py).

Programme A gets a call with published results and an offer to an organisation Alice owns;
Charlie, staff of programme B, must get 404 for the offer page and its answers, and must
not find it in B's award list.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from applications.models import ApplicationStatus
from grants.models import Award
from grants.offers.services import offer_make
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory
from tests.tenancy.kinds import ObjectPage, OwnList

MARKER = "ISOGRANT-000001"


def _award(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_award"].pk}


ROUTES: dict[str, Any] = {
    "grants_offer": ObjectPage(_award),
    "grants_offer_accept": ObjectPage(_award, method="post"),
    "grants_offer_decline": ObjectPage(_award, method="post"),
    "award-list": OwnList(lambda objects: MARKER),
    "award-detail": ObjectPage(_award),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a, slug="isolation-grants-call", reference="ISOGRANT", status="results"
        )
        organisation = OrganisationFactory(legal_name="Isolation Grants Cooperative", owner=alice)
        application = ApplicationFactory(
            call=call,
            tenant=tenant_a,
            organisation=organisation,
            created_by=alice,
            status=ApplicationStatus.MAIN_LIST,
            published_outcome=ApplicationStatus.MAIN_LIST,
            requested_amount=Decimal("40000"),
            receipt_number=MARKER,
            submitted_at=timezone.now() - timedelta(days=30),
        )
        objects["grants_award"] = offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=timezone.now() + timedelta(days=14),
            by=alice,
        )


ADMIN_OBJECTS = {Award: lambda objects: objects["grants_award"]}
