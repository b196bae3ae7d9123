"""Background tasks of the issuing of vouchers: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from vouchers.issuance.jobs import (
    voucher_cancelled_notice_send,
    voucher_issued_follow_up,
)

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="vouchers.voucher_issued_follow_up",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def voucher_issued_follow_up_task(*, voucher_id: int) -> int:
    """Make the PDF of an issued voucher once and e-mail the enterprise's members once."""
    return voucher_issued_follow_up(voucher_id=voucher_id)


@app.task(
    base=TenantTask,
    name="vouchers.send_cancelled_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_cancelled_notice(*, voucher_id: int) -> int:
    """E-mail the people of a cancelled voucher, each once."""
    return voucher_cancelled_notice_send(voucher_id=voucher_id)
