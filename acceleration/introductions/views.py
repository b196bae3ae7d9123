"""The introductions' pages under /acceleration/introductions/: "My introductions" of a participant's members, the requests
received by an entry's contact person, and one introduction, where its contact person
answers and records what followed.

An introduction is found only by the members of its organisation, the entry's contact
person and the programme's staff; anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from acceleration import participation
from acceleration.demoday.selectors import demo_days_of_cohorts
from acceleration.errors import AccelerationError
from acceleration.introductions import selectors, services
from acceleration.introductions.forms import IntroductionStepForm
from acceleration.models import Introduction
from applications.selectors import format_money


def _money(value: Any) -> str:
    return format_money(value) if value is not None else ""


def _row(introduction: Introduction) -> dict[str, Any]:
    return {
        "introduction": introduction,
        "amount_sought": _money(introduction.amount_sought),
        "investment": _money(introduction.investment_amount),
        "contract": _money(introduction.contract_value),
    }


def _list_page(
    request: HttpRequest, introductions: Any, template: str, **context: Any
) -> HttpResponse:
    page = Paginator(introductions, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        template,
        {"page": page, "rows": [_row(row) for row in page.object_list], **context},
    )


@require_GET
@login_required
def my_introductions(request: HttpRequest) -> HttpResponse:
    """The introductions of the signed-in person's organisations, newest first, and the
    demo days of their running cohorts."""
    cohort_ids = sorted(
        {
            participant.cohort_id
            for participant in participation.requesting_participations(request.user)
        }
    )
    return _list_page(
        request,
        selectors.my_introductions(request.user),
        "acceleration/introductions/mine.html",
        demo_days=demo_days_of_cohorts(cohort_ids),
    )


@require_GET
@login_required
def received_introductions(request: HttpRequest) -> HttpResponse:
    """The requests addressed to the entries whose contact person is the signed-in person."""
    return _list_page(
        request,
        selectors.received_introductions(request.user),
        "acceleration/introductions/received.html",
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One introduction with its steps; its answerer (the entry's contact person, or
    staff) records the next step here."""
    try:
        introduction = selectors.introduction_for_viewer(user=request.user, pk=pk)
    except Introduction.DoesNotExist:
        raise Http404(_("No introduction of yours has this number.")) from None
    is_answerer = selectors.is_answerer(request.user, introduction)
    form = None
    status = 200
    if is_answerer and introduction.is_open:
        form = IntroductionStepForm(
            request.POST if request.method == "POST" else None, introduction=introduction
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.introduction_move(
                    introduction=introduction,
                    by=request.user,
                    to=data["to"],
                    on=data.get("on"),
                    amount=data.get("amount"),
                    note=data.get("note") or "",
                )
            except PermissionDenied:
                raise Http404 from None
            except AccelerationError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The introduction is updated."))
                return HttpResponseRedirect(request.path)
        status = 400
    return render(
        request,
        "acceleration/introductions/detail.html",
        {"row": _row(introduction), "introduction": introduction, "form": form},
        status=status,
    )
