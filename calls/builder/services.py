"""Building a call: the staff form builder writes the call, its form fields and its award criteria through these."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.jobs import call_sync_status
from calls.models import (
    DEFAULT_TIE_BREAK_CHAIN,
    Call,
    CallStatus,
    Criterion,
    FieldType,
    FormField,
)
from calls.validation import CALL_FIELDS, call_identity_problems, check_names, english
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import (
    ALLOWED_TYPE_NAMES,
)
from socialtech.i18n import localise
from socialtech.tenancy.context import require_active_tenant

# --- Building a call: the staff form builder writes through these ---------------------------

# Printed in receipt numbers, links, feeds and calendar entries: fixed once announced.
CALL_FIELDS_FIXED_ONCE_PUBLISHED = frozenset({"slug", "reference"})
# Dates that may still move while applicants can act on them.
CALL_DATE_FIELDS = frozenset({"opens_at", "deadline", "timezone"})
FORM_FIELD_VALUES = frozenset(
    {
        "order",
        "section",
        "key",
        "type",
        "label",
        "help",
        "required",
        "options",
        "max_words",
        "max_bytes",
        "allowed_types",
        "min_value",
        "max_value",
        "is_requested_amount",
    }
)
CRITERION_VALUES = frozenset({"name", "description", "weight", "threshold", "order"})
CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTIPLE_CHOICE})
RANGE_TYPES = frozenset({FieldType.NUMBER, FieldType.MONEY})


@dataclass(frozen=True)
class ItemChange:
    """One row of an amendment: a new row (``pk`` None), a change, or a removal."""

    pk: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False


@transaction.atomic
def call_create(*, by: Any, **values: Any) -> Call:
    """Create a draft call of the active programme from the attributes in :data:`CALL_FIELDS`.

    Refuses (by field) a slug or reference another call of the programme uses, and
    anything :meth:`Call.clean` refuses (no English title, deadline before opening …).
    """
    check_names(values, CALL_FIELDS, "Call")
    problems = call_identity_problems(slug=values.get("slug"), reference=values.get("reference"))
    if problems:
        raise ValidationError(problems)
    call = Call(tenant=require_active_tenant(), status=CallStatus.DRAFT, **values)
    if not values.get("tie_break_chain"):
        call.tie_break_chain = list(DEFAULT_TIE_BREAK_CHAIN)
    call.full_clean()
    call.save()
    audit_log(actor=by, verb="call.created", target=call, data={"slug": call.slug})
    return call


@transaction.atomic
def call_update(*, call: Call, by: Any, **values: Any) -> Call:
    """Change a call's settings; records which attributes changed (dates with old and new).

    Refuses, once the call is published, a new slug or reference; once it is closed, new
    dates (late applicants get an extension instead). Refuses what :meth:`Call.clean`
    refuses.
    """
    check_names(values, CALL_FIELDS, "Call")
    call = Call.objects.select_for_update().get(pk=call.pk)
    changed = {name: value for name, value in values.items() if getattr(call, name) != value}
    if not changed:
        return call
    errors: dict[str, str] = {}
    if call.is_frozen():
        for name in sorted(CALL_FIELDS_FIXED_ONCE_PUBLISHED & set(changed)):
            errors[name] = _("This cannot change once the call is published.")
        if call.effective_status() not in (CallStatus.PUBLISHED, CallStatus.OPEN):
            for name in sorted(CALL_DATE_FIELDS & set(changed)):
                errors[name] = _(
                    "The dates of a closed call cannot move; grant an extension to an applicant instead."
                )
    errors.update(
        call_identity_problems(
            slug=changed.get("slug"), reference=changed.get("reference"), exclude_pk=call.pk
        )
    )
    if errors:
        raise ValidationError(errors)
    data: dict[str, Any] = {"fields": sorted(changed)}
    for name in ("opens_at", "deadline", "evaluation_deadline"):
        if name in changed:
            old = getattr(call, name)
            data[name] = {
                "from": old.isoformat() if old else None,
                "to": changed[name].isoformat() if changed[name] else None,
            }
    for name, value in changed.items():
        setattr(call, name, value)
    call.full_clean()
    call.save()
    audit_log(actor=by, verb="call.updated", target=call, data=data)
    if call.is_frozen():
        call_sync_status(call=call)
    return call


@transaction.atomic
def call_delete(*, call: Call, by: Any) -> None:
    """Delete a draft call with its form. Refuses a published call: archive it instead."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.is_frozen():
        raise ValidationError(
            _("A published call cannot be deleted; archive it when its results are out."),
            code="published",
        )
    audit_log(actor=by, verb="call.deleted", target=call, data={"slug": call.slug})
    call.delete()


