from __future__ import annotations

from django.utils import timezone

from calls.models import Call, CallStatus
from calls.services import call_sync_status
from socialtech.celery import TenantTask, app


@app.task(base=TenantTask, name="calls.sync_statuses", acks_late=True)
def sync_statuses() -> int:
    """Open calls whose opening has come and close calls whose deadline has passed."""
    now = timezone.now()
    due = Call.objects.filter(status__in=[CallStatus.PUBLISHED, CallStatus.OPEN]).filter(
        opens_at__lte=now
    )
    changed = 0
    for call in due:
        before = call.status
        if call_sync_status(call=call, now=now) != before:
            changed += 1
    return changed
