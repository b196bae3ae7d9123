"""The directory's pages under /acceleration/investors/.

Decision: the directory is public. Anyone may read the published entries (who they are,
where they work, their instruments and typical ticket, or what a procurer buys); no page
but the back office shows an entry's contact person or e-mail. Introductions go through
the programme: an owner or editor of an active participant of a running cohort asks for
one from the entry's page (the request is posted here, and a refusal shows the entry's
page again with what was typed).
"""

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
from django.views.decorators.http import require_GET, require_POST

from acceleration.errors import AccelerationError
from acceleration.introductions import services as introduction_services
from acceleration.introductions.forms import IntroductionRequestForm
from acceleration.introductions.selectors import my_introductions
from acceleration.investors import selectors
from acceleration.investors.forms import DirectoryFilterForm
from acceleration.models import OPEN_STATUSES, DirectoryEntry
from acceleration.participation import requesting_participations
from socialtech.accounts.roles import is_programme_staff


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The published entries, filtered by kind, country, instrument and words, twenty a
    page, without contact data."""
    form = DirectoryFilterForm(
        request.GET or None, countries_listed=selectors.directory_countries()
    )
    status = 200
    page = None
    cards: list[dict[str, Any]] = []
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        paginator = Paginator(selectors.published_entries(**form.filters()), selectors.PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        cards = [selectors.entry_card(entry) for entry in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "acceleration/investors/directory.html",
        {
            "form": form,
            "page": page,
            "cards": cards,
            "filter_query": query.urlencode(),
            "is_filtered": any(
                request.GET.get(key) for key in ("q", "kind", "country", "instrument")
            ),
        },
        status=status,
    )


@require_GET
def entry_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One published entry (staff also see an unpublished one, as a preview), and for an
    owner or editor of an active participant the form asking for an introduction."""
    is_staff = is_programme_staff(request.user)
    try:
        entry = selectors.entry_for_viewer(slug=slug, is_staff=is_staff)
    except DirectoryEntry.DoesNotExist:
        raise Http404(_("No published investor or procurer has this address.")) from None
    participants = requesting_participations(request.user)
    has_participants = participants.exists()
    form = (
        IntroductionRequestForm(participants=participants, entry=entry)
        if has_participants and entry.is_published
        else None
    )
    under_way = (
        list(my_introductions(request.user).filter(entry=entry, status__in=list(OPEN_STATUSES)))
        if has_participants
        else []
    )
    return render(
        request,
        "acceleration/investors/detail.html",
        {
            "card": selectors.entry_card(entry),
            "entry": entry,
            "form": form,
            "is_staff": is_staff,
            "under_way": under_way,
        },
    )


@require_POST
@login_required
def introduction_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for an introduction to the entry at ``slug``; a refusal shows the entry's page
    again with what was typed and the reason next to its field."""
    try:
        entry = selectors.published_entry(slug=slug)
    except DirectoryEntry.DoesNotExist:
        raise Http404(_("No published investor or procurer has this address.")) from None
    participants = requesting_participations(request.user)
    form = IntroductionRequestForm(request.POST, participants=participants, entry=entry)
    if form.is_valid():
        data = form.cleaned_data
        try:
            introduction = introduction_services.introduction_request(
                by=request.user,
                participant=data["participant"],
                entry=entry,
                reason=data["reason"],
                seeking=data.get("seeking") or "",
                amount_sought=data.get("amount_sought"),
            )
        except PermissionDenied:
            raise Http404 from None
        except AccelerationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _("Your request is sent: the programme will answer by e-mail."),
            )
            return HttpResponseRedirect(
                reverse("acceleration_introduction_detail", args=[introduction.pk])
            )
    return render(
        request,
        "acceleration/investors/detail.html",
        {"card": selectors.entry_card(entry), "entry": entry, "form": form, "is_staff": False},
        status=400,
    )
