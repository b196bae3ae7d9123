"""The words and figures of the demo's acceleration programme: the call, its applicants in
order of merit, the mentors, workshops, milestones and quarterly figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from applications.models import ApplicationStatus
from calls.models import CallKind, CallStatus
from demo.applications.grant_calls import GRANT_CRITERIA
from demo.applications.other_forms import acceleration_form
from demo.applications.specs import CallSpec, t

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
