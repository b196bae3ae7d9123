"""Background tasks of the introductions: one piece of news e-mailed; safe to run twice."""

from __future__ import annotations

from acceleration.introductions.jobs import introduction_notice_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="acceleration.send_introduction_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_introduction_notice(*, introduction_id: int, notice: str) -> int:
    """E-mail the people one piece of news about an introduction concerns, once each."""
    return introduction_notice_send(introduction_id=introduction_id, notice=notice)
