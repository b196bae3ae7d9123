"""Demo calls and applications for ``seed_demo``.

SocialTech4EU gets the four calls a visitor should see: Open Call 2 (grants, open, the
realistic six-section form in seven languages), an open voucher call, an announced call
that opens in two weeks, and Open Call 1, closed three weeks ago and in evaluation with
forty submitted applications from forty organisations. ``applicant@example.org`` has
drafts on the open calls, one of them nearly complete. The Demo Cluster gets one small
open call so its host shows something.

Idempotent: calls are looked up by slug, form fields by key, criteria and questions by
position; applications by call and organisation. What exists is left alone (a published
call's form is frozen), what is missing is added, so a second run changes nothing.
Dates are relative to the day of the first run.
"""

from __future__ import annotations

import random
import textwrap
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, ApplicationStatus, Attachment, SubmissionAttempt
from applications.services import (
    _derive,
    application_attach,
    application_save_draft,
    application_start,
    attachment_store,
    content_hash,
)
from calls.models import (
    Call,
    CallKind,
    CallQuestion,
    CallStatus,
    Criterion,
    FieldType,
    FormField,
    WorkPackage,
)
from calls.services import call_next_receipt_number
from organisations.demo import APPLICANT_EMAIL, demo_organisations
from organisations.models import MemberRole, Organisation, OrganisationMember
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant

LANGUAGES = ("en", "it", "es", "de", "ro", "sv", "fr")
OPEN_CALL_SLUG = "open-call-2-digital-green-transition"
CLOSED_CALL_SLUG = "open-call-1-feasibility-grants"
VOUCHER_CALL_SLUG = "upskilling-vouchers-2026"
UPCOMING_CALL_SLUG = "open-call-3-acceleration"
DEMOCLUSTER_CALL_SLUG = "microayudas-innovacion-social"


def t(*texts: str) -> dict[str, str]:
    """Text in the platform's languages, given in the order of :data:`LANGUAGES`."""
    return dict(zip(LANGUAGES, texts, strict=True))


def options(*pairs: tuple[str, dict[str, str]]) -> list[dict[str, Any]]:
    return [{"value": value, "label": label} for value, label in pairs]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    label: dict[str, str]
    section: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = True
    options: list[dict[str, Any]] = field(default_factory=list)
    max_words: int | None = None
    max_bytes: int | None = None
    allowed_types: list[str] = field(default_factory=list)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    is_requested_amount: bool = False


@dataclass(frozen=True)
class CallSpec:
    slug: str
    reference: str
    kind: str
    work_package: str
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    topics: list[str]
    timezone: str
    opens: tuple[int, int]  # (days from today, hour) in the call's time zone
    deadline: tuple[int, int]
    status: str
    budget: Decimal
    max_award: Decimal
    expected_awards: int
    fields: list[FieldSpec]
    criteria: list[tuple[dict[str, str], dict[str, str]]]
    faq: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)
    evaluation_days_after_deadline: int | None = None


# --- The grant form: six sections -----------------------------------------------------------

S_PROJECT = t(
    "1. Applicant and project",
    "1. Richiedente e progetto",
    "1. Solicitante y proyecto",
    "1. Antragsteller und Projekt",
    "1. Solicitantul și proiectul",
    "1. Sökande och projekt",
    "1. Candidat et projet",
)
S_CHALLENGE = t(
    "2. Social challenge",
    "2. Sfida sociale",
    "2. Reto social",
    "2. Gesellschaftliche Herausforderung",
    "2. Provocarea socială",
    "2. Samhällsutmaning",
    "2. Défi social",
)
S_SOLUTION = t(
    "3. Technology solution",
    "3. Soluzione tecnologica",
    "3. Solución tecnológica",
    "3. Technologische Lösung",
    "3. Soluția tehnologică",
    "3. Teknisk lösning",
    "3. Solution technologique",
)
S_TEAM = t(
    "4. Team", "4. Gruppo di lavoro", "4. Equipo", "4. Team", "4. Echipa", "4. Team", "4. Équipe"
)
S_BUDGET = t(
    "5. Budget and work plan",
    "5. Budget e piano di lavoro",
    "5. Presupuesto y plan de trabajo",
    "5. Budget und Arbeitsplan",
    "5. Buget și plan de lucru",
    "5. Budget och arbetsplan",
    "5. Budget et plan de travail",
)
S_DECLARATIONS = t(
    "6. Declarations",
    "6. Dichiarazioni",
    "6. Declaraciones",
    "6. Erklärungen",
    "6. Declarații",
    "6. Försäkranden",
    "6. Déclarations",
)

SECTORS = options(
    (
        "care_health",
        t(
            "Care and health",
            "Cura e salute",
            "Cuidados y salud",
            "Pflege und Gesundheit",
            "Îngrijire și sănătate",
            "Vård och hälsa",
            "Soins et santé",
        ),
    ),
    (
        "education",
        t(
            "Education and training",
            "Istruzione e formazione",
            "Educación y formación",
            "Bildung und Ausbildung",
            "Educație și formare",
            "Utbildning",
            "Éducation et formation",
        ),
    ),
    (
        "work_integration",
        t(
            "Work integration",
            "Inserimento lavorativo",
            "Inserción laboral",
            "Arbeitsmarktintegration",
            "Integrare în muncă",
            "Arbetsintegrering",
            "Insertion professionnelle",
        ),
    ),
    (
        "food_agriculture",
        t(
            "Food and agriculture",
            "Agroalimentare",
            "Alimentación y agricultura",
            "Lebensmittel und Landwirtschaft",
            "Alimentație și agricultură",
            "Livsmedel och jordbruk",
            "Alimentation et agriculture",
        ),
    ),
    (
        "circular_economy",
        t(
            "Circular economy and reuse",
            "Economia circolare e riuso",
            "Economía circular y reutilización",
            "Kreislaufwirtschaft und Wiederverwendung",
            "Economie circulară și reutilizare",
            "Cirkulär ekonomi och återbruk",
            "Économie circulaire et réemploi",
        ),
    ),
    (
        "energy_housing",
        t(
            "Energy and housing",
            "Energia e abitare",
            "Energía y vivienda",
            "Energie und Wohnen",
            "Energie și locuire",
            "Energi och boende",
            "Énergie et logement",
        ),
    ),
    (
        "culture_tourism",
        t(
            "Culture and sustainable tourism",
            "Cultura e turismo sostenibile",
            "Cultura y turismo sostenible",
            "Kultur und nachhaltiger Tourismus",
            "Cultură și turism durabil",
            "Kultur och hållbar turism",
            "Culture et tourisme durable",
        ),
    ),
    (
        "mobility",
        t(
            "Mobility and logistics",
            "Mobilità e logistica",
            "Movilidad y logística",
            "Mobilität und Logistik",
            "Mobilitate și logistică",
            "Mobilitet och logistik",
            "Mobilité et logistique",
        ),
    ),
    ("other", t("Other", "Altro", "Otro", "Sonstiges", "Altul", "Annat", "Autre")),
)

TARGET_GROUPS = options(
    (
        "people_with_disabilities",
        t(
            "People with disabilities",
            "Persone con disabilità",
            "Personas con discapacidad",
            "Menschen mit Behinderungen",
            "Persoane cu dizabilități",
            "Personer med funktionsnedsättning",
            "Personnes en situation de handicap",
        ),
    ),
    (
        "long_term_unemployed",
        t(
            "Long-term unemployed people",
            "Persone disoccupate di lunga durata",
            "Personas en desempleo de larga duración",
            "Langzeitarbeitslose",
            "Șomeri de lungă durată",
            "Långtidsarbetslösa",
            "Chômeurs de longue durée",
        ),
    ),
    (
        "migrants_refugees",
        t(
            "Migrants and refugees",
            "Migranti e rifugiati",
            "Personas migrantes y refugiadas",
            "Migrantinnen, Migranten und Geflüchtete",
            "Migranți și refugiați",
            "Migranter och flyktingar",
            "Migrants et réfugiés",
        ),
    ),
    (
        "older_people",
        t(
            "Older people",
            "Persone anziane",
            "Personas mayores",
            "Ältere Menschen",
            "Persoane vârstnice",
            "Äldre",
            "Personnes âgées",
        ),
    ),
    (
        "young_people_neet",
        t(
            "Young people not in employment, education or training",
            "Giovani che non studiano né lavorano (NEET)",
            "Jóvenes que ni estudian ni trabajan",
            "Junge Menschen ohne Arbeit, Schul- oder Ausbildungsplatz",
            "Tineri care nu au un loc de muncă și nu urmează studii sau cursuri de formare",
            "Unga som varken arbetar eller studerar",
            "Jeunes sans emploi, ni en études, ni en formation",
        ),
    ),
    (
        "rural_communities",
        t(
            "Rural and remote communities",
            "Comunità rurali e aree interne",
            "Comunidades rurales y remotas",
            "Ländliche und abgelegene Gemeinden",
            "Comunități rurale și izolate",
            "Landsbygd och glesbygd",
            "Communautés rurales et isolées",
        ),
    ),
    (
        "women",
        t(
            "Women at risk of exclusion",
            "Donne a rischio di esclusione",
            "Mujeres en riesgo de exclusión",
            "Von Ausgrenzung bedrohte Frauen",
            "Femei expuse riscului de excluziune",
            "Kvinnor i risk för utanförskap",
            "Femmes exposées à l'exclusion",
        ),
    ),
    (
        "low_income_households",
        t(
            "Low-income households",
            "Famiglie a basso reddito",
            "Hogares con bajos ingresos",
            "Haushalte mit geringem Einkommen",
            "Gospodării cu venituri mici",
            "Hushåll med låga inkomster",
            "Ménages à faibles revenus",
        ),
    ),
    (
        "social_economy_organisations",
        t(
            "Other social-economy organisations",
            "Altre organizzazioni dell'economia sociale",
            "Otras organizaciones de la economía social",
            "Andere Organisationen der Sozialwirtschaft",
            "Alte organizații ale economiei sociale",
            "Andra organisationer inom den sociala ekonomin",
            "Autres organisations de l'économie sociale",
        ),
    ),
)

TRANSITIONS = options(
    (
        "digital",
        t(
            "Digital transition",
            "Transizione digitale",
            "Transición digital",
            "Digitaler Wandel",
            "Tranziția digitală",
            "Digital omställning",
            "Transition numérique",
        ),
    ),
    (
        "green",
        t(
            "Green transition",
            "Transizione verde",
            "Transición verde",
            "Ökologischer Wandel",
            "Tranziția verde",
            "Grön omställning",
            "Transition écologique",
        ),
    ),
)

READINESS = options(
    (
        "trl3",
        t(
            "TRL 3 – proof of concept",
            "TRL 3 – prova di concetto",
            "TRL 3 – prueba de concepto",
            "TRL 3 – Machbarkeitsnachweis",
            "TRL 3 – dovada conceptului",
            "TRL 3 – konceptbevis",
            "TRL 3 – preuve de concept",
        ),
    ),
    (
        "trl4",
        t(
            "TRL 4 – validated in the lab",
            "TRL 4 – validata in laboratorio",
            "TRL 4 – validada en laboratorio",
            "TRL 4 – im Labor validiert",
            "TRL 4 – validată în laborator",
            "TRL 4 – validerad i labbmiljö",
            "TRL 4 – validée en laboratoire",
        ),
    ),
    (
        "trl5",
        t(
            "TRL 5 – validated in a relevant environment",
            "TRL 5 – validata in ambiente rilevante",
            "TRL 5 – validada en un entorno relevante",
            "TRL 5 – in relevanter Umgebung validiert",
            "TRL 5 – validată în mediu relevant",
            "TRL 5 – validerad i relevant miljö",
            "TRL 5 – validée en environnement représentatif",
        ),
    ),
    (
        "trl6",
        t(
            "TRL 6 – demonstrated in a relevant environment",
            "TRL 6 – dimostrata in ambiente rilevante",
            "TRL 6 – demostrada en un entorno relevante",
            "TRL 6 – in relevanter Umgebung demonstriert",
            "TRL 6 – demonstrată în mediu relevant",
            "TRL 6 – demonstrerad i relevant miljö",
            "TRL 6 – démontrée en environnement représentatif",
        ),
    ),
    (
        "trl7",
        t(
            "TRL 7 – demonstrated in operation",
            "TRL 7 – dimostrata in ambiente operativo",
            "TRL 7 – demostrada en un entorno operativo",
            "TRL 7 – im Einsatz demonstriert",
            "TRL 7 – demonstrată în mediu operațional",
            "TRL 7 – demonstrerad i drift",
            "TRL 7 – démontrée en environnement opérationnel",
        ),
    ),
)

COST_CATEGORIES = options(
    ("staff", t("Staff", "Personale", "Personal", "Personal", "Personal", "Personal", "Personnel")),
    (
        "equipment",
        t(
            "Equipment",
            "Attrezzature",
            "Equipamiento",
            "Ausstattung",
            "Echipamente",
            "Utrustning",
            "Équipement",
        ),
    ),
    (
        "external_services",
        t(
            "External services",
            "Servizi esterni",
            "Servicios externos",
            "Externe Dienstleistungen",
            "Servicii externe",
            "Externa tjänster",
            "Services externes",
        ),
    ),
    ("travel", t("Travel", "Viaggi", "Viajes", "Reisen", "Deplasări", "Resor", "Déplacements")),
    (
        "other",
        t(
            "Other costs",
            "Altri costi",
            "Otros costes",
            "Sonstige Kosten",
            "Alte costuri",
            "Övriga kostnader",
            "Autres coûts",
        ),
    ),
)

MB = 1024 * 1024