def _lock_draft(call: Call) -> Call:
    locked = Call.objects.select_for_update().get(pk=call.pk)
    if locked.is_frozen():
        raise ValidationError(
            _(
                "The form and criteria of a published call are frozen; record an amendment to change them."
            ),
            code="frozen",
        )
    return locked


def form_field_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with the settings of one form field, by attribute; empty when fine.

    Pure, so the admin form can show the same messages beside its inputs.
    """
    problems: dict[str, str] = {}
    field_type = values.get("type")
    options = values.get("options") or []
    if not isinstance(options, list) or not all(
        isinstance(option, dict) and str(option.get("value") or "").strip() for option in options
    ):
        problems["options"] = _("Each option needs a value.")
    else:
        seen: set[str] = set()
        for option in options:
            value = str(option["value"]).strip()
            if value in seen:
                problems["options"] = _("Option values must differ; %(value)s appears twice.") % {
                    "value": value
                }
                break
            seen.add(value)
            if not english(option.get("label")):
                problems["options"] = _("The option %(value)s has no English label.") % {
                    "value": value
                }
                break
        if "options" not in problems:
            if field_type in CHOICE_TYPES and len(options) < 2:
                problems["options"] = _("A choice needs at least two options.")
            elif options and field_type not in CHOICE_TYPES | {FieldType.BUDGET_TABLE}:
                problems["options"] = _(
                    "Only choices and budget tables have options; clear them for this type."
                )
    if values.get("is_requested_amount") and field_type not in (
        FieldType.MONEY,
        FieldType.BUDGET_TABLE,
    ):
        problems["is_requested_amount"] = _(
            "Only an amount in EUR or a budget table can hold the requested amount."
        )
    if values.get("max_words") and field_type not in (FieldType.TEXT, FieldType.TEXTAREA):
        problems["max_words"] = _("A word limit applies to text fields only.")
    max_bytes = values.get("max_bytes")
    allowed_types = values.get("allowed_types") or []
    if field_type != FieldType.FILE:
        if max_bytes:
            problems["max_bytes"] = _("A size limit applies to file fields only.")
        if allowed_types:
            problems["allowed_types"] = _("File types apply to file fields only.")
    else:
        if max_bytes and max_bytes > settings.UPLOAD_MAX_BYTES:
            problems["max_bytes"] = _("The size limit can be at most %(limit)s MB.") % {
                "limit": settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            }
        unknown = [name for name in allowed_types if name not in ALLOWED_TYPE_NAMES]
        if unknown:
            problems["allowed_types"] = ngettext(
                "Unknown file type: %(types)s.", "Unknown file types: %(types)s.", len(unknown)
            ) % {"types": ", ".join(unknown)}
    min_value, max_value = values.get("min_value"), values.get("max_value")
    if min_value is not None and field_type not in RANGE_TYPES:
        problems["min_value"] = _("A minimum applies to numbers and amounts only.")
    if max_value is not None and field_type not in RANGE_TYPES | {FieldType.BUDGET_TABLE}:
        problems["max_value"] = _("A maximum applies to numbers, amounts and budget tables only.")
    if min_value is not None and max_value is not None and max_value < min_value:
        problems["max_value"] = _("The maximum cannot be below the minimum.")
    if not english(values.get("label")):
        problems["label"] = _("Write at least the English label.")
    return problems


Row = TypeVar("Row", FormField, Criterion)


def _write_call_row(
    *,
    call: Call,
    row: Row | None,
    model: type[Row],
    names: Any,
    values: Mapping[str, Any],
    problems_of: Callable[[Mapping[str, Any]], dict[str, str]],
    foreign_message: str,
) -> tuple[Row, list[str]]:
    """Create or change one question or criterion of ``call``; returns it and what changed."""
    check_names(values, names, model.__name__)
    if row is None:
        row = model(call=call, tenant=call.tenant)
        changed = sorted(values)
    else:
        if row.call_id != call.pk:
            raise ValidationError(foreign_message, code="wrong_call")
        changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
    for name, value in values.items():
        setattr(row, name, value)
    problems = problems_of({name: getattr(row, name) for name in names})
    if problems:
        raise ValidationError(problems)
    row.full_clean()
    row.save()
    return row, changed


def write_form_field(
    *, call: Call, field: FormField | None, values: Mapping[str, Any]
) -> tuple[FormField, list[str]]:
    return _write_call_row(
        call=call,
        row=field,
        model=FormField,
        names=FORM_FIELD_VALUES,
        values=values,
        problems_of=form_field_problems,
        foreign_message=_("This field belongs to another call."),
    )


@transaction.atomic
def form_field_save(
    *, call: Call, by: Any, field: FormField | None = None, **values: Any
) -> FormField:
    """Add a question to a draft call's form (``field`` None) or change one.

    Refuses a published call (amend it instead), a key used twice, and the settings
    :func:`form_field_problems` refuses.
    """
    call = _lock_draft(call)
    is_new = field is None
    field, changed = write_form_field(call=call, field=field, values=values)
    if is_new or changed:
        audit_log(
            actor=by,
            verb="call.field_added" if is_new else "call.field_changed",
            target=call,
            data={"key": field.key, "fields": changed},
        )
    return field


@transaction.atomic
def form_field_delete(*, field: FormField, by: Any) -> None:
    """Remove a question from a draft call's form. Refuses a published call."""
    call = _lock_draft(field.call)
    audit_log(actor=by, verb="call.field_removed", target=call, data={"key": field.key})
    field.delete()


