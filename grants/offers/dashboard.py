"""The offers' card on the back office's dashboard: offers waiting for an answer."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grants.models import Award, AwardStatus
from grants.offers.selectors import offers_awaiting_answer_count
from socialtech.admin_dashboard import Card, CardLine, register_card


def awaiting_answer() -> list[CardLine]:
    return [
        CardLine(
            label=_("offered, no answer yet"),
            count=offers_awaiting_answer_count(),
            query={"status__exact": AwardStatus.OFFERED},
        )
    ]


def register() -> None:
    register_card(
        Card(
            name="grants-offers-awaiting-answer",
            model=Award,
            title=_("Offers awaiting an answer"),
            empty_text=_("No offer awaits an answer."),
            read=awaiting_answer,
            order=50,
        )
    )