def grant_form(max_award: Decimal) -> list[FieldSpec]:
    """The six-section grant form of Open Calls 1 and 2; the budget is capped at ``max_award``."""
    cap = f"{max_award:,.0f}"
    return [
        FieldSpec(
            "project_title",
            FieldType.TEXT,
            t(
                "Project title",
                "Titolo del progetto",
                "Título del proyecto",
                "Projekttitel",
                "Titlul proiectului",
                "Projekttitel",
                "Titre du projet",
            ),
            S_PROJECT,
        ),
        FieldSpec(
            "project_summary",
            FieldType.TEXTAREA,
            t(
                "Project summary",
                "Sintesi del progetto",
                "Resumen del proyecto",
                "Projektzusammenfassung",
                "Rezumatul proiectului",
                "Sammanfattning av projektet",
                "Résumé du projet",
            ),
            S_PROJECT,
            help=t(
                "This summary may be published if the project is funded.",
                "La sintesi può essere pubblicata se il progetto è finanziato.",
                "Este resumen puede publicarse si el proyecto recibe financiación.",
                "Die Zusammenfassung kann veröffentlicht werden, wenn das Projekt gefördert wird.",
                "Rezumatul poate fi publicat dacă proiectul este finanțat.",
                "Sammanfattningen kan publiceras om projektet beviljas stöd.",
                "Ce résumé peut être publié si le projet est financé.",
            ),
            max_words=150,
        ),
        FieldSpec(
            "country_of_activity",
            FieldType.COUNTRY,
            t(
                "Main country of activity",
                "Paese principale di attività",
                "País principal de actividad",
                "Hauptland der Tätigkeit",
                "Țara principală de activitate",
                "Huvudsakligt verksamhetsland",
                "Pays principal d'activité",
            ),
            S_PROJECT,
        ),
        FieldSpec(
            "sector",
            FieldType.CHOICE,
            t("Sector", "Settore", "Sector", "Branche", "Sector", "Sektor", "Secteur"),
            S_PROJECT,
            options=SECTORS,
        ),
        FieldSpec(
            "start_date",
            FieldType.DATE,
            t(
                "Planned start date",
                "Data di inizio prevista",
                "Fecha de inicio prevista",
                "Geplanter Projektbeginn",
                "Data de începere planificată",
                "Planerat startdatum",
                "Date de début prévue",
            ),
            S_PROJECT,
            help=t(
                "Projects last at most 12 months.",
                "I progetti durano al massimo 12 mesi.",
                "Los proyectos duran como máximo 12 meses.",
                "Projekte dauern höchstens 12 Monate.",
                "Proiectele durează cel mult 12 luni.",
                "Projekten pågår i högst 12 månader.",
                "Les projets durent 12 mois au maximum.",
            ),
        ),
        FieldSpec(
            "social_challenge",
            FieldType.TEXTAREA,
            t(
                "The social challenge you address",
                "La sfida sociale che affrontate",
                "El reto social que abordáis",
                "Die gesellschaftliche Herausforderung, die Sie angehen",
                "Provocarea socială pe care o abordați",
                "Samhällsutmaningen ni tar er an",
                "Le défi social que vous relevez",
            ),
            S_CHALLENGE,
            help=t(
                "Who is affected, how many people, and why current solutions fall short.",
                "Chi è coinvolto, quante persone e perché le soluzioni attuali non bastano.",
                "A quién afecta, a cuántas personas y por qué las soluciones actuales no bastan.",
                "Wer betroffen ist, wie viele Menschen und warum heutige Lösungen nicht ausreichen.",
                "Cine este afectat, câte persoane și de ce soluțiile actuale nu sunt suficiente.",
                "Vilka som berörs, hur många och varför dagens lösningar inte räcker.",
                "Qui est concerné, combien de personnes et pourquoi les solutions actuelles ne suffisent pas.",
            ),
            max_words=400,
        ),
        FieldSpec(
            "target_groups",
            FieldType.MULTIPLE_CHOICE,
            t(
                "Target groups",
                "Gruppi destinatari",
                "Grupos destinatarios",
                "Zielgruppen",
                "Grupuri țintă",
                "Målgrupper",
                "Publics cibles",
            ),
            S_CHALLENGE,
            options=TARGET_GROUPS,
        ),
        FieldSpec(
            "solution",
            FieldType.TEXTAREA,
            t(
                "Your technology solution",
                "La vostra soluzione tecnologica",
                "Vuestra solución tecnológica",
                "Ihre technologische Lösung",
                "Soluția tehnologică propusă",
                "Er tekniska lösning",
                "Votre solution technologique",
            ),
            S_SOLUTION,
            help=t(
                "What you will build or adapt, with which kind of technology partner, and what will work at the end of the project.",
                "Cosa realizzerete o adatterete, con quale tipo di partner tecnologico e cosa funzionerà alla fine del progetto.",
                "Qué vais a desarrollar o adaptar, con qué tipo de socio tecnológico y qué funcionará al final del proyecto.",
                "Was Sie entwickeln oder anpassen, mit welcher Art von Technologiepartner und was am Projektende funktioniert.",
                "Ce veți dezvolta sau adapta, cu ce tip de partener tehnologic și ce va funcționa la finalul proiectului.",
                "Vad ni bygger eller anpassar, med vilken typ av teknikpartner och vad som fungerar när projektet är slut.",
                "Ce que vous allez développer ou adapter, avec quel type de partenaire technologique et ce qui fonctionnera à la fin du projet.",
            ),
            max_words=500,
        ),
        FieldSpec(
            "transitions",
            FieldType.MULTIPLE_CHOICE,
            t(
                "Which transition does the project serve?",
                "A quale transizione contribuisce il progetto?",
                "¿A qué transición contribuye el proyecto?",
                "Zu welchem Wandel trägt das Projekt bei?",
                "La ce tranziție contribuie proiectul?",
                "Vilken omställning bidrar projektet till?",
                "À quelle transition le projet contribue-t-il ?",
            ),
            S_SOLUTION,
            options=TRANSITIONS,
        ),
        FieldSpec(
            "technology_readiness",
            FieldType.CHOICE,
            t(
                "Technology readiness level today",
                "Livello di maturità tecnologica attuale",
                "Nivel de madurez tecnológica actual",
                "Aktueller Technologie-Reifegrad",
                "Nivelul actual de maturitate tehnologică",
                "Nuvarande teknisk mognadsgrad",
                "Niveau de maturité technologique actuel",
            ),
            S_SOLUTION,
            options=READINESS,
        ),
        FieldSpec(
            "team",
            FieldType.TEXTAREA,
            t(
                "Team and partners",
                "Gruppo di lavoro e partner",
                "Equipo y socios",
                "Team und Partner",
                "Echipa și partenerii",
                "Team och partner",
                "Équipe et partenaires",
            ),
            S_TEAM,
            help=t(
                "Who does the work, with which skills, and which technology provider you work with.",
                "Chi svolge il lavoro, con quali competenze e con quale fornitore di tecnologia.",
                "Quién hace el trabajo, con qué competencias y con qué proveedor tecnológico.",
                "Wer die Arbeit macht, mit welchen Kompetenzen und mit welchem Technologieanbieter.",
                "Cine face munca, cu ce competențe și cu ce furnizor de tehnologie.",
                "Vilka som gör arbetet, med vilka kompetenser och med vilken teknikleverantör.",
                "Qui réalise le travail, avec quelles compétences et avec quel prestataire technologique.",
            ),
            max_words=300,
        ),
        FieldSpec(
            "team_size",
            FieldType.NUMBER,
            t(
                "People working on the project",
                "Persone che lavorano al progetto",
                "Personas que trabajan en el proyecto",
                "Personen im Projekt",
                "Persoane care lucrează la proiect",
                "Personer som arbetar i projektet",
                "Personnes travaillant sur le projet",
            ),
            S_TEAM,
            min_value=Decimal("1"),
            max_value=Decimal("250"),
        ),
        FieldSpec(
            "cv",
            FieldType.FILE,
            t(
                "CVs of the key staff (one PDF)",
                "CV del personale chiave (un unico PDF)",
                "CV del personal clave (un único PDF)",
                "Lebensläufe der Schlüsselpersonen (eine PDF-Datei)",
                "CV-urile personalului-cheie (un singur PDF)",
                "CV för nyckelpersoner (en PDF-fil)",
                "CV du personnel clé (un seul PDF)",
            ),
            S_TEAM,
            help=t(
                "PDF, at most 5 MB.",
                "PDF, al massimo 5 MB.",
                "PDF, como máximo 5 MB.",
                "PDF, höchstens 5 MB.",
                "PDF, cel mult 5 MB.",
                "PDF, högst 5 MB.",
                "PDF, 5 Mo au maximum.",
            ),
            max_bytes=5 * MB,
            allowed_types=["pdf"],
        ),
        FieldSpec(
            "budget",
            FieldType.BUDGET_TABLE,
            t("Budget", "Budget", "Presupuesto", "Budget", "Buget", "Budget", "Budget"),
            S_BUDGET,
            help=t(
                f"Costs by category in EUR. The total is the grant you request, at most EUR {cap}.",
                f"Costi per categoria in EUR. Il totale è il contributo richiesto, al massimo {cap} EUR.",
                f"Costes por categoría en EUR. El total es la ayuda solicitada, como máximo {cap} EUR.",
                f"Kosten nach Kategorie in EUR. Die Summe ist der beantragte Zuschuss, höchstens {cap} EUR.",
                f"Costuri pe categorii, în EUR. Totalul este grantul solicitat, cel mult {cap} EUR.",
                f"Kostnader per kategori i euro. Summan är det bidrag ni söker, högst {cap} euro.",
                f"Coûts par catégorie en euros. Le total est la subvention demandée, {cap} EUR au maximum.",
            ),
            options=COST_CATEGORIES,
            max_value=max_award,
            is_requested_amount=True,
        ),
        FieldSpec(
            "own_contribution",
            FieldType.MONEY,
            t(
                "Co-financing from own resources (EUR)",
                "Cofinanziamento con risorse proprie (EUR)",
                "Cofinanciación con recursos propios (EUR)",
                "Eigenmittel (EUR)",
                "Cofinanțare din surse proprii (EUR)",
                "Egen medfinansiering (euro)",
                "Cofinancement sur fonds propres (EUR)",
            ),
            S_BUDGET,
            help=t(
                "Optional: the call does not require co-financing.",
                "Facoltativo: il bando non richiede cofinanziamento.",
                "Opcional: la convocatoria no exige cofinanciación.",
                "Freiwillig: Der Aufruf verlangt keine Eigenmittel.",
                "Opțional: apelul nu impune cofinanțare.",
                "Frivilligt: utlysningen kräver ingen medfinansiering.",
                "Facultatif : l'appel n'exige pas de cofinancement.",
            ),
            required=False,
            min_value=Decimal("0"),
        ),
        FieldSpec(
            "work_plan",
            FieldType.FILE,
            t(
                "Work plan with milestones",
                "Piano di lavoro con tappe",
                "Plan de trabajo con hitos",
                "Arbeitsplan mit Meilensteinen",
                "Plan de lucru cu etape",
                "Arbetsplan med milstolpar",
                "Plan de travail avec jalons",
            ),
            S_BUDGET,
            help=t(
                "PDF or Word (DOCX), at most 10 MB.",
                "PDF o Word (DOCX), al massimo 10 MB.",
                "PDF o Word (DOCX), como máximo 10 MB.",
                "PDF oder Word (DOCX), höchstens 10 MB.",
                "PDF sau Word (DOCX), cel mult 10 MB.",
                "PDF eller Word (DOCX), högst 10 MB.",
                "PDF ou Word (DOCX), 10 Mo au maximum.",
            ),
            max_bytes=10 * MB,
            allowed_types=["pdf", "docx"],
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            t(
                "I declare on my honour that the information in this application is true and complete, and that I may apply on behalf of the organisation.",
                "Dichiaro sul mio onore che le informazioni di questa domanda sono veritiere e complete e che posso presentarla per conto dell'organizzazione.",
                "Declaro bajo mi responsabilidad que la información de esta solicitud es veraz y completa y que puedo presentarla en nombre de la organización.",
                "Ich erkläre ehrenwörtlich, dass die Angaben in diesem Antrag wahr und vollständig sind und dass ich ihn für die Organisation stellen darf.",
                "Declar pe propria răspundere că informațiile din această cerere sunt adevărate și complete și că pot depune cererea în numele organizației.",
                "Jag försäkrar på heder och samvete att uppgifterna i ansökan är riktiga och fullständiga och att jag får ansöka för organisationens räkning.",
                "Je déclare sur l'honneur que les informations de cette candidature sont exactes et complètes et que je peux candidater au nom de l'organisation.",
            ),
            S_DECLARATIONS,
        ),
        FieldSpec(
            "declaration_no_double_funding",
            FieldType.DECLARATION,
            t(
                "The costs in this budget are not funded by any other EU or national grant.",
                "I costi di questo budget non sono finanziati da altre sovvenzioni europee o nazionali.",
                "Los costes de este presupuesto no están financiados por ninguna otra subvención europea o nacional.",
                "Die Kosten in diesem Budget werden durch keine andere EU- oder nationale Förderung finanziert.",
                "Costurile din acest buget nu sunt finanțate prin alt grant european sau național.",
                "Kostnaderna i budgeten finansieras inte av något annat EU-bidrag eller nationellt bidrag.",
                "Les coûts de ce budget ne sont financés par aucune autre subvention européenne ou nationale.",
            ),
            S_DECLARATIONS,
        ),
        FieldSpec(
            "declaration_data_protection",
            FieldType.DECLARATION,
            t(
                "I have read the privacy notice and agree that the programme processes the data in this application for its evaluation and for reporting to the European Commission.",
                "Ho letto l'informativa sulla privacy e acconsento al trattamento dei dati di questa domanda per la valutazione e per la rendicontazione alla Commissione europea.",
                "He leído el aviso de privacidad y acepto que el programa trate los datos de esta solicitud para su evaluación y para informar a la Comisión Europea.",
                "Ich habe die Datenschutzerklärung gelesen und bin einverstanden, dass das Programm die Daten dieses Antrags für die Bewertung und die Berichterstattung an die Europäische Kommission verarbeitet.",
                "Am citit nota de informare privind protecția datelor și sunt de acord ca programul să prelucreze datele din această cerere pentru evaluare și pentru raportarea către Comisia Europeană.",
                "Jag har läst integritetsmeddelandet och godkänner att programmet behandlar uppgifterna i ansökan för bedömningen och för rapporteringen till Europeiska kommissionen.",
                "J'ai lu la notice de confidentialité et j'accepte que le programme traite les données de cette candidature pour son évaluation et pour les rapports à la Commission européenne.",
            ),
            S_DECLARATIONS,
        ),
    ]


