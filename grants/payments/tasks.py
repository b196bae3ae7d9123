"""Celery tasks of the payments: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.payments.jobs import (
    payment_notice_send,
    termination_notice_send,
    tranches_open,
)
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="grants.send_payment_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_payment_notice(*, tranche_id: int) -> int:
    """E-mail the organisation's members that a tranche was paid (each once)."""
    return payment_notice_send(tranche_id=tranche_id)


@app.task(
    base=TenantTask,
    name="grants.send_termination_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_termination_notice(*, award_id: int) -> int:
    """E-mail the organisation's members that their grant was terminated (each once)."""
    return termination_notice_send(award_id=award_id)


@app.task(base=TenantTask, name="grants.open_tranches", acks_late=True)
def open_tranches(*, award_id: int, trigger: str) -> list[int]:
    """Make due the tranches an event releases (the first time, make the award's tranches)."""
    return tranches_open(award_id=award_id, trigger=trigger)
