"""Writes on applications: start, autosave, attach, submit, withdraw, extend.

Every rule a user can break comes back as an ``ApplicationError`` with a code the API
turns into its answer (``deadline_passed``, ``stale_version``, ``incomplete`` …), or a
``ValidationError`` naming the field.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import (
    APPLICATION_TRANSITIONS,
    WITHDRAWABLE,
    Application,
    ApplicationStatus,
    Attachment,
)
from applications.selectors import eligibility_failures
from calls.answers import (
    MONEY_MAX,
    AnswerError,
    check_draft_shape,
    requested_amount,
)
from calls.eligibility import EligibilityFailure
from calls.jobs import call_sync_status
from calls.models import Call, FieldType, FormField
from organisations.models import Organisation
from organisations.permissions import can_edit as can_edit_organisation
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import CheckedUpload, validate_upload
from socialtech.formatting import format_datetime

# Applications that count against "applications per organisation".


class ApplicationError(Exception):
    """A refusal the applicant must see, with a stable code; the API layer chooses the
    HTTP status from the code (``applications.api.application_error_status``)."""

    def __init__(self, message: str, code: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.extra = extra


class DeadlinePassed(ApplicationError):
    def __init__(self, application_or_call: Application | Call, now: datetime) -> None:
        if isinstance(application_or_call, Application):
            deadline = application_or_call.deadline_for_this_application()
            zone_name = application_or_call.call.timezone
        else:
            deadline = application_or_call.deadline
            zone_name = application_or_call.timezone
        local = timezone.localtime(deadline, ZoneInfo(zone_name))
        super().__init__(
            _("The deadline passed at %(local)s, %(utc)s. Your draft is kept and stays readable.")
            % {
                "local": format_datetime(deadline, zone_name, seconds=True),
                "utc": format_datetime(deadline, UTC, seconds=True),
            },
            "deadline_passed",
            deadline=deadline.isoformat(),
            deadline_local=local.isoformat(),
            timezone=zone_name,
            received_at=now.isoformat(),
        )


class StaleVersion(ApplicationError):
    def __init__(self, application: Application) -> None:
        super().__init__(
            _(
                "This draft was changed elsewhere (another tab or a co-applicant) since you loaded it. "
                "Your text is not saved yet: load the newer version, or keep your answers and save them over it."
            ),
            "stale_version",
            current_version=application.version,
            current_answers=application.answers,
        )


class Incomplete(ApplicationError):
    def __init__(self, errors: list[AnswerError]) -> None:
        super().__init__(
            ngettext(
                "Some answers are missing or invalid: %(count)s field to fix.",
                "Some answers are missing or invalid: %(count)s fields to fix.",
                len(errors),
            )
            % {"count": len(errors)},
            "incomplete",
            errors={error.key: [error.message] for error in errors},
        )


class NotEligible(ApplicationError):
    def __init__(self, failures: list[EligibilityFailure]) -> None:
        super().__init__(
            _("The organisation cannot apply to this call: %(reasons)s")
            % {"reasons": " ".join(f.message for f in failures)},
            "not_eligible",
            failures=[{"rule": f.rule, "message": f.message} for f in failures],
        )


def application_status_move(*, application: Application, to: str) -> None:
    """Set the status if the status table allows it; refuses naming both states. No save."""
    if to not in APPLICATION_TRANSITIONS[application.status]:
        raise ApplicationError(
            _("An application in the status “%(current)s” cannot move to “%(target)s”.")
            % {"current": application.get_status_display(), "target": ApplicationStatus(to).label},
            "transition_not_allowed",
        )
    application.status = to


def call_fields(call: Call) -> list[FormField]:
    return list(call.fields.all())


def _lock_editable_draft(application: Application, user: Any) -> Application:
    """The draft, locked for this transaction, if ``user`` may still change it."""
    application = (
        Application.objects.select_for_update()
        .select_related("call", "organisation")
        .get(pk=application.pk)
    )
    check_may_edit(application=application, user=user)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            _("This application is already submitted and cannot change."), "not_a_draft"
        )
    now = timezone.now()
    if application.is_past_deadline(now):
        raise DeadlinePassed(application, now)
    return application


def check_may_edit(*, application: Application, user: Any) -> None:
    if not can_edit_organisation(user, application.organisation):
        raise ApplicationError(
            _("Only members of the organisation may change this application."), "forbidden"
        )


@transaction.atomic
def application_start(
    *, call: Call, organisation: Organisation, user: Any, language: str = ""
) -> Application:
    """Open a draft for ``organisation``; refuses a closed call or an ineligible organisation.

    The list of failed eligibility rules is in the error, so the applicant sees all of them.
    """
    if not can_edit_organisation(user, organisation):
        raise ApplicationError(
            _("Only owners and editors of the organisation may apply for it."), "forbidden"
        )
    now = timezone.now()
    call_sync_status(call=call, now=now)
    if not call.is_open(now):
        if now >= call.deadline:
            raise DeadlinePassed(call, now)
        raise ApplicationError(_("This call is not open for applications."), "call_not_open")
    failures = eligibility_failures(call=call, organisation=organisation)
    if failures:
        raise NotEligible(failures)
    application = Application(
        call=call,
        organisation=organisation,
        created_by=user,
        form_version=call.form_version,
        language=language,
    )
    application.full_clean()
    application.save()
    audit_log(
        actor=user,
        verb="application.started",
        target=application,
        data={"call": call.slug, "organisation": organisation.pk},
    )
    return application


def _searchable(application: Application) -> str:
    parts = [application.organisation.legal_name, application.title]
    parts += [str(value) for value in application.answers.values() if isinstance(value, str)]
    return " ".join(parts)[:20000]


def derive_answers(*, application: Application, fields: list[FormField]) -> None:
    application.requested_amount = requested_amount(fields, application.answers)
    title_field = next(
        (f for f in fields if f.key in ("project_title", "title") and f.type == FieldType.TEXT),
        None,
    )
    application.title = (
        str(application.answers.get(title_field.key, ""))[:300]
        if title_field
        else application.title
    )
    application.search_text = _searchable(application)


@transaction.atomic
def application_save_draft(
    *, application: Application, user: Any, answers: dict[str, Any], version: int
) -> Application:
    """Save answers into a draft (keys given replace, ``null`` clears); the version must match.

    Refuses a stale version (another tab saved first: nothing is overwritten), a draft past
    its deadline, and answers of the wrong shape. Word limits and missing answers are
    allowed in a draft: they are checked at submission, so no typing is lost.
    """
    application = _lock_editable_draft(application, user)
    return _save_answers(application, call_fields(application.call), answers, version)


@dataclass(frozen=True)
class DraftSaved:
    """A draft saved with its files; ``refused_files`` names each file not stored, and why."""

    application: Application
    refused_files: dict[str, list[str]]


@transaction.atomic
def application_save_draft_with_files(
    *,
    application: Application,
    user: Any,
    answers: dict[str, Any],
    version: int,
    files: Mapping[str, File],
) -> DraftSaved:
    """Save answers and the files of file fields (by field key) in one transaction.

    Every file is checked before anything is written. A file its field refuses is not
    stored and is named in ``refused_files``; the answers and the accepted files are still
    saved, as a draft keeps what was typed. Any other failure (a stale version, the deadline,
    answers of the wrong shape, the storage failing half-way) saves nothing at all.
    """
    application = _lock_editable_draft(application, user)
    fields = call_fields(application.call)
    refused: dict[str, list[str]] = {}
    checked_files = _check_files(fields, files, refused)
    application = _save_answers(application, fields, answers, version)
    for field, upload, checked in checked_files:
        _attach_checked(
            application=application, user=user, field=field, upload=upload, checked=checked
        )
    return DraftSaved(application=application, refused_files=refused)


def _save_answers(
    application: Application, fields: list[FormField], answers: dict[str, Any], version: int
) -> Application:
    """Merge ``answers`` into the locked draft ``application`` and save it."""
    if int(version) != application.version:
        raise StaleVersion(application)
    problems = check_draft_shape(fields, answers)
    if problems:
        raise ValidationError({problem.key: problem.message for problem in problems})
    merged = dict(application.answers)
    for key, value in answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    amount_field = next((field for field in fields if field.is_requested_amount), None)
    amount = requested_amount(fields, merged)
    if amount_field is not None and amount is not None and abs(amount) > MONEY_MAX:
        # The one draft rule beyond shape: the amount must fit its column, or the row
        # could not be stored. Everything else the applicant typed is kept as typed.
        raise ValidationError(
            {
                amount_field.key: _("%(label)s: at most %(max)s EUR.")
                % {"label": amount_field.label_text, "max": MONEY_MAX}
            }
        )
    application.answers = merged
    application.version += 1
    derive_answers(application=application, fields=fields)
    application.full_clean(validate_constraints=False)
    application.save()
    # Autosave runs every few seconds: drafts are not audited per keystroke; starting,
    # files, submission, withdrawal and extensions are.
    return application


def _check_files(
    fields: list[FormField], files: Mapping[str, File], errors: dict[str, list[str]]
) -> list[tuple[FormField, File, CheckedUpload]]:
    """Each file checked against its field's rules; refusals are added to ``errors``."""
    by_key = {field.key: field for field in fields}
    checked_files = []
    for key, upload in files.items():
        field = by_key.get(key)
        if field is None or field.type != FieldType.FILE:
            errors.setdefault(key, []).append(
                _("This form has no file field %(key)s.") % {"key": key}
            )
            continue
        try:
            checked_files.append((field, upload, _check_upload(field, upload)))
        except ValidationError as error:
            errors.setdefault(key, []).extend(error.messages)
    return checked_files


