"""The receipt task: an id in, one service call."""

from __future__ import annotations

from typing import Any

from applications.receipts.jobs import receipt_issue
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="applications.send_receipt",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_receipt(
    *, application_id: int, submitted_by_id: int | None = None, tenant_id: int | None = None
) -> dict[str, Any]:
    """Issue the receipt of the submitted application ``application_id``.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the
    task base consumes it (activating that programme) before this body runs.
    """
    return receipt_issue(application_id=application_id, submitted_by_id=submitted_by_id)
