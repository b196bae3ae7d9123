"""Background tasks of the badges: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from upskilling.badges.jobs import badge_awarded_notice_send, path_badges_check

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="upskilling.check_path_badges",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def check_path_badges(*, enrolment_id: int) -> None:
    """Award the badges a completed course completes, once, and e-mail each once."""
    path_badges_check(enrolment_id=enrolment_id)


@app.task(
    base=TenantTask,
    name="upskilling.send_badge_awarded_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_badge_awarded_notice(*, badge_id: int) -> None:
    """E-mail the learner once that they earned the badge ``badge_id``."""
    badge_awarded_notice_send(badge_id=badge_id)
