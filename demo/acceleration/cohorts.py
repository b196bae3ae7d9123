"""Demo acceleration: the acceleration call AC1 taken to published results, and the
running "Acceleration cohort 2026" filled from its main list, with three mentors,
workshops and one-to-ones with attendance, milestones and three quarters of KPI reports
(approved, one submitted, one draft).

The call closed months ago and was evaluated before the programme moved to the platform
(as the demo's grants and vouchers calls were): its applications are seeded as submitted,
their outcome (main list, reserve list) recorded with the ranking that made it, and the
results published through the publishing service. From there everything is a service
call, as staff, mentors and enterprises would make it. applicant@example.org's Officina
Cognitiva is on the main list, so the applicant has a "My acceleration" page.

Idempotent: each thing is looked up before it is made, so a second run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from acceleration.cohorts.services import cohort_create, cohort_fill, cohort_start
from acceleration.kpis.quarters import quarter_first_day, quarter_last_day, quarter_of
from acceleration.kpis.services import (
    kpi_report_approve,
    kpi_report_save,
    kpi_report_submit,
    milestone_save,
)
from acceleration.mentoring.services import (
    attendance_record,
    mentor_profile_save,
    pairing_create,
    session_save,
)
from acceleration.models import (
    Attendance,
    Cohort,
    CohortStatus,
    KpiReport,
    MentorProfile,
    Milestone,
    Pairing,
    Participant,
    Session,
)
from applications.models import Application, ApplicationStatus
from calls.models import CallKind, CallStatus
from demo.applications.grant_calls import GRANT_CRITERIA
from demo.applications.other_forms import acceleration_form
from demo.applications.programme_calls import (
    SOCIALTECH_WORK_PACKAGES,
    ensure_call,
    ensure_work_packages,
)
from demo.applications.seeding import seed_filed_applications
from demo.applications.specs import CallSpec, t
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.grants.awards import owner_of
from demo.organisations import demo_organisations
from evaluations.models import RankingRun
from evaluations.results.services.publication import call_publish_results
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

S = ApplicationStatus
ZONE = "Europe/Brussels"
CALL_SLUG = "acceleration-call-2026"
COHORT_SLUG = "acceleration-cohort-2026"
COHORT_NAME = "Acceleration cohort 2026"
RANKING_SEED = 20260115

ACCELERATION_CALL = CallSpec(
    slug=CALL_SLUG,
    reference="AC1",
    kind=CallKind.ACCELERATION,
    work_package="wp5",
    title=t(
        "Acceleration call 2026 — places for social tech ventures",
        "Bando di accelerazione 2026 — posti per imprese sociali tecnologiche",
        "Convocatoria de aceleración 2026 — plazas para empresas sociales tecnológicas",
        "Accelerator-Aufruf 2026 — Plätze für soziale Tech-Unternehmen",
        "Apel de accelerare 2026 — locuri pentru întreprinderi sociale tehnologice",
        "Accelerationsutlysning 2026 — platser för sociala teknikföretag",
        "Appel d'accélération 2026 — places pour les entreprises sociales technologiques",
    ),
    summary=t(
        "Twelve months of mentoring, workshops and quarterly KPI follow-up for ventures ready to grow. Closed; cohort running.",
        "Dodici mesi di mentoring, workshop e monitoraggio trimestrale dei KPI per imprese pronte a crescere. Chiuso; coorte in corso.",
        "Doce meses de mentoría, talleres y seguimiento trimestral de KPI para empresas listas para crecer. Cerrada; cohorte en marcha.",
        "Zwölf Monate Mentoring, Workshops und vierteljährliche KPI-Begleitung für wachstumsbereite Unternehmen. Geschlossen; Kohorte läuft.",
        "Douăsprezece luni de mentorat, ateliere și monitorizare trimestrială a KPI pentru întreprinderi pregătite să crească. Închis; cohortă în desfășurare.",
        "Tolv månader med mentorer, workshoppar och kvartalsvis KPI-uppföljning för företag som är redo att växa. Stängd; kohorten pågår.",
        "Douze mois de mentorat, d'ateliers et de suivi trimestriel des KPI pour les entreprises prêtes à grandir. Clôturé ; cohorte en cours.",
    ),
    body={
        "en": (
            "## Acceleration places\n\n"
            "Selected ventures join a twelve-month cohort: a mentor for each enterprise, "
            "monthly workshops for the whole cohort, milestones agreed at the start and a "
            "short KPI report each quarter (revenue, jobs created, people reached, customers, "
            "investment raised and public contracts won).\n\n"
            "## Results\n\n"
            "The call is closed and its results are published; the cohort is running.\n"
        )
    },
    topics=["acceleration", "mentoring", "impact investment"],
    timezone=ZONE,
    opens=(-330, 9),
    deadline=(-290, 17),
    status=CallStatus.EVALUATION,
    budget=Decimal("120000.00"),
    max_award=Decimal("30000.00"),
    expected_awards=4,
    fields=acceleration_form(),
    criteria=GRANT_CRITERIA,
    evaluation_days_after_deadline=30,
)


@dataclass(frozen=True)
class Applicant:
    key: str  # demo organisation
    pitch: str
    stage: str
    revenue: str
    outcome: str


# In the order of merit.
APPLICANTS: tuple[Applicant, ...] = (
    Applicant(
        "officina-cognitiva",
        "A booking and care-notes app built with and for the cooperative's 23 care workers, "
        "now used by three other cooperatives in Lombardy that pay a monthly licence.",
        "first_customers",
        "185000",
        S.MAIN_LIST,
    ),
    Applicant(
        "bioboden",
        "An online order and delivery-round planner for community-supported agriculture, "
        "run by the 400 members of our organic box scheme and offered to two others.",
        "first_customers",
        "240000",
        S.MAIN_LIST,
    ),
    Applicant(
        "trame-solidali",
        "A small online shop and made-to-measure service for the tailoring workshop where "
        "women leaving shelters train and work.",
        "prototype",
        "96000",
        S.MAIN_LIST,
    ),
    Applicant(
        "mint-werkstatt",
        "Refurbished laptops with a three-year repair plan for schools and welfare "
        "associations, prepared by young people in vocational integration.",
        "scaling",
        "410000",
        S.MAIN_LIST,
    ),
    Applicant(
        "recup-mobilier",
        "A marketplace for reclaimed office furniture that public buyers can order from "
        "under circular procurement rules.",
        "prototype",
        "130000",
        S.RESERVE_LIST,
    ),
)


@dataclass(frozen=True)
class MentorSpec:
    email: str
    name: str
    expertise: tuple[str, ...]
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    bio: str
    availability: str
    max_mentees: int
    mentees: tuple[str, ...]  # organisation keys


MENTORS: tuple[MentorSpec, ...] = (
    MentorSpec(
        "evaluator4@example.org",
        "Pieter Claes",
        ("impact measurement", "public procurement"),
        ("nl", "fr", "en", "it"),
        ("BE", "IT", "ES"),
        "Fifteen years advising social cooperatives on tenders and social clauses.",
        "Two afternoons a month, online or in Brussels",
        2,
        ("officina-cognitiva", "trame-solidali"),
    ),
    MentorSpec(
        "evaluator5@example.org",
        "Karin Nilsson",
        ("impact investment", "pricing", "digital products"),
        ("sv", "de", "en"),
        ("SE", "DE", "AT"),
        "Former fund manager at a social impact fund; mentors ventures preparing a first round.",
        "One call a fortnight",
        2,
        ("bioboden", "mint-werkstatt"),
    ),
    MentorSpec(
        "evaluator3@example.org",
        "Elena Dumitru",
        ("circular economy", "operations"),
        ("ro", "en", "fr"),
        ("RO", "FR"),
        "Runs a work-integration enterprise in Cluj; helps ventures plan their operations.",
        "Mornings, online",
        3,
        (),
    ),
)

# (title, days from today, hour in Brussels, place, online link)
WORKSHOPS: tuple[tuple[str, int, int, str, str], ...] = (
    ("Kick-off: milestones and KPIs", -260, 10, "BeCentral, Cantersteen 12, Brussels", ""),
    ("Pricing and business models", -110, 14, "", "https://meet.example.org/ac2026-pricing"),
    ("Selling to public buyers", -40, 14, "", "https://meet.example.org/ac2026-procurement"),
    ("Preparing an investment pitch", 21, 10, "BeCentral, Cantersteen 12, Brussels", ""),
)
# Attendance of past workshops by organisation key, in the order of the participants.
WORKSHOP_ABSENT = {
    "Pricing and business models": {"trame-solidali": "excused"},
    "Selling to public buyers": {"mint-werkstatt": "absent"},
}

MILESTONES: dict[str, tuple[tuple[str, int, int | None], ...]] = {
    # (title, due in days from today, done days ago or None)
    "officina-cognitiva": (
        ("Licence contract template reviewed by a lawyer", -150, 160),
        ("Fourth cooperative signs a licence", -20, 30),
        ("Hire a part-time developer", 60, None),
    ),
    "bioboden": (
        ("Online ordering live for all members", -120, 125),
        ("Second box scheme on the platform", 45, None),
    ),
    "trame-solidali": (
        ("Online shop open", -60, None),
        ("First order from a municipality", 90, None),
    ),
    "mint-werkstatt": (
        ("Repair plan priced per device", -130, 140),
        ("Framework contract with a school board", 30, None),
    ),
}

# Figures per organisation for the three quarters before this one, oldest first:
# revenue, jobs created, people reached, customers, investment raised, public contracts won.
FIGURES: dict[str, tuple[tuple[str, int, int, int, str, int], ...]] = {
    "officina-cognitiva": (
        ("48200.00", 1, 310, 4, "0.00", 0),
        ("51750.50", 1, 355, 5, "15000.00", 1),
        ("56900.00", 2, 390, 6, "0.00", 0),
    ),
    "bioboden": (
        ("61300.00", 0, 420, 402, "0.00", 0),
        ("64980.00", 2, 455, 431, "40000.00", 0),
        ("70110.25", 1, 470, 448, "0.00", 1),
    ),
    "trame-solidali": (
        ("22400.00", 2, 60, 85, "0.00", 0),
        ("24100.00", 1, 64, 97, "0.00", 0),
        ("26850.00", 0, 70, 110, "5000.00", 0),
    ),
    "mint-werkstatt": (
        ("98500.00", 3, 1200, 14, "0.00", 2),
        ("104200.00", 2, 1350, 16, "0.00", 1),
        ("111900.00", 2, 1410, 19, "75000.00", 1),
    ),
}
# The newest quarter's report is left submitted (awaiting staff) for one enterprise and as
# a draft for another; every other report is approved.
NEWEST_LEFT = {"bioboden": "submitted", "officina-cognitiva": "draft"}


def _quarters_back(today: date, count: int) -> list[tuple[int, int]]:
    """The ``count`` quarters that ended before today's, oldest first."""
    year, quarter = quarter_of(today)
    quarters: list[tuple[int, int]] = []
    for _ in range(count):
        quarter -= 1
        if quarter == 0:
            year, quarter = year - 1, 4
        quarters.append((year, quarter))
    return list(reversed(quarters))


