"""Writes of the programme's own pages."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.models import HomeCard


@transaction.atomic
def home_card_save(
    *,
    by: Any,
    title: dict[str, str],
    text: dict[str, str],
    link: str,
    order: int,
    card: HomeCard | None = None,
) -> HomeCard:
    """Create a card of the active programme's home page, or change ``card``.

    Refuses a card without a title and a link that is neither a path of this site nor an
    https:// address (on ``link``).
    """
    if card is None or card.pk is None:
        card = HomeCard(tenant=require_active_tenant())
        verb = "home_card.created"
    else:
        card = HomeCard.objects.select_for_update().get(pk=card.pk)
        verb = "home_card.updated"
    card.title, card.text, card.link, card.order = title, text, link.strip(), order
    card.full_clean()
    card.save()
    audit_log(actor=by, verb=verb, target=card, data={"link": card.link})
    return card


@transaction.atomic
def home_card_delete(*, card: HomeCard, by: Any) -> None:
    """Remove a card from the programme's home page."""
    audit_log(actor=by, verb="home_card.deleted", target=card, data={"link": card.link})
    card.delete()
