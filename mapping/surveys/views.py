"""The survey pages under /surveys/: the open surveys, one survey's form (saved as it is
typed by the page's script, or with the Save button without it) and its submission.

An anonymous respondent's response is found by the random token their session keeps; the
page also gives them a link with that token to continue on another day or device.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mapping.errors import MappingError
from mapping.models import Response, ResponseStatus, Survey, SurveyKind, SurveyStatus
from mapping.surveys import selectors, services
from mapping.surveys.forms import SurveyAnswersForm

PAGE_SIZE = 20
# The session's anonymous tokens: survey id -> token.
SESSION_TOKENS = "mapping_survey_tokens"


def session_token(request: HttpRequest, survey: Survey) -> str | None:
    tokens = request.session.get(SESSION_TOKENS) or {}
    token = tokens.get(str(survey.pk)) if isinstance(tokens, dict) else None
    return str(token) if token else None


def _keep_token(request: HttpRequest, response: Response) -> None:
    if response.user_id is not None:
        return
    tokens = dict(request.session.get(SESSION_TOKENS) or {})
    tokens[str(response.survey_id)] = response.anonymous_token
    request.session[SESSION_TOKENS] = tokens


def own_response(request: HttpRequest, survey: Survey) -> Response | None:
    """The requesting person's response to ``survey`` (never anyone else's)."""
    return selectors.response_of(
        survey=survey, user=request.user, token=session_token(request, survey)
    )


def _error_json(message: str, code: str, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"detail": message, "code": code, **extra}, status=status)


def _client_strings() -> dict[str, str]:
    return {
        "saving": _("Saving…"),
        "saved_at": _("Saved at %(time)s"),
        "not_saved": _("Not saved: %(reason)s"),
        "offline": _("no connection. Your answers stay in the fields; saving again shortly."),
        "server_error": _(
            "the server did not answer. Your answers stay in the fields; saving again shortly."
        ),
        "fix_fields": _("fix the questions marked below."),
        "unsaved": _("Changes not saved yet"),
    }


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """The programme's open surveys."""
    page = Paginator(selectors.surveys_open(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "mapping/surveys/list.html", {"page": page})


def _form(
    survey: Survey, questions: list[Any], data: Any = None, **kwargs: Any
) -> SurveyAnswersForm:
    headings: dict[str, str] = {
        SurveyKind.SELF_ASSESSMENT: _("About your organisation"),
        SurveyKind.CLUSTER: _("Inclusion criteria"),
    }
    heading = headings.get(str(survey.kind), "")
    return SurveyAnswersForm(data, questions=questions, untitled_heading=heading, **kwargs)


def _page(
    request: HttpRequest,
    survey: Survey,
    form: SurveyAnswersForm | None,
    response: Response | None,
    *,
    problems: dict[str, list[str]] | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    resume_url = ""
    if response is not None and response.user_id is None and response.anonymous_token:
        resume_url = request.build_absolute_uri(
            reverse("mapping_survey", args=[survey.slug])
            + "?"
            + urlencode({"resume": response.anonymous_token})
        )
    context = {
        "survey": survey,
        "form": form,
        "response": response,
        "problems": problems or {},
        "refusal": refusal,
        "resume_url": resume_url,
        "client_strings": _client_strings(),
    }
    return render(request, "mapping/surveys/survey.html", context, status=status)


def _sign_in_redirect(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")


def _resume(request: HttpRequest, survey: Survey, token: str) -> HttpResponse:
    """Put an anonymous draft's token (from the link the page gave) back in the session."""
    found = selectors.response_of(survey=survey, user=None, token=token.strip()[:64])
    # Only an unfinished response resumes: a submitted one's result stays with its session.
    if found is None or found.status != ResponseStatus.DRAFT or request.user.is_authenticated:
        messages.error(request, _("Resume link: no unfinished response of this survey has it."))
    else:
        _keep_token(request, found)
    return redirect("mapping_survey", slug=survey.slug)


@require_http_methods(["GET", "POST"])
def survey_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A survey's questions, with the person's saved answers. POST saves them (the Save
    button) or saves and submits them (the Submit button); a refusal names each question."""
    survey = selectors.survey_public(slug=slug)
    if request.method == "GET" and request.GET.get("resume"):
        return _resume(request, survey, request.GET["resume"])
    if not request.user.is_authenticated and not survey.allows_anonymous:
        return _sign_in_redirect(request)
    response = own_response(request, survey)
    if response is not None and response.status == ResponseStatus.SUBMITTED:
        return redirect("mapping_survey_result", slug=survey.slug)
    questions = selectors.survey_questions(survey)
    answers = response.answers if response is not None else {}
    if survey.status != SurveyStatus.OPEN:
        refusal = _("This survey is closed: it takes no more answers.")
        return _page(
            request,
            survey,
            None,
            response,
            refusal=refusal,
            status=409 if request.method == "POST" else 200,
        )
    if request.method == "GET":
        return _page(request, survey, _form(survey, questions, answers=answers), response)

    form = _form(survey, questions, request.POST, answers=answers)
    if not form.is_valid():
        return _page(request, survey, form, response, status=400)
    try:
        response = services.response_start(
            survey=survey, user=request.user, token=session_token(request, survey)
        )
        _keep_token(request, response)
        response = services.response_save_draft(response=response, answers=form.answers())
        if "submit" in request.POST:
            services.response_submit(response=response, user=request.user)
            messages.success(request, _("Thank you: your answers are submitted."))
            return redirect("mapping_survey_result", slug=survey.slug)
    except MappingError as error:
        form.add_service_errors(
            error.errors or ({error.field: [error.message]} if error.field else {})
        )
        status = 409 if error.code in ("survey_closed", "not_a_draft") else 400
        return _page(
            request,
            survey,
            form,
            response,
            problems=error.errors,
            refusal=error.message,
            status=status,
        )
    messages.success(request, _("Your answers are saved. You may continue later."))
    return redirect("mapping_survey", slug=survey.slug)


@require_POST
def survey_autosave(request: HttpRequest, slug: str) -> JsonResponse:
    """Save the answers the survey page's script sends; JSON in the API's error shape.

    200 with the time saved; 400 with errors by question key; 409 when the survey is closed
    or the response already submitted; 403 when the survey needs an account.
    """
    survey = selectors.survey_public(slug=slug)
    if not request.user.is_authenticated and not survey.allows_anonymous:
        return _error_json(
            _("Sign in to answer this survey: it takes no anonymous responses."),
            "sign_in_required",
            403,
        )
    questions = selectors.survey_questions(survey)
    response = own_response(request, survey)
    form = _form(survey, questions, request.POST, answers=response.answers if response else {})
    if not form.is_valid():
        errors = {
            key: [str(message) for message in messages_] for key, messages_ in form.errors.items()
        }
        return _error_json(
            _("Some answers could not be read: %(count)s to fix.") % {"count": len(errors)},
            "invalid",
            400,
            errors=errors,
        )
    try:
        response = services.response_start(
            survey=survey, user=request.user, token=session_token(request, survey)
        )
        _keep_token(request, response)
        response = services.response_save_draft(response=response, answers=form.answers())
    except MappingError as error:
        status = 409 if error.code in ("survey_closed", "not_a_draft") else 400
        if error.code == "sign_in_required":
            status = 403
        return _error_json(error.message, error.code, status, errors=error.errors)
    return JsonResponse({"status": "saved", "saved_at": response.updated_at.isoformat()})