def _at(days: int, hour: int) -> datetime:
    zone = ZoneInfo(ZONE)
    day = timezone.localdate(timezone.now(), zone) + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=zone)


def _call(tenant: Any, organisations: dict[str, Any], staff: Any) -> tuple[Any, int]:
    ensure_work_packages(specs=SOCIALTECH_WORK_PACKAGES)
    call, created = ensure_call(tenant=tenant, spec=ACCELERATION_CALL)
    added = seed_filed_applications(
        call=call,
        answers_by_organisation=[
            (
                organisations[applicant.key],
                {
                    "venture_pitch": applicant.pitch,
                    "stage": applicant.stage,
                    "revenue_last_year": applicant.revenue,
                    "declaration_honour": True,
                },
            )
            for applicant in APPLICANTS
        ],
    )
    published = 0
    if not RankingRun.objects.filter(call=call).exists():
        by_organisation = {
            application.organisation_id: application
            for application in Application.objects.filter(call=call)
        }
        rows = []
        for place, applicant in enumerate(APPLICANTS, start=1):
            application = by_organisation[organisations[applicant.key].pk]
            Application.objects.filter(pk=application.pk).update(status=applicant.outcome)
            rows.append(
                {"application": application.pk, "rank": place, "outcome": applicant.outcome}
            )
        RankingRun.objects.create(
            tenant=call.tenant,
            call=call,
            seed=RANKING_SEED,
            budget=call.budget,
            created_by=staff,
            results=rows,
        )
        call_publish_results(call=call, by=staff)
        published = 1
    call.refresh_from_db()
    return call, int(created) + added + published


