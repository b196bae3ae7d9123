"""Background tasks of the claims: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from vouchers.claims.jobs import claim_notice_send

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="vouchers.send_claim_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_claim_notice(*, claim_id: int, notice: str, key: str) -> int:
    """E-mail the people a claim event concerns, each once."""
    return claim_notice_send(claim_id=claim_id, notice=notice, key=key)