GRANT_CRITERIA = [
    (
        t(
            "Excellence",
            "Eccellenza",
            "Excelencia",
            "Exzellenz",
            "Excelență",
            "Excellens",
            "Excellence",
        ),
        t(
            "Clarity and relevance of the social challenge; soundness and novelty of the technology solution for the organisation and its users; credible contribution to the digital or green transition.",
            "Chiarezza e pertinenza della sfida sociale; solidità e novità della soluzione tecnologica per l'organizzazione e i suoi utenti; contributo credibile alla transizione digitale o verde.",
            "Claridad y pertinencia del reto social; solidez y novedad de la solución tecnológica para la organización y sus usuarios; contribución creíble a la transición digital o verde.",
            "Klarheit und Relevanz der gesellschaftlichen Herausforderung; Qualität und Neuheit der technologischen Lösung für die Organisation und ihre Nutzer; glaubwürdiger Beitrag zum digitalen oder ökologischen Wandel.",
            "Claritatea și relevanța provocării sociale; soliditatea și noutatea soluției tehnologice pentru organizație și utilizatorii ei; contribuția credibilă la tranziția digitală sau verde.",
            "Hur tydlig och relevant samhällsutmaningen är; hur genomtänkt och ny den tekniska lösningen är för organisationen och dess användare; ett trovärdigt bidrag till den digitala eller gröna omställningen.",
            "Clarté et pertinence du défi social ; solidité et nouveauté de la solution technologique pour l'organisation et ses usagers ; contribution crédible à la transition numérique ou écologique.",
        ),
    ),
    (
        t("Impact", "Impatto", "Impacto", "Wirkung", "Impact", "Effekter", "Impact"),
        t(
            "Expected social, environmental and economic results, with figures; number of people who benefit; potential to scale and to be taken up by other social-economy organisations.",
            "Risultati sociali, ambientali ed economici attesi, con dati; numero di persone che ne beneficiano; potenziale di crescita e di diffusione presso altre organizzazioni dell'economia sociale.",
            "Resultados sociales, ambientales y económicos esperados, con cifras; número de personas beneficiarias; potencial de escala y de adopción por otras organizaciones de la economía social.",
            "Erwartete soziale, ökologische und wirtschaftliche Ergebnisse mit Zahlen; Zahl der Begünstigten; Potenzial zur Skalierung und Übernahme durch andere Organisationen der Sozialwirtschaft.",
            "Rezultatele sociale, de mediu și economice așteptate, cu cifre; numărul de beneficiari; potențialul de extindere și de preluare de către alte organizații ale economiei sociale.",
            "Förväntade sociala, miljömässiga och ekonomiska resultat med siffror; hur många som gynnas; möjligheten att växa och att användas av andra organisationer inom den sociala ekonomin.",
            "Résultats sociaux, environnementaux et économiques attendus, chiffrés ; nombre de bénéficiaires ; potentiel de changement d'échelle et de reprise par d'autres organisations de l'économie sociale.",
        ),
    ),
    (
        t(
            "Implementation",
            "Attuazione",
            "Ejecución",
            "Umsetzung",
            "Implementare",
            "Genomförande",
            "Mise en œuvre",
        ),
        t(
            "Quality of the work plan and milestones; skills of the team and the technology partner; a budget that is realistic and proportionate to the work.",
            "Qualità del piano di lavoro e delle tappe; competenze del gruppo e del partner tecnologico; budget realistico e proporzionato al lavoro.",
            "Calidad del plan de trabajo y de los hitos; competencias del equipo y del socio tecnológico; presupuesto realista y proporcionado al trabajo.",
            "Qualität des Arbeitsplans und der Meilensteine; Kompetenzen des Teams und des Technologiepartners; ein realistisches, dem Aufwand angemessenes Budget.",
            "Calitatea planului de lucru și a etapelor; competențele echipei și ale partenerului tehnologic; un buget realist și proporțional cu munca.",
            "Arbetsplanens och milstolparnas kvalitet; teamets och teknikpartnerns kompetens; en realistisk budget som står i proportion till arbetet.",
            "Qualité du plan de travail et des jalons ; compétences de l'équipe et du partenaire technologique ; budget réaliste et proportionné au travail.",
        ),
    ),
]

OC2_BODY_EN = """\
## What this call funds

SocialTech4EU is a Eurocluster of the proximity and social economy, funded by the EU Single
Market Programme (grant agreement 101074518). Six partners in Italy, Romania, Sweden,
Germany, Spain and Belgium support social-economy organisations that turn to technology to
solve the social challenges they work on.

This second open call gives grants of up to **EUR 60,000** for about twelve months of work
with a technology provider: to adopt, adapt or customise a digital or green solution that
changes how the organisation serves people — a new service, a new way of working, or a
better way to include the people it employs and supports.

## Who we want to reach

Cooperatives, associations, foundations, mutuals, social enterprises and companies with
limited profit distribution: small and medium-sized organisations of the social economy,
and start-ups among them, that are ready to work with a technology partner. The
eligibility rules are listed further down this page.

## What we look for

Projects that start from a real social challenge and show how technology changes the way
the organisation works. For example:

- digital tools that help people with disabilities learn a task and keep a job;
- platforms that connect local food producers with public canteens;
- repair, reuse and resale services that record what happens to each item;
- energy communities and low-carbon logistics run by cooperatives;
- online learning that reaches rural and remote communities.

## Budget and payment

The call has a budget of EUR 600,000 and expects to fund about twelve projects. Eligible
costs are staff, equipment, external services (including the technology provider), travel
and other direct costs. The grant is paid in two tranches: 40 % when the agreement is
signed and 60 % after the final report is approved.

## From evaluation to results

Staff first check eligibility; then three independent experts score each eligible
application against the criteria below and agree a consensus where their scores differ.
The ranking is funded in order until the budget is used, and a reserve list is kept for
offers that are declined. Every applicant receives an evaluation summary report.

## Timeline

- Submission deadline: 17:00 Brussels time on the date shown on this page.
- Evaluation: about six weeks after the deadline.
- Projects start within two months of the results and last at most twelve months.

Questions? Read the answers below, or write to the programme's contact address.
"""

OC2_BODY_IT = """\
## Che cosa finanzia il bando

SocialTech4EU è un Eurocluster dell'economia sociale e di prossimità, finanziato dal
Programma per il mercato unico dell'UE (convenzione di sovvenzione 101074518). Sei partner
in Italia, Romania, Svezia, Germania, Spagna e Belgio sostengono le organizzazioni
dell'economia sociale che si rivolgono alla tecnologia per affrontare le sfide sociali su
cui lavorano.

Questo secondo bando concede contributi fino a **60.000 EUR** per circa dodici mesi di
lavoro con un fornitore di tecnologia: per adottare, adattare o personalizzare una
soluzione digitale o verde che cambi il modo in cui l'organizzazione serve le persone.

## A chi si rivolge

Cooperative, associazioni, fondazioni, mutue, imprese sociali e società a distribuzione
limitata degli utili: organizzazioni piccole e medie dell'economia sociale, comprese le
start-up, pronte a lavorare con un partner tecnologico. Le regole di ammissibilità sono
elencate più avanti in questa pagina.

## Budget e pagamenti

Il bando dispone di 600.000 EUR e prevede di finanziare circa dodici progetti. Sono
ammissibili i costi di personale, attrezzature, servizi esterni (compreso il fornitore di
tecnologia), viaggi e altri costi diretti. Il contributo è versato in due rate: 40 % alla
firma della convenzione e 60 % dopo l'approvazione della relazione finale.

## Dalla valutazione ai risultati

Lo staff verifica prima l'ammissibilità; poi tre esperti indipendenti valutano ogni domanda
ammissibile secondo i criteri indicati in questa pagina. La graduatoria è finanziata in
ordine fino a esaurimento del budget, con una lista di riserva. Ogni richiedente riceve una
relazione di sintesi della valutazione.

## Scadenza

Ore 17:00, ora di Bruxelles, nella data indicata in questa pagina.
"""

OC2_FAQ = [
    (
        {
            "en": "Can a for-profit company apply?",
            "it": "Può partecipare un'impresa a scopo di lucro?",
        },
        {
            "en": "Only if it belongs to the social economy: a social enterprise, or a company whose statutes put a social purpose first and limit the distribution of profits (for example an impresa sociale, a gGmbH or an SRL SB). The organisation profile asks for the legal form and the social-economy type, and staff check them during the eligibility screening.",
            "it": "Solo se appartiene all'economia sociale: un'impresa sociale o una società il cui statuto metta al primo posto una finalità sociale e limiti la distribuzione degli utili (per esempio un'impresa sociale, una gGmbH o una SRL SB). Il profilo dell'organizzazione chiede la forma giuridica e il tipo di economia sociale, che lo staff verifica durante il controllo di ammissibilità.",
        },
    ),
    (
        {
            "en": "Do we need a technology partner when we apply?",
            "it": "Serve un partner tecnologico al momento della domanda?",
        },
        {
            "en": "No, but the application must say what kind of provider you need and how you will choose it. If you already work with a provider, name it in the Team section. Providers may be established in any country.",
            "it": "No, ma la domanda deve indicare di quale fornitore avete bisogno e come lo sceglierete. Se lavorate già con un fornitore, indicatelo nella sezione Gruppo di lavoro. I fornitori possono avere sede in qualsiasi paese.",
        },
    ),
    (
        {
            "en": "We received a grant in Open Call 1. Can we apply again?",
            "it": "Abbiamo ricevuto un contributo dal Bando 1. Possiamo partecipare di nuovo?",
        },
        {
            "en": "Yes, as long as the total support your organisation receives from SocialTech4EU stays within EUR 60,000. The platform checks this when you start an application and again when you submit it.",
            "it": "Sì, purché il sostegno totale ricevuto da SocialTech4EU non superi 60.000 EUR. La piattaforma lo verifica quando iniziate la domanda e di nuovo all'invio.",
        },
    ),
    (
        {"en": "Which costs are eligible?", "it": "Quali costi sono ammissibili?"},
        {
            "en": "Staff, equipment, external services (including the technology provider), travel and other direct costs that the project needs, incurred during its twelve months. VAT is eligible when your organisation cannot recover it.",
            "it": "Personale, attrezzature, servizi esterni (compreso il fornitore di tecnologia), viaggi e altri costi diretti necessari al progetto, sostenuti nei suoi dodici mesi. L'IVA è ammissibile quando l'organizzazione non può recuperarla.",
        },
    ),
    (
        {
            "en": "Can I change my application after submitting it?",
            "it": "Posso modificare la domanda dopo l'invio?",
        },
        {
            "en": "Until the deadline you can withdraw it and submit a new one. After the deadline applications cannot change; your draft stays readable in your account.",
            "it": "Fino alla scadenza potete ritirarla e inviarne una nuova. Dopo la scadenza le domande non si possono modificare; la bozza resta consultabile nel vostro account.",
        },
    ),
    (
        {
            "en": "What if I submit in the last minute?",
            "it": "Che cosa succede se invio all'ultimo minuto?",
        },
        {
            "en": "The deadline holds to the second: the platform records the exact time of each submission and gives you a receipt with its number at once. Submit at least a day early; problems on the applicant's side do not justify an extension.",
            "it": "La scadenza vale al secondo: la piattaforma registra l'ora esatta di ogni invio e rilascia subito una ricevuta con il numero. Inviate almeno un giorno prima; i problemi tecnici del richiedente non giustificano una proroga.",
        },
    ),
]


def _oc1_body() -> dict[str, str]:
    return {
        "en": (
            "## Feasibility grants for technology social ventures\n\n"
            "The first SocialTech4EU call funded feasibility studies: social-economy organisations "
            "worked out, with a technology provider, whether and how a digital or green solution "
            "could solve the social challenge they address. Grants of up to EUR 50,000 covered "
            "up to twelve months of work.\n\n"
            "The call closed with applications from organisations in many European countries. "
            "Eligibility screening and evaluation by independent experts are under way; results "
            "will be published on this page and every applicant will receive an evaluation "
            "summary report.\n"
        )
    }


VOUCHER_SECTION = t(
    "Your training need",
    "Il vostro fabbisogno formativo",
    "Vuestra necesidad de formación",
    "Ihr Schulungsbedarf",
    "Nevoia voastră de formare",
    "Ert utbildningsbehov",
    "Votre besoin de formation",
)
VOUCHER_DECLARATIONS = t(
    "Declarations",
    "Dichiarazioni",
    "Declaraciones",
    "Erklärungen",
    "Declarații",
    "Försäkranden",
    "Déclarations",
)


