"""Demo directory of investors and procurers, introductions in every state, and a demo
day with applications, made through the acceleration services as staff and members would.

The participants are those of the running cohort the cohorts demo (``demo.acceleration
.cohorts``, seeded before this) filled from the acceleration call's main list.

Idempotent: an entry is made once (by its slug), an introduction once per participant
and entry, the demo day once per cohort with its applications; a second run changes
nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from acceleration.demoday.services import demo_day_save, pitch_apply, pitch_select
from acceleration.introductions import services as introductions
from acceleration.investors.services import entry_save
from acceleration.models import (
    Cohort,
    DemoDay,
    DirectoryEntry,
    Introduction,
    Participant,
    PitchApplication,
)
from demo.acceleration.cohorts_content import COHORT_SLUG
from demo.acceleration.investors_content import ENTRIES, EntrySpec
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import demo_organisations
from organisations.models import OrganisationMember
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

# When the demo has this person, they are Nordkap's contact and answer on their own page.
INVESTOR_EMAIL = "investor@example.org"
INVESTOR_ENTRY = "nordkap-impact-partners"
# The participants the introductions and pitches come from.
PARTICIPANT_KEYS = ("officina-cognitiva", "trame-solidali", "mint-werkstatt", "bioboden")
# (participant, entry, the step the introduction reaches, EUR of the outcome)
INTRODUCTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("officina-cognitiva", "nordkap-impact-partners", "investment_made", "450000.00"),
    ("officina-cognitiva", "valdoria-health-social-care", "contract_won", "84000.00"),
    ("officina-cognitiva", "gemeinsam-crowd", "requested", ""),
    ("trame-solidali", "ponte-capitale-sociale", "accepted", ""),
    ("trame-solidali", "civicseed", "offer_made", ""),
    ("mint-werkstatt", "credit-cooperatif-economie-sociale", "meeting_held", ""),
    ("mint-werkstatt", "villaverde-innovation-office", "declined", ""),
    ("bioboden", "gemeinsam-crowd", "no_follow_up", ""),
)
REASONS = {
    "investor": "We are raising a seed round to take our service to two more regions.",
    "crowdfunding": "Our users and neighbours want to co-own the project; a campaign fits.",
    "procurer": "Our service answers a need named in the last market consultation.",
}
PITCHES = (
    (
        "officina-cognitiva",
        "A booking and care-notes app made with care workers, licensed by three other cooperatives.",
        "EUR 600,000 seed and a pilot with a regional health authority.",
    ),
    (
        "trame-solidali",
        "An online shop and made-to-measure service of a tailoring workshop where women leaving shelters train and work.",
        "EUR 250,000 in quasi-equity to open a second workshop.",
    ),
    (
        "mint-werkstatt",
        "Refurbished laptops with a three-year repair plan, prepared by young people in vocational integration.",
        "Public buyers for refurbished school laptops.",
    ),
)


def _participants(users: dict[str, Any]) -> dict[str, Participant]:
    """The participants of the running cohort the cohorts demo filled from the acceleration
    call's main list, by organisation key (empty when that cohort is not there)."""
    cohort = Cohort.objects.filter(slug=COHORT_SLUG).first()
    if cohort is None:
        return {}
    key_of = {organisation.pk: key for key, organisation in demo_organisations(users=users).items()}
    return {
        key_of[participant.organisation_id]: participant
        for participant in Participant.objects.filter(cohort=cohort).select_related(
            "organisation", "cohort"
        )
        if participant.organisation_id in key_of
    }


def _entry(spec: EntrySpec, *, staff: Any, contact_user: Any = None) -> bool:
    if DirectoryEntry.objects.filter(slug=spec.slug).exists():
        return False
    entry_save(
        by=staff,
        slug=spec.slug,
        kind=spec.kind,
        name=spec.name,
        description=spec.description,
        countries=list(spec.countries),
        sectors=list(spec.sectors),
        languages=list(spec.languages),
        instruments=list(spec.instruments),
        ticket_min=spec.ticket_min,
        ticket_max=spec.ticket_max,
        buys=spec.buys,
        procedures=spec.procedures,
        website=spec.website,
        contact_name=spec.contact_name,
        contact_email=spec.contact_email,
        contact_user=contact_user,
        is_published=spec.published,
    )
    return True


