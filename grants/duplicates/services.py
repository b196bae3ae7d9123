"""Writes of the near-duplicate check: staff start a call's check, and review a flag
("not a double funding", or confirmed). Each writes its audit row in its transaction; the
check itself runs after commit as a task."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import Call
from grants.duplicates import selectors
from grants.duplicates.errors import DuplicateError
from grants.duplicates.tasks import check_duplicates
from grants.models import (
    DUPLICATE_FLAG_TRANSITIONS,
    DuplicateCheck,
    DuplicateFlag,
    DuplicateFlagStatus,
)
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant

MAX_NOTE = 4000


@transaction.atomic
def duplicate_check_start(*, call: Call, by: Any) -> DuplicateCheck:
    """Check every submitted application of ``call`` for near duplicates, here and in the
    installation's other programmes; the check runs after commit with its progress.
    Refuses a call with no submitted application and a call whose check is still running."""
    require_programme_staff(by)
    tenant = require_active_tenant()
    list(Call.objects.select_for_update().filter(pk=call.pk).values_list("pk"))
    if selectors.running_check(call.pk) is not None:
        raise DuplicateError(
            _("A check of the call “%(call)s” is already running; its progress shows below.")
            % {"call": call.title_text},
            "already_running",
            field="call",
        )
    total = len(selectors.applications_of_call(call.pk))
    if not total:
        raise DuplicateError(
            _("The call “%(call)s” has no submitted application to check.")
            % {"call": call.title_text},
            "nothing_to_check",
            field="call",
        )
    check = DuplicateCheck(
        tenant=tenant,
        call=call,
        total=total,
        started_by=by if getattr(by, "is_authenticated", False) else None,
    )
    check.full_clean()
    check.save()
    audit_log(actor=by, verb="duplicate_check.started", target=check, data={"total": total})
    enqueue_on_commit(check_duplicates, tenant_id=tenant.pk, check_id=check.pk)
    return check


@transaction.atomic
def duplicate_flag_review(
    *, flag: DuplicateFlag, outcome: str, note: str, by: Any
) -> DuplicateFlag:
    """Record staff's review of a near-duplicate flag: "not a double funding" (dismissed),
    a double funding confirmed, or open again; with the reason. Refuses an unknown outcome,
    a move the flag's status does not allow, and a dismissal or confirmation without a
    reason."""
    require_programme_staff(by)
    locked = DuplicateFlag.objects.select_for_update().select_related("application").get(pk=flag.pk)
    if outcome not in DuplicateFlagStatus.values:
        raise DuplicateError(_("Choose what the review found."), "unknown_outcome", field="outcome")
    if outcome not in DUPLICATE_FLAG_TRANSITIONS[locked.status]:
        raise DuplicateError(
            _("This flag is already “%(status)s”.") % {"status": locked.get_status_display()},
            "not_allowed",
            field="outcome",
        )
    note = (note or "").strip()
    if outcome != DuplicateFlagStatus.OPEN and not note:
        raise DuplicateError(
            _("Give the reason for this review: staff reading the flag later rely on it."),
            "note_missing",
            field="note",
        )
    if len(note) > MAX_NOTE:
        raise DuplicateError(
            _("Keep the reason under %(count)s characters.") % {"count": MAX_NOTE},
            "note_too_long",
            field="note",
        )
    previous = locked.status
    locked.status = outcome
    locked.review_note = note
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.full_clean()
    locked.save(update_fields=["status", "review_note", "reviewed_at", "reviewed_by"])
    audit_log(
        actor=by,
        verb="duplicate_flag.reviewed",
        target=locked,
        data={"from": previous, "to": outcome, "note": note},
    )
    return locked
