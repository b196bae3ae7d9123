"""Reads of the programme's own pages."""

from __future__ import annotations

from django.db.models import QuerySet

from socialtech.tenancy.models import HomeCard


def home_card_list() -> QuerySet[HomeCard]:
    """The active programme's home page cards, in their order."""
    return HomeCard.objects.order_by("order", "pk")
