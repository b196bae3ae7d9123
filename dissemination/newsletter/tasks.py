"""Background task of the newsletter: the confirmation e-mail, once per link."""

from __future__ import annotations

from dissemination.newsletter.jobs import confirmation_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="dissemination.send_newsletter_confirmation",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_newsletter_confirmation(*, subscriber_id: int, token: str) -> int:
    """E-mail one pending subscriber the link that confirms their address, once."""
    return confirmation_send(subscriber_id=subscriber_id, token=token)
