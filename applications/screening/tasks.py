"""The eligibility letter's task: an id in, one call of its job."""

from __future__ import annotations

from applications.screening.jobs import eligibility_result_send
from socialtech.celery import TenantTask, app


@app.task(
    base=TenantTask, name="applications.send_eligibility_result", acks_late=True, typing=False
)
def send_eligibility_result(*, application_id: int, tenant_id: int | None = None) -> int:
    """E-mail the eligibility result letter; the job claims it once in the audit trail.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the task
    base consumes it (activating that programme) before this body runs.
    """
    return eligibility_result_send(application_id=application_id)
