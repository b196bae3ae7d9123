"""The introductions' figures the programme publishes on its figures page (registered in
ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from acceleration.introductions import selectors
from socialtech.registry import register_public_figure


def introductions_made() -> int:
    return selectors.introductions_made()


def introductions_accepted() -> int:
    return selectors.introductions_accepted()


def investment_raised() -> int:
    """Whole euros: the figures page shows counts."""
    return int(selectors.investment_raised())


def register() -> None:
    register_public_figure(
        "acceleration_introductions_requested",
        _("Introductions to investors and procurers asked for"),
        introductions_made,
        definition=_("Requests by cohort participants to be introduced, whatever the answer."),
    )
    register_public_figure(
        "acceleration_introductions_accepted",
        _("Introductions made"),
        introductions_accepted,
        definition=_("Introductions the investor or procurer accepted."),
    )
    register_public_figure(
        "acceleration_investment_raised",
        _("Investment raised through introductions (EUR)"),
        investment_raised,
        definition=_("Investments made after an introduction, in whole euros."),
    )
