"""Isolation entries for the funding reports (see tests/tenancy/test_isolation.py).

Programme A gets an accepted award to an organisation whose name is the marker; Charlie,
staff of programme B, downloads B's recipient report on B's host and must not find it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from reports.models import ReportExport
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory
from tests.grants.factories import AwardFactory
from tests.tenancy.kinds import OwnList

MARKER = "Isolation Reports Cooperative"

ROUTES: dict[str, Any] = {
    "reports-funding": OwnList(lambda objects: MARKER),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a, slug="isolation-reports-call", reference="ISOREP", status="results"
        )
        application = ApplicationFactory(
            call=call,
            tenant=tenant_a,
            organisation=OrganisationFactory(legal_name=MARKER),
            status="accepted",
            published_outcome="main_list",
            requested_amount=Decimal("30000"),
            submitted_at=timezone.now(),
            receipt_number="ISOREP-000001",
        )
        objects["reports_award"] = AwardFactory(
            application=application, status="signed", amount=Decimal("30000")
        )
        objects["reports_reportexport"] = ReportExport.objects.create(
            kind="recipients", format="csv", requested_by=bob, filters={"country": "IT"}
        )


ADMIN_OBJECTS = {ReportExport: lambda objects: objects["reports_reportexport"]}
