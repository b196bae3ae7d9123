"""Background tasks of the expiry: the hourly sweep of each programme; safe to run twice."""

from __future__ import annotations

from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule
from vouchers.expiry.jobs import expiry_warnings_send, vouchers_expire

SCHEDULES: list[Schedule] = [
    Schedule(
        name="vouchers-expire",
        task="vouchers.expire_vouchers",
        every=3600,
        description="Expire unused vouchers past their validity; their value returns to the scheme's budget.",
    ),
    Schedule(
        name="vouchers-expiry-warnings",
        task="vouchers.send_expiry_warnings",
        every=3600,
        description="Warn the enterprises (and providers) 30 and 7 days before a voucher expires.",
    ),
]


@app.task(
    base=TenantTask,
    name="vouchers.expire_vouchers",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def expire_vouchers() -> list[int]:
    """The periodic sweep: unused vouchers past their validity expire."""
    return vouchers_expire()


@app.task(
    base=TenantTask,
    name="vouchers.send_expiry_warnings",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_expiry_warnings() -> dict[str, list[int]]:
    """The periodic sweep: the 30- and 7-day warnings, each once per voucher."""
    return expiry_warnings_send()
