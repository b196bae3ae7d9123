"""Background tasks of cohorts: the joining e-mail; safe to run twice."""

from __future__ import annotations

from acceleration.cohorts.jobs import participant_joined_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="acceleration.send_participant_joined",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_participant_joined(*, participant_id: int) -> int:
    """E-mail the members of a participant that it joined its cohort, once each."""
    return participant_joined_send(participant_id=participant_id)
