"""The applicant's pages: start, edit (with autosave), review, submit, receipt, withdraw.

Views check access, call services, render. A user who is not a member of the applying
organisation gets a 404 on every page of an application, programme staff included (they
work in the admin site); the rules live in ``applications.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications import permissions, selectors, services
from applications.api import application_error_status
from applications.forms import AnswersForm, StartForm, WithdrawForm
from applications.models import WITHDRAWABLE, Application, ApplicationStatus
from applications.receipts.tasks import send_receipt
from applications.services import (
    ApplicationError,
    DeadlinePassed,
    Incomplete,
    NotEligible,
    StaleVersion,
)
from applications.visibility import applicant_status_label
from calls.models import Call, FieldType, FormField
from socialtech.accounts.models import User
from socialtech.documents.pdf import WeasyPrintUnavailable, render_pdf
from socialtech.documents.responses import serve_protected_file
from socialtech.formatting import format_time
from socialtech.tasks import enqueue_on_commit

PAGE_SIZE = 20
# Set by static/js/applications/local-time.js: the browser's time zone, for people who
# have not chosen one in their profile.
TIMEZONE_COOKIE = "tz"


def _signed_in(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    return cast(User, request.user)


def viewer_zone(request: HttpRequest) -> str | None:
    """The reader's time zone: the profile's, else the browser's (from the cookie)."""
    return selectors.valid_timezone(_signed_in(request).timezone) or selectors.valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def _application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_get_for_member(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("None of your organisations has this application.")) from None


def _require_editor(request: HttpRequest, application: Application) -> None:
    if not permissions.can_edit_application(request.user, application):
        raise PermissionDenied(_("Only owners and editors of the organisation may do this."))


def _deadline_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    zone = viewer_zone(request)
    return {
        "deadline": selectors.zoned(
            application.deadline_for_this_application(), call=application.call, viewer_zone=zone
        ),
        "viewer_zone": zone,
    }


def _error_json(message: str, code: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code, **extra}, status=status)


# --- Dashboard ----------------------------------------------------------------------------


@login_required
@require_GET
def application_dashboard(request: HttpRequest) -> HttpResponse:
    """The user's drafts and submissions in this programme, with the next step for each."""
    page = Paginator(selectors.dashboard_applications(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    zone = viewer_zone(request)
    now = timezone.now()
    rows = [
        {
            "application": application,
            "next": selectors.next_step(application, now=now),
            "deadline": selectors.zoned(
                application.deadline_for_this_application(), call=application.call, viewer_zone=zone
            ),
            "is_editable": application.is_editable(now),
        }
        for application in page.object_list
    ]
    return render(
        request,
        "applications/dashboard.html",
        {"page": page, "rows": rows, "viewer_zone": zone},
    )


# --- Start ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the organisation that applies; its eligibility is checked before any draft."""
    try:
        call = selectors.call_for_applying(slug=slug)
    except Call.DoesNotExist:
        raise Http404(_("No such call.")) from None
    user = _signed_in(request)
    organisations = selectors.organisations_for_applying(user=user)
    if not organisations:
        messages.info(
            request,
            _(
                "Register the organisation that applies first (you become its owner), then come back to the call."
            ),
        )
        back = reverse("application_start", args=[call.slug])
        return redirect(f"{reverse('organisation_create')}?{urlencode({'next': back})}")
    now = timezone.now()
    zone = viewer_zone(request)
    form = StartForm(request.POST or None, organisations=organisations)
    refusal: dict[str, Any] | None = None
    if request.method == "POST" and call.is_open(now) and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            application = services.application_start(
                call=call,
                organisation=organisation,
                user=user,
                language=translation.get_language() or "",
            )
        except NotEligible as error:
            refusal = {"organisation": organisation, "failures": error.extra["failures"]}
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your draft is open. Answers are saved as you type; submit before the deadline."),
            )
            return redirect("application_edit", pk=application.pk)
    checks = [
        {
            "organisation": organisation,
            "failures": services.eligibility_failures(call=call, organisation=organisation),
        }
        for organisation in organisations
    ]
    selected = form["organisation"].value()
    if selected in (None, "") and len(checks) == 1:
        selected = organisations[0].pk
    return render(
        request,
        "applications/start.html",
        {
            "call": call,
            "form": form,
            "checks": checks,
            "selected": str(selected or ""),
            "refusal": refusal,
            "is_open": call.is_open(now),
            "has_opened": now >= call.opens_at,
            "deadline": selectors.zoned(call.deadline, call=call, viewer_zone=zone),
            "opens": selectors.zoned(call.opens_at, call=call, viewer_zone=zone),
            "existing": selectors.applications_of_call_for_user(user=user, call=call),
        },
        status=200 if refusal is None else 403,
    )


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
            result = services.application_save_draft_with_files(
                application=application,
                user=request.user,
                answers=form.answers(),
                version=version,
                files=form.uploads(),
            )
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
        **_deadline_context(request, application),
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
    }


