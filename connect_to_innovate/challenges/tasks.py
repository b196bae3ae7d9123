"""Background tasks of the challenges: one e-mail about a review decision; safe to run twice."""

from __future__ import annotations

from connect_to_innovate.challenges.jobs import challenge_notice_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="connect_to_innovate.send_challenge_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_challenge_notice(*, challenge_id: int, notice: str) -> int:
    """E-mail the poster of a challenge the staff's decision on it, once."""
    return challenge_notice_send(challenge_id=challenge_id, notice=notice)
