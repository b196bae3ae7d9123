"""The calls app's scheduled task: one call of its job."""

from __future__ import annotations

from calls.jobs import call_statuses_sync
from socialtech.celery import TenantTask, app


@app.task(base=TenantTask, name="calls.sync_statuses", acks_late=True)
def sync_statuses() -> int:
    """Open calls whose opening has come and close calls whose deadline has passed."""
    return call_statuses_sync()
