"""Writes on calls: publication, the clock-driven lifecycle, amendments, receipt numbers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.models import CALL_TRANSITIONS, Call, CallAmendment, CallStatus
from socialtech.audit.services import audit_log
from socialtech.i18n import localise
from socialtech.tasks import enqueue_on_commit_by_name


class TransitionNotAllowed(ValidationError):
    pass


def _check_transition(call: Call, to: str) -> None:
    if to not in CALL_TRANSITIONS[call.status]:
        raise TransitionNotAllowed(
            _("A call that is %(current)s cannot become %(target)s.")
            % {"current": call.get_status_display(), "target": CallStatus(to).label},
            code="transition_not_allowed",
        )


def publication_problems(call: Call, now: datetime | None = None) -> list[str]:
    """What stops ``call`` from being published, in words; empty when it is ready."""
    now = now or timezone.now()
    problems = []
    if not localise(call.title, "en"):
        problems.append(_("The call has no English title."))
    if call.deadline <= now:
        problems.append(_("The deadline has already passed."))
    if call.deadline <= call.opens_at:
        problems.append(_("The deadline must come after the opening."))
    if not call.fields.exists():
        problems.append(_("The application form has no fields."))
    if not call.criteria.exists():
        problems.append(_("The call has no award criteria."))
    if call.fields.filter(is_requested_amount=True).count() > 1:
        problems.append(_("Only one field can hold the requested amount."))
    return problems


@transaction.atomic
def call_publish(*, call: Call, by: Any) -> Call:
    """Announce a draft call; its form and criteria are frozen from now on.

    Refuses a call that is not a draft or that is incomplete (the message lists why).
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    _check_transition(call, CallStatus.PUBLISHED)
    problems = publication_problems(call)
    if problems:
        raise ValidationError(problems, code="incomplete")
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.full_clean()
    call.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=by, verb="call.published", target=call)
    call_sync_status(call=call)
    call.refresh_from_db()
    return call


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


@transaction.atomic
def call_transition(*, call: Call, to: str, by: Any) -> Call:
    """A staff-driven step: closed → evaluation → results → archived (and early closing)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    call_sync_status(call=call)
    _check_transition(call, to)
    old = call.status
    call.status = to
    call.save(update_fields=["status", "updated_at"])
    audit_log(actor=by, verb=f"call.{to}", target=call, data={"from": old})
    return call


@transaction.atomic
def call_amend(
    *, call: Call, by: Any, summary: dict[str, str], changes: dict[str, Any]
) -> CallAmendment:
    """Record a change to a published call's form or criteria and tell every draft holder.

    The caller applies the change in the same transaction. Refuses a draft call (edit it
    directly) and an amendment without an English summary.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_frozen():
        raise ValidationError(
            _("A draft call is edited directly; amendments are for published calls."),
            code="not_published",
        )
    if not localise(summary, "en"):
        raise ValidationError({"summary": _("Say in English what changed.")})
    call.form_version += 1
    call.save(update_fields=["form_version", "updated_at"])
    amendment = CallAmendment.objects.create(
        call=call, version=call.form_version, summary=summary, changes=changes, created_by=by
    )
    audit_log(
        actor=by,
        verb="call.amended",
        target=call,
        data={"version": call.form_version, "changes": changes},
    )
    # The applications app owns the drafts; the task name is the contract between the two.
    enqueue_on_commit_by_name(
        "applications.notify_amendment", tenant_id=call.tenant_id, amendment_id=amendment.pk
    )
    return amendment


def call_next_receipt_number(*, call: Call) -> str:
    """The next receipt number of ``call``, e.g. ST4EU-2026-OC1-000123. Call inside a transaction."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    locked.submission_counter += 1
    locked.save(update_fields=["submission_counter"])
    year = locked.deadline_local().year
    return (
        f"{locked.tenant.receipt_prefix}-{year}-{locked.reference}-{locked.submission_counter:06d}"
    )
