"""Writes on calls: publication, the clock-driven lifecycle, amendments, receipt numbers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import (
    CALL_TRANSITIONS,
    DEFAULT_TIE_BREAK_CHAIN,
    Call,
    CallAmendment,
    CallDocument,
    CallQuestion,
    CallStatus,
    Criterion,
    FieldType,
    FormField,
    WorkPackage,
)
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import (
    ALLOWED_TYPE_NAMES,
    file_extension,
    random_storage_name,
    validate_upload,
)
from socialtech.i18n import localise
from socialtech.tasks import enqueue_on_commit_by_name
from socialtech.tenancy.context import require_active_tenant


class TransitionNotAllowed(ValidationError):
    pass


def _check_transition(call: Call, to: str) -> None:
    if to not in CALL_TRANSITIONS[call.status]:
        raise TransitionNotAllowed(
            _("A call in the status “%(current)s” cannot move to “%(target)s”.")
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
    """A staff-driven step: closed → evaluation, results → archived (and early closing).

    Refuses the move to results: results are published from the call's ranking
    (``evaluations.results_services.call_publish_results``), which tells each applicant
    their outcome; a bare status change would announce results nobody can see.
    """
    if to == CallStatus.RESULTS:
        raise ValidationError(
            _(
                "Results are published from the call's ranking (Publish results), which "
                "sends each applicant their outcome; the status alone cannot change."
            ),
            code="publish_from_ranking",
        )
    return _call_move(call=call, to=to, by=by)


@transaction.atomic
def call_results_announce(*, call: Call, by: Any) -> Call:
    """Move ``call`` from evaluation to results. Only the publication of results calls it,
    in the same transaction as it records what each applicant is told."""
    return _call_move(call=call, to=CallStatus.RESULTS, by=by)


def _call_move(*, call: Call, to: str, by: Any) -> Call:
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


# --- Building a call: the staff form builder writes through these ---------------------------

# Call attributes staff may set; status, counters and versions move only through services.
CALL_FIELDS = frozenset(
    {
        "slug",
        "reference",
        "kind",
        "work_package",
        "title",
        "summary",
        "body",
        "topics",
        "opens_at",
        "deadline",
        "timezone",
        "budget",
        "max_award_per_applicant",
        "expected_awards",
        "evaluators_per_application",
        "partner_staff_may_evaluate",
        "exclude_same_country",
        "one_evaluator_per_country",
        "evaluation_deadline",
        "redress_days",
        "total_threshold",
        "reserve_list_length",
        "tie_break_chain",
        "eligible_countries",
        "eligible_legal_forms",
        "sme_only",
        "social_economy_only",
        "max_applications_per_organisation",
        "check_funding_cap",
    }
)
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
CALL_QUESTION_VALUES = frozenset({"question", "answer", "order"})
CALL_DOCUMENT_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods")
CHOICE_TYPES = frozenset({FieldType.CHOICE, FieldType.MULTIPLE_CHOICE})
RANGE_TYPES = frozenset({FieldType.NUMBER, FieldType.MONEY})


def english(text: Any) -> str:
    """The English text of a per-language value; no fallback to another language."""
    if isinstance(text, dict):
        return str(text.get("en") or "").strip()
    return ""


@dataclass(frozen=True)
class ItemChange:
    """One row of an amendment: a new row (``pk`` None), a change, or a removal."""

    pk: int | None = None
    values: Mapping[str, Any] = field(default_factory=dict)
    delete: bool = False


def _check_names(values: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        # A programming error, not user input.
        raise TypeError(f"{what} has no settable attribute(s) {', '.join(unknown)}")


def call_identity_problems(
    *, slug: str | None, reference: str | None, exclude_pk: int | None = None
) -> dict[str, str]:
    """Slug and reference already used by another call of the active programme, by field."""
    others = Call.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    problems: dict[str, str] = {}
    if slug and others.filter(slug=slug).exists():
        problems["slug"] = _("Another call of this programme already uses the slug %(slug)s.") % {
            "slug": slug
        }
    if reference and others.filter(reference=reference).exists():
        problems["reference"] = _(
            "Another call of this programme already uses the reference %(reference)s."
        ) % {"reference": reference}
    return problems


@transaction.atomic
def call_create(*, by: Any, **values: Any) -> Call:
    """Create a draft call of the active programme from the attributes in :data:`CALL_FIELDS`.

    Refuses (by field) a slug or reference another call of the programme uses, and
    anything :meth:`Call.clean` refuses (no English title, deadline before opening …).
    """
    _check_names(values, CALL_FIELDS, "Call")
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
    _check_names(values, CALL_FIELDS, "Call")
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
    _check_names(values, names, model.__name__)
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


def _write_form_field(
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
    field, changed = _write_form_field(call=call, field=field, values=values)
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


def _write_criterion(
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
    criterion, changed = _write_criterion(call=call, criterion=criterion, values=values)
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


def _delete_file_after_commit(fieldfile: Any) -> None:
    if not fieldfile:
        return
    storage, name = fieldfile.storage, fieldfile.name
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def call_document_save(
    *,
    call: Call,
    by: Any,
    document: CallDocument | None = None,
    title: dict[str, str],
    order: int = 0,
    upload: Any | None = None,
) -> CallDocument:
    """Add a downloadable document to a call (guide, templates) or change one.

    Allowed on published calls too: a corrected guide is announced by its date. Refuses
    a document without an English title, a new document without a file, and a file that
    :func:`validate_upload` refuses (size, real type, extension).
    """
    call = Call.objects.select_for_update().get(pk=call.pk)
    errors: dict[str, Any] = {}
    if not english(title):
        errors["title"] = _("Write at least the English title.")
    if document is None and upload is None:
        errors["file"] = _("Choose a file to upload.")
    checked = None
    if upload is not None:
        try:
            checked = validate_upload(
                upload,
                field_label=_("File"),
                max_bytes=settings.UPLOAD_MAX_BYTES,
                allowed_types=CALL_DOCUMENT_TYPES,
            )
        except ValidationError as error:
            errors["file"] = error.messages
    if errors:
        raise ValidationError(errors)
    is_new = document is None
    if document is None:
        document = CallDocument(call=call, tenant=call.tenant)
    elif document.call_id != call.pk:
        raise ValidationError(_("This document belongs to another call."), code="wrong_call")
    document.title = title
    document.order = order
    if checked is not None and upload is not None:
        old_file = document.file if document.file else None
        document.original_name = checked.original_name
        document.size = checked.size
        document.sha256 = checked.sha256
        document.file.save(
            random_storage_name(
                call.tenant.slug, file_extension(checked.original_name) or checked.kind
            ),
            upload,
            save=False,
        )
        if old_file:
            _delete_file_after_commit(old_file)
    document.full_clean()
    document.save()
    audit_log(
        actor=by,
        verb="call.document_added" if is_new else "call.document_changed",
        target=call,
        data={"document": document.original_name, "sha256": document.sha256},
    )
    return document


@transaction.atomic
def call_document_delete(*, document: CallDocument, by: Any) -> None:
    """Remove a downloadable document; its file goes once the removal is committed."""
    audit_log(
        actor=by,
        verb="call.document_removed",
        target=document.call,
        data={"document": document.original_name, "sha256": document.sha256},
    )
    _delete_file_after_commit(document.file)
    document.delete()


@transaction.atomic
def call_question_save(
    *, call: Call, by: Any, question: CallQuestion | None = None, **values: Any
) -> CallQuestion:
    """Add a frequently asked question with its answer, or change one (published calls too).

    Refuses a question or answer without English text.
    """
    _check_names(values, CALL_QUESTION_VALUES, "CallQuestion")
    errors: dict[str, str] = {}
    if "question" in values and not english(values["question"]):
        errors["question"] = _("Write at least the English question.")
    if "answer" in values and not english(values["answer"]):
        errors["answer"] = _("Write at least the English answer.")
    if errors:
        raise ValidationError(errors)
    is_new = question is None
    if question is None:
        question = CallQuestion(call=call, tenant=call.tenant)
    elif question.call_id != call.pk:
        raise ValidationError(_("This question belongs to another call."), code="wrong_call")
    for name, value in values.items():
        setattr(question, name, value)
    question.full_clean()
    question.save()
    audit_log(
        actor=by,
        verb="call.question_added" if is_new else "call.question_changed",
        target=call,
        data={"question": localise(question.question, "en")},
    )
    return question


@transaction.atomic
def call_question_delete(*, question: CallQuestion, by: Any) -> None:
    """Remove a frequently asked question."""
    audit_log(
        actor=by,
        verb="call.question_removed",
        target=question.call,
        data={"question": localise(question.question, "en")},
    )
    question.delete()


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
            _field, changed = _write_form_field(call=call, field=current, values=change.values)
            if changed:
                changes["fields"]["changed"][current.key] = changed
    for change in field_changes:
        if change.pk is None and not change.delete:
            added, _changed = _write_form_field(call=call, field=None, values=change.values)
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
            _criterion, changed = _write_criterion(
                call=call, criterion=current, values=change.values
            )
            if changed:
                changes["criteria"]["changed"][name] = changed
    for change in criterion_changes:
        if change.pk is None and not change.delete:
            added_criterion, _changed = _write_criterion(
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


# --- The programme's work packages -----------------------------------------------------------


@transaction.atomic
def work_package_save(
    *, by: Any, code: str, name: dict[str, str], order: int, work_package: WorkPackage | None = None
) -> WorkPackage:
    """Create a work package of the active programme, or change ``work_package``.

    Refuses (on ``code``) a code another work package of the programme uses, and a work
    package with no name.
    """
    if work_package is None:
        work_package = WorkPackage(tenant=require_active_tenant())
    elif work_package.pk is not None:
        work_package = WorkPackage.objects.select_for_update().get(pk=work_package.pk)
    taken = WorkPackage.objects.filter(code=code).exclude(pk=work_package.pk).exists()
    if taken:
        raise ValidationError(
            {
                "code": _("Another work package of this programme uses the code %(code)s.")
                % {"code": code}
            }
        )
    is_new = work_package.pk is None
    work_package.code, work_package.name, work_package.order = code, name, order
    work_package.full_clean()
    work_package.save()
    audit_log(
        actor=by,
        verb="work_package.created" if is_new else "work_package.updated",
        target=work_package,
        data={"code": code},
    )
    return work_package


@transaction.atomic
def work_package_delete(*, work_package: WorkPackage, by: Any) -> None:
    """Remove a work package; refuses one that calls are filed under."""
    if Call.objects.filter(work_package=work_package).exists():
        raise ValidationError(
            _("Calls are filed under %(name)s: move them to another work package first.")
            % {"name": work_package.name_text}
        )
    audit_log(
        actor=by, verb="work_package.deleted", target=work_package, data={"code": work_package.code}
    )
    work_package.delete()
