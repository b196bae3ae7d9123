"""Background tasks of mentoring: session invitations; safe to run twice."""

from __future__ import annotations

from acceleration.mentoring.jobs import pairing_notice_send, session_invitations_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="acceleration.send_session_invitations",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_session_invitations(*, session_id: int) -> int:
    """E-mail a session's invitations, each person once per time and place."""
    return session_invitations_send(session_id=session_id)


@app.task(
    base=TenantTask,
    name="acceleration.send_pairing_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_pairing_notice(*, pairing_id: int) -> int:
    """E-mail the mentor and the enterprise's members that they are paired, once each."""
    return pairing_notice_send(pairing_id=pairing_id)
