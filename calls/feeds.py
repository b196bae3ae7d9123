"""RSS and Atom feeds of the programme's newly announced calls."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from calls import selectors
from calls.models import Call
from socialtech.formatting import format_deadline


class CallRssFeed(Feed):
    """The latest announced calls of the host's programme (never drafts)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # One Feed instance serves every request: the programme travels as the feed's object.
        return request.tenant  # type: ignore[attr-defined]

    def title(self, tenant: Any) -> str:
        return _("Calls of %(programme)s") % {"programme": tenant.name}

    def link(self, tenant: Any) -> str:
        return reverse("call_list")

    def description(self, tenant: Any) -> str:
        return _("New open calls for grants, vouchers and support places from %(programme)s.") % {
            "programme": tenant.name
        }

    def items(self, tenant: Any) -> QuerySet[Call]:
        return selectors.call_feed_items()

    def item_title(self, call: Call) -> str:
        return call.title_text

    def item_description(self, call: Call) -> str:
        return _("%(summary)s Deadline: %(deadline)s.") % {
            "summary": call.summary_text,
            "deadline": format_deadline(call.deadline, call.zone),
        }

    def item_link(self, call: Call) -> str:
        return reverse("call_detail", args=[call.slug])

    def item_pubdate(self, call: Call) -> datetime:
        return call.published_at or call.created_at

    def item_updateddate(self, call: Call) -> datetime:
        return call.updated_at

    def item_categories(self, call: Call) -> list[str]:
        categories = [str(call.get_kind_display())]
        if call.work_package is not None:
            categories.append(call.work_package.name_text)
        return categories


class CallAtomFeed(CallRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, tenant: Any) -> str:
        return self.description(tenant)
