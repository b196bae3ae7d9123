"""The calls' card on the back office's dashboard: how many calls are in each status."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from calls.models import Call, CallStatus
from calls.selectors import call_counts_by_status
from socialtech.admin_dashboard import Card, CardLine, register_card


def calls_by_status() -> list[CardLine]:
    counts = call_counts_by_status()
    return [
        CardLine(label=label, count=counts.get(status, 0), query={"status__exact": status})
        for status, label in CallStatus.choices
    ]


def register() -> None:
    register_card(
        Card(
            name="calls-by-status",
            model=Call,
            title=_("Calls by status"),
            empty_text=_("No calls yet."),
            read=calls_by_status,
            order=10,
        )
    )
