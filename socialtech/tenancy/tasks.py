from __future__ import annotations

from socialtech.celery import app
from socialtech.tenancy.models import Tenant


@app.task(name="tenancy.fan_out", acks_late=True)
def fan_out(task_name: str) -> int:
    """Scheduled entry point: queue ``task_name`` once per active tenant with its tenant_id."""
    tenant_ids = list(Tenant.objects.filter(is_active=True).values_list("pk", flat=True))
    for tenant_id in tenant_ids:
        app.send_task(task_name, kwargs={"tenant_id": tenant_id})
    return len(tenant_ids)
