"""Isolation entries for the public list of beneficiaries and its back office.

Programme A publishes a grant to an organisation whose name is the marker; the public list
and its open data, read on programme B's host (by Charlie, though anyone may read them),
must not show it. The opt-out and the removal recorded for A's other grants are A's own
admin rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from reports.models import BeneficiaryOptOut, BeneficiaryRemoval
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory
from tests.grants.factories import AwardFactory
from tests.tenancy.kinds import OwnList

MARKER = "Isolation Beneficiary Cooperative"

# Public pages of the host's programme: the marker of programme A must not show on B's host.
ROUTES: dict[str, Any] = {
    "beneficiaries": OwnList(lambda objects: MARKER),
    "beneficiaries_open_data_csv": OwnList(lambda objects: MARKER),
    "beneficiaries_open_data_json": OwnList(lambda objects: MARKER),
}


def _grant(call: Any, name: str, receipt: str) -> Any:
    application = ApplicationFactory(
        call=call,
        tenant=call.tenant,
        organisation=OrganisationFactory(legal_name=name),
        status="accepted",
        published_outcome="main_list",
        requested_amount=Decimal("20000"),
        submitted_at=timezone.now(),
        receipt_number=receipt,
    )
    return AwardFactory(
        application=application,
        status="signed",
        amount=Decimal("20000"),
        decided_at=timezone.now(),
    )


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a, slug="isolation-benef-call", reference="ISOBEN", status="results"
        )
        _grant(call, MARKER, "ISOBEN-000001")
        opted = _grant(call, "Isolation Opted Out Cooperative", "ISOBEN-000002")
        removed = _grant(call, "Isolation Removed Cooperative", "ISOBEN-000003")
        objects["reports_beneficiaryoptout"] = BeneficiaryOptOut.objects.create(
            award=opted, reason="Commercial interests.", requested_by="CEO", recorded_by=bob
        )
        objects["reports_beneficiaryremoval"] = BeneficiaryRemoval.objects.create(
            award=removed, published_until=timezone.localdate()
        )


ADMIN_OBJECTS = {
    BeneficiaryOptOut: lambda objects: objects["reports_beneficiaryoptout"],
    BeneficiaryRemoval: lambda objects: objects["reports_beneficiaryremoval"],
}
