"""Rows of connect to innovate, made through its services as the people would."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

from connect_to_innovate.challenges import services as challenges
from connect_to_innovate.connections import services as connections
from connect_to_innovate.models import Challenge, Interest, TechnologyOffer
from connect_to_innovate.offers import services as offers
from connect_to_innovate.permissions import forget
from tests.factories import OrganisationFactory, UserFactory

_numbers = count(1)


def organisation_with(user: Any, **fields: Any) -> Any:
    """A new organisation owned by ``user``."""
    organisation = OrganisationFactory(owner=user, **fields)
    forget(user)
    return organisation


def challenge_make(
    by: Any,
    *,
    organisation: Any = None,
    staff: Any = None,
    submit: bool = True,
    **changes: Any,
) -> Challenge:
    """A challenge of ``organisation`` (a new one of ``by`` when not given); submitted, and
    published when ``staff`` is given."""
    number = next(_numbers)
    organisation = organisation or organisation_with(by)
    challenge = challenges.challenge_save(
        by=by,
        organisation=organisation,
        title=changes.pop("title", f"Challenge {number}: telecare for farms"),
        problem=changes.pop("problem", "Elderly farmers live far from care services."),
        target_group=changes.pop("target_group", "Elderly people in rural areas"),
        sector=changes.pop("sector", "care_health"),
        country=changes.pop("country", "IT"),
        languages=changes.pop("languages", ["it", "en"]),
        budget_min=changes.pop("budget_min", Decimal("10000.00")),
        budget_max=changes.pop("budget_max", Decimal("40000.00")),
        tags=changes.pop("tags", ["telecare", "sensors", "rural"]),
    )
    if submit or staff is not None:
        challenge = challenges.challenge_submit(challenge=challenge, by=by)
    if staff is not None:
        challenge = challenges.challenge_approve(challenge=challenge, by=staff)
    return challenge


def offer_make(
    by: Any,
    *,
    organisation: Any = None,
    staff: Any = None,
    submit: bool = True,
    **changes: Any,
) -> TechnologyOffer:
    """A technology offer of ``organisation``; submitted, and published when ``staff``."""
    number = next(_numbers)
    organisation = organisation or organisation_with(by, legal_name=f"Tech Provider {number} GmbH")
    offer = offers.offer_save(
        by=by,
        organisation=organisation,
        provider_type=changes.pop("provider_type", "company"),
        title=changes.pop("title", f"Offer {number}"),
        description=changes.pop("description", "Sensors and a telecare platform."),
        technologies=changes.pop("technologies", ["telecare", "sensors"]),
        sectors=changes.pop("sectors", ["care_health"]),
        countries=changes.pop("countries", ["IT", "DE"]),
        languages=changes.pop("languages", ["it", "de"]),
        references=changes.pop("references", "Pilot with a social cooperative in Trento"),
    )
    if submit or staff is not None:
        offer = offers.offer_submit(offer=offer, by=by)
    if staff is not None:
        offer = offers.offer_approve(offer=offer, by=staff)
    return offer


def person(name: str) -> Any:
    return UserFactory(email=f"{name}@example.org", full_name=name.title())


def interest_make(
    by: Any, *, challenge: Challenge, offer: TechnologyOffer, accept_by: Any = None
) -> Interest:
    interest = connections.interest_express(
        by=by, challenge=challenge, offer=offer, message="We would like to work with you."
    )
    if accept_by is not None:
        interest = connections.interest_accept(interest=interest, by=accept_by)
    return interest
