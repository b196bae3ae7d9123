"""The technology offer pages under /connect/offers/: the published offers (filtered), one
offer (with its ranked matching challenges for its organisation and staff), the
organisation's own offers, and the form to write, change, submit or close one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from connect_to_innovate.errors import ConnectError
from connect_to_innovate.filters import filter_context
from connect_to_innovate.matching.selectors import PAGE_SIZE as MATCHES_PAGE_SIZE
from connect_to_innovate.matching.selectors import (
    interests_by_pair,
    matches_for_offer,
    published_challenges_of,
)
from connect_to_innovate.models import Sector, TechnologyOffer
from connect_to_innovate.offers import selectors, services
from connect_to_innovate.offers.forms import OfferForm
from connect_to_innovate.permissions import acts_for, editable_organisations, may_review
from connect_to_innovate.review import country_name, language_name


def _offer_or_404(request: HttpRequest, pk: int) -> TechnologyOffer:
    try:
        return selectors.offer_for_viewer(user=request.user, pk=pk)
    except TechnologyOffer.DoesNotExist:
        raise Http404(_("No technology offer has this address.")) from None


def _member_offer_or_404(request: HttpRequest, pk: int) -> TechnologyOffer:
    try:
        return selectors.offer_for_member(user=request.user, pk=pk)
    except TechnologyOffer.DoesNotExist:
        raise Http404(_("No technology offer of yours has this address.")) from None


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    """The published offers, newest first, ten a page, filtered by sector, country served,
    language and words."""
    context = filter_context(request.GET)
    page = Paginator(selectors.public_offers(context["filters"]), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "connect_to_innovate/offers/list.html",
        {**context, "page": page, "offers": list(page.object_list)},
    )


@require_GET
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An offer; for its organisation's members and the programme's staff also its state and
    its ranked matching challenges (ten a page) with reasons."""
    offer = _offer_or_404(request, pk)
    is_member = acts_for(request.user, offer.organisation_id)
    context: dict[str, Any] = {
        "offer": offer,
        "is_member": is_member,
        "languages": [language_name(code) for code in offer.languages],
        "countries": [country_name(code) for code in offer.countries],
        "sectors": [Sector(value).label for value in offer.sectors if value in Sector.values],
        "references": [line for line in offer.references.splitlines() if line.strip()],
    }
    if not is_member and offer.is_published:
        # A social enterprise reading the offer may pair it with one of its challenges.
        context["own_challenges"] = [
            challenge
            for challenge in published_challenges_of(request.user)
            if challenge.organisation_id != offer.organisation_id
        ]
    if is_member or may_review(request.user):
        page = Paginator(matches_for_offer(offer), MATCHES_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        matches = list(page.object_list)
        pairs = interests_by_pair(
            challenge_ids=[match.item.pk for match in matches], offer_ids=[offer.pk]
        )
        context.update(
            matches_page=page,
            matches=[(match, pairs.get((match.item.pk, offer.pk))) for match in matches],
            shows_matches=True,
        )
    return render(request, "connect_to_innovate/offers/detail.html", context)


@require_GET
@login_required
def offer_mine(request: HttpRequest) -> HttpResponse:
    """The offers of the organisations the signed-in person acts for, in every state."""
    page = Paginator(selectors.my_offers(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "connect_to_innovate/offers/mine.html",
        {
            "page": page,
            "offers": list(page.object_list),
            "can_post": bool(editable_organisations(request.user)),
        },
    )


def _save(
    request: HttpRequest, form: OfferForm, offer: TechnologyOffer | None
) -> TechnologyOffer | None:
    data = form.cleaned_data
    organisations = {o.pk: o for o in editable_organisations(request.user)}
    organisation = offer.organisation if offer is not None else organisations[data["organisation"]]
    try:
        return services.offer_save(
            by=request.user,
            offer=offer,
            organisation=organisation,
            provider_type=data["provider_type"],
            title=data["title"],
            description=data["description"],
            technologies=data["technologies"],
            sectors=data["sectors"],
            countries=data["countries"],
            languages=data["languages"],
            references=data["references"],
        )
    except ConnectError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    """Write a new technology offer for one of the signed-in person's organisations."""
    organisations = editable_organisations(request.user)
    if not organisations:
        return render(request, "connect_to_innovate/no_organisation.html", {}, status=403)
    form = OfferForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(
                request, _("Your offer is saved as a draft. Submit it for review when ready.")
            )
            return HttpResponseRedirect(reverse("c2i_offer_detail", args=[saved.pk]))
    return render(
        request,
        "connect_to_innovate/offers/form.html",
        {"form": form, "offer": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or returned offer of the signed-in person's organisation."""
    offer = _member_offer_or_404(request, pk)
    if not offer.is_editable:
        messages.error(
            request,
            _("This offer is %(status)s; it can change only as a draft or when returned.")
            % {"status": offer.get_status_display().lower()},
        )
        return HttpResponseRedirect(reverse("c2i_offer_detail", args=[offer.pk]))
    initial = {
        "organisation": offer.organisation_id,
        "provider_type": offer.provider_type,
        "title": offer.title,
        "description": offer.description,
        "technologies": ", ".join(offer.tags),
        "sectors": offer.sectors,
        "countries": offer.countries,
        "languages": offer.languages,
        "references": offer.references,
    }
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["organisation"] = str(offer.organisation_id)
    form = OfferForm(data, initial=initial, organisations=[offer.organisation])
    form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, offer)
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return HttpResponseRedirect(reverse("c2i_offer_detail", args=[saved.pk]))
    return render(
        request,
        "connect_to_innovate/offers/form.html",
        {"form": form, "offer": offer},
        status=400 if form.errors else 200,
    )


def _move(request: HttpRequest, pk: int, move: Any, done: str) -> HttpResponse:
    offer = _member_offer_or_404(request, pk)
    try:
        move(offer=offer, by=request.user)
    except ConnectError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("c2i_offer_detail", args=[offer.pk]))


@require_POST
@login_required
def offer_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the offer to the programme's staff for review."""
    return _move(
        request,
        pk,
        services.offer_submit,
        _("Your offer is submitted: it is published once the programme's staff approve it."),
    )


@require_POST
@login_required
def offer_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the offer: it leaves the lists and the matches."""
    return _move(request, pk, services.offer_close, _("Your offer is closed."))
