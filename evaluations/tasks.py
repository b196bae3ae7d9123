"""Every background task of the evaluation, in one place for the worker to discover.

The tasks live beside the services of their sub-domain (``assignment/tasks.py``,
``pool/tasks.py``, ``results/tasks.py``, the solver run in
``assignment/runs.py``); importing them here registers them with the worker. Every task
is safe to run twice.
"""

from __future__ import annotations

from evaluations.assignment.runs import assign_evaluators
from evaluations.assignment.tasks import notify_assignments
from evaluations.pool.tasks import send_invitation
from evaluations.reminders import review_reminders_send
from evaluations.results.tasks import send_redress_answer, send_results
from socialtech.celery import TenantTask, app
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []


# --- Review reminders (the evaluator's workspace) -----------------------------------------
SCHEDULES.append(
    Schedule(
        name="evaluations-review-reminders",
        task="evaluations.send_review_reminders",
        every=3600,
        description="Remind evaluators of unsubmitted reviews 7 days and 2 days before they are due.",
    )
)


@app.task(base=TenantTask, name="evaluations.send_review_reminders", acks_late=True)
def send_review_reminders(*, tenant_id: int | None = None) -> int:
    """Remind the programme's evaluators of reviews due in 7 and 2 days, once per offset.

    ``tenant_id`` is consumed by the task base, which activates the programme.
    """
    return review_reminders_send()


__all__ = [
    "SCHEDULES",
    "assign_evaluators",
    "notify_assignments",
    "send_invitation",
    "send_redress_answer",
    "send_results",
    "send_review_reminders",
]
