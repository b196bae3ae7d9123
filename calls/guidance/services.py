"""What guides applicants beside the form: the call's documents and its published questions and answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from calls.guidance.models import CallDocument, CallQuestion
from calls.models import Call
from calls.validation import check_names, english
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload, file_extension, random_storage_name
from socialtech.i18n import localise

CALL_QUESTION_VALUES = frozenset({"question", "answer", "order"})
CALL_DOCUMENT_TYPES = ("pdf", "docx", "xlsx", "pptx", "odt", "ods")


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
    checked = check_upload(
        errors, "file", upload, field_label=_("File"), allowed_types=CALL_DOCUMENT_TYPES
    )
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
    *, call: Call, by: Any, existing: CallQuestion | None = None, **values: Any
) -> CallQuestion:
    """Add a frequently asked question with its answer, or change ``existing`` (published
    calls too). ``values`` holds the row's fields, the question's text among them.

    Refuses a question or answer without English text.
    """
    check_names(values, CALL_QUESTION_VALUES, "CallQuestion")
    errors: dict[str, str] = {}
    if "question" in values and not english(values["question"]):
        errors["question"] = _("Write at least the English question.")
    if "answer" in values and not english(values["answer"]):
        errors["answer"] = _("Write at least the English answer.")
    if errors:
        raise ValidationError(errors)
    is_new = existing is None
    question = existing or CallQuestion(call=call, tenant=call.tenant)
    if not is_new and question.call_id != call.pk:
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
