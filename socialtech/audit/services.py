from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import get_active_tenant


def audit_log(
    *,
    actor: Any | None,
    verb: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record an action. Call it inside the service's transaction so both commit or neither.

    The tenant is the object's own when it has one, else the active tenant.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_log must run inside the service's transaction")
    tenant = getattr(target, "tenant", None) if target is not None else None
    if tenant is None:
        tenant = get_active_tenant()
    actor_id = (
        getattr(actor, "pk", None)
        if actor is not None and getattr(actor, "is_authenticated", False)
        else None
    )
    return AuditEvent.objects.create(
        tenant=tenant,
        actor_id=actor_id,
        verb=verb,
        object_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:300] if target is not None else "",
        data=data or {},
    )
