"""Isolation entries for the personal-data pages (see tests/tenancy/test_isolation.py).

The person's own export and erasure act on the signed-in account only. In the back office,
programme A's coordinator sees the people of programme A (Alice, staff there) and the
records kept after an erasure of programme A; Charlie, staff of programme B, gets 404 for
both on B's host.
"""

from __future__ import annotations

from typing import Any

from privacy.models import Person, RetentionHold
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import UserFactory
from tests.tenancy.kinds import OwnAccount

ROUTES: dict[str, Any] = {
    "privacy_my_data": OwnAccount("the signed-in person's own data"),
    "privacy_erase": OwnAccount("erases the signed-in person's own account"),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    objects["privacy_person"] = Person.objects.get(pk=alice.pk)
    erased = UserFactory(email="erased-privacy@example.org")
    application = ApplicationFactory(
        call=CallFactory(tenant=tenant_a), tenant=tenant_a, created_by=erased
    )
    objects["privacy_hold"] = RetentionHold.unscoped.create(
        tenant=tenant_a, application=application, erased_user_id=erased.pk
    )


ADMIN_OBJECTS = {
    Person: lambda objects: objects["privacy_person"],
    RetentionHold: lambda objects: objects["privacy_hold"],
}
