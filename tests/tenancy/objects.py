"""One object of each kind in programme A, for the isolation walk."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from socialtech.accounts.models import ApiToken, Membership
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Domain, HomeCard, Tenant
from socialtech.tenancy.services import home_card_save


def build_tenant_a_objects(*, tenant_a: Tenant, alice: Any, bob: Any) -> dict[str, Any]:
    with tenant_context(tenant_a), transaction.atomic():
        membership = Membership.objects.get(user=alice)
        event = audit_log(actor=alice, verb="test.event", target=membership)
        token = ApiToken.objects.create(user=alice, key_hash="0" * 64, prefix="abcdefgh")
        card = home_card_save(
            by=alice, title={"en": "Open calls"}, text={}, link="/calls/", order=1
        )
    return {
        "tenant": tenant_a,
        "domain": Domain.objects.filter(tenant=tenant_a).first(),
        "membership": membership,
        "audit_event": event,
        "api_token": token,
        "home_card": card,
        "alice": alice,
    }


ADMIN_OBJECTS: dict[type, Callable[[dict[str, Any]], Any]] = {
    Membership: lambda objects: objects["membership"],
    AuditEvent: lambda objects: objects["audit_event"],
    ApiToken: lambda objects: objects["api_token"],
    HomeCard: lambda objects: objects["home_card"],
}
