"""Celery tasks of the agreements: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.agreements.jobs import (
    agreement_batch_run,
    agreement_generate,
    agreement_notice_send,
)
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="grants.generate_agreement",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def generate_agreement(*, award_id: int) -> int | None:
    """Make the agreement of an accepted award once and e-mail the beneficiary once."""
    return agreement_generate(award_id=award_id)


@app.task(
    base=TenantTask,
    name="grants.generate_agreement_batch",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def generate_agreement_batch(*, batch_id: int) -> dict[str, int]:
    """Make the agreements of a call's batch (what is missing), with progress."""
    return agreement_batch_run(batch_id=batch_id)


@app.task(
    base=TenantTask,
    name="grants.send_agreement_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_agreement_notice(*, award_id: int) -> int:
    """E-mail the organisation's members that the agreement is ready (each once)."""
    return agreement_notice_send(award_id=award_id)
