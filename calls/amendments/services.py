"""Amendments to a published call: recorded, versioned, and told to every draft holder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from calls.builder.services import ItemChange, write_criterion, write_form_field
from calls.models import (
    Call,
    CallAmendment,
    CallStatus,
    Criterion,
    FormField,
)
from calls.validation import english
from socialtech.audit.services import audit_log
from socialtech.i18n import localise
from socialtech.tasks import enqueue_on_commit_by_name


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
    call.full_clean()
    call.save(update_fields=["form_version", "updated_at"])
    amendment = CallAmendment(
        tenant_id=call.tenant_id,
        call=call,
        version=call.form_version,
        summary=summary,
        changes=changes,
        created_by=by,
    )
    amendment.full_clean()
    amendment.save()
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


def _form_problems(call: Call) -> list[str]:
    problems = []
    if not call.fields.exists():
        problems.append(_("The application form has no fields."))
    if not call.criteria.exists():
        problems.append(_("The call has no award criteria."))
    if call.fields.filter(is_requested_amount=True).count() > 1:
        problems.append(_("Only one field can hold the requested amount."))
    return problems


@transaction.atomic
def call_form_amend(
    *,
    call: Call,
    by: Any,
    summary: dict[str, str],
    field_changes: Sequence[ItemChange] = (),
    criterion_changes: Sequence[ItemChange] = (),
) -> CallAmendment:
    """Change a published call's form and criteria and record it as one amendment.

    Applies the changes and :func:`call_amend` (new form version, notice to every draft
    holder) in one transaction: all of it happens or none. Refuses a draft (edit it
    directly), a call that no longer takes applications, a summary without English text,
    an amendment that changes nothing, a new key for an existing field (answers are kept
    by key: add a field instead), and a form left without fields or criteria.
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_frozen():
        raise ValidationError(
            _("A draft call is edited directly; amendments are for published calls."),
            code="not_published",
        )
    if call.effective_status() not in (CallStatus.PUBLISHED, CallStatus.OPEN):
        raise ValidationError(
            _("The form of a call in the status “%(status)s” can no longer change.")
            % {"status": CallStatus(call.effective_status()).label},
            code="closed",
        )
    if not english(summary):
        raise ValidationError({"summary": _("Say in English what changed.")})

    fields = {field.pk: field for field in FormField.objects.filter(call=call)}
    criteria = {criterion.pk: criterion for criterion in Criterion.objects.filter(call=call)}
    changes: dict[str, Any] = {
        "fields": {"added": [], "changed": {}, "removed": []},
        "criteria": {"added": [], "changed": {}, "removed": []},
    }

    def existing(rows: dict[int, Any], change: ItemChange) -> Any:
        try:
            return rows[change.pk]  # type: ignore[index]
        except KeyError:
            raise ValidationError(
                _("Row %(pk)s is not part of this call.") % {"pk": change.pk}, code="wrong_call"
            ) from None

    # Removals first, so a removed key can be reused by a new field.
    for change in field_changes:
        if change.pk is not None and change.delete:
            removed = existing(fields, change)
            changes["fields"]["removed"].append(removed.key)
            removed.delete()
    for change in field_changes:
        if change.pk is not None and not change.delete:
            current = existing(fields, change)
            if "key" in change.values and change.values["key"] != current.key:
                raise ValidationError(
                    {
                        "key": _(
                            "The key %(key)s cannot change once published; add a new field instead."
                        )
                        % {"key": current.key}
                    }
                )
            _field, changed = write_form_field(call=call, field=current, values=change.values)
            if changed:
                changes["fields"]["changed"][current.key] = changed
    for change in field_changes:
        if change.pk is None and not change.delete:
            added, _changed = write_form_field(call=call, field=None, values=change.values)
            changes["fields"]["added"].append(added.key)

    for change in criterion_changes:
        if change.pk is not None and change.delete:
            removed = existing(criteria, change)
            changes["criteria"]["removed"].append(localise(removed.name, "en"))
            removed.delete()
    for change in criterion_changes:
        if change.pk is not None and not change.delete:
            current = existing(criteria, change)
            name = localise(current.name, "en")
            _criterion, changed = write_criterion(
                call=call, criterion=current, values=change.values
            )
            if changed:
                changes["criteria"]["changed"][name] = changed
    for change in criterion_changes:
        if change.pk is None and not change.delete:
            added_criterion, _changed = write_criterion(
                call=call, criterion=None, values=change.values
            )
            changes["criteria"]["added"].append(localise(added_criterion.name, "en"))

    if not any(any(part.values()) for part in changes.values()):
        raise ValidationError(
            _("Nothing changed: edit a field or a criterion before recording an amendment."),
            code="no_changes",
        )
    problems = _form_problems(call)
    if problems:
        raise ValidationError(problems, code="incomplete")
    return call_amend(call=call, by=by, summary=summary, changes=changes)
