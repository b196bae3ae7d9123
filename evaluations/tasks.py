"""Every background task of the evaluation, in one place for the worker to discover.

Each task lives in the ``tasks.py`` of its sub-domain and is one call to a job in the
``jobs.py`` beside it (``assignment/``, ``pool/``, ``results/``, ``workspace/``);
importing them here registers them with the worker, and the schedules are here. Every
task is safe to run twice.
"""

from __future__ import annotations

from evaluations.assignment.tasks import assign_evaluators, notify_assignments
from evaluations.pool.tasks import send_invitation
from evaluations.results.tasks import send_redress_answer, send_results
from evaluations.workspace.tasks import send_review_reminders
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    # Review reminders (the evaluator's workspace).
    Schedule(
        name="evaluations-review-reminders",
        task="evaluations.send_review_reminders",
        every=3600,
        description="Remind evaluators of unsubmitted reviews 7 days and 2 days before they are due.",
    )
]


__all__ = [
    "SCHEDULES",
    "assign_evaluators",
    "notify_assignments",
    "send_invitation",
    "send_redress_answer",
    "send_results",
    "send_review_reminders",
]
