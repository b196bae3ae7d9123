"""Background work of the assignment: the solver's run and the notice to evaluators, each
task one call to its job in :mod:`evaluations.assignment.jobs`.

The services enqueue these tasks; a task imports only its job, so the services may import it.
"""

from __future__ import annotations

from typing import Any

from evaluations.assignment.jobs import assignment_run, assignments_notify
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="evaluations.notify_assignments",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def notify_assignments(*, call_id: int, confirmation_id: int, tenant_id: int | None = None) -> int:
    """E-mail each evaluator of a confirmation once (:func:`assignments_notify`)."""
    return assignments_notify(call_id=call_id, confirmation_id=confirmation_id)


@app.task(bind=True, base=TenantTask, name="evaluations.assign_evaluators", acks_late=True)
def assign_evaluators(
    self: Any, *, call_id: int, user_id: int, tenant_id: int | None = None
) -> dict[str, Any]:
    """Run the solver on a call and store the proposal (:func:`assignment_run`).

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the task
    base consumes it (activating that programme) before this body runs.
    """
    return assignment_run(task=self, call_id=call_id, user_id=user_id)
