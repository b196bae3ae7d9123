"""The evaluator's workspace: assignments, the conflict declaration, the review with autosave.

Views check access, call services, render. Every page answers 404 for an assignment that
is not the signed-in evaluator's in this programme. Before the evaluator declares no
conflict of interest, nothing of the application's content is shown: not its title, not
its answers, not its files. The pages need a second factor, as the back office does.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from applications.selectors import zoned
from evaluations.evaluator_access import (
    error_json,
    evaluator_json_view,
    evaluator_view,
    viewer_zone,
)
from evaluations.models import Assignment, Review
from evaluations.scoring import MIN_COMMENT_CHARS
from evaluations.workspace import selectors, services
from evaluations.workspace.forms import DeclarationForm, ReviewForm
from socialtech.documents.responses import serve_protected_file
from socialtech.text_input import errors_by_field, lone_surrogate_fields

PAGE_SIZE = 20
# A review's JSON is small; anything larger is not from the review page.
MAX_AUTOSAVE_BYTES = 512 * 1024


def _stale_message() -> str:
    return _(
        "Not saved: this review was saved in another tab or window after this page was "
        "opened. Reload to see that version, or keep the text of this page and save it over "
        "the other version."
    )


def _assignment_or_404(request: HttpRequest, pk: int) -> Assignment:
    try:
        return selectors.evaluator_assignment(user=request.user, pk=pk)
    except Assignment.DoesNotExist:
        raise Http404(_("You have no such assignment in this programme.")) from None


def _due_context(request: HttpRequest, assignment: Assignment) -> dict[str, Any]:
    due = selectors.assignment_due(assignment)
    return {
        "due": zoned(due, call=assignment.application.call, viewer_zone=viewer_zone(request))
        if due
        else None,
        "is_overdue": selectors.is_overdue(assignment),
    }


# --- The list -------------------------------------------------------------------------------


@evaluator_view
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    """The evaluator's assignments in this programme, work to do first, with the next step."""
    page = Paginator(selectors.evaluator_assignments(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    zone = viewer_zone(request)
    now = timezone.now()
    rows = []
    for assignment in page.object_list:
        due = selectors.assignment_due(assignment)
        rows.append(
            {
                "assignment": assignment,
                "call": assignment.application.call,
                "next": selectors.next_step(assignment),
                "due": zoned(due, call=assignment.application.call, viewer_zone=zone)
                if due
                else None,
                "is_overdue": selectors.is_overdue(assignment, now=now),
            }
        )
    return render(
        request,
        "evaluations/workspace/list.html",
        {
            "page": page,
            "rows": rows,
            "viewer_zone": zone,
            "invitations": selectors.evaluator_invitations(user=request.user),
        },
    )


# --- The declaration ------------------------------------------------------------------------


@evaluator_view
@require_http_methods(["GET", "POST"])
def assignment_declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """Conflict of interest, before anything of the application opens.

    The page names the applicant organisation and its country, nothing else. No conflict
    (with the code of conduct accepted) opens the review; a conflict releases the
    assignment and proposes an alternate evaluator in its place.
    """
    assignment = _assignment_or_404(request, pk)
    if services.may_read_application(assignment=assignment) and request.method == "GET":
        return redirect("evaluation_review", pk=assignment.pk)
    is_open = assignment.status == Assignment.Status.PROPOSED
    form = DeclarationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.info(request, _("You have already declared on this application."))
            return redirect("evaluation_declaration", pk=assignment.pk)
        if form.is_valid():
            try:
                assignment = services.assignment_declare(
                    assignment=assignment,
                    user=request.user,
                    has_conflict=form.has_conflict,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as error:
                form.apply_service_error(error)
            except PermissionDenied:
                raise Http404(_("You have no such assignment in this programme.")) from None
            else:
                if form.has_conflict:
                    messages.success(
                        request,
                        _(
                            "Thank you. Your conflict of interest is recorded and the application "
                            "goes to another evaluator."
                        ),
                    )
                    return redirect("evaluation_workspace")
                messages.success(
                    request, _("No conflict declared. The application is open to you below.")
                )
                return redirect("evaluation_review", pk=assignment.pk)
        status = 400
    form.tie_descriptions()
    declaration = None if is_open else selectors.own_declaration(assignment)
    return render(
        request,
        "evaluations/workspace/declaration.html",
        {
            "assignment": assignment,
            "call": assignment.application.call,
            "facts": selectors.applicant_facts(assignment.application),
            "declaration": declaration,
            "declared_at": zoned(
                declaration.declared_at,
                call=assignment.application.call,
                viewer_zone=viewer_zone(request),
            )
            if declaration is not None
            else None,
            "is_open": is_open,
            "form": form,
            **_due_context(request, assignment),
        },
        status=status,
    )


# --- The review -----------------------------------------------------------------------------


def _client_strings() -> dict[str, str]:
    """The texts the review page's script shows, in the reader's language."""
    return {
        "saving": _("Saving…"),
        "saved_at": _("Draft saved at %(time)s"),
        "not_saved": _("Not saved: %(reason)s"),
        "not_saved_conflict": _("Not saved: another version was saved first (see below)."),
        "offline": _("no connection. Your text stays on the page; saving again shortly."),
        "server_error": _(
            "the server did not answer. Your text stays on the page; saving again shortly."
        ),
        "fix_fields": _("fix the fields marked below."),
        "unsaved": _("Changes not saved yet"),
        "characters": _("%(count)s characters (at least %(minimum)s)"),
        "characters_short": _("%(count)s characters: %(missing)s more needed"),
        "long_enough": _("%(criterion)s: the comment is long enough."),
    }


def _review_page(
    request: HttpRequest,
    assignment: Assignment,
    *,
    form: ReviewForm | None = None,
    status: int = 200,
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    call = assignment.application.call
    review = Review.objects.filter(assignment=assignment).first()
    rows = selectors.rubric(selectors.call_criteria(call), review)
    is_locked = review is not None and review.submitted_at is not None
    if form is None:
        form = ReviewForm(
            initial={
                "version": review.version if review else 1,
                "overall_comment": review.overall_comment if review else "",
            },
            rows=rows,
        )
    form.tie_descriptions()
    zone = viewer_zone(request)
    return render(
        request,
        "evaluations/workspace/review.html",
        {
            "assignment": assignment,
            "application": assignment.application,
            "call": call,
            "review": review,
            "rows": rows,
            "form": form,
            "is_locked": is_locked,
            "conflict": conflict,
            "descriptors": selectors.SCORE_DESCRIPTORS,
            "min_comment_chars": MIN_COMMENT_CHARS,
            "answers": selectors.readable_answers(assignment),
            "submitted": zoned(review.submitted_at, call=call, viewer_zone=zone)
            if is_locked and review is not None and review.submitted_at
            else None,
            "saved": zoned(review.updated_at, call=call, viewer_zone=zone) if review else None,
            "client_strings": _client_strings(),
            **_due_context(request, assignment),
        },
        status=status,
    )


def _readable_or_redirect(assignment: Assignment) -> HttpResponse | None:
    """The declaration page until the evaluator declared no conflict; 404 once released."""
    if services.may_read_application(assignment=assignment):
        return None
    if assignment.status == Assignment.Status.PROPOSED:
        return redirect("evaluation_declaration", pk=assignment.pk)
    raise Http404(_("This assignment was released; the application is not open to you."))


def _stale_conflict(assignment: Assignment) -> dict[str, Any]:
    current = Review.objects.filter(assignment=assignment).values_list("version", flat=True)
    return {"message": _stale_message(), "current_version": current.first() or 1}


@evaluator_view
@require_http_methods(["GET", "POST"])
def assignment_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The answers beside the rubric; Save keeps a draft, Submit locks the review.

    Without JavaScript the buttons post the whole form; with it the draft autosaves. A
    stale version (another tab saved first) keeps what this page holds and offers to save
    it over the other version, explicitly.
    """
    assignment = _assignment_or_404(request, pk)
    elsewhere = _readable_or_redirect(assignment)
    if elsewhere is not None:
        return elsewhere
    if request.method != "POST":
        return _review_page(request, assignment)

    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.submitted_at:
        messages.info(request, _("This review is submitted and locked."))
        return redirect("evaluation_review", pk=assignment.pk)
    rows = selectors.rubric(selectors.call_criteria(assignment.application.call), review)
    form = ReviewForm(request.POST, rows=rows)
    submitting = "submit" in request.POST
    if not form.is_valid():
        return _review_page(request, assignment, form=form, status=400)
    version = form.cleaned_data["version"]
    overwrite = request.POST.get("overwrite", "")
    if overwrite.isdigit():
        # The evaluator saw that another tab saved first and chose to keep this page's text.
        version = int(overwrite)
    try:
        review = services.review_save(
            assignment=assignment,
            user=request.user,
            scores=form.scores(),
            comments=form.comments(),
            overall_comment=form.cleaned_data["overall_comment"],
            version=version,
        )
    except ValidationError as error:
        if getattr(error, "code", None) == "stale_version":
            return _review_page(
                request,
                assignment,
                form=form,
                status=409,
                conflict=_stale_conflict(assignment),
            )
        form.apply_service_error(error, submitting=False)
        return _review_page(request, assignment, form=form, status=400)
    if not submitting:
        messages.success(request, _("Draft saved."))
        return redirect("evaluation_review", pk=assignment.pk)
    try:
        services.review_submit(assignment=assignment, user=request.user)
    except ValidationError as error:
        data = request.POST.copy()
        data["version"] = str(review.version)
        retry = ReviewForm(data, rows=rows)
        retry.is_valid()
        retry.apply_service_error(error, submitting=True)
        retry.add_error(
            None,
            _("Not submitted: your draft is saved; complete the fields marked below."),
        )
        return _review_page(request, assignment, form=retry, status=400)
    messages.success(request, _("Review submitted. It is locked and goes to the consensus."))
    return redirect("evaluation_review", pk=assignment.pk)


@evaluator_json_view
@require_POST
def assignment_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save the draft the review page's script sends as JSON; the API's error shape.

    200 with the new version; 409 ``stale_version`` (nothing saved, ``current_version``
    given) or ``locked``; 403 ``declaration_required``; 400 with errors by field name.
    """
    assignment = _assignment_or_404(request, pk)
    if not services.may_read_application(assignment=assignment):
        if assignment.status == Assignment.Status.PROPOSED:
            return error_json(
                _("Declare that you have no conflict of interest before reviewing."),
                "declaration_required",
                403,
            )
        return error_json(
            _("This assignment was released; the application is not open to you."),
            "released",
            403,
        )
    if len(request.body) > MAX_AUTOSAVE_BYTES:
        return error_json(_("The review is too large to save."), "too_large", 413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "null")
    except (UnicodeDecodeError, ValueError, RecursionError):
        return error_json(_("The request could not be read as JSON."), "invalid_json", 400)
    bad_text = errors_by_field(lone_surrogate_fields(payload))
    if bad_text:
        return error_json(
            _("Some fields hold text that is not valid Unicode: %(fields)s.")
            % {"fields": ", ".join(bad_text)},
            "invalid_text",
            400,
            errors=bad_text,
        )
    review = Review.objects.filter(assignment=assignment).first()
    rows = selectors.rubric(selectors.call_criteria(assignment.application.call), review)
    form = ReviewForm.from_json(payload, rows=rows)
    if form.is_valid():
        try:
            review = services.review_save(
                assignment=assignment,
                user=request.user,
                scores=form.scores(),
                comments=form.comments(),
                overall_comment=form.cleaned_data["overall_comment"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code == "stale_version":
                conflict = _stale_conflict(assignment)
                return error_json(
                    conflict["message"],
                    "stale_version",
                    409,
                    current_version=conflict["current_version"],
                )
            if code == "locked":
                return error_json(error.messages[0], "locked", 409)
            form.apply_service_error(error, submitting=False)
        else:
            return JsonResponse(
                {
                    "status": "saved",
                    "version": review.version,
                    "saved_at": review.updated_at.isoformat(),
                }
            )
    errors = form.error_json()
    if "version" in errors:
        return error_json(
            _("The page is out of date: reload it before you continue."), "invalid_version", 400
        )
    return error_json(
        _("Some fields could not be saved: fix the fields marked on the page."),
        "invalid",
        400,
        errors=errors,
    )


@evaluator_view
@require_GET
def assignment_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file of the assigned application, once the evaluator declared no conflict."""
    assignment = _assignment_or_404(request, pk)
    attachment = selectors.readable_attachment(assignment, attachment_pk)
    if attachment is None:
        raise Http404(_("No such file, or the application is not open to you."))
    return serve_protected_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
