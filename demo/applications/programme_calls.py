"""The calls of both demo programmes, and how a call is made or completed from its spec
(looked up by slug; a published call's form is left as it is).
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from calls.builder import services as call_services
from calls.guidance.models import CallQuestion
from calls.models import Call, CallKind, CallStatus, WorkPackage
from calls.work_packages.services import work_package_save
from demo.applications.grant_calls import (
    GRANT_CRITERIA,
    OC2_BODY_EN,
    OC2_BODY_IT,
    OC2_FAQ,
    oc1_body,
)
from demo.applications.grant_form import grant_form
from demo.applications.other_forms import acceleration_form, microgrant_form, voucher_form
from demo.applications.specs import (
    CLOSED_CALL_SLUG,
    DEMOCLUSTER_CALL_SLUG,
    OPEN_CALL_SLUG,
    PILOT_CALL_SLUG,
    UPCOMING_CALL_SLUG,
    VOUCHER_CALL_SLUG,
    CallSpec,
    t,
)
from socialtech.tenancy.models import Tenant

# Each programme's own work packages: (code, names by language).
SOCIALTECH_WORK_PACKAGES: list[tuple[str, dict[str, str]]] = [
    ("wp2", {"en": "WP2 Mapping and auditing", "it": "WP2 Mappatura e audit"}),
    ("wp3", {"en": "WP3 Upskilling", "it": "WP3 Sviluppo delle competenze"}),
    ("wp4", {"en": "WP4 Connect to innovate", "it": "WP4 Connessione per l'innovazione"}),
    ("wp5", {"en": "WP5 Acceleration", "it": "WP5 Accelerazione"}),
    ("wp6", {"en": "WP6 Dissemination", "it": "WP6 Disseminazione"}),
]
DEMOCLUSTER_WORK_PACKAGES: list[tuple[str, dict[str, str]]] = [
    ("neighbourhoods", {"en": "Neighbourhood innovation", "es": "Innovación en los barrios"}),
    ("learning", {"en": "Community learning", "es": "Aprendizaje comunitario"}),
]


def ensure_work_packages(*, specs: list[tuple[str, dict[str, str]]]) -> int:
    """The active programme's work packages of ``specs``, created where missing; returns how
    many were new."""
    existing = set(WorkPackage.objects.values_list("code", flat=True))
    created = 0
    for order, (code, name) in enumerate(specs, start=1):
        if code not in existing:
            work_package_save(by=None, code=code, name=name, order=order * 10)
            created += 1
    return created


def socialtech_calls() -> list[CallSpec]:
    return [
        CallSpec(
            slug=OPEN_CALL_SLUG,
            reference="OC2",
            kind=CallKind.GRANT,
            work_package="wp4",
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
            work_package="wp3",
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
            work_package="wp5",
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
            work_package="wp4",
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
            body=oc1_body(),
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
        CallSpec(
            slug=PILOT_CALL_SLUG,
            reference="CP1",
            kind=CallKind.GRANT,
            work_package="wp4",
            title=t(
                "Community tech pilots",
                "Progetti pilota di tecnologia per le comunità",
                "Pilotos tecnológicos comunitarios",
                "Technik-Pilotprojekte für Gemeinschaften",
                "Proiecte-pilot tehnologice comunitare",
                "Tekniska pilotprojekt i lokalsamhället",
                "Projets pilotes technologiques communautaires",
            ),
            summary=t(
                "Grants of up to EUR 50,000 to pilot a technology with the community it serves. Closed; the experts are about to be assigned.",
                "Contributi fino a 50.000 EUR per sperimentare una tecnologia con la comunità a cui è destinata. Chiuso; gli esperti stanno per essere assegnati.",
                "Ayudas de hasta 50.000 EUR para probar una tecnología con la comunidad a la que sirve. Cerrada; los expertos se asignarán en breve.",
                "Zuschüsse bis 50.000 EUR, um eine Technologie mit der Gemeinschaft zu erproben, der sie dient. Geschlossen; die Gutachter werden demnächst zugeteilt.",
                "Granturi de până la 50.000 EUR pentru a testa o tehnologie împreună cu comunitatea căreia îi este destinată. Închis; experții urmează să fie repartizați.",
                "Bidrag på upp till 50 000 euro för att pröva en teknik tillsammans med de människor den är till för. Stängd; experterna fördelas snart.",
                "Subventions jusqu'à 50 000 EUR pour tester une technologie avec la communauté qu'elle sert. Clôturé ; les experts vont être attribués.",
            ),
            body={
                "en": (
                    "## Community tech pilots\n\n"
                    "Grants for social-economy organisations that pilot a digital or green "
                    "solution together with the people it is meant for, over up to twelve "
                    "months.\n\n"
                    "The call is closed. The applications have been screened for eligibility; the "
                    "independent experts have accepted to evaluate and will be assigned next.\n"
                ),
                "it": (
                    "## Progetti pilota di tecnologia per le comunità\n\n"
                    "Contributi per le organizzazioni dell'economia sociale che sperimentano una "
                    "soluzione digitale o verde insieme alle persone a cui è destinata, per un "
                    "massimo di dodici mesi.\n\n"
                    "Il bando è chiuso. L'ammissibilità delle domande è stata verificata; gli "
                    "esperti indipendenti hanno accettato di valutarle e saranno assegnati a breve.\n"
                ),
            },
            topics=["pilot", "community", "social economy"],
            timezone="Europe/Brussels",
            opens=(-70, 9),
            deadline=(-10, 17),
            status=CallStatus.CLOSED,
            budget=Decimal("300000.00"),
            max_award=Decimal("50000.00"),
            expected_awards=6,
            fields=grant_form(Decimal("50000.00")),
            criteria=GRANT_CRITERIA,
            evaluation_days_after_deadline=35,
        ),
    ]


def democluster_calls() -> list[CallSpec]:
    return [
        CallSpec(
            slug=DEMOCLUSTER_CALL_SLUG,
            reference="MG1",
            kind=CallKind.GRANT,
            work_package="neighbourhoods",
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
    """The call of ``spec`` with its form, criteria and questions; created where missing.

    A new call is made as staff would: a draft through ``call_create``, its questions,
    criteria and FAQ through the calls services, then put where the demo's story has it
    (published, open, closed or in evaluation) with a publication date a week before it
    opened. No service moves a call into a past state, so that last step is a plain write.
    """
    call = Call.objects.filter(slug=spec.slug).first()
    created = call is None
    if call is None:
        opens_at = _local(spec.timezone, *spec.opens)
        deadline = _local(spec.timezone, *spec.deadline)
        call = call_services.call_create(
            by=None,
            slug=spec.slug,
            reference=spec.reference,
            kind=spec.kind,
            work_package=WorkPackage.objects.get(code=spec.work_package),
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
            evaluation_deadline=(
                deadline + timedelta(days=spec.evaluation_days_after_deadline)
                if spec.evaluation_days_after_deadline
                else None
            ),
        )
    existing_keys = set(call.fields.values_list("key", flat=True))
    for order, spec_field in enumerate(spec.fields, start=1):
        if spec_field.key in existing_keys:
            continue
        call_services.form_field_save(
            call=call,
            by=None,
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
    existing_orders = set(call.criteria.values_list("order", flat=True))
    for order, (name, description) in enumerate(spec.criteria, start=1):
        if order not in existing_orders:
            call_services.criterion_save(
                call=call,
                by=None,
                name=name,
                description=description,
                threshold=Decimal("3"),
                order=order,
            )
    existing_orders = set(call.faq.values_list("order", flat=True))
    for order, (question, answer) in enumerate(spec.faq, start=1):
        if order not in existing_orders:
            # ``call_question_save`` names the row it changes ``question``, so the text of
            # a question cannot be passed to it: the FAQ is written directly.
            item = CallQuestion(
                tenant=tenant, call=call, question=question, answer=answer, order=order
            )
            item.full_clean()
            item.save()
    if created:
        call.refresh_from_db()
        call.status = spec.status
        call.published_at = min(call.opens_at, timezone.now()) - timedelta(days=7)
        call.full_clean()
        call.save(update_fields=["status", "published_at", "updated_at"])
    return call, created