def voucher_form() -> list[FieldSpec]:
    return [
        FieldSpec(
            "service_category",
            FieldType.CHOICE,
            t(
                "Service you need",
                "Servizio richiesto",
                "Servicio que necesitáis",
                "Benötigte Leistung",
                "Serviciul de care aveți nevoie",
                "Tjänst ni behöver",
                "Service dont vous avez besoin",
            ),
            VOUCHER_SECTION,
            options=options(
                (
                    "digital_skills",
                    t(
                        "Digital skills for staff",
                        "Competenze digitali del personale",
                        "Competencias digitales del personal",
                        "Digitale Kompetenzen für Mitarbeitende",
                        "Competențe digitale pentru personal",
                        "Digital kompetens för personalen",
                        "Compétences numériques du personnel",
                    ),
                ),
                (
                    "green_skills",
                    t(
                        "Green skills and environmental management",
                        "Competenze verdi e gestione ambientale",
                        "Competencias verdes y gestión ambiental",
                        "Grüne Kompetenzen und Umweltmanagement",
                        "Competențe verzi și management de mediu",
                        "Grön kompetens och miljöledning",
                        "Compétences vertes et management environnemental",
                    ),
                ),
                (
                    "impact_measurement",
                    t(
                        "Impact measurement",
                        "Misurazione dell'impatto",
                        "Medición del impacto",
                        "Wirkungsmessung",
                        "Măsurarea impactului",
                        "Effektmätning",
                        "Mesure d'impact",
                    ),
                ),
                (
                    "business_model",
                    t(
                        "Business model and access to finance",
                        "Modello di business e accesso al credito",
                        "Modelo de negocio y acceso a la financiación",
                        "Geschäftsmodell und Zugang zu Finanzierung",
                        "Model de afaceri și acces la finanțare",
                        "Affärsmodell och tillgång till finansiering",
                        "Modèle économique et accès au financement",
                    ),
                ),
                (
                    "public_procurement",
                    t(
                        "Public procurement and joint bidding",
                        "Appalti pubblici e partecipazione congiunta alle gare",
                        "Contratación pública y licitación conjunta",
                        "Öffentliche Vergabe und gemeinsame Angebote",
                        "Achiziții publice și ofertare comună",
                        "Offentlig upphandling och gemensamma anbud",
                        "Marchés publics et candidatures groupées",
                    ),
                ),
            ),
        ),
        FieldSpec(
            "training_need",
            FieldType.TEXTAREA,
            t(
                "What do you need, and why now?",
                "Di che cosa avete bisogno e perché ora?",
                "¿Qué necesitáis y por qué ahora?",
                "Was brauchen Sie, und warum jetzt?",
                "De ce aveți nevoie și de ce acum?",
                "Vad behöver ni, och varför nu?",
                "De quoi avez-vous besoin, et pourquoi maintenant ?",
            ),
            VOUCHER_SECTION,
            max_words=200,
        ),
        FieldSpec(
            "participants",
            FieldType.NUMBER,
            t(
                "Staff members who will take part",
                "Persone del personale che parteciperanno",
                "Personas de la plantilla que participarán",
                "Teilnehmende Mitarbeitende",
                "Membri ai personalului care vor participa",
                "Anställda som deltar",
                "Membres du personnel qui participeront",
            ),
            VOUCHER_SECTION,
            min_value=Decimal("1"),
            max_value=Decimal("50"),
        ),
        FieldSpec(
            "preferred_provider",
            FieldType.TEXT,
            t(
                "Preferred accredited provider",
                "Fornitore accreditato preferito",
                "Proveedor acreditado preferido",
                "Bevorzugter akkreditierter Anbieter",
                "Furnizor acreditat preferat",
                "Önskad ackrediterad leverantör",
                "Prestataire accrédité souhaité",
            ),
            VOUCHER_SECTION,
            help={"en": "Optional. You can choose the provider after the voucher is issued."},
            required=False,
        ),
        FieldSpec(
            "voucher_amount",
            FieldType.MONEY,
            t(
                "Voucher value requested (EUR)",
                "Valore del voucher richiesto (EUR)",
                "Importe del bono solicitado (EUR)",
                "Beantragter Gutscheinwert (EUR)",
                "Valoarea voucherului solicitat (EUR)",
                "Begärt checkvärde (euro)",
                "Montant du chèque demandé (EUR)",
            ),
            VOUCHER_SECTION,
            help={"en": "Between EUR 500 and EUR 5,000; the voucher covers 80 % of the service."},
            min_value=Decimal("500"),
            max_value=Decimal("5000"),
            is_requested_amount=True,
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            t(
                "I declare on my honour that the information in this application is true and complete.",
                "Dichiaro sul mio onore che le informazioni di questa domanda sono veritiere e complete.",
                "Declaro bajo mi responsabilidad que la información de esta solicitud es veraz y completa.",
                "Ich erkläre ehrenwörtlich, dass die Angaben in diesem Antrag wahr und vollständig sind.",
                "Declar pe propria răspundere că informațiile din această cerere sunt adevărate și complete.",
                "Jag försäkrar på heder och samvete att uppgifterna i ansökan är riktiga och fullständiga.",
                "Je déclare sur l'honneur que les informations de cette candidature sont exactes et complètes.",
            ),
            VOUCHER_DECLARATIONS,
        ),
        FieldSpec(
            "declaration_co_payment",
            FieldType.DECLARATION,
            t(
                "We will pay the remaining 20 % of the service cost ourselves.",
                "Pagheremo noi il restante 20 % del costo del servizio.",
                "Pagaremos nosotros el 20 % restante del coste del servicio.",
                "Wir tragen die restlichen 20 % der Kosten selbst.",
                "Vom plăti noi restul de 20 % din costul serviciului.",
                "Vi betalar själva de resterande 20 % av kostnaden.",
                "Nous paierons nous-mêmes les 20 % restants du coût du service.",
            ),
            VOUCHER_DECLARATIONS,
        ),
    ]


def acceleration_form() -> list[FieldSpec]:
    section = t(
        "Your venture",
        "La vostra impresa",
        "Vuestra empresa",
        "Ihr Unternehmen",
        "Întreprinderea voastră",
        "Ert företag",
        "Votre entreprise",
    )
    return [
        FieldSpec(
            "venture_pitch",
            FieldType.TEXTAREA,
            t(
                "Your venture in 300 words",
                "La vostra impresa in 300 parole",
                "Vuestra empresa en 300 palabras",
                "Ihr Unternehmen in 300 Wörtern",
                "Întreprinderea voastră în 300 de cuvinte",
                "Ert företag med 300 ord",
                "Votre entreprise en 300 mots",
            ),
            section,
            max_words=300,
        ),
        FieldSpec(
            "stage",
            FieldType.CHOICE,
            t(
                "Stage",
                "Fase",
                "Etapa",
                "Phase",
                "Etapa",
                "Fas",
                "Stade",
            ),
            section,
            options=options(
                ("prototype", {"en": "Working prototype", "it": "Prototipo funzionante"}),
                (
                    "first_customers",
                    {"en": "First paying customers", "it": "Primi clienti paganti"},
                ),
                ("scaling", {"en": "Scaling to new markets", "it": "Espansione in nuovi mercati"}),
            ),
        ),
        FieldSpec(
            "revenue_last_year",
            FieldType.MONEY,
            {
                "en": "Revenue in the last financial year (EUR)",
                "it": "Ricavi dell'ultimo esercizio (EUR)",
            },
            section,
            min_value=Decimal("0"),
        ),
        FieldSpec(
            "pitch_deck",
            FieldType.FILE,
            {"en": "Pitch deck (PDF)", "it": "Presentazione (PDF)"},
            section,
            max_bytes=10 * MB,
            allowed_types=["pdf"],
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            {
                "en": "I declare on my honour that the information in this application is true and complete.",
                "it": "Dichiaro sul mio onore che le informazioni di questa domanda sono veritiere e complete.",
            },
            section,
        ),
    ]


def microgrant_form() -> list[FieldSpec]:
    section = {"en": "Your project", "es": "Vuestro proyecto"}
    return [
        FieldSpec(
            "project_title",
            FieldType.TEXT,
            {"en": "Project title", "es": "Título del proyecto"},
            section,
        ),
        FieldSpec(
            "description",
            FieldType.TEXTAREA,
            {"en": "What will you do in the neighbourhood?", "es": "¿Qué haréis en el barrio?"},
            section,
            max_words=250,
        ),
        FieldSpec(
            "neighbourhood",
            FieldType.TEXT,
            {"en": "Neighbourhood or town", "es": "Barrio o municipio"},
            section,
        ),
        FieldSpec(
            "amount",
            FieldType.MONEY,
            {"en": "Amount requested (EUR)", "es": "Importe solicitado (EUR)"},
            section,
            min_value=Decimal("500"),
            max_value=Decimal("5000"),
            is_requested_amount=True,
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            {
                "en": "I declare on my honour that the information in this application is true.",
                "es": "Declaro bajo mi responsabilidad que la información de esta solicitud es veraz.",
            },
            section,
        ),
    ]


