"""Background work of the evaluator's workspace: the review reminders, run by a job.

The schedule that runs the task every hour is in :mod:`evaluations.tasks`.
"""

from __future__ import annotations

from evaluations.workspace.jobs import review_reminders_send
from socialtech.celery import TenantTask, app


@app.task(base=TenantTask, name="evaluations.send_review_reminders", acks_late=True)
def send_review_reminders(*, tenant_id: int | None = None) -> int:
    """Remind the programme's evaluators of reviews due in 7 and 2 days, once per offset.

    ``tenant_id`` is consumed by the task base, which activates the programme.
    """
    return review_reminders_send()
