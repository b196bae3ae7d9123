"""The outbox sweeper: hands over the tasks a broker outage left behind."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from socialtech.outbox.models import OutboxMessage
from socialtech.outbox.services import outbox_attempt

# A row younger than this is still being handed over by the commit that wrote it.
GRACE = timedelta(seconds=10)
# Rows locked and handed over per transaction.
BATCH = 100
# Sent rows are kept this long for the back office, then deleted.
KEEP_SENT = timedelta(days=7)


def outbox_sweep(*, grace_seconds: int | None = None) -> dict[str, int]:
    """Hand over every unsent row older than the grace period, each at most once per sweep.

    Rows another sweeper holds are skipped (``skip_locked``); a row that fails again keeps
    its error and waits for the next sweep. Returns how many were sent, failed and deleted.
    """
    grace = GRACE if grace_seconds is None else timedelta(seconds=grace_seconds)
    cutoff = timezone.now() - grace
    sent = failed = 0
    after = 0
    while True:
        with transaction.atomic():
            batch = list(
                OutboxMessage.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, created__lte=cutoff, pk__gt=after)
                .order_by("pk")[:BATCH]
            )
            for message in batch:
                if outbox_attempt(message):
                    sent += 1
                else:
                    failed += 1
        if len(batch) < BATCH:
            break
        after = batch[-1].pk
    deleted, _ = OutboxMessage.objects.filter(
        sent_at__isnull=False, sent_at__lt=timezone.now() - KEEP_SENT
    ).delete()
    return {"sent": sent, "failed": failed, "deleted": deleted}
