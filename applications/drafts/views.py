"""The draft pages: the edit page (saving without JavaScript too), autosave and uploads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from applications import permissions, selectors, services
from applications.api import application_error_status
from applications.forms import AnswersForm
from applications.models import Application, ApplicationStatus
from applications.services import ApplicationError, DeadlinePassed, StaleVersion
from applications.views import (
    application_or_404,
    deadline_context,
    error_json,
    viewer_zone,
)
from calls.models import FieldType, FormField
from socialtech.formatting import format_time
from socialtech.storage_errors import STORAGE_ERRORS, file_not_stored_message, log_storage_error

# --- Edit and autosave -------------------------------------------------------------------


@dataclass
class SaveOutcome:
    application: Application | None = None
    conflict: StaleVersion | None = None
    deadline: DeadlinePassed | None = None
    error: ApplicationError | None = None
    invalid: bool = False

    @property
    def saved(self) -> bool:
        return self.application is not None


def _changed_fields(
    specs: list[FormField], mine: dict[str, Any], theirs: dict[str, Any]
) -> list[dict[str, str]]:
    """The questions whose newer saved answer differs from what this page holds."""
    return [
        {"key": spec.key, "label": spec.label_text}
        for spec in specs
        if spec.type != FieldType.FILE and mine.get(spec.key) != theirs.get(spec.key)
    ]


def _save_draft(
    request: HttpRequest, application: Application, form: AnswersForm, *, with_uploads: bool
) -> SaveOutcome:
    """Save the answers of ``form`` (and, without JavaScript, its files) into the draft."""
    if not form.is_valid():
        return SaveOutcome(invalid=True)
    version = form.cleaned_data["version"]
    overwrite = request.POST.get("overwrite", "")
    if overwrite.isdigit():
        # The applicant saw the newer version's changes and chose to keep their own.
        version = int(overwrite)
    try:
        if with_uploads:
            try:
                result = services.application_save_draft_with_files(
                    application=application,
                    user=request.user,
                    answers=form.answers(),
                    version=version,
                    files=form.uploads(),
                )
            except STORAGE_ERRORS as error:
                # The storage is full or unwritable: the typed answers are saved on their
                # own, and each file not stored is named on its field.
                log_storage_error(error, where=f"application {application.pk}")
                saved = services.application_save_draft(
                    application=application,
                    user=request.user,
                    answers=form.answers(),
                    version=version,
                )
                form.add_service_errors(
                    {
                        key: [file_not_stored_message(form.fields[key].label)]
                        for key in form.uploads()
                    }
                )
            else:
                saved = result.application
                form.add_service_errors(result.refused_files)
        else:
            saved = services.application_save_draft(
                application=application,
                user=request.user,
                answers=form.answers(),
                version=version,
            )
    except StaleVersion as error:
        return SaveOutcome(conflict=error)
    except DeadlinePassed as error:
        return SaveOutcome(deadline=error)
    except ValidationError as error:
        form.add_service_errors(
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        )
        return SaveOutcome(invalid=True)
    except ApplicationError as error:
        return SaveOutcome(error=error)
    return SaveOutcome(application=saved)


def _edit_page(
    request: HttpRequest,
    application: Application,
    form: AnswersForm,
    *,
    is_editable: bool,
    status: int = 200,
    conflict: dict[str, Any] | None = None,
    deadline_error: str = "",
) -> HttpResponse:
    zone = viewer_zone(request)
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "sections": form.sections(),
        "is_editable": is_editable,
        "conflict": conflict,
        "deadline_error": deadline_error,
        "is_past_deadline": application.is_past_deadline(),
        "client_strings": _client_strings(),
        **deadline_context(request, application),
        "saved_at": selectors.zoned(
            application.updated_at, call=application.call, viewer_zone=zone
        ),
    }
    return render(request, "applications/edit.html", context, status=status)


def _client_strings() -> dict[str, str]:
    """The texts the edit page's script shows, in the reader's language."""
    return {
        "saving": _("Saving…"),
        "saved_at": _("Saved at %(time)s"),
        "not_saved": _("Not saved: %(reason)s"),
        "offline": _("no connection. Your text stays in the fields; saving again shortly."),
        "server_error": _(
            "the server did not answer. Your text stays in the fields; saving again shortly."
        ),
        "fix_fields": _("fix the fields marked below."),
        "unsaved": _("Changes not saved yet"),
        "words": _("%(count)s / %(limit)s words"),
        "words_plain": _("%(count)s words"),
        "over_limit": _("%(count)s words over the limit"),
        "uploading": _("Uploading %(name)s…"),
        "uploaded": _("Uploaded %(name)s (%(size)s)."),
        "upload_failed": _("Upload failed: %(reason)s"),
        "too_large": _("%(name)s is larger than the limit of %(size)s."),
        "row": _("row %(number)s"),
        "removed_row": _("Row removed. The total is now %(total)s."),
        "added_row": _("Row added."),
        "submitting": _("Submitting…"),
        "offline_kept": _(
            "You are offline. Your answers are kept in this browser and will be sent when "
            "the connection returns."
        ),
        "back_online": _("The connection is back."),
        "restored": _(
            "Answers kept in this browser were put back in the fields; sending them now."
        ),
        "kept_since": _("Typed in this browser at %(time)s."),
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of a draft. It autosaves with JavaScript and saves with the button without."""
    application = application_or_404(request, pk)
    if application.status != ApplicationStatus.DRAFT:
        return redirect("application_review", pk=application.pk)
    is_editable = (
        permissions.can_edit_application(request.user, application) and application.is_editable()
    )
    specs = selectors.form_fields(application.call)
    attachments = selectors.application_attachments(application)
    if request.method != "POST":
        form = AnswersForm(
            specs=specs,
            answers=application.answers,
            version=application.version,
            attachments=attachments,
            read_only=not is_editable,
        )
        return _edit_page(request, application, form, is_editable=is_editable)

    form = AnswersForm(
        request.POST,
        request.FILES,
        specs=specs,
        answers=application.answers,
        version=application.version,
        attachments=attachments,
    )
    if not is_editable and not application.is_past_deadline():
        raise PermissionDenied(_("Only owners and editors of the organisation may do this."))
    outcome = _save_draft(request, application, form, with_uploads=True)
    if outcome.saved and not form.errors:
        saved = cast(Application, outcome.application)
        local = selectors.zoned(saved.updated_at, call=saved.call, viewer_zone=viewer_zone(request))
        messages.success(
            request,
            _("Saved at %(time)s.")
            % {
                "time": format_time(
                    saved.updated_at, local.viewer_zone or local.call_zone, seconds=True
                )
            },
        )
        if "review" in request.POST:
            return redirect("application_review", pk=application.pk)
        return redirect("application_edit", pk=application.pk)
    # Whatever happened, the page shows what the applicant typed, never the stored text.
    data = request.POST.copy()
    status = 400
    conflict = None
    deadline_error = ""
    if outcome.saved:
        saved = cast(Application, outcome.application)
        data["version"] = str(saved.version)
        application = saved
        form.attachments = {a.field_key: a for a in selectors.application_attachments(saved)}
    elif outcome.conflict is not None:
        status = 409
        conflict = {
            "message": outcome.conflict.message,
            "current_version": outcome.conflict.extra["current_version"],
            "changed": _changed_fields(
                specs,
                form.answers() if form.is_valid() else {},
                outcome.conflict.extra["current_answers"],
            ),
        }
    elif outcome.deadline is not None:
        status = 409
        deadline_error = outcome.deadline.message
        is_editable = False
    elif outcome.error is not None:
        status = application_error_status(outcome.error)
        form.add_error(None, outcome.error.message)
    form.data = data
    return _edit_page(
        request,
        application,
        form,
        is_editable=is_editable,
        status=status,
        conflict=conflict,
        deadline_error=deadline_error,
    )