def _cohort(call: Any, staff: Any, today: date) -> tuple[Cohort, int]:
    cohort = Cohort.objects.filter(slug=COHORT_SLUG).first()
    changed = 0
    if cohort is None:
        first_year, first_quarter = _quarters_back(today, 3)[0]
        starts_on = quarter_first_day(first_year, first_quarter) + timedelta(days=10)
        cohort = cohort_create(
            by=staff,
            call=call,
            name=COHORT_NAME,
            slug=COHORT_SLUG,
            starts_on=starts_on,
            ends_on=starts_on + timedelta(days=365),
        )
        changed += 1
    changed += len(cohort_fill(cohort=cohort, by=staff))
    if cohort.status == CohortStatus.PLANNED:
        cohort = cohort_start(cohort=cohort, by=staff)
        changed += 1
    return cohort, changed


def _mentors(
    users: dict[str, Any], staff: Any, participants: dict[str, Participant]
) -> tuple[dict[str, MentorProfile], int]:
    mentors: dict[str, MentorProfile] = {}
    changed = 0
    for spec in MENTORS:
        user = demo_user(users, spec.email)
        if user is None:
            continue
        profile = MentorProfile.objects.filter(user=user).first()
        if profile is None:
            profile = mentor_profile_save(
                by=staff,
                profile=None,
                user=user,
                display_name=spec.name,
                expertise=list(spec.expertise),
                languages=list(spec.languages),
                countries=list(spec.countries),
                bio=spec.bio,
                availability=spec.availability,
                max_mentees=spec.max_mentees,
                is_active=True,
            )
            changed += 1
        mentors[spec.email] = profile
        for key in spec.mentees:
            participant = participants.get(key)
            if (
                participant is None
                or Pairing.objects.filter(mentor=profile, participant=participant).exists()
            ):
                continue
            pairing_create(mentor=profile, participant=participant, by=staff)
            changed += 1
    return mentors, changed


