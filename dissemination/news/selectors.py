"""Reads of news posts: the published posts newest first, one post for its reader (staff
also see drafts, as a preview), the posts of the feeds. Each costs a fixed number of
queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dissemination.models import NewsPost, NewsStatus
from socialtech.accounts.roles import is_programme_staff

NEWS_PAGE_SIZE = 10
FEED_SIZE = 20


def published_posts() -> QuerySet[NewsPost]:
    """The published posts of the active programme, newest first."""
    return (
        NewsPost.objects.filter(status=NewsStatus.PUBLISHED)
        .select_related("author")
        .order_by("-published_at", "-pk")
    )


def post_for_viewer(*, user: Any, slug: str) -> NewsPost:
    """The post called ``slug``: published for everyone, a draft too for the programme's
    staff (their preview). ``NewsPost.DoesNotExist`` otherwise."""
    posts = NewsPost.objects.select_related("author")
    if not is_programme_staff(user):
        posts = posts.filter(status=NewsStatus.PUBLISHED)
    return posts.get(slug=slug)


def feed_posts() -> QuerySet[NewsPost]:
    """The latest published posts, for the RSS and Atom feeds."""
    return published_posts()[:FEED_SIZE]