def socialtech_calls() -> list[CallSpec]:
    return [
        CallSpec(
            slug=OPEN_CALL_SLUG,
            reference="OC2",
            kind=CallKind.GRANT,
            work_package=WorkPackage.WP4,
            title=t(
                "Open Call 2 — Digital and green transition grants",
                "Bando 2 — Contributi per la transizione digitale e verde",
                "Convocatoria 2 — Ayudas para la transición digital y verde",
                "Aufruf 2 — Zuschüsse für den digitalen und ökologischen Wandel",
                "Apelul 2 — Granturi pentru tranziția digitală și verde",
                "Utlysning 2 — Bidrag för digital och grön omställning",
                "Appel 2 — Subventions pour la transition numérique et écologique",
            ),
            summary=t(
                "Grants of up to EUR 60,000 for social-economy organisations that adopt or adapt digital and green technology, with a technology partner, to solve a social challenge.",
                "Contributi fino a 60.000 EUR per le organizzazioni dell'economia sociale che adottano o adattano tecnologie digitali e verdi, con un partner tecnologico, per affrontare una sfida sociale.",
                "Ayudas de hasta 60.000 EUR para organizaciones de la economía social que adopten o adapten tecnología digital y verde, con un socio tecnológico, para resolver un reto social.",
                "Zuschüsse bis 60.000 EUR für Organisationen der Sozialwirtschaft, die mit einem Technologiepartner digitale und grüne Technologien einführen oder anpassen, um eine gesellschaftliche Herausforderung zu lösen.",
                "Granturi de până la 60.000 EUR pentru organizațiile economiei sociale care adoptă sau adaptează, împreună cu un partener tehnologic, tehnologii digitale și verzi pentru a rezolva o provocare socială.",
                "Bidrag på upp till 60 000 euro till organisationer inom den sociala ekonomin som tillsammans med en teknikpartner inför eller anpassar digital och grön teknik för att lösa en samhällsutmaning.",
                "Subventions jusqu'à 60 000 EUR pour les organisations de l'économie sociale qui adoptent ou adaptent, avec un partenaire technologique, des technologies numériques et vertes pour relever un défi social.",
            ),
            body={"en": OC2_BODY_EN, "it": OC2_BODY_IT},
            topics=["digital transition", "green transition", "work integration", "social economy"],
            timezone="Europe/Brussels",
            opens=(-14, 9),
            deadline=(21, 17),
            status=CallStatus.OPEN,
            budget=Decimal("600000.00"),
            max_award=Decimal("60000.00"),
            expected_awards=12,
            fields=grant_form(Decimal("60000.00")),
            criteria=GRANT_CRITERIA,
            faq=OC2_FAQ,
        ),
        CallSpec(
            slug=VOUCHER_CALL_SLUG,
            reference="V1",
            kind=CallKind.VOUCHER,
            work_package=WorkPackage.WP3,
            title=t(
                "Upskilling vouchers — training and advice for the twin transition",
                "Voucher per le competenze — formazione e consulenza per la doppia transizione",
                "Bonos de capacitación — formación y asesoramiento para la doble transición",
                "Qualifizierungsgutscheine — Schulung und Beratung für den doppelten Wandel",
                "Vouchere de perfecționare — formare și consultanță pentru dubla tranziție",
                "Kompetenscheckar — utbildning och rådgivning för den dubbla omställningen",
                "Chèques compétences — formation et conseil pour la double transition",
            ),
            summary=t(
                "Vouchers of EUR 500 to 5,000 that pay 80 % of training or advice from an accredited provider.",
                "Voucher da 500 a 5.000 EUR che coprono l'80 % di formazione o consulenza da un fornitore accreditato.",
                "Bonos de 500 a 5.000 EUR que cubren el 80 % de la formación o el asesoramiento de un proveedor acreditado.",
                "Gutscheine von 500 bis 5.000 EUR, die 80 % einer Schulung oder Beratung durch einen akkreditierten Anbieter übernehmen.",
                "Vouchere de 500 până la 5.000 EUR care acoperă 80 % din formarea sau consultanța unui furnizor acreditat.",
                "Checkar på 500 till 5 000 euro som betalar 80 % av utbildning eller rådgivning från en ackrediterad leverantör.",
                "Des chèques de 500 à 5 000 EUR qui paient 80 % d'une formation ou d'un conseil auprès d'un prestataire accrédité.",
            ),
            body={
                "en": (
                    "## Training and advice when you need it\n\n"
                    "Upskilling vouchers pay 80 % of a training course or an advisory service from a "
                    "provider accredited by SocialTech4EU: digital skills, green skills, impact "
                    "measurement, business models and access to finance, public procurement and joint "
                    "bidding. Applications are assessed in the order they arrive until the budget of "
                    "EUR 150,000 is used.\n\n"
                    "A voucher is valid for six months. Your organisation pays the remaining 20 % "
                    "directly to the provider, who claims the voucher value from the programme.\n"
                )
            },
            topics=["upskilling", "digital skills", "green skills"],
            timezone="Europe/Brussels",
            opens=(-7, 9),
            deadline=(42, 17),
            status=CallStatus.OPEN,
            budget=Decimal("150000.00"),
            max_award=Decimal("5000.00"),
            expected_awards=40,
            fields=voucher_form(),
            criteria=GRANT_CRITERIA,
            faq=[
                (
                    {"en": "Can we use the voucher for a provider that is not accredited?"},
                    {
                        "en": "No. The list of accredited providers grows every month; a provider can ask to be accredited at any time."
                    },
                ),
                (
                    {"en": "Can we get more than one voucher?"},
                    {
                        "en": "One voucher per organisation in this call. Grant holders may also apply for a voucher."
                    },
                ),
            ],
        ),
        CallSpec(
            slug=UPCOMING_CALL_SLUG,
            reference="OC3",
            kind=CallKind.ACCELERATION,
            work_package=WorkPackage.WP5,
            title=t(
                "Open Call 3 — Acceleration programme for social tech ventures",
                "Bando 3 — Programma di accelerazione per imprese sociali tecnologiche",
                "Convocatoria 3 — Programa de aceleración para empresas sociales tecnológicas",
                "Aufruf 3 — Accelerator-Programm für soziale Tech-Unternehmen",
                "Apelul 3 — Program de accelerare pentru întreprinderi sociale tehnologice",
                "Utlysning 3 — Accelerationsprogram för sociala teknikföretag",
                "Appel 3 — Programme d'accélération pour les entreprises sociales technologiques",
            ),
            summary=t(
                "Six months of mentoring, investor and procurer introductions and up to EUR 30,000 for ventures ready to scale.",
                "Sei mesi di mentoring, incontri con investitori e committenti pubblici e fino a 30.000 EUR per imprese pronte a crescere.",
                "Seis meses de mentoría, contactos con inversores y compradores públicos y hasta 30.000 EUR para empresas listas para crecer.",
                "Sechs Monate Mentoring, Kontakte zu Investoren und öffentlichen Auftraggebern und bis zu 30.000 EUR für Unternehmen, die wachsen wollen.",
                "Șase luni de mentorat, întâlniri cu investitori și autorități contractante și până la 30.000 EUR pentru întreprinderi pregătite să crească.",
                "Sex månader med mentorer, kontakter med investerare och offentliga upphandlare och upp till 30 000 euro för företag som är redo att växa.",
                "Six mois de mentorat, des mises en relation avec des investisseurs et des acheteurs publics et jusqu'à 30 000 EUR pour les entreprises prêtes à changer d'échelle.",
            ),
            body={
                "en": (
                    "## Coming soon\n\n"
                    "The acceleration programme takes twelve social tech ventures through six months of "
                    "mentoring, milestones and introductions to impact investors and public buyers. "
                    "Applications open on the date shown on this page; the full guide for applicants "
                    "will be published at the same time.\n"
                )
            },
            topics=["acceleration", "impact investment", "public procurement"],
            timezone="Europe/Brussels",
            opens=(14, 9),
            deadline=(70, 17),
            status=CallStatus.PUBLISHED,
            budget=Decimal("360000.00"),
            max_award=Decimal("30000.00"),
            expected_awards=12,
            fields=acceleration_form(),
            criteria=GRANT_CRITERIA,
        ),
        CallSpec(
            slug=CLOSED_CALL_SLUG,
            reference="OC1",
            kind=CallKind.GRANT,
            work_package=WorkPackage.WP4,
            title=t(
                "Open Call 1 — Feasibility grants for technology social ventures",
                "Bando 1 — Contributi per studi di fattibilità delle imprese sociali tecnologiche",
                "Convocatoria 1 — Ayudas a estudios de viabilidad para empresas sociales tecnológicas",
                "Aufruf 1 — Machbarkeitszuschüsse für technologieorientierte Sozialunternehmen",
                "Apelul 1 — Granturi de fezabilitate pentru întreprinderi sociale tehnologice",
                "Utlysning 1 — Förstudiebidrag för teknikdrivna sociala företag",
                "Appel 1 — Subventions de faisabilité pour les entreprises sociales technologiques",
            ),
            summary=t(
                "Grants of up to EUR 50,000 for feasibility studies with a technology provider. Closed; evaluation under way.",
                "Contributi fino a 50.000 EUR per studi di fattibilità con un fornitore di tecnologia. Chiuso; valutazione in corso.",
                "Ayudas de hasta 50.000 EUR para estudios de viabilidad con un proveedor tecnológico. Cerrada; evaluación en curso.",
                "Zuschüsse bis 50.000 EUR für Machbarkeitsstudien mit einem Technologieanbieter. Geschlossen; Bewertung läuft.",
                "Granturi de până la 50.000 EUR pentru studii de fezabilitate cu un furnizor de tehnologie. Închis; evaluare în curs.",
                "Bidrag på upp till 50 000 euro för förstudier med en teknikleverantör. Stängd; bedömning pågår.",
                "Subventions jusqu'à 50 000 EUR pour des études de faisabilité avec un prestataire technologique. Clôturé ; évaluation en cours.",
            ),
            body=_oc1_body(),
            topics=["feasibility study", "technology social ventures", "social economy"],
            timezone="Europe/Brussels",
            opens=(-100, 9),
            deadline=(-21, 17),
            status=CallStatus.EVALUATION,
            budget=Decimal("750000.00"),
            max_award=Decimal("50000.00"),
            expected_awards=18,
            fields=grant_form(Decimal("50000.00")),
            criteria=GRANT_CRITERIA,
            faq=OC2_FAQ[3:4],
            evaluation_days_after_deadline=42,
        ),
    ]


def democluster_calls() -> list[CallSpec]:
    return [
        CallSpec(
            slug=DEMOCLUSTER_CALL_SLUG,
            reference="MG1",
            kind=CallKind.GRANT,
            work_package=WorkPackage.WP4,
            title={
                "en": "Neighbourhood social innovation micro-grants",
                "es": "Microayudas a la innovación social en los barrios",
            },
            summary={
                "en": "Up to EUR 5,000 for citizen groups and social enterprises testing a new idea in their neighbourhood.",
                "es": "Hasta 5.000 EUR para grupos vecinales y empresas sociales que prueben una idea nueva en su barrio.",
            },
            body={
                "en": "## Small money, quick decisions\n\nMicro-grants for neighbourhood projects: a repair café, a shared kitchen, a digital help desk for older neighbours. Decisions within four weeks.\n",
                "es": "## Poco dinero, decisiones rápidas\n\nMicroayudas para proyectos de barrio: un café de reparación, una cocina compartida, un punto de ayuda digital para personas mayores. Resolución en cuatro semanas.\n",
            },
            topics=["neighbourhood", "social innovation"],
            timezone="Europe/Madrid",
            opens=(-5, 9),
            deadline=(30, 14),
            status=CallStatus.OPEN,
            budget=Decimal("50000.00"),
            max_award=Decimal("5000.00"),
            expected_awards=12,
            fields=microgrant_form(),
            criteria=GRANT_CRITERIA,
        )
    ]


# --- Calls ------------------------------------------------------------------------------------


def _local(zone: str, days: int, hour: int) -> datetime:
    today = timezone.now().astimezone(ZoneInfo(zone)).date()
    return datetime.combine(today + timedelta(days=days), time(hour, 0), tzinfo=ZoneInfo(zone))


def ensure_call(*, tenant: Tenant, spec: CallSpec) -> tuple[Call, bool]:
    """The call of ``spec`` with its form, criteria and questions; created where missing."""
    call = Call.objects.filter(slug=spec.slug).first()
    created = call is None
    if call is None:
        opens_at = _local(spec.timezone, *spec.opens)
        deadline = _local(spec.timezone, *spec.deadline)
        call = Call(
            tenant=tenant,
            slug=spec.slug,
            reference=spec.reference,
            kind=spec.kind,
            work_package=spec.work_package,
            title=spec.title,
            summary=spec.summary,
            body=spec.body,
            topics=spec.topics,
            opens_at=opens_at,
            deadline=deadline,
            timezone=spec.timezone,
            budget=spec.budget,
            max_award_per_applicant=spec.max_award,
            expected_awards=spec.expected_awards,
            social_economy_only=True,
            status=spec.status,
            published_at=min(opens_at, timezone.now()) - timedelta(days=7),
            evaluation_deadline=(
                deadline + timedelta(days=spec.evaluation_days_after_deadline)
                if spec.evaluation_days_after_deadline
                else None
            ),
        )
        call.full_clean()
        call.save()
    existing_keys = set(call.fields.values_list("key", flat=True))
    for order, spec_field in enumerate(spec.fields, start=1):
        if spec_field.key in existing_keys:
            continue
        form_field = FormField(
            tenant=tenant,
            call=call,
            key=spec_field.key,
            order=order * 10,
            section=spec_field.section,
            type=spec_field.type,
            label=spec_field.label,
            help=spec_field.help,
            required=spec_field.required,
            options=spec_field.options,
            max_words=spec_field.max_words,
            max_bytes=spec_field.max_bytes,
            allowed_types=spec_field.allowed_types,
            min_value=spec_field.min_value,
            max_value=spec_field.max_value,
            is_requested_amount=spec_field.is_requested_amount,
        )
        form_field.full_clean()
        form_field.save()
    existing_orders = set(call.criteria.values_list("order", flat=True))
    for order, (name, description) in enumerate(spec.criteria, start=1):
        if order not in existing_orders:
            criterion = Criterion(
                tenant=tenant,
                call=call,
                name=name,
                description=description,
                threshold=Decimal("3"),
                order=order,
            )
            criterion.full_clean()
            criterion.save()
    existing_orders = set(call.faq.values_list("order", flat=True))
    for order, (question, answer) in enumerate(spec.faq, start=1):
        if order not in existing_orders:
            item = CallQuestion(
                tenant=tenant, call=call, question=question, answer=answer, order=order
            )
            item.full_clean()
            item.save()
    return call, created


# --- Files ------------------------------------------------------------------------------------


def _pdf_text(text: str) -> bytes:
    """``text`` in the PDF's WinAnsi encoding; letters it lacks lose their accents."""
    encoded = bytearray()
    for character in text:
        try:
            encoded += character.encode("cp1252")
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", character).encode("ascii", "ignore")
            encoded += base or b"?"
    return bytes(encoded).replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def demo_pdf(title: str, paragraphs: list[str]) -> bytes:
    """A small, valid one-page PDF with a title and wrapped text (no rendering engine needed)."""
    lines: list[str] = []
    for paragraph in paragraphs:
        lines += textwrap.wrap(paragraph, width=92) or [""]
        lines.append("")
    stream = b"BT /F1 15 Tf 56 786 Td (" + _pdf_text(title) + b") Tj /F1 10 Tf 14 TL 0 -10 Td"
    for line in lines[:52]:
        stream += b" T* (" + _pdf_text(line) + b") Tj"
    stream += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        output += f"{offset:010d} 00000 n \n".encode()
    output += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(output)


def demo_upload(name: str, title: str, paragraphs: list[str]) -> ContentFile:
    return ContentFile(demo_pdf(title, paragraphs), name=name)


# --- Projects ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Project:
    organisation: str  # key in organisations.demo.ORGANISATIONS
    title: str
    pitch: str
    problem: str
    approach: str
    impact: str
    sector: str
    target_groups: tuple[str, ...]
    transitions: tuple[str, ...]
    readiness: str
    amount: int