def criterion_problems(values: Mapping[str, Any]) -> dict[str, str]:
    """What is wrong with one award criterion, by attribute; empty when fine."""
    problems: dict[str, str] = {}
    if not english(values.get("name")):
        problems["name"] = _("Write at least the English name.")
    threshold = values.get("threshold")
    if threshold is not None and (Decimal(threshold) * 2) % 1 != 0:
        problems["threshold"] = _("Scores go in half points: use a threshold such as 3 or 3.5.")
    return problems


def write_criterion(
    *, call: Call, criterion: Criterion | None, values: Mapping[str, Any]
) -> tuple[Criterion, list[str]]:
    return _write_call_row(
        call=call,
        row=criterion,
        model=Criterion,
        names=CRITERION_VALUES,
        values=values,
        problems_of=criterion_problems,
        foreign_message=_("This criterion belongs to another call."),
    )


@transaction.atomic
def criterion_save(
    *, call: Call, by: Any, criterion: Criterion | None = None, **values: Any
) -> Criterion:
    """Add an award criterion to a draft call or change one. Refuses a published call."""
    call = _lock_draft(call)
    is_new = criterion is None
    criterion, changed = write_criterion(call=call, criterion=criterion, values=values)
    if is_new or changed:
        audit_log(
            actor=by,
            verb="call.criterion_added" if is_new else "call.criterion_changed",
            target=call,
            data={"criterion": localise(criterion.name, "en"), "fields": changed},
        )
    return criterion


@transaction.atomic
def criterion_delete(*, criterion: Criterion, by: Any) -> None:
    """Remove an award criterion from a draft call. Refuses a published call."""
    call = _lock_draft(criterion.call)
    audit_log(
        actor=by,
        verb="call.criterion_removed",
        target=call,
        data={"criterion": localise(criterion.name, "en")},
    )
    criterion.delete()
