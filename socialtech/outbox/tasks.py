"""The outbox sweeper's task: run every minute by beat."""

from __future__ import annotations

from socialtech.celery import app
from socialtech.outbox.jobs import outbox_sweep
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="outbox-sweep",
        task="outbox.sweep",
        every=60,
        description="Hand the broker the tasks it missed while it was down.",
        per_tenant=False,
    )
]


@app.task(name="outbox.sweep", acks_late=True)
def sweep_outbox() -> dict[str, int]:
    """Hand over the outbox rows left unsent."""
    return outbox_sweep()