def _record(session: Session, participant: Participant, status: str, by: Any) -> int:
    if session.starts_at > timezone.now():
        return 0
    if Attendance.objects.filter(session=session, participant=participant).exists():
        return 0
    attendance_record(session=session, participant=participant, status=status, by=by)
    return 1


def _sessions(
    cohort: Cohort,
    staff: Any,
    participants: dict[str, Participant],
    mentors: dict[str, MentorProfile],
) -> int:
    changed = 0
    for title, days, hour, place, link in WORKSHOPS:
        session = Session.objects.filter(cohort=cohort, title=title).first()
        if session is None:
            session = session_save(
                by=staff,
                session=None,
                cohort=cohort,
                kind="workshop",
                title=title,
                starts_at=_at(days, hour),
                duration_minutes=180,
                place=place,
                online_url=link,
            )
            changed += 1
        for key, participant in participants.items():
            status = WORKSHOP_ABSENT.get(title, {}).get(key, "present")
            changed += _record(session, participant, status, staff)
    for spec in MENTORS:
        mentor = mentors.get(spec.email)
        if mentor is None:
            continue
        for key in spec.mentees:
            mentee = participants.get(key)
            if mentee is None:
                continue
            name = mentee.organisation.short_name or mentee.organisation.legal_name
            for title, days, hour in (
                (f"One-to-one with {name}: priorities for the quarter", -75, 16),
                (f"One-to-one with {name}: review of the KPI report", 10, 16),
            ):
                session = Session.objects.filter(cohort=cohort, title=title).first()
                if session is None:
                    session = session_save(
                        by=staff,
                        session=None,
                        cohort=cohort,
                        kind="one_to_one",
                        title=title,
                        starts_at=_at(days, hour),
                        duration_minutes=60,
                        online_url="https://meet.example.org/ac2026-mentoring",
                        participant=mentee,
                        mentor=mentor,
                    )
                    changed += 1
                changed += _record(session, mentee, "present", mentor.user)
    return changed


