"""The daily deletion of records whose retention has ended, in batches, one audit row each."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from privacy.retention.selectors import expired_holds
from socialtech.audit.services import audit_log

BATCH_SIZE = 50
# Rows that hang on a kept application through a protected link: they are part of the same
# funding record and go with it. Anything else protecting it stops the deletion.
CHAIN_APPS = frozenset(
    {
        "applications",
        "evaluations",
        "grants",
        "vouchers",
        "reports",
        "acceleration",
        "upskilling",
        "connect_to_innovate",
    }
)
MAX_DEPTH = 8


def _delete_chain(row: models.Model, depth: int = 0) -> None:
    """Delete ``row`` and the funding rows that protect it, deepest first."""
    while True:
        try:
            with transaction.atomic():
                row.delete()
            return
        except ProtectedError as error:
            blockers = list(error.protected_objects)
            outside = [b for b in blockers if b._meta.app_label not in CHAIN_APPS]
            if outside or depth >= MAX_DEPTH:
                raise
            for blocker in blockers:
                _delete_chain(blocker, depth + 1)


def retained_records_purge(*, today: date | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Delete the active programme's kept records past their retention; returns how many."""
    today = today or timezone.localdate()
    holds = expired_holds(today=today)
    deleted = 0
    for start in range(0, len(holds), batch_size):
        batch = holds[start : start + batch_size]
        with transaction.atomic():
            done: list[dict[str, Any]] = []
            for hold in batch:
                application = hold.application
                done.append(
                    {
                        "application": application.pk,
                        "receipt": application.receipt_number,
                        "erased_person": hold.erased_user_id,
                    }
                )
                _delete_chain(application)
            audit_log(
                actor=None,
                verb="privacy.retention_purge",
                data={"until": today.isoformat(), "deleted": done},
            )
        deleted += len(batch)
    return deleted
