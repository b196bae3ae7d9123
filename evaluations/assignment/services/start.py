"""The start of the evaluation: eligible applications move to evaluation, in bulk.

Staff move the whole filtered list of the applications page at once (every page of it,
not one); the applications that are not eligible stay as they are and are counted by
status, so staff see what was left out and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services import application_status_move
from applications.staff import BulkOutcome
from applications.staff_selectors import status_counts
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log

BULK_CHUNK = 500


def _chunks(items: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def application_bulk_start_evaluation(
    *, applications: QuerySet[Application], by: Any
) -> BulkOutcome:
    """Move every eligible application among ``applications`` to evaluation.

    ``applications`` is the whole filtered set (every page of the list), not one page.
    Only eligible applications move; the others stay as they are and are counted by status
    in the outcome, so staff see what was left out and why. Each move is audited.
    """
    require_programme_staff(by)
    chosen = Application.objects.filter(pk__in=applications.order_by().values("pk"))
    ids = list(
        chosen.filter(status=ApplicationStatus.ELIGIBLE)
        .select_for_update()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    outcome = BulkOutcome(skipped=status_counts(chosen.exclude(status=ApplicationStatus.ELIGIBLE)))
    now = timezone.now()
    for chunk in _chunks(ids, BULK_CHUNK):
        rows = list(
            Application.objects.filter(pk__in=chunk, status=ApplicationStatus.ELIGIBLE)
            .select_related("tenant")
            .order_by("pk")
        )
        for application in rows:
            application_status_move(application=application, to=ApplicationStatus.IN_EVALUATION)
            application.updated_at = now
            audit_log(
                actor=by,
                verb="application.evaluation_started",
                target=application,
                data={"bulk": True},
            )
        Application.objects.bulk_update(rows, ["status", "updated_at"])
        outcome.moved += len(rows)
    return outcome
