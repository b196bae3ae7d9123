"""The applicant's pages: start, edit (with autosave), review, submit, receipt, withdraw.

Views check access, call services, render. A user who is not a member of the applying
organisation gets a 404 on every page of an application, programme staff included (they
work in the admin site); the rules live in ``applications.permissions``.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications import permissions, selectors, services
from applications.forms import StartForm, WithdrawForm
from applications.models import WITHDRAWABLE, Application
from applications.services import ApplicationError, NotEligible
from applications.visibility import applicant_status_label
from calls.models import Call
from socialtech.accounts.models import User
from socialtech.documents.responses import serve_protected_file

PAGE_SIZE = 20
# Set by static/js/applications/local-time.js: the browser's time zone, for people who
# have not chosen one in their profile.
TIMEZONE_COOKIE = "tz"


def signed_in(request: HttpRequest) -> User:
    """The user of a view behind ``login_required``."""
    return cast(User, request.user)


def viewer_zone(request: HttpRequest) -> str | None:
    """The reader's time zone: the profile's, else the browser's (from the cookie)."""
    return selectors.valid_timezone(signed_in(request).timezone) or selectors.valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def application_or_404(request: HttpRequest, pk: int) -> Application:
    try:
        return selectors.application_get_for_member(user=request.user, pk=pk)
    except Application.DoesNotExist:
        raise Http404(_("None of your organisations has this application.")) from None


def require_editor(request: HttpRequest, application: Application) -> None:
    if not permissions.can_edit_application(request.user, application):
        raise PermissionDenied(_("Only owners and editors of the organisation may do this."))


def deadline_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    zone = viewer_zone(request)
    return {
        "deadline": selectors.zoned(
            application.deadline_for_this_application(), call=application.call, viewer_zone=zone
        ),
        "viewer_zone": zone,
    }


def error_json(message: str, code: str, status: int, **extra: Any) -> JsonResponse:
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
            "next": selectors.next_step(application=application, now=now),
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
    user = signed_in(request)
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
    failures = selectors.eligibility_failures_by_organisation(
        call=call, organisations=organisations
    )
    checks = [
        {"organisation": organisation, "failures": failures[organisation.pk]}
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


# --- Withdraw and attachments ------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def application_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw before results, after an explicit confirmation."""
    application = application_or_404(request, pk)
    require_editor(request, application)
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
    application = application_or_404(request, pk)
    attachment = application.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404(_("No such file."))
    return serve_protected_file(
        attachment.file, filename=attachment.original_name, content_type=attachment.content_type
    )
