"""Celery tasks of the public list of beneficiaries: one job each; safe to run twice."""

from __future__ import annotations

from reports.beneficiaries.jobs import beneficiaries_remove_expired
from socialtech.celery import TenantTask, app
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="reports-remove-expired-beneficiaries",
        task="reports.remove_expired_beneficiaries",
        crontab={"minute": "15", "hour": "2"},
        description=(
            "Take off the public list of beneficiaries the grants awarded more than two "
            "financial years ago."
        ),
    )
]


@app.task(base=TenantTask, name="reports.remove_expired_beneficiaries", acks_late=True)
def remove_expired_beneficiaries() -> list[int]:
    """The daily sweep: grants past their publication period leave the public list."""
    return beneficiaries_remove_expired()
