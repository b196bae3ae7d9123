"""The learning paths' pages under /training/paths/: the paths by audience, a path with the
learner's progress across its courses, and the button that collects a badge due."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from upskilling.badges import services as badges
from upskilling.models import Audience, LearningPath, PathStatus
from upskilling.paths import selectors


def _audience(request: HttpRequest) -> tuple[str, bool]:
    """The audience asked for and whether it is one the list knows."""
    audience = request.GET.get("audience", "")
    return audience, not audience or audience in Audience.values


def _optional_url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@require_GET
def path_list(request: HttpRequest) -> HttpResponse:
    """The published learning paths, for one audience or both, 20 a page; a signed-in
    learner also sees the paths they are on with their progress."""
    audience, known = _audience(request)
    page = None
    if known:
        page = Paginator(selectors.published_paths(audience), selectors.PATHS_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "upskilling/paths/list.html",
        {
            "page": page,
            "paths": list(page.object_list) if page is not None else [],
            "audiences": Audience.choices,
            "audience": audience,
            "audience_unknown": not known,
            "filter_query": query.urlencode(),
            "mine": selectors.my_paths(request.user),
        },
        status=200 if known else 400,
    )


def _path_or_404(request: HttpRequest, slug: str) -> LearningPath:
    try:
        return selectors.path_for_viewer(user=request.user, slug=slug)
    except LearningPath.DoesNotExist:
        raise Http404(_("No published learning path has this address.")) from None


@require_GET
def path_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A path: its courses in order with where the learner stands on each, the progress
    across the path and its badge (earned, due or still to earn)."""
    path = _path_or_404(request, slug)
    progress = selectors.path_progress(path=path, user=request.user)
    return render(
        request,
        "upskilling/paths/path.html",
        {
            "path": path,
            "progress": progress,
            "badge": selectors.badge_of(path=path, user=request.user),
            "is_preview": path.status != PathStatus.PUBLISHED,
            "badge_image_url": _optional_url("upskilling_badge_image", path.slug),
        },
    )


@require_POST
@login_required
def badge_collect(request: HttpRequest, slug: str) -> HttpResponse:
    """Award the badges the learner has earned but not received (a path published, or a
    course added, after they completed its courses), then back to the path."""
    path = _path_or_404(request, slug)
    back = reverse("upskilling_path", args=[path.slug])
    if path.status != PathStatus.PUBLISHED:
        messages.error(request, _("Badges are awarded on published paths only."))
        return HttpResponseRedirect(back)
    progress = selectors.path_progress(path=path, user=request.user)
    if not progress.is_complete:
        messages.error(
            request,
            _("Complete every course of the path to earn its badge: %(done)s of %(total)s done.")
            % {"done": progress.completed, "total": progress.total},
        )
        return HttpResponseRedirect(back)
    badges.badges_award_due(user=request.user)
    messages.success(request, _("Your badge “%(badge)s” is awarded.") % {"badge": path.badge_name})
    return HttpResponseRedirect(back)
