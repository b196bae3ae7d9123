"""The tenancy task: a scheduled name in, one call of its job."""

from __future__ import annotations

from socialtech.celery import app
from socialtech.tenancy.jobs import tenants_fan_out


@app.task(name="tenancy.fan_out", acks_late=True)
def fan_out(task_name: str) -> int:
    """Scheduled entry point: queue ``task_name`` once per active tenant with its tenant_id."""
    return tenants_fan_out(task_name=task_name)
