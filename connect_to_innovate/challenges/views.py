"""The challenge pages under /connect/: the WP4 landing page, the published challenges
(filtered), one challenge (with its ranked matches for its organisation and staff), the
organisation's own challenges, and the form to write, change, submit or close one."""

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

from connect_to_innovate.challenges import selectors, services
from connect_to_innovate.challenges.forms import ChallengeForm
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.filters import filter_context
from connect_to_innovate.matching.selectors import PAGE_SIZE as MATCHES_PAGE_SIZE
from connect_to_innovate.matching.selectors import (
    interests_by_pair,
    matches_for_challenge,
    published_offers_of,
)
from connect_to_innovate.models import Challenge
from connect_to_innovate.permissions import acts_for, editable_organisations, may_review
from connect_to_innovate.review import language_name


def _challenge_or_404(request: HttpRequest, pk: int) -> Challenge:
    try:
        return selectors.challenge_for_viewer(user=request.user, pk=pk)
    except Challenge.DoesNotExist:
        raise Http404(_("No challenge has this address.")) from None


def _member_challenge_or_404(request: HttpRequest, pk: int) -> Challenge:
    try:
        return selectors.challenge_for_member(user=request.user, pk=pk)
    except Challenge.DoesNotExist:
        raise Http404(_("No challenge of yours has this address.")) from None


@require_GET
def connect_home(request: HttpRequest) -> HttpResponse:
    """What WP4 connect to innovate is, and where to go."""
    return render(request, "connect_to_innovate/home.html", {})


@require_GET
def challenge_list(request: HttpRequest) -> HttpResponse:
    """The published challenges, newest first, ten a page, filtered by sector, country,
    language and words."""
    context = filter_context(request.GET)
    page = Paginator(selectors.public_challenges(context["filters"]), selectors.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "connect_to_innovate/challenges/list.html",
        {**context, "page": page, "challenges": list(page.object_list)},
    )


@require_GET
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A challenge; for its organisation's members and the programme's staff also its state,
    the staff's reason when returned, and its ranked matches (ten a page) with reasons."""
    challenge = _challenge_or_404(request, pk)
    is_member = acts_for(request.user, challenge.organisation_id)
    context: dict[str, Any] = {
        "challenge": challenge,
        "is_member": is_member,
        "languages": [language_name(code) for code in challenge.languages],
    }
    if not is_member and challenge.is_published:
        # A provider reading the challenge may offer one of its own published offers.
        context["own_offers"] = [
            offer
            for offer in published_offers_of(request.user)
            if offer.organisation_id != challenge.organisation_id
        ]
    if is_member or may_review(request.user):
        page = Paginator(matches_for_challenge(challenge), MATCHES_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        matches = list(page.object_list)
        pairs = interests_by_pair(
            challenge_ids=[challenge.pk], offer_ids=[match.item.pk for match in matches]
        )
        context.update(
            matches_page=page,
            matches=[(match, pairs.get((challenge.pk, match.item.pk))) for match in matches],
            shows_matches=True,
        )
    return render(request, "connect_to_innovate/challenges/detail.html", context)


@require_GET
@login_required
def challenge_mine(request: HttpRequest) -> HttpResponse:
    """The challenges of the organisations the signed-in person acts for, in every state."""
    page = Paginator(selectors.my_challenges(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "connect_to_innovate/challenges/mine.html",
        {
            "page": page,
            "challenges": list(page.object_list),
            "can_post": bool(editable_organisations(request.user)),
        },
    )


def _save(
    request: HttpRequest, form: ChallengeForm, challenge: Challenge | None
) -> Challenge | None:
    data = form.cleaned_data
    organisations = {o.pk: o for o in editable_organisations(request.user)}
    organisation = (
        challenge.organisation if challenge is not None else organisations[data["organisation"]]
    )
    try:
        return services.challenge_save(
            by=request.user,
            challenge=challenge,
            organisation=organisation,
            title=data["title"],
            problem=data["problem"],
            target_group=data["target_group"],
            sector=data["sector"],
            country=data["country"],
            languages=data["languages"],
            budget_min=data["budget_min"],
            budget_max=data["budget_max"],
            tags=data["tags"],
        )
    except ConnectError as error:
        form.add_error(error.field if error.field in form.fields else None, error.message)
        return None


@require_http_methods(["GET", "POST"])
@login_required
def challenge_new(request: HttpRequest) -> HttpResponse:
    """Write a new challenge for one of the signed-in person's organisations (a draft)."""
    organisations = editable_organisations(request.user)
    if not organisations:
        return render(request, "connect_to_innovate/no_organisation.html", {}, status=403)
    form = ChallengeForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, None)
        if saved is not None:
            messages.success(
                request, _("Your challenge is saved as a draft. Submit it for review when ready.")
            )
            return HttpResponseRedirect(reverse("c2i_challenge_detail", args=[saved.pk]))
    return render(
        request,
        "connect_to_innovate/challenges/form.html",
        {"form": form, "challenge": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def challenge_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or returned challenge of the signed-in person's organisation."""
    challenge = _member_challenge_or_404(request, pk)
    initial = {
        "organisation": challenge.organisation_id,
        "title": challenge.title,
        "problem": challenge.problem,
        "target_group": challenge.target_group,
        "sector": challenge.sector,
        "country": str(challenge.country),
        "languages": challenge.languages,
        "budget_min": challenge.budget_min,
        "budget_max": challenge.budget_max,
        "tags": ", ".join(challenge.tags),
    }
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None:
        data["organisation"] = str(challenge.organisation_id)
    form = ChallengeForm(data, initial=initial, organisations=[challenge.organisation])
    form.fields["organisation"].disabled = True
    if not challenge.is_editable:
        messages.error(
            request,
            _("This challenge is %(status)s; it can change only as a draft or when returned.")
            % {"status": challenge.get_status_display().lower()},
        )
        return HttpResponseRedirect(reverse("c2i_challenge_detail", args=[challenge.pk]))
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, challenge)
        if saved is not None:
            messages.success(request, _("Your changes are saved."))
            return HttpResponseRedirect(reverse("c2i_challenge_detail", args=[saved.pk]))
    return render(
        request,
        "connect_to_innovate/challenges/form.html",
        {"form": form, "challenge": challenge},
        status=400 if form.errors else 200,
    )


def _move(request: HttpRequest, pk: int, move: Any, done: str) -> HttpResponse:
    challenge = _member_challenge_or_404(request, pk)
    try:
        move(challenge=challenge, by=request.user)
    except ConnectError as error:
        messages.error(request, error.message)
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, done)
    return HttpResponseRedirect(reverse("c2i_challenge_detail", args=[challenge.pk]))


@require_POST
@login_required
def challenge_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the challenge to the programme's staff for review."""
    return _move(
        request,
        pk,
        services.challenge_submit,
        _("Your challenge is submitted: it is published once the programme's staff approve it."),
    )


@require_POST
@login_required
def challenge_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the challenge: it leaves the lists and the matches."""
    return _move(request, pk, services.challenge_close, _("Your challenge is closed."))
