"""Celery tasks of the near-duplicate check: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.duplicates.jobs import (
    application_duplicates_check,
    duplicate_check_run,
    fingerprints_sweep,
)
from socialtech.celery import TenantTask, app
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="grants-fingerprint-applications",
        task="grants.fingerprint_applications",
        every=1800,
        description=(
            "Fingerprint newly submitted applications and flag their near duplicates in "
            "every programme of the installation."
        ),
    )
]


@app.task(base=TenantTask, name="grants.check_duplicates", acks_late=True)
def check_duplicates(*, check_id: int) -> dict[str, int]:
    """A call's check for near duplicates, with its progress."""
    return duplicate_check_run(check_id=check_id)


@app.task(base=TenantTask, name="grants.fingerprint_applications", acks_late=True)
def fingerprint_applications() -> int:
    """The periodic sweep: newly submitted applications fingerprinted and matched."""
    return fingerprints_sweep()


@app.task(base=TenantTask, name="grants.check_application_duplicates", acks_late=True)
def check_application_duplicates(*, application_id: int) -> list[int]:
    """One application fingerprinted and matched (enqueued by name on submission)."""
    return application_duplicates_check(application_id=application_id)
