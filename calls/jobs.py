"""The clock's work on calls: opening and closing them when their dates come.

A job may be called by a service (a request that finds a call due) as well as by the
scheduled task; each change is a conditional UPDATE, safe to run twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from calls.models import Call, CallStatus
from socialtech.audit.services import audit_log
from socialtech.public_cache.versions import bump as public_pages_changed


@transaction.atomic
def call_sync_status(*, call: Call, now: datetime | None = None) -> str:
    """Move the call to the status the clock says (opening, closing); safe to run twice.

    The change is a conditional UPDATE on the old status, so two runners (the scheduler
    and a request) never both record it.
    """
    target = call.effective_status(now)
    if target == call.status:
        return call.status
    changed = Call.objects.filter(pk=call.pk, status=call.status).update(
        status=target, updated_at=timezone.now()
    )
    if changed:
        # A conditional UPDATE sends no signal: the public pages are told here.
        public_pages_changed(call.tenant_id)
        audit_log(
            actor=None,
            verb=f"call.{target}",
            target=call,
            data={"from": call.status, "by": "clock"},
        )
        call.status = target
    else:
        call.refresh_from_db(fields=["status"])
    return call.status


def call_statuses_sync() -> int:
    """Open calls whose opening has come and close calls whose deadline has passed.

    Works on the active programme's calls; returns how many calls changed status.
    """
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


__all__ = ["call_statuses_sync", "call_sync_status"]
