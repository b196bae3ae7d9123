"""The beneficiary's report pages: the form (saved as it is typed, with the application
form's script, and with the buttons without JavaScript), the file uploads, submission.

Only members of the organisation find a report (anyone else gets 404); owners and editors
write it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.forms import AnswersForm
from applications.selectors import format_size
from grants.models import BeneficiaryReport, ReportFile
from grants.reports import selectors, services
from grants.reports.errors import ReportError
from socialtech.documents.responses import serve_protected_file


def _report_or_404(request: HttpRequest, pk: int) -> BeneficiaryReport:
    try:
        return selectors.report_for_member(user=request.user, pk=pk)
    except BeneficiaryReport.DoesNotExist:
        raise Http404(_("None of your organisations has this report.")) from None


def _error_json(message: str, code: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code, **extra}, status=status)


def _client_strings() -> dict[str, str]:
    """The texts the form's script shows, in the reader's language."""
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


def _form(
    report: BeneficiaryReport, data: Any = None, files: Any = None, *, editable: bool
) -> AnswersForm:
    return AnswersForm(
        data,
        files,
        specs=selectors.report_questions(report),
        answers=report.answers,
        version=report.version,
        read_only=not editable,
    )


def _page(
    request: HttpRequest,
    report: BeneficiaryReport,
    form: AnswersForm,
    *,
    editable: bool,
    status: int = 200,
) -> HttpResponse:
    files = {stored.field_key: stored for stored in selectors.report_files(report)}
    sections = form.sections()
    for section in sections:
        for item in section.fields:
            item.stored_file = files.get(item.key)  # type: ignore[attr-defined]
    return render(
        request,
        "grants/reports/edit.html",
        {
            "report": report,
            "award": report.award,
            "call": report.award.call,
            "form": form,
            "sections": sections,
            "is_editable": editable,
            "client_strings": _client_strings(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's form: save (the script saves as it is typed) or submit for review."""
    report = _report_or_404(request, pk)
    editable = report.is_editable and selectors.may_write(request.user, report)
    if request.method != "POST":
        return _page(request, report, _form(report, editable=editable), editable=editable)
    if not editable:
        return _page(request, report, _form(report, editable=False), editable=False, status=403)
    form = _form(report, request.POST, request.FILES, editable=True)
    if not form.is_valid():
        return _page(request, report, form, editable=True, status=400)
    try:
        saved = services.report_save_draft(
            report=report, user=request.user, answers=form.answers(), version=None
        )
        for key, upload in form.uploads().items():
            services.report_attach(report=saved, user=request.user, field_key=key, upload=upload)
        if "submit" in request.POST:
            services.report_submit(report=saved, user=request.user)
            messages.success(request, _("The report is submitted; the programme will review it."))
            return redirect("grants_report", pk=report.pk)
    except ValidationError as error:
        report.refresh_from_db()
        form.add_service_errors(
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        )
        data = request.POST.copy()
        data["version"] = str(report.version)
        form.data = data
        return _page(request, report, form, editable=True, status=400)
    messages.success(request, _("The report is saved."))
    return redirect("grants_report", pk=report.pk)


@login_required
@require_POST
def report_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the answers sent by the form's script; JSON as the application form's autosave."""
    report = _report_or_404(request, pk)
    form = _form(report, request.POST, editable=True)
    if not form.is_valid():
        return _error_json(
            _("The page is out of date: reload it before you continue."), "invalid_version", 400
        )
    try:
        saved = services.report_save_draft(
            report=report,
            user=request.user,
            answers=form.answers(),
            version=form.cleaned_data["version"],
        )
    except ReportError as error:
        if error.code == "stale_version":
            report.refresh_from_db()
            return _error_json(
                error.reason, str(error.code), 409, current_version=report.version, changed=[]
            )
        if error.code in ("forbidden", "not_editable"):
            return _error_json(error.reason, str(error.code), 403)
        return _error_json(error.reason, str(error.code), 400, errors=error.fields)
    return JsonResponse(
        {"status": "saved", "version": saved.version, "saved_at": saved.updated_at.isoformat()}
    )


@login_required
@require_POST
def report_upload(request: HttpRequest, pk: int, field_key: str) -> JsonResponse:
    """Store one file for a file question (the form's script uploads with progress)."""
    report = _report_or_404(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        message = _("Choose a file to upload.")
        return _error_json(message, "required", 400, errors={field_key: [message]})
    try:
        stored = services.report_attach(
            report=report, user=request.user, field_key=field_key, upload=upload
        )
    except ReportError as error:
        status = 403 if error.code in ("forbidden", "not_editable") else 400
        return _error_json(error.reason, str(error.code), status, errors=error.fields)
    except ValidationError as error:
        return _error_json(
            " ".join(error.messages), "invalid_file", 400, errors={field_key: error.messages}
        )
    report.refresh_from_db(fields=["version", "updated_at"])
    return JsonResponse(
        {
            "status": "saved",
            "version": report.version,
            "saved_at": report.updated_at.isoformat(),
            "version_before": report.version - 1,
            "attachment": {
                "name": stored.original_name,
                "size": format_size(stored.size),
                "sha256": stored.sha256,
                "url": reverse("grants_report_file", args=[report.pk, stored.pk]),
            },
        }
    )


@login_required
@require_GET
def report_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponseBase:
    report = _report_or_404(request, pk)
    stored = ReportFile.objects.filter(report=report, pk=file_pk).first()
    if stored is None:
        raise Http404(_("This report has no such file."))
    return serve_protected_file(
        stored.file, filename=stored.original_name, content_type=stored.content_type
    )
