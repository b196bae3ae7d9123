"""Isolation entries for the near-duplicate pages and API (see tests/tenancy/test_isolation.py).

Programme A's awarded application (built by ``grants``) gets a near-duplicate flag and its
call a check; Charlie, staff of programme B, must get 404 for the flag in the API and for
each back-office row, and must not find it in B's list of flags.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from grants.models import DuplicateCheck, DuplicateFlag
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.tenancy.kinds import ObjectPage, OwnList

MARKER = "ISOGRANT-000001"


def _flag(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_duplicateflag"].pk}


ROUTES: dict[str, Any] = {
    "duplicate-flag-list": OwnList(lambda objects: MARKER),
    "duplicate-flag-detail": ObjectPage(_flag),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    application = objects["grants_award"].application
    with tenant_context(tenant_a):
        other = ApplicationFactory(
            call=application.call,
            tenant=tenant_a,
            status="submitted",
            receipt_number="ISOGRANT-000002",
        )
        objects["grants_duplicateflag"] = DuplicateFlag.objects.create(
            application=application,
            call=application.call,
            other_application=other,
            other_key=other.pk,
            other_tenant=tenant_a,
            similarity=Decimal("0.950"),
        )
        objects["grants_duplicatecheck"] = DuplicateCheck.objects.create(
            call=application.call, total=2, done=2, found=1, status="done"
        )


ADMIN_OBJECTS = {
    DuplicateCheck: lambda objects: objects["grants_duplicatecheck"],
    DuplicateFlag: lambda objects: objects["grants_duplicateflag"],
}
