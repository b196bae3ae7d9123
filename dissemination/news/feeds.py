"""RSS 2.0 and Atom feeds of the programme's published news posts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from dissemination.models import NewsPost
from dissemination.news import selectors


class NewsRssFeed(Feed):
    """The latest published news posts of the host's programme (never drafts)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # One Feed instance serves every request: the programme travels as the feed's object.
        return request.tenant  # type: ignore[attr-defined]

    def title(self, tenant: Any) -> str:
        return _("News of %(programme)s") % {"programme": tenant.name}

    def link(self, tenant: Any) -> str:
        return reverse("dissemination_news_list")

    def description(self, tenant: Any) -> str:
        return _("What %(programme)s does: news of its calls, events and results.") % {
            "programme": tenant.name
        }

    def items(self, tenant: Any) -> QuerySet[NewsPost]:
        return selectors.feed_posts()

    def item_title(self, post: NewsPost) -> str:
        return post.title

    def item_description(self, post: NewsPost) -> str:
        return post.summary

    def item_link(self, post: NewsPost) -> str:
        return reverse("dissemination_news_detail", args=[post.slug])

    def item_pubdate(self, post: NewsPost) -> datetime | None:
        return post.published_at

    def item_updateddate(self, post: NewsPost) -> datetime:
        return post.updated_at

    def item_author_name(self, post: NewsPost) -> str | None:
        return (post.author.full_name or None) if post.author is not None else None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, tenant: Any) -> str:
        return self.description(tenant)