def _milestones(staff: Any, participants: dict[str, Participant], today: date) -> int:
    changed = 0
    for key, rows in MILESTONES.items():
        participant = participants.get(key)
        if participant is None:
            continue
        for title, due_in, done_ago in rows:
            if Milestone.objects.filter(participant=participant, title=title).exists():
                continue
            milestone_save(
                by=staff,
                milestone=None,
                participant=participant,
                title=title,
                due_on=today + timedelta(days=due_in),
                done_on=None if done_ago is None else today - timedelta(days=done_ago),
            )
            changed += 1
    return changed


def _reports(staff: Any, participants: dict[str, Participant], today: date) -> int:
    changed = 0
    quarters = _quarters_back(today, 3)
    for key, rows in FIGURES.items():
        participant = participants.get(key)
        if participant is None:
            continue
        owner = owner_of(participant.organisation)
        for index, ((year, quarter), row) in enumerate(zip(quarters, rows, strict=True)):
            if quarter_last_day(year, quarter) < participant.cohort.starts_on:
                continue
            if KpiReport.objects.filter(
                participant=participant, year=year, quarter=quarter
            ).exists():
                continue
            revenue, jobs, reached, customers, investment, contracts = row
            report = kpi_report_save(
                participant=participant,
                year=year,
                quarter=quarter,
                figures={
                    "revenue": revenue,
                    "jobs_created": jobs,
                    "people_reached": reached,
                    "customers": customers,
                    "investment_raised": investment,
                    "public_contracts_won": contracts,
                },
                by=owner,
                today=today,
            )
            changed += 1
            left = NEWEST_LEFT.get(key) if index == len(quarters) - 1 else None
            if left == "draft":
                continue
            report = kpi_report_submit(report=report, by=owner)
            if left == "submitted":
                continue
            kpi_report_approve(report=report, by=staff)
    return changed


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The acceleration call, its running cohort and everything in it (see the module's
    docstring); a one-line summary."""
    tenant = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    if tenant is None or staff is None:
        return ""
    organisations = demo_organisations(users=users)
    today = timezone.localdate()
    with tenant_context(tenant):
        call, changed = _call(tenant, organisations, staff)
        cohort, filled = _cohort(call, staff, today)
        changed += filled
        participants = {
            key: participant
            for participant in Participant.objects.filter(cohort=cohort).select_related(
                "organisation", "cohort"
            )
            for key, organisation in organisations.items()
            if organisation.pk == participant.organisation_id
        }
        mentors, paired = _mentors(users, staff, participants)
        changed += paired
        changed += _sessions(cohort, staff, participants, mentors)
        changed += _milestones(staff, participants, today)
        changed += _reports(staff, participants, today)
        summary = (
            f"{cohort.name}: {len(participants)} participants, {len(mentors)} mentors, "
            f"{Session.objects.filter(cohort=cohort).count()} sessions, "
            f"{KpiReport.objects.filter(participant__cohort=cohort).count()} KPI reports"
        )
    return summary + ("" if changed else " (nothing new)")
