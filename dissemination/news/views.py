"""The news pages under /news/: the published posts, newest first, and one post."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dissemination.models import NewsPost, NewsStatus
from dissemination.news import selectors
from dissemination.newsletter.forms import SubscribeForm
from socialtech.public_cache.pages import public_page


@public_page
@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    """The programme's published news posts, newest first, ten a page."""
    page = Paginator(selectors.published_posts(), selectors.NEWS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "dissemination/news/list.html",
        {
            "page": page,
            "posts": list(page.object_list),
            "newsletter_form": SubscribeForm(
                initial={"source": "news"},
                programme_name=request.tenant.name,  # type: ignore[attr-defined]
            ),
        },
    )


@public_page
@require_GET
def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One news post (a draft only for the programme's staff, marked as a preview)."""
    try:
        post = selectors.post_for_viewer(user=request.user, slug=slug)
    except NewsPost.DoesNotExist:
        raise Http404(_("No published news post has this address.")) from None
    return render(
        request,
        "dissemination/news/detail.html",
        {"post": post, "is_preview": post.status != NewsStatus.PUBLISHED},
    )
