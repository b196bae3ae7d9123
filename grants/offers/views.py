"""The applicant's offer page: read the offer, accept it with the declaration, or decline.

Only members of the organisation find the page (anyone else gets 404, as for an offer that
does not exist); only its owners and editors may answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from applications.selectors import format_money, valid_timezone, zoned
from grants.models import Award, AwardStatus
from grants.offers import selectors, services
from grants.offers.errors import OfferError
from grants.offers.forms import AcceptForm, DeclineForm

TIMEZONE_COOKIE = "tz"


def _zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def _award_or_404(request: HttpRequest, pk: int) -> Award:
    try:
        return selectors.award_for_member(user=request.user, pk=pk)
    except Award.DoesNotExist:
        raise Http404(_("None of your organisations has this offer.")) from None


def _page(
    request: HttpRequest,
    award: Award,
    *,
    accept_form: AcceptForm | None = None,
    decline_form: DeclineForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    is_open = award.status == AwardStatus.OFFERED and award.acceptance_deadline > timezone.now()
    context: dict[str, Any] = {
        "award": award,
        "application": award.application,
        "call": award.call,
        "amount": format_money(award.amount),
        "requested": format_money(award.amount_requested)
        if award.amount_requested is not None
        else "",
        "reduced": award.amount_requested is not None and award.amount < award.amount_requested,
        "deadline": zoned(award.acceptance_deadline, call=award.call, viewer_zone=_zone(request)),
        "decided": zoned(award.decided_at, call=award.call, viewer_zone=_zone(request))
        if award.decided_at
        else None,
        "funding": [
            {"source": row.get("source", ""), "amount": format_money(row.get("amount", ""))}
            for row in award.other_public_funding or []
        ],
        "is_open": is_open,
        "may_answer": is_open and selectors.may_act_for(request.user, award),
        "accept_form": accept_form or AcceptForm(),
        "decline_form": decline_form or DeclineForm(),
        "refusal": refusal,
    }
    return render(request, "grants/offer.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _award_or_404(request, pk))


def _require_answerer(request: HttpRequest, award: Award) -> None:
    if not selectors.may_act_for(request.user, award):
        raise PermissionDenied(_("Only owners and editors of the organisation may do this."))


@login_required
@require_POST
def offer_accept(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_or_404(request, pk)
    _require_answerer(request, award)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _page(request, award, accept_form=form, status=400)
    try:
        services.offer_accept(
            award=award,
            by=request.user,
            declared=form.cleaned_data["declared"],
            other_public_funding=form.funding_rows(),
        )
    except OfferError as error:
        return _page(request, award, accept_form=form, refusal=error.message, status=409)
    messages.success(request, _("You accepted the offer. The grant agreement follows."))
    return redirect("grants_offer", pk=award.pk)


@login_required
@require_POST
def offer_decline(request: HttpRequest, pk: int) -> HttpResponse:
    award = _award_or_404(request, pk)
    _require_answerer(request, award)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _page(request, award, decline_form=form, status=400)
    try:
        services.offer_decline(award=award, by=request.user, reason=form.cleaned_data["reason"])
    except OfferError as error:
        return _page(request, award, decline_form=form, refusal=error.message, status=409)
    messages.success(request, _("You declined the offer."))
    return redirect("grants_offer", pk=award.pk)
