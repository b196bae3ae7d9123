"""Isolation entries for the news and events pages (see tests/tenancy/test_isolation.py).

Programme A gets a published news post and a published event with a registration of Bob.
Charlie, staff of programme B, must get 404 on B's host for the post, the event, its
buttons and its iCalendar file, must not find A's registration among his own, and must
not open A's rows in the back office. A's newsletter links (confirm, unsubscribe) are 404 on
B's host, GET and POST; the figures and results count only the host's programme.
"""

from __future__ import annotations

from typing import Any

from dissemination.events.services import event_register
from dissemination.models import Event, NewsPost, Registration, Subscriber
from socialtech.tenancy.context import tenant_context
from tests.dissemination.factories import event_make, news_post
from tests.dissemination.factories_newsletter import subscriber_make
from tests.tenancy.kinds import ObjectPage, OwnList, Public


def _event(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["dissemination_event"].slug}


ROUTES: dict[str, Any] = {
    "dissemination_news_list": Public("the host's own programme's published posts"),
    "dissemination_news_feed_rss": Public("the host's own programme's published posts"),
    "dissemination_news_feed_atom": Public("the host's own programme's published posts"),
    "dissemination_news_detail": ObjectPage(
        lambda objects: {"slug": objects["dissemination_post"].slug}
    ),
    "dissemination_event_list": Public("the host's own programme's events"),
    "dissemination_event_mine": OwnList(lambda objects: str(objects["dissemination_event"].title)),
    "dissemination_event_detail": ObjectPage(_event),
    "dissemination_event_register": ObjectPage(_event, method="post"),
    "dissemination_event_cancel": ObjectPage(_event, method="post"),
    "dissemination_event_ics": ObjectPage(_event),
    "dissemination_newsletter_subscribe": Public("signs up to the host's own programme's list"),
    "dissemination_newsletter_confirm": ObjectPage(
        lambda objects: {"token": objects["dissemination_pending"].confirmation_token},
        method="post",
    ),
    "dissemination_newsletter_unsubscribe": ObjectPage(
        lambda objects: {"token": objects["dissemination_subscriber"].unsubscribe_token},
        method="post",
    ),
    "dissemination_programme_figures": Public("the host's own programme's figures"),
    "dissemination_programme_results": Public("the host's own programme's results"),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        objects["dissemination_post"] = news_post(
            alice, title="Alpha-only news on cooperative housing", slug="alpha-housing"
        )
        objects["dissemination_event"] = event_make(
            alice, title="Alpha-only workshop on social procurement", slug="alpha-workshop"
        )
        objects["dissemination_registration"] = event_register(
            event=objects["dissemination_event"], user=bob
        )
        objects["dissemination_pending"] = subscriber_make("alpha-pending@example.org")
        objects["dissemination_subscriber"] = subscriber_make(
            "alpha-reader@example.org", confirmed=True
        )


ADMIN_OBJECTS = {
    NewsPost: lambda objects: objects["dissemination_post"],
    Event: lambda objects: objects["dissemination_event"],
    Registration: lambda objects: objects["dissemination_registration"],
    Subscriber: lambda objects: objects["dissemination_subscriber"],
}
