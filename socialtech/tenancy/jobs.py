"""The scheduler's way into every programme: one scheduled run becomes one run per tenant."""

from __future__ import annotations

from socialtech.celery import app
from socialtech.tenancy.models import Tenant


def tenants_fan_out(*, task_name: str) -> int:
    """Queue ``task_name`` once per active tenant, with its ``tenant_id``; returns how many."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        app.send_task(task_name, kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)
