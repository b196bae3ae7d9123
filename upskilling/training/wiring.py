"""How training vouchers join the course engine: a provider's course with a price is
taken through a place a training voucher paid."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from mooc.conditions import EnrolmentCondition, on_enrolment
from upskilling.training import selectors
from vouchers.money import euros


def place_condition(*, course: Any, user: Any) -> EnrolmentCondition | None:
    """A course with an active offer is open only to a learner whose place the provider
    accepted; everyone else (visitors too) reads who gives the course, its price and where
    a place is booked. A course without an active offer sets no condition. One query."""
    offer = selectors.offer_for_condition(course=course, user=user)
    if offer is None or offer.has_place:  # type: ignore[attr-defined]
        return None
    return EnrolmentCondition(
        message=_(
            "This course is given by %(provider)s for %(price)s per learner; "
            "a training voucher pays for a place."
        )
        % {"provider": offer.provider.organisation.legal_name, "price": euros(offer.price)},
        url=selectors.place_path(course),
        link_text=_("Book a place with a training voucher"),
    )


def register() -> None:
    """Register the training places' condition of enrolment."""
    on_enrolment(place_condition)