def _owner(participant: Participant) -> Any:
    member = (
        OrganisationMember.objects.filter(organisation=participant.organisation, role="owner")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return member.user if member else None


def _introduction(
    participant: Participant, entry: DirectoryEntry, goal: str, amount: str, *, staff: Any
) -> bool:
    if Introduction.objects.filter(participant=participant, entry=entry).exists():
        return False
    owner = _owner(participant)
    introduction = introductions.introduction_request(
        by=owner,
        participant=participant,
        entry=entry,
        reason=REASONS[entry.kind],
        seeking=(
            "A home-care scheduling service with remote check-ins."
            if entry.kind == "procurer"
            else ""
        ),
        amount_sought=None if entry.kind == "procurer" else Decimal("300000.00"),
    )
    if goal == "requested":
        return True
    if goal == "declined":
        introductions.introduction_decline(
            introduction=introduction, by=staff, note="No tender for this service this year."
        )
        return True
    today = timezone.localdate()
    introductions.introduction_accept(
        introduction=introduction, by=staff, note="The fund's analyst will call you."
    )
    if goal == "accepted":
        return True
    if goal == "no_follow_up":
        introductions.introduction_close(
            introduction=introduction, by=staff, on=today, note="Outside the fund's focus."
        )
        return True
    introductions.introduction_record_meeting(
        introduction=introduction, by=staff, on=today, note="First meeting at their office."
    )
    if goal == "meeting_held":
        return True
    if goal in ("offer_made", "investment_made"):
        introductions.introduction_record_offer(
            introduction=introduction, by=staff, on=today, note="Term sheet received."
        )
    if goal == "investment_made":
        introductions.introduction_record_investment(
            introduction=introduction, by=staff, amount=Decimal(amount), on=today
        )
    if goal == "contract_won":
        introductions.introduction_record_contract(
            introduction=introduction, by=staff, value=Decimal(amount), on=today
        )
    return True


def _demo_day(
    cohort: Cohort, participants: dict[str, Participant], *, staff: Any, zone: str
) -> bool:
    if DemoDay.objects.filter(cohort=cohort).exists():
        return False
    day = timezone.localdate(timezone.now(), ZoneInfo(zone)) + timedelta(days=21)
    starts_at = datetime.combine(day, time(15), tzinfo=ZoneInfo(zone))
    invited = list(
        DirectoryEntry.objects.filter(is_published=True).exclude(kind="procurer").order_by("name")
    )
    demo_day = demo_day_save(
        by=staff,
        cohort=cohort,
        slug="demo-day-2026",
        title="Demo Day — Acceleration cohort 2026",
        description=(
            "The cohort's ventures pitch to social-impact investors and crowdfunding "
            "platforms, five minutes each, followed by one-to-one meetings."
        ),
        starts_at=starts_at,
        time_zone=zone,
        place="Maison de l'Économie Sociale, Rue Royale 200, Brussels",
        online_url="https://meet.example.org/demo-day-2026",
        applications_close_at=starts_at - timedelta(days=11),
        pitch_slots=3,
        invited_entries=invited,
        is_published=True,
    )
    for key, summary, ask in PITCHES:
        participant = participants[key]
        pitch = pitch_apply(
            by=_owner(participant),
            demo_day=demo_day,
            participant=participant,
            summary=summary,
            ask=ask,
        )
        if key == "officina-cognitiva":
            pitch_select(pitch=pitch, by=staff, order=1)
    return True


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The directory, introductions and demo day of the programme; a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    applicant = demo_user(users, "applicant@example.org")
    if socialtech is None or staff is None or applicant is None:
        return ""
    with tenant_context(socialtech):
        investor = demo_user(users, INVESTOR_EMAIL)
        entries = sum(
            1
            for spec in ENTRIES
            if _entry(
                spec,
                staff=staff,
                contact_user=investor if spec.slug == INVESTOR_ENTRY else None,
            )
        )
        participants = _participants(users)
        if not set(PARTICIPANT_KEYS) <= set(participants):
            return f"{entries} investors and procurers; no cohort to introduce"
        by_slug = {entry.slug: entry for entry in DirectoryEntry.objects.all()}
        made = sum(
            1
            for key, slug, goal, amount in INTRODUCTIONS
            if _introduction(participants[key], by_slug[slug], goal, amount, staff=staff)
        )
        cohort = next(iter(participants.values())).cohort
        zone = socialtech.default_timezone or "Europe/Brussels"
        day_new = _demo_day(cohort, participants, staff=staff, zone=zone)
        return (
            f"{DirectoryEntry.objects.count()} investors and procurers ({entries} new), "
            f"{Introduction.objects.count()} introductions ({made} new), "
            f"{DemoDay.objects.count()} demo day ({int(day_new)} new) with "
            f"{PitchApplication.objects.count()} applications to pitch"
        )
