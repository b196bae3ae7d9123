"""Background tasks of the redemption: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from vouchers.redemption.jobs import redemption_notice_send

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="vouchers.send_redemption_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_redemption_notice(
    *, voucher_id: int, notice: str, key: str, provider_id: int | None = None
) -> int:
    """E-mail the side a redemption event concerns, each member once."""
    return redemption_notice_send(
        voucher_id=voucher_id, notice=notice, key=key, provider_id=provider_id
    )
