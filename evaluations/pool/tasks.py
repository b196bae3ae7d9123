"""Background work of the expert pool: the invitation e-mail, run by a job.

The services enqueue these tasks; a task imports only its job, so the services may import it.
"""

from __future__ import annotations

from evaluations.pool.jobs import invitation_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="evaluations.send_invitation",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_invitation(*, call_evaluator_id: int, tenant_id: int | None = None) -> bool:
    """E-mail an expert once that they are invited to evaluate a call (:func:`invitation_send`)."""
    return invitation_send(call_evaluator_id=call_evaluator_id)