# The forty applications to Open Call 1, one per organisation, in the words of applicants.
OC1_PROJECTS: tuple[Project, ...] = (
    Project(
        "officina-cognitiva",
        "Passo dopo passo: tablet work instructions for workers with intellectual disabilities",
        "We will adapt an open-source step-by-step instruction app so that workers with intellectual disabilities can learn assembly and packaging tasks at their own pace.",
        "In our packaging and light-assembly workshop, 15 of our 23 workers have intellectual or cognitive disabilities. New tasks are taught one to one by a job coach, which limits the orders we can accept and keeps people on the same simple tasks for years.",
        "With a robotics lab in Turin we will test picture-and-video instructions on rugged tablets, a camera check at the end of each step, and a dashboard that shows job coaches where each worker needs support.",
        "We expect to halve the training time for new tasks, open two new lines of contract work and offer the tool to the 12 work-integration enterprises of our regional consortium.",
        "work_integration",
        ("people_with_disabilities",),
        ("digital",),
        "trl5",
        48500,
    ),
    Project(
        "recup-mobilier",
        "Meubles en boucle: traceable reused furniture for municipal social services",
        "An online catalogue and traceability system that lets councils and social services order refurbished furniture for families re-housed after homelessness.",
        "Public social services around Charleroi buy new low-cost furniture for about 900 re-housed households a year, while good furniture goes to landfill and our warehouse struggles to match stock with urgent requests.",
        "We will build a catalogue connected to our stock, QR labels that record the origin and repairs of each item, and an ordering channel that fits the councils' framework agreement.",
        "Our target is 1,200 items a year delivered to social services, 150 tonnes of furniture kept out of landfill and six new jobs for long-term unemployed people.",
        "circular_economy",
        ("low_income_households", "long_term_unemployed"),
        ("digital", "green"),
        "trl6",
        47000,
    ),
    Project(
        "bioboden",
        "Vom Hof in die Kantine: cooperative ordering for organic school meals",
        "A shared ordering and logistics platform that lets 28 organic farms supply school and hospital canteens in Lower Bavaria.",
        "Public canteens want regional organic food but cannot deal with dozens of small farms, each with its own price list and delivery days. Our member farms lose these customers to wholesalers.",
        "We will adapt an open-source food-hub platform with pooled ordering, route planning for a shared electric van and the documents public buyers need for sustainable procurement.",
        "In the first year we expect 14 canteens, 2,500 meals a day and 30 % shorter delivery routes, with prices negotiated fairly inside the cooperative.",
        "food_agriculture",
        ("rural_communities", "social_economy_organisations"),
        ("digital", "green"),
        "trl6",
        45000,
    ),
    Project(
        "trame-solidali",
        "Fili di legalità: digital pattern-making for an ethical fashion cooperative",
        "Digital pattern-making and made-to-order production that let our tailoring workshop serve ethical fashion brands with small, sustainable runs.",
        "Our cooperative trains and employs migrant women and young people from Calabria as tailors, but ethical brands expect digital patterns and fast sampling that we cannot offer today.",
        "We will introduce 3D garment design software and a digital cutting table, and train six tailors as pattern makers together with a fashion-technology school in Milan.",
        "We expect to double orders from ethical brands, cut fabric waste by 20 % and create four stable jobs for women at risk of exclusion.",
        "work_integration",
        ("migrants_refugees", "women"),
        ("digital", "green"),
        "trl7",
        39800,
    ),
    Project(
        "mint-werkstatt",
        "MINT-Mobil: a virtual makerspace for rural schools in Rottal-Inn",
        "A mobile makerspace and an online platform that bring robotics, 3D printing and coding workshops to village schools.",
        "Pupils in the rural district of Rottal-Inn travel up to an hour to reach a STEM club. Girls and children from farming families rarely take part, and local firms cannot find apprentices.",
        "We will connect a van equipped as a makerspace with an online booking and learning platform where teachers, pupils and local firms share projects and machines.",
        "Sixty workshops a year in 20 schools, 1,200 pupils of whom at least 40 % girls, and 15 mentors from local companies.",
        "education",
        ("rural_communities",),
        ("digital",),
        "trl7",
        36000,
    ),
    Project(
        "comeragh-enterprise",
        "Copper Coast Digital Hub: shared digital services for rural community enterprises",
        "A shared booking, accounting and online-sales back office for the 25 small community enterprises in our enterprise centre.",
        "The community enterprises around Kilmacthomas are too small to pay for their own IT. Most still book, invoice and sell on paper and lose younger customers and visitors.",
        "We will set up a shared cloud back office, train two local digital officers and give the enterprises a common online shop and visitor booking system.",
        "Twenty enterprises online within a year, 10 % more revenue on average and two new jobs for young people from the area.",
        "culture_tourism",
        ("rural_communities", "social_economy_organisations"),
        ("digital",),
        "trl7",
        42000,
    ),
    Project(
        "rodopski-zanayati",
        "Rodopi crafts online: e-commerce and digital design for a cooperative of people with disabilities",
        "An accessible online shop and digital design tools for the cooperative's woodcarving, textile and ceramics workshops.",
        "Sixty per cent of our 46 members live with a disability. Our traditional crafts sell mostly at fairs and to a few shops, and income fell sharply when the fairs were cancelled.",
        "With a university technology centre in Plovdiv we will build an accessible online shop, photograph and describe our products, and use laser cutting to prepare designs that members finish by hand.",
        "Online sales of EUR 80,000 a year by the end of the second year and eight new jobs for people with disabilities.",
        "work_integration",
        ("people_with_disabilities",),
        ("digital",),
        "trl6",
        33500,
    ),
    Project(
        "pasi-impreuna",
        "Drumul spre job: a mobile skills passport for Roma young people",
        "A mobile app that records the skills young people gain in training and volunteering and matches them with employers in Cluj.",
        "Young Roma people in the informal settlements around Cluj-Napoca have skills that no certificate shows. Employers hesitate to hire them and many give up after the first refusals.",
        "We will co-design with 40 young people a skills-passport app with photo and video evidence confirmed by trainers, and a matching module for the 25 employers in our network.",
        "Three hundred young people with a skills passport and 90 job placements in two years.",
        "work_integration",
        ("young_people_neet", "low_income_households"),
        ("digital",),
        "trl4",
        41000,
    ),
    Project(
        "punti-digitale",
        "Bunicii online: digital inclusion for older people in rural Iași",
        "Simplified tablets and a volunteer help line that let older people in rural Iași county see a doctor online and talk with their families.",
        "In the villages around Iași a third of the inhabitants are over 65. Many live alone while their children work abroad, and the nearest family doctor is often 20 km away.",
        "We will configure tablets with a simplified interface, train 30 young volunteers as digital mentors and pilot remote consultations with two rural family practices.",
        "Four hundred older people using the tablets every week and 1,500 remote consultations in the first year.",
        "care_health",
        ("older_people", "rural_communities"),
        ("digital",),
        "trl6",
        37500,
    ),
    Project(
        "grona-hander",
        "Smarta odlingar: sensor-guided urban farming as a path into work",
        "Sensors and a simple farming app that let our work-integration trainees run urban greenhouses and sell to restaurants in Örebro.",
        "Our trainees are people far from the labour market, often after long sick leave. Horticulture suits them, but our greenhouses do not grow enough to pay for more training places.",
        "We will install soil and climate sensors, automatic irrigation and an app that turns sensor data into daily tasks, and set up ordering for local restaurants.",
        "Twice the harvest, 12 more trainee places a year and 40 % less water per kilogram of vegetables.",
        "food_agriculture",
        ("long_term_unemployed", "people_with_disabilities"),
        ("digital", "green"),
        "trl6",
        44000,
    ),
    Project(
        "entrelazos",
        "Cuidar en red: telecare and shift planning for home-care cooperatives",
        "A telecare and shift-planning platform for our home-care cooperative and three partner cooperatives in Aragón.",
        "We care for 600 older people in Zaragoza and rural Aragón. Our 54 worker-members lose hours every week to phone calls and paper rotas, and families ask for more news about their relatives.",
        "We will adapt an open-source care-management system with route planning, visit records on mobile phones and a family portal, and connect simple fall-detection sensors.",
        "Fifteen per cent more care hours with the same staff, fewer kilometres driven and better working conditions for 150 carers in four cooperatives.",
        "care_health",
        ("older_people", "women"),
        ("digital", "green"),
        "trl7",
        50000,
    ),
    Project(
        "raices-digitales",
        "Aula rural conectada: online vocational training for young people in the Pyrenees",
        "Blended learning and village study rooms that let young people in Somontano and Sobrarbe follow vocational training without moving to the city.",
        "Young people in the Aragonese Pyrenees must move to Huesca or Zaragoza for most vocational courses. Many do not, and the valleys keep losing their youth.",
        "We will open five village study rooms with good connectivity and share a learning platform with two vocational schools, with tutors who meet the students every week.",
        "One hundred and twenty students enrolled in two years, with a completion rate of at least 70 %.",
        "education",
        ("young_people_neet", "rural_communities"),
        ("digital",),
        "trl7",
        35000,
    ),
    Project(
        "reemploi-numerique",
        "Ordis solidaires: refurbished computers with traceable impact for schools",
        "A certified data-wiping and traceability chain for computers donated by companies and given to schools and families.",
        "Companies in Moselle discard thousands of working computers each year because they fear data leaks, while many pupils have no computer at home.",
        "We will deploy certified data wiping, a stock system that records the CO2 saved per device, and an online ordering service for schools and social services.",
        "Three thousand computers refurbished a year, 250 tonnes of CO2 avoided and ten jobs for people in integration pathways.",
        "circular_economy",
        ("low_income_households", "long_term_unemployed"),
        ("digital", "green"),
        "trl7",
        49000,
    ),
    Project(
        "previdencia-solidaria",
        "Mutualidade digital: an online health-savings account for low-income members",
        "A mobile app that lets our 18,000 members manage their health-savings plans and book care at mutual rates.",
        "Our members are mostly retired workers and low-income families in Porto. They queue at our counters to claim reimbursements, and many stop using our services when they move away.",
        "We will build an accessible app and online claims with a fintech partner, and keep a phone line and counters for members who prefer them.",
        "Half of all claims handled online within a year and 2,000 new, younger members.",
        "care_health",
        ("low_income_households", "older_people"),
        ("digital",),
        "trl5",
        50000,
    ),
    Project(
        "bottega-riuso",
        "RAEE in mano: repairing small electronics with people in integration pathways",
        "A repair and resale service for small electronic appliances, run by workers in integration pathways, with an online shop.",
        "Bologna's collection centres receive thousands of small appliances that could be repaired, but repair needs diagnostic skills and a sales channel that we lack.",
        "With an engineering faculty we will set up a diagnostic bench, a repair knowledge base with video guides, and an online shop with a one-year guarantee.",
        "Five thousand appliances repaired a year, 40 tonnes of electronic waste avoided and eight new jobs.",
        "circular_economy",
        ("long_term_unemployed", "people_with_disabilities"),
        ("green",),
        "trl5",
        43000,
    ),
    Project(
        "comunita-aperta",
        "Rete di cura Messina: matching care workers and families on fair terms",
        "A platform that matches families with qualified home-care workers and handles contracts and payroll.",
        "In Messina most home care for older people is informal: migrant care workers work without contracts and families cannot check qualifications.",
        "We will build a matching platform with training records, standard contracts and a payroll service, run together with local trade unions.",
        "Two hundred and fifty regular contracts in two years and 400 families supported.",
        "care_health",
        ("migrants_refugees", "older_people", "women"),
        ("digital",),
        "trl4",
        38000,
    ),
    Project(
        "agrisolidale",
        "Terra Salentina: precision irrigation for a social farming cooperative",
        "Precision irrigation and a shared weather station for olive groves and vegetables grown on land confiscated from organised crime.",
        "Salento suffers from drought and Xylella. Our cooperative farms 40 hectares with workers coming from prison and addiction-recovery pathways and cannot afford to lose a harvest.",
        "We will install soil-moisture sensors and drip irrigation controlled from a phone, and train our workers to run and maintain the system.",
        "Thirty-five per cent less water, steadier harvests and five more places for people in recovery.",
        "food_agriculture",
        ("long_term_unemployed",),
        ("green", "digital"),
        "trl7",
        31000,
    ),
    Project(
        "tejiendo-redes",
        "Despensa rural: a shared online shop for village producers in Teruel",
        "A shared online shop and delivery routes for 40 small producers in the villages of Teruel.",
        "Small producers in depopulated Teruel sell little beyond their village; none of them can afford a website or shipping of their own.",
        "We will open a shared online shop, photograph the products and run a weekly delivery route to València and Zaragoza with a logistics cooperative.",
        "Forty producers online and EUR 150,000 of sales in the first year.",
        "food_agriculture",
        ("rural_communities",),
        ("digital",),
        "trl7",
        29000,
    ),
    Project(
        "energia-comun",
        "Barri solar: energy sharing in a neighbourhood energy community",
        "Smart meters and an energy-sharing app for a community of 300 households and small shops in València.",
        "Energy poverty affects one household in six in our neighbourhood, while our cooperative's solar roofs produce more at midday than members use.",
        "We will install smart meters, an app that tells members when to use energy, and a solidarity fund that gives surplus energy to vulnerable households.",
        "Three hundred households sharing energy, bills 20 % lower and 60 vulnerable families supported.",
        "energy_housing",
        ("low_income_households",),
        ("green", "digital"),
        "trl6",
        50000,
    ),
    Project(
        "mercado-justo",
        "Mercado social digital: a marketplace for Madrid's social economy",
        "A marketplace and social-currency app for the 180 social-economy enterprises of our network.",
        "Social-economy enterprises in Madrid buy little from each other because they do not know what the others offer.",
        "We will build a business and consumer marketplace with a social currency that rewards purchases inside the network.",
        "EUR 500,000 of trade inside the network in the first year.",
        "other",
        ("social_economy_organisations",),
        ("digital",),
        "trl5",
        46000,
    ),
    Project(
        "alimenta-inclusion",
        "Cocina circular: surplus food turned into ready meals",
        "A service that collects unsold food from Seville's markets and turns it into ready meals for social canteens, cooked by people in integration pathways.",
        "Markets in Seville throw away tonnes of fresh food every week, while social canteens struggle with rising food prices.",
        "We will build an app for market stalls to announce surplus, plan a refrigerated collection route and install a blast chiller to keep the meals safe.",
        "Sixty tonnes of food saved and 80,000 meals a year, with 12 trainees a year in the kitchen.",
        "food_agriculture",
        ("low_income_households", "long_term_unemployed"),
        ("green", "digital"),
        "trl6",
        50000,
    ),
    Project(
        "bidasoa-inclusivo",
        "Limpieza inteligente: sensor-based cleaning plans for a work-integration enterprise",
        "Occupancy sensors and picture-based task lists that let our cleaning teams work where cleaning is needed.",
        "Our cleaning contracts with public buildings pay by the hour, leaving our workers in integration jobs with monotonous rounds and clients with uneven quality.",
        "We will place sensors in 12 public buildings, give workers with low literacy a task app with pictograms, and send clients monthly reports.",
        "Twenty per cent fewer wasted hours, 25 % less cleaning product, and certified skills for 40 workers.",
        "work_integration",
        ("long_term_unemployed", "migrants_refugees"),
        ("digital", "green"),
        "trl6",
        40500,
    ),
    Project(
        "atelier-velo",
        "Cargo vélo partagé: refurbished cargo bikes for families and small shops",
        "A booking app for cargo bikes refurbished in our workshop, for families and small shops in Lyon.",
        "Families and small shops in the 9th arrondissement depend on cars for shopping and deliveries, but cannot afford a cargo bike.",
        "We will refurbish 50 cargo bikes, fit them with smart locks and open a booking app with a solidarity rate for low-income households.",
        "A thousand regular users and 120 tonnes of CO2 avoided a year.",
        "mobility",
        ("low_income_households",),
        ("green", "digital"),
        "trl7",
        34000,
    ),
    Project(
        "potagers-du-nord",
        "Potagers connectés: integration-garden vegetables for school canteens",
        "Harvest planning and online ordering that let our integration gardens supply the school canteens of Lille.",
        "Our gardens employ 36 people in integration contracts, but we sell most of the harvest at low prices because we cannot guarantee volumes to canteens.",
        "We will introduce crop-planning software, a shared ordering portal with the city's central kitchen and cold storage.",
        "Twenty tonnes of vegetables a year for 30 school canteens and higher income for the gardens.",
        "food_agriculture",
        ("long_term_unemployed",),
        ("digital", "green"),
        "trl6",
        27500,
    ),
    Project(
        "textiles-en-boucle",
        "Fibre à fibre: sorting used textiles with near-infrared scanning",
        "Near-infrared scanners that sort used textiles by fibre so they can be recycled into new yarn.",
        "Most used clothes collected in the Hauts-de-France cannot be resold and are burnt, because hand sorting cannot tell fibres apart.",
        "With a textile research centre we will test near-infrared fibre identification on our sorting line and train sorters to run it.",
        "Eight hundred tonnes of textiles a year sorted for recycling and twelve sorting jobs made more skilled.",
        "circular_economy",
        ("long_term_unemployed",),
        ("green",),
        "trl5",
        50000,
    ),
    Project(
        "werkplaats-morgen",
        "Cobot-collega: collaborative robots that adapt tasks to workers with disabilities",
        "Collaborative robots and camera checks that take over heavy or precise steps so that workers with disabilities can do complete assembly jobs.",
        "Our sheltered workshop employs 212 people; industrial clients ask for precision and volumes that many of our workers cannot reach without support.",
        "We will test two collaborative robots and camera-based quality checks with a shared engineer, adapting each workstation to the person.",
        "Thirty workers moved to more varied jobs and two new industrial clients.",
        "work_integration",
        ("people_with_disabilities",),
        ("digital",),
        "trl5",
        50000,
    ),
    Project(
        "werkstattkueche",
        "Küche für alle: digital recipes and allergen control in an inclusive kitchen",
        "Picture-based digital recipes and allergen tracking for a catering kitchen where most staff have disabilities.",
        "Our kitchen cooks 1,800 meals a day for schools. Paper recipes and allergen lists are hard to follow for many of our staff and a risk for the children.",
        "We will put kitchen tablets with picture recipes and scales connected to an allergen database on every station.",
        "Fewer errors, allergen documentation for every meal and six more workplaces for people with disabilities.",
        "work_integration",
        ("people_with_disabilities",),
        ("digital",),
        "trl6",
        32000,
    ),
    Project(
        "lastenrad-kooperative",
        "Letzte Meile eG: cargo-bike logistics for Freiburg's old town",
        "A shared micro-depot and dispatch software for cargo-bike deliveries by a workers' cooperative.",
        "Delivery vans block the narrow streets of Freiburg's old town, and local shops cannot offer same-day delivery.",
        "We will set up a micro-depot, dispatch software shared with two other cooperatives and electric cargo bikes with telematics.",
        "A hundred and fifty deliveries a day without vans and eight fairly paid jobs.",
        "mobility",
        ("social_economy_organisations",),
        ("green", "digital"),
        "trl7",
        47500,
    ),
    Project(
        "mestesug-viu",
        "Meșteșug online: Transylvanian crafts with 3D product pages",
        "3D product pages and an online shop for crafts made by women in villages around Sibiu.",
        "The women who work with us weave and carve at home in villages with few jobs; tourists buy in summer, and winter income is almost nothing.",
        "We will photograph products in 3D, open an online shop with international shipping and train ten artisans to manage their own listings.",
        "Year-round income for 25 artisans and EUR 60,000 of online sales in the second year.",
        "culture_tourism",
        ("rural_communities", "women"),
        ("digital",),
        "trl6",
        26000,
    ),
    Project(
        "gustul-vaii",
        "Lanțul scurt: cold chain and online orders for small dairy farmers",
        "A shared cold chain and online ordering for eight family farms selling cheese and vegetables in Târgu Mureș.",
        "Our members sell through middlemen who pay late and little; the farms cannot deliver fresh products to the city on their own.",
        "We will buy a refrigerated van, install temperature sensors and open an online ordering service for households and restaurants.",
        "Forty per cent higher farm-gate prices and 300 regular customers.",
        "food_agriculture",
        ("rural_communities",),
        ("digital", "green"),
        "trl6",
        39000,
    ),
    Project(
        "digital-vardag",
        "Digital vardag: support for people with intellectual disabilities using e-services",
        "Easy-to-read guides and a support service that help people with intellectual disabilities use bank, health and municipal e-services.",
        "Swedish public services are digital first; people with intellectual disabilities depend on relatives or staff to log in, and lose their independence.",
        "We will co-design easy-to-read guides with users, train support staff in municipal group homes and test a simplified identification routine with a bank.",
        "Five hundred users handling their own e-services and a guide used by 20 municipalities.",
        "care_health",
        ("people_with_disabilities",),
        ("digital",),
        "trl5",
        41500,
    ),
    Project(
        "returhuset",
        "Återbruk på nätet: online sales and repair records for a reuse store",
        "An online shop and a repair log for the furniture and household goods our trainees refurbish.",
        "Our reuse store depends on visitors to one shop in Västerås; goods stay on the shelves for weeks and space limits how many trainees we can take.",
        "We will photograph and list goods online, record each repair and the material saved, and offer delivery by electric van.",
        "Twice the sales, 200 tonnes of goods reused a year and 10 more trainee places.",
        "circular_economy",
        ("long_term_unemployed",),
        ("digital", "green"),
        "trl7",
        30500,
    ),
    Project(
        "tecer-futuro",
        "Tear digital: Jacquard design software for a textile social cooperative",
        "Jacquard design software and a digital loom for a weaving cooperative that employs people with disabilities.",
        "Our weavers produce traditional Minho patterns by hand; designers ask for custom patterns and small runs that we cannot produce in time.",
        "We will install Jacquard design software and adapt a digital loom so that each weaver can run it with adapted controls.",
        "Orders from three design brands and eight jobs secured for people with disabilities.",
        "work_integration",
        ("people_with_disabilities", "women"),
        ("digital",),
        "trl6",
        28500,
    ),
    Project(
        "buurtkracht",
        "Buurtkracht app: neighbours helping neighbours save energy",
        "An app and a team of trained neighbours that help low-income households in Zwolle apply energy-saving measures.",
        "Many low-income households in Zwolle live in badly insulated rented homes and do not know what help exists.",
        "We will train 40 energy coaches from the neighbourhood and give them an app to record visits, measures and savings.",
        "A thousand households visited and an average saving of EUR 300 a year per household.",
        "energy_housing",
        ("low_income_households", "older_people"),
        ("green", "digital"),
        "trl5",
        44500,
    ),
    Project(
        "chancenwerk",
        "Reparaturwerk 2.0: a repair service platform run with trainees",
        "A booking platform for household repairs carried out by young trainees, with remote diagnosis by video.",
        "Young people without a school-leaving certificate in Graz struggle to find an apprenticeship, while repair services are scarce and expensive.",
        "We will set up a booking platform, video-based remote diagnosis and a parts inventory, and certify the trainees' repair skills.",
        "Three thousand repairs a year and 40 trainees a year with a recognised certificate.",
        "circular_economy",
        ("long_term_unemployed", "young_people_neet"),
        ("green", "digital"),
        "trl6",
        36500,
    ),
    Project(
        "zielona-przystan",
        "Zielone dachy: green roofs for Gdańsk planted by a social cooperative",
        "Planting and monitoring green roofs on public buildings, with sensors that measure water retention.",
        "Gdańsk suffers from flash floods, and people with disabilities in our cooperative need stable, outdoor work.",
        "We will plant pilot green roofs on four schools, install sensors for rain retention and train our members in maintenance.",
        "Four thousand square metres of green roofs and six new jobs.",
        "energy_housing",
        ("people_with_disabilities", "long_term_unemployed"),
        ("green",),
        "trl6",
        33000,
    ),
    Project(
        "krozenje",
        "Krožni obrok: reusable packaging for takeaway food in Maribor",
        "A deposit system with reusable containers and an app for takeaway food in Maribor restaurants.",
        "Takeaway packaging fills the city's bins, and restaurants see no simple alternative.",
        "We will supply reusable containers, run washing in our social enterprise and track the containers with QR codes in an app.",
        "Thirty restaurants, 200,000 single-use containers avoided a year and four jobs.",
        "circular_economy",
        ("long_term_unemployed",),
        ("green", "digital"),
        "trl6",
        29500,
    ),
    Project(
        "kyklos-kritis",
        "Solar drying of Cretan produce with refugees and local farmers",
        "Solar dryers and a quality-control app that turn unsold Cretan fruit and herbs into dried products.",
        "Cretan farmers discard part of each harvest, while refugees in Heraklion find few jobs.",
        "We will build four solar dryers with an engineering school, monitor drying with sensors and train refugees in food safety.",
        "Twenty tonnes of fruit a year saved and ten jobs for refugees and local young people.",
        "food_agriculture",
        ("migrants_refugees", "rural_communities"),
        ("green",),
        "trl5",
        42500,
    ),
    Project(
        "taitopaja",
        "Taitopaja online: selling the services of a craft workers' cooperative",
        "An online booking platform for the carpentry, sewing and renovation services of our workers' cooperative.",
        "Our members, many of them long-term unemployed before joining, find customers only by word of mouth.",
        "We will build a shared booking and invoicing platform and train members to present their services online.",
        "Half of the members with steady work and 30 % more income for the cooperative.",
        "work_integration",
        ("long_term_unemployed", "social_economy_organisations"),
        ("digital",),
        "trl6",
        24000,
    ),
    Project(
        "zeleni-otok",
        "Zeleni otok: composting and biowaste tracking for island restaurants",
        "Community composting and a biowaste tracking app for restaurants on the islands near Split.",
        "In summer, island restaurants produce tonnes of food waste that is shipped to the mainland at high cost.",
        "We will set up two community composting sites, give restaurants a weighing and tracking app, and sell the compost to local farmers.",
        "Three hundred tonnes of biowaste composted a year and lower waste fees for 40 restaurants.",
        "circular_economy",
        ("rural_communities",),
        ("green", "digital"),
        "trl5",
        37000,
    ),
)

