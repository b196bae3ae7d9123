"""The back office's dashboard: counts of what needs the programme's attention.

The platform core does not know the apps, so each app registers its cards (in its
``AppConfig.ready``): a card names the model whose list it links to, and reads its lines
(a label, a count and the filters of the list that shows those rows) in one query. The
admin index shows the cards of the models the person may view, for the active programme
only (the models' managers are scoped to it), in a fixed number of queries: one a card.

A card for offers awaiting an answer, by a grants app, is one more ``register_card`` call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.db.models import Model
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class CardLine:
    """One count on a card, linking to the list ``query`` filters to those rows."""

    label: Any
    count: int
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Card:
    """A dashboard card: ``read()`` returns its lines in one query; lines of 0 are not shown."""

    name: str
    model: type[Model]
    title: Any
    empty_text: Any
    read: Callable[[], Sequence[CardLine]]
    order: int = 100


@dataclass(frozen=True)
class ShownLine:
    label: Any
    count: int
    url: str


@dataclass(frozen=True)
class ShownCard:
    name: str
    title: Any
    empty_text: Any
    lines: list[ShownLine]
    list_url: str


_cards: dict[str, Card] = {}


def register_card(card: Card) -> None:
    """Show ``card`` on the admin index (registering a name again replaces its card)."""
    _cards[card.name] = card


def registered_cards() -> list[Card]:
    return sorted(_cards.values(), key=lambda card: (card.order, card.name))


def cards_for(request: HttpRequest, site: AdminSite) -> list[ShownCard]:
    """The cards ``request.user`` may see on ``site``, with their lines and links."""
    shown = []
    for card in registered_cards():
        model_admin = site._registry.get(card.model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            continue
        opts = card.model._meta
        try:
            list_url = reverse(
                f"{site.name}:{opts.app_label}_{opts.model_name}_changelist",
                current_app=site.name,
            )
        except NoReverseMatch:
            continue
        lines = [
            ShownLine(
                label=line.label,
                count=line.count,
                url=f"{list_url}?{urlencode(line.query)}" if line.query else list_url,
            )
            for line in card.read()
            if line.count
        ]
        shown.append(
            ShownCard(
                name=card.name,
                title=card.title,
                empty_text=card.empty_text,
                lines=lines,
                list_url=list_url,
            )
        )
    return shown


# --- Pages linked from the dashboard (a coordinators' dashboard, by the reports app) ------------


@dataclass(frozen=True)
class PageLink:
    """A back-office page linked above the cards, for those ``allowed(request)`` lets in."""

    name: str
    title: Any
    url_name: str
    allowed: Callable[[HttpRequest], bool]
    order: int = 100


_links: dict[str, PageLink] = {}


def register_page_link(link: PageLink) -> None:
    """Link ``link`` from the admin index (registering a name again replaces it)."""
    _links[link.name] = link


def page_links_for(request: HttpRequest) -> list[tuple[Any, str]]:
    """The (title, URL) of the linked pages ``request.user`` may open."""
    shown = []
    for link in sorted(_links.values(), key=lambda link: (link.order, link.name)):
        if not link.allowed(request):
            continue
        try:
            shown.append((link.title, reverse(link.url_name)))
        except NoReverseMatch:
            continue
    return shown