def _saved_json(application: Application) -> dict[str, Any]:
    return {
        "status": "saved",
        "version": application.version,
        "saved_at": application.updated_at.isoformat(),
    }


@login_required
@require_POST
def application_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the answers sent by the edit page's script; JSON in the API's error shape.

    200 with the new version; 409 ``stale_version`` (nothing saved, the newer version's
    changed questions listed) or ``deadline_passed``; 400 with errors by field key.
    """
    application = application_or_404(request, pk)
    if not permissions.can_edit_application(request.user, application):
        return error_json(
            _("Only owners and editors of the organisation may change this application."),
            "forbidden",
            403,
        )
    if application.status != ApplicationStatus.DRAFT:
        return error_json(
            _("This application is already submitted and cannot change."), "not_a_draft", 409
        )
    specs = selectors.form_fields(application.call)
    form = AnswersForm(
        request.POST, specs=specs, answers=application.answers, version=application.version
    )
    outcome = _save_draft(request, application, form, with_uploads=False)
    if outcome.saved:
        return JsonResponse(_saved_json(cast(Application, outcome.application)))
    if outcome.conflict is not None:
        return error_json(
            outcome.conflict.message,
            "stale_version",
            409,
            current_version=outcome.conflict.extra["current_version"],
            changed=_changed_fields(
                specs, form.answers(), outcome.conflict.extra["current_answers"]
            ),
        )
    if outcome.deadline is not None:
        return error_json(outcome.deadline.message, "deadline_passed", 409)
    if outcome.error is not None:
        return error_json(
            outcome.error.message, outcome.error.code, application_error_status(outcome.error)
        )
    errors = {
        key or "__all__": [str(message) for message in field_errors]
        for key, field_errors in form.errors.items()
    }
    if "version" in errors:
        return error_json(
            _("The page is out of date: reload it before you continue."), "invalid_version", 400
        )
    return error_json(
        ngettext(
            "Some answers could not be read: %(count)s field to fix.",
            "Some answers could not be read: %(count)s fields to fix.",
            len(errors),
        )
        % {"count": len(errors)},
        "invalid",
        400,
        errors=errors,
    )


@login_required
@require_POST
def application_upload(request: HttpRequest, pk: int, field_key: str) -> JsonResponse:
    """Store one file for a file field (the edit page's script uploads with progress)."""
    application = application_or_404(request, pk)
    if not permissions.can_edit_application(request.user, application):
        return error_json(
            _("Only owners and editors of the organisation may change this application."),
            "forbidden",
            403,
        )
    spec = next(
        (
            spec
            for spec in selectors.form_fields(application.call)
            if spec.key == field_key and spec.type == FieldType.FILE
        ),
        None,
    )
    if spec is None:
        raise Http404(_("This form has no such file field."))
    upload = request.FILES.get("file")
    if upload is None:
        message = _("%(field)s: choose a file to upload.") % {"field": spec.label_text}
        return error_json(message, "required", 400, errors={field_key: [message]})
    try:
        attachment = services.application_attach(
            application=application, user=request.user, field_key=field_key, upload=upload
        )
    except ValidationError as error:
        return error_json(
            " ".join(error.messages), "invalid_file", 400, errors={field_key: error.messages}
        )
    except STORAGE_ERRORS as error:
        log_storage_error(error, where=f"application {application.pk}")
        message = file_not_stored_message(spec.label_text)
        return error_json(message, "storage_unavailable", 503, errors={field_key: [message]})
    except ApplicationError as error:
        return error_json(error.message, error.code, application_error_status(error))
    application.refresh_from_db(fields=["version", "updated_at"])
    return JsonResponse(
        {
            **_saved_json(application),
            # Attaching adds exactly one to the version: a page that held version_before
            # may take the new one; any other page must meet the conflict on its next save.
            "version_before": application.version - 1,
            "attachment": {
                "name": attachment.original_name,
                "size": selectors.format_size(attachment.size),
                "sha256": attachment.sha256,
                "url": reverse("application_attachment", args=[application.pk, attachment.pk]),
            },
        }
    )
