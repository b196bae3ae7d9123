"""Demo challenges and technology offers of WP4 connect to innovate, made through the
services as the social enterprises, providers and staff would: five published challenges of
demo social enterprises and one of the applicant's awaiting review, five published offers of
demo providers (``provider@example.org``'s telecare offer among them), and an accepted
interest between the care-farm challenge and the telecare offer, with a short thread and a
meeting request.

Idempotent: a challenge or an offer is made once (looked up by organisation and title), and
the interest's thread and meeting only when the interest is made; a second run changes
nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from connect_to_innovate.challenges.services import (
    challenge_approve,
    challenge_save,
    challenge_submit,
)
from connect_to_innovate.connections.services import (
    interest_accept,
    interest_express,
    meeting_request,
    message_post,
)
from connect_to_innovate.models import Challenge, Interest, TechnologyOffer
from connect_to_innovate.offers.services import offer_approve, offer_save, offer_submit
from demo.connect_to_innovate.content import (
    CHALLENGES,
    INTEREST_MESSAGE,
    OFFERS,
    THREAD,
    ChallengeSpec,
    OfferSpec,
)
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import APPLICANT_EMAIL, demo_organisations, ensure_organisation
from demo.vouchers.content import PROVIDER_EMAIL, PROVIDERS
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]


def _owner(organisation: Organisation) -> Any:
    member = (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert member is not None, f"{organisation} has no owner"
    return member.user


def _challenge(spec: ChallengeSpec, *, organisation: Organisation, staff: Any) -> Challenge | None:
    if Challenge.objects.filter(organisation=organisation, title=spec.title).exists():
        return None
    by = _owner(organisation)
    challenge = challenge_save(
        by=by,
        organisation=organisation,
        title=spec.title,
        problem=spec.problem,
        target_group=spec.target_group,
        sector=spec.sector,
        country=spec.country,
        languages=spec.languages,
        budget_min=spec.budget_min,
        budget_max=spec.budget_max,
        tags=spec.tags,
    )
    challenge = challenge_submit(challenge=challenge, by=by)
    if spec.published:
        challenge = challenge_approve(challenge=challenge, by=staff)
    return challenge


def _provider_organisations(users: dict[str, Any]) -> dict[str, Organisation]:
    provider_account = demo_user(users, PROVIDER_EMAIL)
    return {
        spec.organisation.legal_name: ensure_organisation(
            spec.organisation,
            owner=provider_account if spec.owned_by_provider_account else None,
        )
        for spec in PROVIDERS
    }


def _offer(spec: OfferSpec, *, organisation: Organisation, staff: Any) -> TechnologyOffer | None:
    if TechnologyOffer.objects.filter(organisation=organisation, title=spec.title).exists():
        return None
    by = _owner(organisation)
    offer = offer_save(
        by=by,
        organisation=organisation,
        provider_type=spec.provider_type,
        title=spec.title,
        description=spec.description,
        technologies=spec.technologies,
        sectors=spec.sectors,
        countries=spec.countries,
        languages=spec.languages,
        references=spec.references,
    )
    offer = offer_submit(offer=offer, by=by)
    return offer_approve(offer=offer, by=staff)


def _interest(challenge: Challenge, offer: TechnologyOffer, *, zone: str) -> bool:
    if Interest.objects.filter(challenge=challenge, offer=offer).exists():
        return False
    provider = _owner(offer.organisation)
    enterprise = _owner(challenge.organisation)
    interest = interest_express(
        by=provider, challenge=challenge, offer=offer, message=INTEREST_MESSAGE
    )
    interest = interest_accept(interest=interest, by=enterprise)
    for side, body in THREAD:
        message_post(
            interest=interest, by=enterprise if side == "challenge" else provider, body=body
        )
    day = timezone.localdate(timezone.now(), ZoneInfo(zone)) + timedelta(days=9)
    slots = [
        datetime.combine(day, time(10), tzinfo=ZoneInfo(zone)),
        datetime.combine(day + timedelta(days=1), time(14, 30), tzinfo=ZoneInfo(zone)),
    ]
    meeting_request(
        interest=interest, by=provider, slots=slots, note="On the farm near Passau, or by video"
    )
    return True


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The challenges, offers and a connection of WP4; returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    if socialtech is None or staff is None or demo_user(users, APPLICANT_EMAIL) is None:
        return ""
    with tenant_context(socialtech):
        enterprises = demo_organisations(users=users)
        providers = _provider_organisations(users)
        challenges = [
            _challenge(spec, organisation=enterprises[spec.organisation], staff=staff)
            for spec in CHALLENGES
        ]
        offers = [
            _offer(spec, organisation=providers[spec.provider], staff=staff) for spec in OFFERS
        ]
        care_farm = Challenge.objects.get(
            organisation=enterprises[CHALLENGES[0].organisation], title=CHALLENGES[0].title
        )
        telecare = TechnologyOffer.objects.get(
            organisation=providers[OFFERS[0].provider], title=OFFERS[0].title
        )
        connected = _interest(care_farm, telecare, zone=socialtech.default_timezone)
    return (
        f"{len(CHALLENGES)} challenges ({sum(c is not None for c in challenges)} new; "
        f"one of {APPLICANT_EMAIL}'s awaiting review), {len(OFFERS)} technology offers "
        f"({sum(o is not None for o in offers)} new; {PROVIDER_EMAIL}'s telecare offer among "
        f"them), {'1 new' if connected else 'no new'} connection with a thread and a meeting request"
    )
