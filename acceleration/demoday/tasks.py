"""Background tasks of the demo days: one decision e-mailed; safe to run twice."""

from __future__ import annotations

from acceleration.demoday.jobs import pitch_decision_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="acceleration.send_pitch_decision",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_pitch_decision(*, pitch_id: int) -> int:
    """E-mail the members of one applicant the published decision on their pitch."""
    return pitch_decision_send(pitch_id=pitch_id)