def _attach_checked(
    *, application: Application, user: Any, field: FormField, upload: File, checked: CheckedUpload
) -> Attachment:
    attachment = _store_checked(
        application=application, user=user, field=field, upload=upload, checked=checked
    )
    application.version += 1
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["version", "updated_at"])
    audit_log(
        actor=user,
        verb="application.file_attached",
        target=application,
        data={"field": field.key, "name": attachment.original_name, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def application_attach(
    *, application: Application, user: Any, field_key: str, upload: File
) -> Attachment:
    """Store a file for a file field, replacing the earlier one; checks size and real type."""
    application = _lock_editable_draft(application, user)
    field = application.call.fields.filter(key=field_key).first()
    if field is None or field.type != FieldType.FILE:
        raise ValidationError(
            {"field": _("This form has no file field %(key)s.") % {"key": field_key}}
        )
    return _attach_checked(
        application=application,
        user=user,
        field=field,
        upload=upload,
        checked=_check_upload(field, upload),
    )


def _check_upload(field: FormField, upload: File) -> CheckedUpload:
    return validate_upload(
        upload,
        field_label=field.label_text,
        max_bytes=field.file_max_bytes,
        allowed_types=field.file_types,
    )


def attachment_store(
    *, application: Application, user: Any, field: FormField, upload: File
) -> Attachment:
    """Check a file against the field's rules and store it, replacing the field's earlier one.

    No deadline or permission check: callers (the attach service, the demo loader) do that.
    """
    return _store_checked(
        application=application,
        user=user,
        field=field,
        upload=upload,
        checked=_check_upload(field, upload),
    )


def _store_checked(
    *, application: Application, user: Any, field: FormField, upload: File, checked: CheckedUpload
) -> Attachment:
    for old in Attachment.objects.filter(application=application, field_key=field.key):
        # The old file goes once the replacement is committed: a rollback keeps row and file.
        storage, name = old.file.storage, old.file.name
        old.delete()
        if name:
            transaction.on_commit(functools.partial(storage.delete, name))
    upload.seek(0)
    attachment = Attachment(
        tenant=application.tenant,
        application=application,
        field_key=field.key,
        original_name=checked.original_name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=user,
    )
    attachment.file.save(f"upload.{checked.kind}", upload, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def application_withdraw(*, application: Application, user: Any, reason: str = "") -> Application:
    """Withdraw before results; a withdrawn application stays on record."""
    application = (
        Application.objects.select_for_update()
        .select_related("organisation")
        .get(pk=application.pk)
    )
    check_may_edit(application=application, user=user)
    if application.status == ApplicationStatus.WITHDRAWN:
        return application
    if application.status not in WITHDRAWABLE:
        raise ApplicationError(
            _("The application can no longer be withdrawn at this stage of the evaluation."),
            "too_late",
        )
    application_status_move(application=application, to=ApplicationStatus.WITHDRAWN)
    application.withdrawn_at = timezone.now()
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["status", "withdrawn_at", "updated_at"])
    audit_log(actor=user, verb="application.withdrawn", target=application, data={"reason": reason})
    return application


def total_requested(*, call: Call) -> Decimal:
    return Application.objects.filter(call=call, status=ApplicationStatus.SUBMITTED).aggregate(
        total=Sum("requested_amount")
    )["total"] or Decimal("0")
