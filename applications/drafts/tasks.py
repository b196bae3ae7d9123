"""The tasks of the drafts: notices to draft holders, each one call of its job, ids in."""

from __future__ import annotations

from applications.drafts.jobs import amendment_notice_send, deadline_reminders_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="applications.notify_amendment",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def notify_amendment(*, amendment_id: int, tenant_id: int | None = None) -> int:
    """Tell every holder of a draft of the amended call, once; returns the e-mails sent.

    Enqueued by name from the calls app (below this one). ``tenant_id`` is in the signature
    only so Celery's argument check accepts it; the task base consumes it.
    """
    return amendment_notice_send(amendment_id=amendment_id)


@app.task(base=TenantTask, name="applications.send_deadline_reminders", acks_late=True)
def send_deadline_reminders(*, tenant_id: int | None = None) -> int:
    """Remind draft holders 7 days, 48 hours and 24 hours before each open call's deadline."""
    return deadline_reminders_send()
