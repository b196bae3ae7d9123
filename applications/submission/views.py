"""Review, submit, confirmation, and the answers as a PDF."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from applications import permissions, selectors
from applications.models import WITHDRAWABLE, Application, ApplicationStatus
from applications.services import ApplicationError, DeadlinePassed, Incomplete, NotEligible
from applications.submission import services as submission_services
from applications.views import (
    application_or_404,
    deadline_context,
    require_editor,
    viewer_zone,
)
from socialtech.documents.pdf import WeasyPrintUnavailable, render_pdf

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
            for failure in selectors.eligibility_failures(
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
            **deadline_context(request, application),
        },
        status=status,
    )


@login_required
@require_GET
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Every answer on one page, what is still missing (each linked to its field), submit."""
    return _review_page(request, application_or_404(request, pk))


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit; pressing twice (or in two tabs) gives the one receipt of the first press."""
    application = application_or_404(request, pk)
    require_editor(request, application)
    try:
        submission_services.application_submit(application=application, user=request.user)
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
    application = application_or_404(request, pk)
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
def application_answers_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """All answers as a PDF, for the applicant's records (drafts after the deadline too)."""
    application = application_or_404(request, pk)
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
        else submission_services.content_hash(application=application, attachments=attachments),
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
        **deadline_context(request, application),
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