SECTOR_CONTEXT = {
    "care_health": "Demand for care is growing faster than the number of carers, and public services rely more and more on social-economy providers to reach people at home.",
    "education": "Access to training still depends on where people live, and rural areas lose young people who leave to study and do not come back.",
    "work_integration": "Work-integration social enterprises compete with mainstream companies on price and quality while employing people whom other employers turn away; technology that adapts tasks to people is one of the few ways to keep up.",
    "food_agriculture": "Short food chains keep value in the territory, but small producers and social farms lack the logistics and digital channels that larger buyers expect.",
    "circular_economy": "Reuse and repair create local jobs that cannot move abroad, yet the sector depends on information about products and materials that is rarely recorded.",
    "energy_housing": "Rising energy costs hit low-income households hardest, and community-led action is one of the few ways to share the benefits of the green transition fairly.",
    "culture_tourism": "Crafts and local tourism sustain many small communities, but most of their sales still happen face to face and in a short season.",
    "mobility": "Vans and cars crowd city centres, while cycle logistics and shared vehicles remain a niche that few small operators can organise alone.",
    "other": "Social-economy enterprises are many but small, and they rarely trade with one another even when they could meet each other's needs.",
}
TRANSITION_SENTENCES = {
    (
        "digital",
    ): "The solution is mainly digital: it changes how we plan, document and deliver our work.",
    ("green",): "The main benefit is environmental: less waste, water, energy or transport.",
    (
        "digital",
        "green",
    ): "The project serves both transitions: the digital tools make the environmental gains measurable and lasting.",
    (
        "green",
        "digital",
    ): "The project serves both transitions: the digital tools make the environmental gains measurable and lasting.",
}
PARTNER_SENTENCES = (
    "We will choose the technology provider by comparing at least three offers, and we keep the right to reuse the solution in other social enterprises.",
    "We work with a university technology-transfer office that has tested similar tools, and the results will be published under an open licence.",
    "Our technology partner is a small software company with experience in accessible design; the people we support test every version.",
    "We will document the set-up step by step so that other members of our network can replicate it at lower cost.",
)
TEAM_SENTENCES = (
    "The organisation has managed regional and ESF-funded projects before, and the coordinator has led a comparable change in our daily operations.",
    "People from our target group take part in design and testing and are paid for their time.",
    "An external evaluator will review the results at the end of the project.",
    "Our board follows the project at every meeting and has set aside staff time for it in the annual plan.",
)
READINESS_WORDS = {
    "trl3": "a proof of concept",
    "trl4": "a prototype validated in the lab",
    "trl5": "a prototype validated in a setting like ours",
    "trl6": "a solution demonstrated in a setting like ours",
    "trl7": "a solution already running elsewhere",
}
TARGET_WORDS = {option["value"]: option["label"]["en"].lower() for option in TARGET_GROUPS}
BUDGET_DESCRIPTIONS = {
    "staff": "Project coordinator and staff time for design, testing and training",
    "equipment": "Devices and equipment for the pilot",
    "external_services": "Technology provider: adaptation, set-up and support",
    "travel": "Visits to the technology partner and exchange with peer organisations",
    "other": "Training material, communication and the audit certificate",
}


