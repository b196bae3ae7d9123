"""The applicant's results pages: each application's outcome, its evaluation summary
report, and the redress request while the window is open.

Only members of the applying organisation see an application here; everyone else gets a
404, programme staff included (they answer requests in the admin site).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.models import Application
from applications.selectors import valid_timezone, zoned
from applications.visibility import applicant_status
from evaluations.redress.forms import RedressRequestForm
from evaluations.results import selectors
from evaluations.results import services as results_services
from socialtech.documents.responses import serve_protected_file

PAGE_SIZE = 20
# Set by static/js/applications/local-time.js: the browser's time zone.
TIMEZONE_COOKIE = "tz"


def _viewer_zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def _application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.result_for_member(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(
            _("None of your organisations has published results for this application.")
        ) from None


@login_required
@require_GET
def results_list(request: HttpRequest) -> HttpResponse:
    """The user's applications whose results are published, newest call first."""
    page = Paginator(selectors.results_for_member(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "evaluations/redress/list.html", {"page": page})


def _detail_context(
    request: HttpRequest, application: Application, form: RedressRequestForm | None
) -> dict[str, Any]:
    call = application.call
    zone = _viewer_zone(request)
    window = selectors.redress_window(call)
    current = selectors.redress_request_of_round(application)
    visible_status = applicant_status(application)
    is_outcome = visible_status in selectors.OUTCOME_STATUSES
    may_request = bool(window and window.is_open() and is_outcome and current is None)
    language = translation.get_language() or "en"
    return {
        "application": application,
        "call": call,
        "outcome_explanation": selectors.outcome_explanation(visible_status),
        "document": selectors.esr_for_reader(application, language),
        "window": window,
        "deadline": zoned(window.deadline, call=call, viewer_zone=zone) if window else None,
        "is_window_open": bool(window and window.is_open()),
        "is_outcome": is_outcome,
        "requests": selectors.redress_requests_of(application),
        "may_request": may_request,
        "form": form if form is not None else (RedressRequestForm() if may_request else None),
    }


@login_required
@require_http_methods(["GET", "POST"])
def results_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The outcome and the report; the redress form while the window is open."""
    application = _application_or_404(request, pk)
    form = None
    if request.method == "POST":
        form = RedressRequestForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                results_services.redress_request_submit(
                    application=application,
                    by=request.user,
                    grounds=form.cleaned_data["grounds"],
                    evidence=form.cleaned_data.get("evidence"),
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                form.add_service_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "Your redress request is recorded. The programme team answers it in "
                        "writing; you will get the answer by e-mail."
                    ),
                )
                return redirect("results_detail", pk=application.pk)
        form.describe()
    context = _detail_context(request, application, form)
    if form is not None and not context["may_request"]:
        # The window closed (or a request exists) while the form was open: keep the text.
        context["form"] = form
        context["refused"] = True
    return render(
        request,
        "evaluations/redress/detail.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_GET
def results_esr(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The evaluation summary report (PDF) in the reader's language when there is one."""
    application = _application_or_404(request, pk)
    document = selectors.esr_for_reader(application, translation.get_language() or "en")
    if document is None:
        raise Http404(_("The evaluation summary report is not ready yet; try again in a minute."))
    return serve_protected_file(
        document.file, filename=document.filename, content_type="application/pdf"
    )
