"""Background tasks of training vouchers: the hourly sweep of each programme that tells
learners their place is usable; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from upskilling.training.jobs import usable_place_notices_send

SCHEDULES: list[Schedule] = [
    Schedule(
        name="upskilling-usable-place-notices",
        task="upskilling.send_usable_place_notices",
        every=3600,
        description="E-mail each learner once when the provider accepted their training place.",
    ),
]


@app.task(
    base=TenantTask,
    name="upskilling.send_usable_place_notices",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_usable_place_notices() -> list[int]:
    """The periodic sweep: learners whose place became usable are e-mailed, once each."""
    return usable_place_notices_send()
