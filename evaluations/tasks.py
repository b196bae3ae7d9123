"""Background work of the evaluation: the assignment solver with progress, reminders."""

from __future__ import annotations

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []


# --- Review reminders (the evaluator's workspace) -----------------------------------------
# Self-contained on purpose: other parts of the evaluation add their tasks above.
from socialtech.celery import TenantTask as _ReminderTask  # noqa: E402
from socialtech.celery import app as _reminder_app  # noqa: E402

SCHEDULES.append(
    Schedule(
        name="evaluations-review-reminders",
        task="evaluations.send_review_reminders",
        every=3600,
        description="Remind evaluators of unsubmitted reviews 7 days and 2 days before they are due.",
    )
)


@_reminder_app.task(base=_ReminderTask, name="evaluations.send_review_reminders", acks_late=True)
def send_review_reminders(*, tenant_id: int | None = None) -> int:
    """Remind the programme's evaluators of reviews due in 7 and 2 days, once per offset.

    ``tenant_id`` is consumed by the task base, which activates the programme.
    """
    from evaluations.reminders import review_reminders_send

    return review_reminders_send()
