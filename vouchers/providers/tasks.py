"""Background tasks of the service providers: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from vouchers.providers.jobs import accreditation_decision_send

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="vouchers.send_accreditation_decision",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_accreditation_decision(*, accreditation_id: int, event_id: int) -> int:
    """E-mail the provider's members a decision on its accreditation (each once)."""
    return accreditation_decision_send(accreditation_id=accreditation_id, event_id=event_id)