def _budget(amount: int, rng: random.Random) -> list[dict[str, str]]:
    """Rows that add up to ``amount`` exactly, in a plausible split across the categories."""
    weights = {
        "staff": rng.uniform(32, 48),
        "equipment": rng.uniform(8, 25),
        "external_services": rng.uniform(18, 35),
        "travel": rng.uniform(2, 5),
        "other": rng.uniform(3, 8),
    }
    total_weight = sum(weights.values())
    amounts = {
        category: int(amount * weight / total_weight / 10) * 10
        for category, weight in weights.items()
        if category != "other"
    }
    # Rounding down leaves the remainder to the last category, so the rows sum to the amount.
    amounts["other"] = amount - sum(amounts.values())
    return [
        {
            "category": category,
            "description": BUDGET_DESCRIPTIONS[category],
            "amount": f"{value}.00",
        }
        for category, value in amounts.items()
    ]


def project_answers(
    *, project: Project, organisation: Organisation, start: date, seed: int
) -> dict[str, Any]:
    """Complete answers to the grant form for ``project``, in the applicant's words."""
    rng = random.Random(seed)
    groups = [TARGET_WORDS[group] for group in project.target_groups]
    team_size = max(3, min(organisation.staff_headcount, rng.randint(3, 12)))
    answers: dict[str, Any] = {
        "project_title": project.title,
        "project_summary": f"{project.pitch} {project.impact}",
        "country_of_activity": str(organisation.country),
        "sector": project.sector,
        "start_date": start.isoformat(),
        "social_challenge": " ".join(
            [
                project.problem,
                SECTOR_CONTEXT[project.sector],
                f"The project works first of all with {', '.join(groups[:-1]) + ' and ' if len(groups) > 1 else ''}{groups[-1]}, "
                f"whom {organisation.display_name} has served since {organisation.founding_year}.",
            ]
        ),
        "target_groups": list(project.target_groups),
        "solution": " ".join(
            [
                project.approach,
                TRANSITION_SENTENCES[project.transitions],
                f"Today the solution is {READINESS_WORDS[project.readiness]}; at the end of the "
                "project it will be in use in our daily work, with real users.",
                PARTNER_SENTENCES[seed % len(PARTNER_SENTENCES)],
                project.impact,
            ]
        ),
        "transitions": list(project.transitions),
        "technology_readiness": project.readiness,
        "team": " ".join(
            [
                f"{organisation.legal_representative_name} ({organisation.legal_representative_role}) "
                f"leads the project for {organisation.display_name}, which has "
                f"{organisation.staff_headcount} staff. The project team has {team_size} people: a project "
                "coordinator, staff who work with our users every day, and specialists of the "
                "technology partner.",
                TEAM_SENTENCES[seed % len(TEAM_SENTENCES)],
                TEAM_SENTENCES[(seed + 1) % len(TEAM_SENTENCES)],
            ]
        ),
        "team_size": str(team_size),
        "budget": _budget(project.amount, rng),
        "declaration_honour": True,
        "declaration_no_double_funding": True,
        "declaration_data_protection": True,
    }
    if seed % 3 == 0:
        answers["own_contribution"] = (
            f"{int(project.amount * rng.uniform(0.05, 0.2) / 100) * 100}.00"
        )
    return answers


def project_files(*, project: Project, organisation: Organisation) -> dict[str, ContentFile]:
    """The CV bundle and the work plan of ``project``, as small PDFs."""
    cv = demo_upload(
        "key-staff-cvs.pdf",
        f"Key staff — {organisation.display_name}",
        [
            f"{organisation.legal_representative_name}, {organisation.legal_representative_role}. "
            f"With {organisation.display_name} since {max(organisation.founding_year, 2000)}; "
            "responsible for strategy, partnerships and the organisation's EU-funded projects.",
            "Project coordinator. Twelve years in the social economy; has coordinated three "
            "regional projects on digital inclusion and work integration.",
            "Technology lead (technology partner). Software engineer with experience in "
            "accessible design and open-source platforms.",
        ],
    )
    work_plan = demo_upload(
        "work-plan.pdf",
        f"Work plan — {project.title}",
        [
            "Months 1–2. Needs analysis and co-design sessions with users and staff.",
            "Months 3–6. Adaptation of the solution with the technology partner; first tests.",
            "Months 7–10. Pilot in daily operations; training of staff and users.",
            "Months 11–12. Evaluation, documentation and a plan to transfer the solution.",
            f"Milestones: M2 requirements agreed; M6 first version in use; M10 pilot report; "
            f"M12 final report. Expected result: {project.impact}",
        ],
    )
    return {"cv": cv, "work_plan": work_plan}


# --- Applications -----------------------------------------------------------------------------


def _owner(organisation: Organisation) -> Any:
    member = (
        OrganisationMember.objects.filter(organisation=organisation, role=MemberRole.OWNER)
        .select_related("user")
        .order_by("created_at", "pk")
        .first()
    )
    assert member is not None, f"{organisation} has no owner"
    return member.user


def _attach_at(
    *,
    application: Application,
    upload: ContentFile,
    user: Any,
    form_field: FormField,
) -> Attachment:
    # The demo's submitted applications were filed before the deadline: no deadline check.
    return attachment_store(application=application, user=user, field=form_field, upload=upload)


def _submitted_application(
    *,
    call: Call,
    fields: list[FormField],
    organisation: Organisation,
    project: Project,
    submitted_at: datetime,
    seed: int,
) -> Application:
    """A submitted application as ``application_submit`` leaves it, at ``submitted_at``.

    Written directly because the call closed weeks ago: the receipt number comes from the
    call's counter and the hash from the services' own function, as a real submission's do.
    """
    user = _owner(organisation)
    start = (call.deadline + timedelta(days=100)).date().replace(day=1)
    answers = project_answers(project=project, organisation=organisation, start=start, seed=seed)
    application = Application(
        tenant=call.tenant,
        call=call,
        organisation=organisation,
        created_by=user,
        form_version=call.form_version,
        language="en",
        answers=answers,
    )
    application.full_clean()
    application.save()
    by_key = {form_field.key: form_field for form_field in fields}
    attachments = [
        _attach_at(
            application=application,
            upload=upload,
            user=user,
            form_field=by_key[key],
        )
        for key, upload in project_files(project=project, organisation=organisation).items()
    ]
    _derive(application, fields)
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = submitted_at
    application.receipt_number = call_next_receipt_number(call=call)
    application.content_sha256 = content_hash(application, attachments)
    application.submitted_answers = application.answers
    application.version = 2 + len(attachments) + 1
    application.save()
    started_at = submitted_at - timedelta(days=4 + seed % 20, hours=seed % 7)
    Application.objects.filter(pk=application.pk).update(
        created_at=started_at, updated_at=submitted_at
    )
    Attachment.objects.filter(application=application).update(
        created_at=submitted_at - timedelta(hours=2)
    )
    SubmissionAttempt.objects.create(
        tenant=call.tenant, application=application, user=user, at=submitted_at, outcome="submitted"
    )
    audit_log(
        actor=user,
        verb="application.submitted",
        target=application,
        data={
            "receipt_number": application.receipt_number,
            "sha256": application.content_sha256,
            "demo": True,
        },
    )
    return application


def _submission_times(call: Call, count: int) -> list[datetime]:
    """When the applications arrived: a few early, most in the last two days (a deadline rush)."""
    rng = random.Random(2026)
    times = []
    for _ in range(count):
        hours_before = min(rng.expovariate(1 / 30), 24 * 60)
        seconds = max(int(hours_before * 3600), 45 + rng.randint(0, 600))
        times.append(call.deadline - timedelta(seconds=seconds))
    return sorted(times)


def seed_closed_call(*, call: Call, organisations: dict[str, Organisation]) -> int:
    """Forty submitted applications to the closed call; returns how many were added."""
    done = set(Application.objects.filter(call=call).values_list("organisation_id", flat=True))
    fields = list(call.fields.all())
    times = _submission_times(call, len(OC1_PROJECTS))
    # Receipt numbers follow the time of arrival, which is not the order of the list.
    arrival = list(OC1_PROJECTS)
    random.Random(40).shuffle(arrival)
    added = 0
    for index, (project, submitted_at) in enumerate(zip(arrival, times, strict=True)):
        organisation = organisations[project.organisation]
        if organisation.pk in done:
            continue
        _submitted_application(
            call=call,
            fields=fields,
            organisation=organisation,
            project=project,
            submitted_at=submitted_at,
            seed=index,
        )
        added += 1
    return added


NEARLY_COMPLETE = Project(
    "filo-verde",
    "Verde in rete: sensor-based planning for public green-space maintenance",
    "Soil and tree sensors and a planning app that let our type-B cooperative maintain public parks where and when care is needed, and report results to the municipalities.",
    "Filo Verde maintains 180 hectares of public parks for three municipalities in the province of Modena with 68 workers, 40 % of them from disadvantaged groups. Contracts pay fixed rounds, so teams mow and water by calendar instead of need; drought summers kill young trees, and the municipalities have no data to judge quality.",
    "With an agronomy department and a small software company we will place soil-moisture and tree-health sensors in 12 parks, plan the rounds in an app that workers can use with pictograms, and give the municipalities a public dashboard. The consortium of type-B cooperatives we belong to will test the dashboard for a joint tender.",
    "We expect 30 % less irrigation water, half the losses of young trees, and a model that the 28 cooperatives of our consortium can use in joint tenders with social clauses.",
    "circular_economy",
    ("long_term_unemployed", "people_with_disabilities"),
    ("green", "digital"),
    "trl6",
    54800,
)


def seed_applicant_drafts(
    *,
    open_call: Call,
    voucher_call: Call,
    organisations: dict[str, Organisation],
    users: dict[str, Any],
) -> int:
    """Drafts by applicant@example.org, through the services; returns how many were added."""
    applicant = users.get(APPLICANT_EMAIL)
    if applicant is None:
        return 0
    added = 0
    filo_verde = organisations["filo-verde"]
    if not Application.objects.filter(call=open_call, organisation=filo_verde).exists():
        # Nearly complete: everything but the work plan and the three declarations.
        draft = application_start(
            call=open_call, organisation=filo_verde, user=applicant, language="en"
        )
        start = (open_call.deadline + timedelta(days=75)).date().replace(day=1)
        answers = project_answers(
            project=NEARLY_COMPLETE, organisation=filo_verde, start=start, seed=7
        )
        for key in (
            "declaration_honour",
            "declaration_no_double_funding",
            "declaration_data_protection",
        ):
            answers.pop(key)
        draft = application_save_draft(
            application=draft, user=applicant, answers=answers, version=draft.version
        )
        application_attach(
            application=draft,
            user=applicant,
            field_key="cv",
            upload=project_files(project=NEARLY_COMPLETE, organisation=filo_verde)["cv"],
        )
        added += 1
    officina = organisations["officina-cognitiva"]
    if not Application.objects.filter(call=open_call, organisation=officina).exists():
        draft = application_start(
            call=open_call, organisation=officina, user=applicant, language="it"
        )
        application_save_draft(
            application=draft,
            user=applicant,
            answers={
                "project_title": "Passo dopo passo 2: dal laboratorio alle aziende clienti",
                "project_summary": (
                    "Dopo lo studio di fattibilità, portiamo le istruzioni di lavoro su tablet "
                    "nelle aziende clienti, dove i nostri lavoratori con disabilità intellettiva "
                    "lavorano in distacco."
                ),
                "country_of_activity": "IT",
                "sector": "work_integration",
            },
            version=draft.version,
        )
        added += 1
    if not Application.objects.filter(call=voucher_call, organisation=officina).exists():
        draft = application_start(
            call=voucher_call, organisation=officina, user=applicant, language="en"
        )
        application_save_draft(
            application=draft,
            user=applicant,
            answers={
                "service_category": "impact_measurement",
                "training_need": (
                    "Our clients and the region ask for evidence of the employment outcomes of our "
                    "workers. We want two staff members trained to measure and report social impact "
                    "with a recognised method."
                ),
                "participants": "2",
            },
            version=draft.version,
        )
        added += 1
    return added


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """Calls and applications of both demo programmes; returns a one-line summary."""
    organisations = demo_organisations(users=users)
    socialtech = tenants["socialtech4eu"]
    with tenant_context(socialtech):
        calls = {}
        new_calls = 0
        for spec in socialtech_calls():
            calls[spec.slug], created = ensure_call(tenant=socialtech, spec=spec)
            new_calls += created
        submitted = seed_closed_call(call=calls[CLOSED_CALL_SLUG], organisations=organisations)
        drafts = seed_applicant_drafts(
            open_call=calls[OPEN_CALL_SLUG],
            voucher_call=calls[VOUCHER_CALL_SLUG],
            organisations=organisations,
            users=users,
        )
        total_submitted = Application.objects.filter(
            call=calls[CLOSED_CALL_SLUG], submitted_at__isnull=False
        ).count()
    democluster = tenants.get("democluster")
    if democluster is not None:
        with tenant_context(democluster):
            for spec in democluster_calls():
                _call, created = ensure_call(tenant=democluster, spec=spec)
                new_calls += created
    return (
        f"{len(calls)} calls in socialtech4eu and 1 in democluster ({new_calls} new); "
        f"OC1 in evaluation with {total_submitted} submitted applications ({submitted} new); "
        f"{drafts} new drafts by {APPLICANT_EMAIL}"
    )
