"""Demo directory of investors and procurers, introductions in every state, and a demo
day with applications, made through the acceleration services as staff and members would.

The cohort and its participants are made by ``_cohort_for_demo`` through the ORM: their
services belong to the cohorts sub-domain (another lane); at merge that function is
replaced by the cohorts' own demo.

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
from applications.models import Application
from calls.models import Call, CallKind, WorkPackage
from demo.acceleration.investors_content import ENTRIES, EntrySpec
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import ORGANISATIONS, ensure_organisation
from organisations.models import Organisation, OrganisationMember
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

COHORT_SLUG = "cohort-2027-spring"
# When the demo has this person, they are Nordkap's contact and answer on their own page.
INVESTOR_EMAIL = "investor@example.org"
INVESTOR_ENTRY = "nordkap-impact-partners"
# The participants: the applicant's two organisations and two others.
PARTICIPANT_KEYS = ("officina-cognitiva", "filo-verde", "recup-mobilier", "bioboden")
# (participant, entry, the step the introduction reaches, EUR of the outcome)
INTRODUCTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("officina-cognitiva", "nordkap-impact-partners", "investment_made", "450000.00"),
    ("officina-cognitiva", "valdoria-health-social-care", "contract_won", "84000.00"),
    ("officina-cognitiva", "gemeinsam-crowd", "requested", ""),
    ("filo-verde", "ponte-capitale-sociale", "accepted", ""),
    ("filo-verde", "civicseed", "offer_made", ""),
    ("recup-mobilier", "credit-cooperatif-economie-sociale", "meeting_held", ""),
    ("recup-mobilier", "villaverde-innovation-office", "declined", ""),
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
        "Cognitive-training tablets for people with early dementia, run with 14 care homes.",
        "EUR 600,000 seed and a pilot with a regional health authority.",
    ),
    (
        "filo-verde",
        "A repair-and-resell workshop employing people after long unemployment.",
        "EUR 250,000 in quasi-equity to open a second workshop.",
    ),
    (
        "recup-mobilier",
        "Office furniture collected from companies, refurbished and sold to schools.",
        "Public buyers for refurbished school furniture.",
    ),
)


def _cohort_for_demo(*, tenant: Any, users: dict[str, Any]) -> dict[str, Participant]:
    """A running cohort of the acceleration call with four participants, through the ORM
    (to be replaced by the cohorts lane's services at merge)."""
    specs = {spec.key: spec for spec in ORGANISATIONS}
    applicant = demo_user(users, "applicant@example.org")
    organisations: dict[str, Organisation] = {}
    for key in PARTICIPANT_KEYS:
        spec = specs[key]
        organisations[key] = ensure_organisation(
            spec, owner=applicant if spec.owned_by_applicant else None
        )
    call = Call.objects.filter(kind=CallKind.ACCELERATION).order_by("pk").first()
    if call is None:
        work_package, _created = WorkPackage.objects.get_or_create(
            tenant=tenant, code="wp5", defaults={"name": {"en": "WP5 Acceleration"}}
        )
        now = timezone.now()
        call = Call.objects.create(
            tenant=tenant,
            slug="demo-acceleration-cohort",
            reference="DEMO-ACC",
            kind=CallKind.ACCELERATION,
            work_package=work_package,
            title={"en": "Acceleration programme (demo cohort)"},
            opens_at=now - timedelta(days=120),
            deadline=now - timedelta(days=90),
            timezone=tenant.default_timezone or "Europe/Brussels",
            budget=Decimal("600000.00"),
            max_award_per_applicant=Decimal("50000.00"),
            status="closed",
        )
    today = timezone.localdate()
    cohort, _created = Cohort.objects.get_or_create(
        slug=COHORT_SLUG,
        defaults={
            "tenant": tenant,
            "name": "Acceleration cohort, spring 2027",
            "call": call,
            "starts_on": today - timedelta(days=45),
            "ends_on": today + timedelta(days=135),
            "status": "running",
        },
    )
    participants: dict[str, Participant] = {}
    for key, organisation in organisations.items():
        participant = Participant.objects.filter(cohort=cohort, organisation=organisation).first()
        if participant is None:
            owner = (
                OrganisationMember.objects.filter(organisation=organisation, role="owner")
                .order_by("pk")
                .first()
            )
            application = Application.objects.filter(call=call, organisation=organisation).first()
            if application is None:
                application = Application.objects.create(
                    tenant=tenant,
                    call=call,
                    organisation=organisation,
                    created_by=owner.user if owner else applicant,
                    status="accepted",
                    title="Acceleration place",
                )
            participant = Participant.objects.create(
                tenant=tenant, cohort=cohort, organisation=organisation, application=application
            )
        participants[key] = participant
    return participants


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
        slug="demo-day-spring-2027",
        title="Demo Day — Acceleration cohort, spring 2027",
        description=(
            "The cohort's ventures pitch to social-impact investors and crowdfunding "
            "platforms, five minutes each, followed by one-to-one meetings."
        ),
        starts_at=starts_at,
        time_zone=zone,
        place="Maison de l'Économie Sociale, Rue Royale 200, Brussels",
        online_url="https://meet.example.org/demo-day-spring-2027",
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
        participants = _cohort_for_demo(tenant=socialtech, users=users)
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
