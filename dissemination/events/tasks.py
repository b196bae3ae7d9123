"""Background tasks of the events: one e-mail to a registrant, and the hourly reminder
sweep of each programme; safe to run twice."""

from __future__ import annotations

from dissemination.events.jobs import registration_notice_send, reminders_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="dissemination-event-reminders",
        task="dissemination.send_event_reminders",
        every=3600,
        description="Remind confirmed registrants once, about 24 hours before an event starts.",
    ),
]


@app.task(
    base=TenantTask,
    name="dissemination.send_registration_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_registration_notice(*, registration_id: int, notice: str) -> int:
    """E-mail one registrant one piece of news about their registration, once."""
    return registration_notice_send(registration_id=registration_id, notice=notice)


@app.task(
    base=TenantTask,
    name="dissemination.send_event_reminders",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_event_reminders() -> list[int]:
    """The hourly sweep: the day-before reminders, each once per registration."""
    return reminders_send()
