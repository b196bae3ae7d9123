"""Celery tasks of the signature: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.signature.jobs import (
    active_notice_send,
    amendment_generate,
    signed_notice_send,
)
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="grants.send_signed_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_signed_notice(*, award_id: int, version: int) -> int:
    """E-mail the programme's staff that the organisation signed (each once)."""
    return signed_notice_send(award_id=award_id, version=version)


@app.task(
    base=TenantTask,
    name="grants.send_active_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_active_notice(*, award_id: int) -> int:
    """E-mail the organisation's members that the grant is active (each once)."""
    return active_notice_send(award_id=award_id)


@app.task(
    base=TenantTask,
    name="grants.generate_amendment",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def generate_amendment(*, award_id: int, version: int) -> int | None:
    """Make an amendment (a new agreement version) once and tell the organisation once."""
    return amendment_generate(award_id=award_id, version=version)