@login_required
@require_http_methods(["GET", "POST"])
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of a draft. It autosaves with JavaScript and saves with the button without."""
    application = _application_or_404(request, pk)
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
    application = _application_or_404(request, pk)
    if not permissions.can_edit_application(request.user, application):
        return _error_json(
            _("Only owners and editors of the organisation may change this application."),
            "forbidden",
            403,
        )
    if application.status != ApplicationStatus.DRAFT:
        return _error_json(
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
        return _error_json(
            outcome.conflict.message,
            "stale_version",
            409,
            current_version=outcome.conflict.extra["current_version"],
            changed=_changed_fields(
                specs, form.answers(), outcome.conflict.extra["current_answers"]
            ),
        )
    if outcome.deadline is not None:
        return _error_json(outcome.deadline.message, "deadline_passed", 409)
    if outcome.error is not None:
        return _error_json(
            outcome.error.message, outcome.error.code, application_error_status(outcome.error)
        )
    errors = {
        key or "__all__": [str(message) for message in field_errors]
        for key, field_errors in form.errors.items()
    }
    if "version" in errors:
        return _error_json(
            _("The page is out of date: reload it before you continue."), "invalid_version", 400
        )
    return _error_json(
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
    application = _application_or_404(request, pk)
    if not permissions.can_edit_application(request.user, application):
        return _error_json(
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
        return _error_json(message, "required", 400, errors={field_key: [message]})
    try:
        attachment = services.application_attach(
            application=application, user=request.user, field_key=field_key, upload=upload
        )
    except ValidationError as error:
        return _error_json(
            " ".join(error.messages), "invalid_file", 400, errors={field_key: error.messages}
        )
    except ApplicationError as error:
        return _error_json(error.message, error.code, application_error_status(error))
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


# --- Review, submit, confirmation -------------------------------------------------------


def _review_page(
    request: HttpRequest,
    application: Application,
    *,
    status: int = 200,
    refusal: str = "",
    deadline_error: str = "",
    problems: list[dict[str, str]] | None = None,
    failures: list[dict[str, str]] | None = None,
) -> HttpResponse:
    specs = selectors.form_fields(application.call)
    attachments = selectors.application_attachments(application)
    is_draft = application.status == ApplicationStatus.DRAFT
    answers = (
        application.submitted_answers
        if not is_draft and application.submitted_answers is not None
        else application.answers
    )
    if is_draft and problems is None:
        problems = [
            {"key": problem.key, "message": problem.message}
            for problem in selectors.submission_problems(
                fields=specs, answers=application.answers, attachments=attachments
            )
        ]
    if is_draft and failures is None:
        failures = [
            {"rule": failure.rule, "message": failure.message}
            for failure in services.eligibility_failures(
                call=application.call, organisation=application.organisation, excluding=application
            )
        ]
    zone = viewer_zone(request)
    return render(
        request,
        "applications/review.html",
        {
            "application": application,
            "call": application.call,
            "rows": selectors.answer_rows(fields=specs, answers=answers, attachments=attachments),
            "problems": problems or [],
            "failures": failures or [],
            "refusal": refusal,
            "deadline_error": deadline_error,
            "is_draft": is_draft,
            "is_editable": is_draft
            and application.is_editable()
            and permissions.can_edit_application(request.user, application),
            "is_past_deadline": application.is_past_deadline(),
            "can_withdraw": application.status in WITHDRAWABLE
            and permissions.can_edit_application(request.user, application),
            "submitted": selectors.zoned(
                application.submitted_at, call=application.call, viewer_zone=zone
            )
            if application.submitted_at
            else None,
            **_deadline_context(request, application),
        },
        status=status,
    )


@login_required
@require_GET
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Every answer on one page, what is still missing (each linked to its field), submit."""
    return _review_page(request, _application_or_404(request, pk))


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit; pressing twice (or in two tabs) gives the one receipt of the first press."""
    application = _application_or_404(request, pk)
    _require_editor(request, application)
    try:
        services.application_submit(application=application, user=request.user)
    except DeadlinePassed as error:
        return _review_page(request, application, status=409, deadline_error=error.message)
    except Incomplete as error:
        problems = [
            {"key": key, "message": str(message)}
            for key, field_messages in error.extra["errors"].items()
            for message in field_messages
        ]
        return _review_page(
            request, application, status=400, refusal=error.message, problems=problems
        )
    except NotEligible as error:
        return _review_page(
            request,
            application,
            status=403,
            refusal=_("The organisation no longer meets the call's rules:"),
            failures=error.extra["failures"],
        )
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("application_review", pk=application.pk)
    return redirect("application_confirmation", pk=application.pk)


@login_required
@require_GET
def application_confirmation(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt on screen: number, time in UTC, the call's zone and the reader's, hash."""
    application = _application_or_404(request, pk)
    if not application.receipt_number:
        return redirect("application_review", pk=application.pk)
    zone = viewer_zone(request)
    return render(
        request,
        "applications/confirmation.html",
        {
            "application": application,
            "call": application.call,
            "submitted": selectors.zoned(
                cast(Any, application.submitted_at), call=application.call, viewer_zone=zone
            ),
            "document": selectors.receipt_document(application),
        },
    )


