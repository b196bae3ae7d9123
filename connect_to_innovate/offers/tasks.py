"""Background tasks of the technology offers: one e-mail about a review decision; safe to run twice."""

from __future__ import annotations

from connect_to_innovate.offers.jobs import offer_notice_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="connect_to_innovate.send_offer_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_offer_notice(*, offer_id: int, notice: str) -> int:
    """E-mail the poster of an offer the staff's decision on it, once."""
    return offer_notice_send(offer_id=offer_id, notice=notice)
