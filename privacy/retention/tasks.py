"""The daily retention task: one job per programme."""

from __future__ import annotations

from privacy.retention.jobs import retained_records_purge
from socialtech.celery import TenantTask, app
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="privacy-purge-retained-records",
        task="privacy.purge_retained_records",
        crontab={"minute": "30", "hour": "3"},
        description="Delete the records kept after an erasure once their legal retention has ended.",
    )
]


@app.task(base=TenantTask, name="privacy.purge_retained_records", acks_late=True)
def purge_retained_records() -> int:
    """Delete the programme's records whose retention has ended, in batches."""
    return retained_records_purge()