@login_required
@require_GET
def application_receipt(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The receipt PDF, for members of the organisation.

    The receipt task makes it after submission; no PDF is rendered in this request. Until
    the task has run, the confirmation page says so and the task is queued again (it makes
    the PDF once and sends the e-mail once, however often it runs).
    """
    application = _application_or_404(request, pk)
    if not application.receipt_number:
        raise Http404(_("This application has no receipt: it was not submitted."))
    document = selectors.receipt_document(application)
    if document is None:
        enqueue_on_commit(
            send_receipt, tenant_id=application.tenant_id, application_id=application.pk
        )
        messages.info(
            request,
            _(
                "The receipt PDF cannot be made right now. Your submission is recorded: the details are below."
            ),
        )
        return redirect("application_confirmation", pk=application.pk)
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )


@login_required
@require_GET
def application_answers_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """All answers as a PDF, for the applicant's records (drafts after the deadline too)."""
    application = _application_or_404(request, pk)
    specs = selectors.form_fields(application.call)
    attachments = selectors.application_attachments(application)
    answers = (
        application.submitted_answers
        if application.submitted_answers is not None
        else application.answers
    )
    submitted = application.submitted_answers is not None and bool(application.content_sha256)
    context = {
        "content_sha256": application.content_sha256
        if submitted
        else services.content_hash(application, attachments),
        "content_sha256_submitted": submitted,
        "title": _("Answers of %(organisation)s to %(call)s")
        % {
            "organisation": application.organisation.legal_name,
            "call": application.call.title_text,
        },
        "application": application,
        "call": application.call,
        "rows": selectors.answer_rows(fields=specs, answers=answers, attachments=attachments),
        "printed": selectors.zoned(timezone.now(), call=application.call, viewer_zone=None),
        **_deadline_context(request, application),
    }
    try:
        pdf = render_pdf("applications/answers_pdf.html", context)
    except WeasyPrintUnavailable:
        messages.warning(
            request,
            _("The PDF cannot be made right now; print this page instead (it lists every answer)."),
        )
        return redirect("application_review", pk=application.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"application-{application.pk}-answers.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Withdraw and attachments ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw before results, after an explicit confirmation."""
    application = _application_or_404(request, pk)
    _require_editor(request, application)
    if application.status not in WITHDRAWABLE:
        messages.error(
            request,
            _("An application in the status “%(status)s” can no longer be withdrawn.")
            % {"status": applicant_status_label(application)},
        )
        return redirect("application_review", pk=application.pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The application is withdrawn."))
            return redirect("application_dashboard")
    return render(
        request,
        "applications/withdraw.html",
        {"application": application, "call": application.call, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def application_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file of an application, to members of the organisation only."""
    application = _application_or_404(request, pk)
    attachment = application.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("No such file."))
    return serve_protected_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
