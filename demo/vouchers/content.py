"""What the demo's vouchers are about: the accredited providers in the partners' countries,
the digital audit voucher call whose results are published, and what its applicants asked.

Providers' profiles are in their own words (English, as they wrote them for a European
directory); the applicants' needs are short, as the voucher form asks.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from calls.models import CallKind, CallStatus
from demo.applications.grant_calls import GRANT_CRITERIA
from demo.applications.other_forms import voucher_form
from demo.applications.specs import CallSpec, t
from demo.organisation_spec import MEDIUM_TURNOVER, SMALL, DemoOrganisation
from organisations.models import LegalForm as F
from organisations.models import SocialEconomyType as T
from vouchers.models import ServiceCategory as C

PROVIDER_EMAIL = "provider@example.org"


@dataclass(frozen=True)
class ProviderSpec:
    organisation: DemoOrganisation
    profile: str
    languages: tuple[str, ...]
    countries: tuple[str, ...]
    references: str
    services: dict[str, tuple[tuple[str, str], ...]]  # category -> (service, price)
    state: str = "accredited"  # accredited, applied, suspended
    owned_by_provider_account: bool = False


def _company(
    key: str,
    legal_name: str,
    country: str,
    city: str,
    address: str,
    postcode: str,
    representative: str,
    role: str,
    vat: str,
    *,
    legal_form: str = F.LIMITED_COMPANY,
    social: str = T.NOT_SOCIAL_ECONOMY,
    founded: int = 2012,
    staff: int = 14,
) -> DemoOrganisation:
    return DemoOrganisation(
        key=key,
        legal_name=legal_name,
        country=country,
        legal_form=legal_form,
        national_legal_form="",
        social_economy_type=social,
        founding_year=founded,
        staff_headcount=staff,
        address_line1=address,
        postcode=postcode,
        city=city,
        legal_representative_name=representative,
        legal_representative_role=role,
        vat_number=vat,
        bands=MEDIUM_TURNOVER if staff > 20 else SMALL,
    )


PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec(
        organisation=_company(
            "nordic-impact-advisors",
            "Nordic Impact Advisors AB",
            "SE",
            "Göteborg",
            "Kungsgatan 41",
            "411 19",
            "Lena Andersson",
            "Verkställande direktör",
            "SE509403454201",
            staff=9,
        ),
        profile=(
            "We help social enterprises measure and grow their impact and move their work to "
            "digital tools that fit small teams. Our consultants have run digital audits for "
            "more than sixty cooperatives and WISEs in the Nordic countries and the Baltics."
        ),
        languages=("sv", "en"),
        countries=("SE", "FI", "DK", "NO"),
        references=(
            "Göteborgs Återbruk ekonomisk förening: digital audit and tool plan, 2025\n"
            "Malmö Mat Kooperativ: impact measurement framework, 2024\n"
            "Fair Jobs Uppsala: training in shared calendars and rostering, 2024"
        ),
        services={
            C.DIGITAL_AUDIT: (
                ("Digital audit of a team of up to 30 people, report and plan", "4200.00"),
                ("Follow-up day three months after the audit", "950.00"),
            ),
            C.TRAINING: (
                ("Two-day training: shared calendars, documents and rostering", "2400.00"),
            ),
        },
        owned_by_provider_account=True,
    ),
    ProviderSpec(
        organisation=_company(
            "digitalwerk-beratung",
            "DigitalWerk Beratung GmbH",
            "DE",
            "Leipzig",
            "Karl-Liebknecht-Straße 88",
            "04275",
            "Tobias Krüger",
            "Geschäftsführer",
            "DE368229367",
            staff=22,
        ),
        profile=(
            "Independent IT consultancy for non-profits and social enterprises: digital "
            "audits following the EDIH digital maturity questionnaire, data protection "
            "reviews and technology feasibility studies before investment."
        ),
        languages=("de", "en"),
        countries=("DE", "AT"),
        references=(
            "Werkstatt Nord eG: feasibility of a shared booking platform, 2025\n"
            "Lebenshilfe Sachsen gGmbH: digital maturity assessment, 2024"
        ),
        services={
            C.DIGITAL_AUDIT: (("Digital maturity audit with the DMA questionnaire", "3900.00"),),
            C.TECHNOLOGY_FEASIBILITY: (("Technology feasibility study, four weeks", "4800.00"),),
        },
    ),
    ProviderSpec(
        organisation=_company(
            "verde-consulenza",
            "Verde Consulenza Società Benefit S.r.l.",
            "IT",
            "Bologna",
            "Via Zamboni 33",
            "40126",
            "Chiara Lombardi",
            "Amministratrice unica",
            "IT06232860129",
            legal_form=F.LIMITED_PROFIT_COMPANY,
        ),
        profile=(
            "Environmental consultants for cooperatives and small enterprises: energy "
            "audits, carbon footprint, circular-economy plans and the paperwork for green "
            "certifications."
        ),
        languages=("it", "en"),
        countries=("IT",),
        references=(
            "Cooperativa Sociale Il Germoglio: carbon footprint and reduction plan, 2025\n"
            "Consorzio Solidarietà Emilia: energy audit of four sites, 2024"
        ),
        services={
            C.GREEN_CONSULTING: (
                ("Energy audit and reduction plan for one site", "3600.00"),
                ("Carbon footprint (scopes 1 and 2) with a reduction plan", "4400.00"),
            ),
        },
    ),
    ProviderSpec(
        organisation=_company(
            "asesoria-social-iberica",
            "Asesoría Social Ibérica S.L.",
            "ES",
            "Valencia",
            "Calle de Colón 18",
            "46004",
            "Javier Ortega",
            "Administrador único",
            "ESB76658947",
        ),
        profile=(
            "Lawyers and business advisers for the social economy: legal form changes, "
            "statutes of social enterprises and cooperatives, business models and access to "
            "public procurement with reserved contracts."
        ),
        languages=("es", "en", "fr"),
        countries=("ES", "PT"),
        references=(
            "Cooperativa La Huerta Común: conversion to a social initiative cooperative, 2025\n"
            "Fundación Integra Levante: bidding for reserved contracts, 2024"
        ),
        services={
            C.LEGAL_BUSINESS_MODEL: (
                ("Business model review and financing plan", "3800.00"),
                ("Statutes and legal form advice", "2600.00"),
            ),
        },
    ),
    ProviderSpec(
        organisation=_company(
            "competente-digitale",
            "Competențe Digitale SRL",
            "RO",
            "Cluj-Napoca",
            "Strada Memorandumului 21",
            "400114",
            "Andrei Mureșan",
            "Administrator",
            "RO21164928",
        ),
        profile=(
            "Training provider accredited for adult education: digital skills for staff of "
            "social enterprises, from office tools to online sales."
        ),
        languages=("ro", "en"),
        countries=("RO", "MD"),
        references="Asociația Ateliere Fără Frontiere: training of 18 staff, 2025",
        services={C.TRAINING: (("Digital skills course, 5 days, up to 12 people", "3000.00"),)},
        state="applied",
    ),
    ProviderSpec(
        organisation=_company(
            "atelier-numerique-bruxelles",
            "Atelier Numérique Bruxelles SRL",
            "BE",
            "Bruxelles",
            "Rue de la Loi 155",
            "1040",
            "Sophie Lambert",
            "Gérante",
            "BE0326811113",
        ),
        profile=(
            "Web and automation studio working with associations and social enterprises in "
            "Brussels and Wallonia."
        ),
        languages=("fr", "en"),
        countries=("BE", "LU"),
        references="Les Petits Riens ASBL: online shop, 2023",
        services={C.DIGITAL_AUDIT: (("Website and online sales audit", "2800.00"),)},
        state="suspended",
    ),
)
SUSPENSION_REASON = (
    "Two beneficiaries reported that the audit reports were not delivered; accreditation is "
    "suspended until the provider shows the missing reports."
)

AUDIT_CALL_SLUG = "digital-audit-vouchers-2026"

AUDIT_CALL = CallSpec(
    slug=AUDIT_CALL_SLUG,
    reference="V0",
    kind=CallKind.VOUCHER,
    work_package="wp3",
    title=t(
        "Digital and green audit vouchers 2026",
        "Voucher per audit digitali e verdi 2026",
        "Bonos para auditorías digitales y verdes 2026",
        "Gutscheine für Digital- und Umwelt-Audits 2026",
        "Vouchere pentru audituri digitale și verzi 2026",
        "Checkar för digitala och gröna revisioner 2026",
        "Chèques pour des audits numériques et verts 2026",
    ),
    summary=t(
        "Vouchers of up to EUR 4,000 for a digital audit, an energy audit or advice on the business model from an accredited provider. Closed; vouchers issued.",
        "Voucher fino a 4.000 EUR per un audit digitale, un audit energetico o una consulenza sul modello di business da un fornitore accreditato. Chiuso; voucher emessi.",
        "Bonos de hasta 4.000 EUR para una auditoría digital, una auditoría energética o asesoramiento sobre el modelo de negocio de un proveedor acreditado. Cerrada; bonos emitidos.",
        "Gutscheine bis 4.000 EUR für ein Digital-Audit, ein Energie-Audit oder eine Geschäftsmodellberatung durch einen akkreditierten Anbieter. Geschlossen; Gutscheine ausgegeben.",
        "Vouchere de până la 4.000 EUR pentru un audit digital, un audit energetic sau consultanță privind modelul de afaceri de la un furnizor acreditat. Închis; vouchere emise.",
        "Checkar på upp till 4 000 euro för en digital revision, en energirevision eller rådgivning om affärsmodellen från en ackrediterad leverantör. Stängd; checkar utfärdade.",
        "Chèques jusqu'à 4 000 EUR pour un audit numérique, un audit énergétique ou un conseil sur le modèle économique auprès d'un prestataire accrédité. Clôturé ; chèques émis.",
    ),
    body={
        "en": (
            "## Audit vouchers\n\n"
            "A voucher of up to EUR 4,000 pays 75 % of a digital audit, an energy audit or "
            "advice on the business model, delivered by a provider accredited by "
            "SocialTech4EU. Your organisation pays the other 25 % to the provider.\n\n"
            "## Results\n\n"
            "The call is closed and its results are published. The selected organisations "
            "have received their vouchers, valid for twelve months, and are choosing their "
            "providers.\n"
        )
    },
    topics=["digital audit", "energy audit", "business model"],
    timezone="Europe/Brussels",
    opens=(-150, 9),
    deadline=(-120, 17),
    # Put in evaluation; the seeding publishes the results through the results service.
    status=CallStatus.EVALUATION,
    budget=Decimal("48000.00"),
    max_award=Decimal("4000.00"),
    expected_awards=12,
    fields=voucher_form(),
    criteria=GRANT_CRITERIA,
    evaluation_days_after_deadline=20,
)

# (organisation key, service wanted, need, participants, value requested, de minimis declared),
# in the order of merit; the comment says where the demo takes each voucher.
AUDIT_APPLICANTS: tuple[tuple[str, str, str, int, str, str], ...] = (
    # provider chosen, awaiting the provider's answer (provider@example.org's to answer)
    (
        "officina-cognitiva",
        "digital_skills",
        "Our 23 staff use four different tools for rosters and client notes. We need an audit of "
        "what we use and a plan to move to one shared system before a new municipal contract.",
        12,
        "4000",
        "35000",
    ),
    # issued, not used yet (the applicant can choose a provider)
    (
        "filo-verde",
        "green_skills",
        "We maintain parks with two old vans and a leaking greenhouse. An energy audit would tell "
        "us which to fix first with the money we have.",
        6,
        "3600",
        "0",
    ),
    # in delivery
    (
        "bioboden",
        "digital_skills",
        "Our organic box scheme takes orders by phone and paper lists. We want to know whether an "
        "online order system is feasible for our 400 members.",
        5,
        "4000",
        "12000",
    ),
    # delivered, confirmed by both: the provider is to claim
    (
        "trame-solidali",
        "digital_skills",
        "The cooperative's tailoring workshop needs a digital audit before it sells online.",
        8,
        "3800",
        "0",
    ),
    # claim submitted: staff to verify
    (
        "mint-werkstatt",
        "digital_skills",
        "We teach STEM to rural children from a van; our bookings and parents' consents are on "
        "paper. We need an audit and a plan.",
        4,
        "4000",
        "20000",
    ),
    # claim sent back for changes
    (
        "punti-digitale",
        "green_skills",
        "Our repair café wants an energy audit of the workshop and the shop.",
        6,
        "3600",
        "0",
    ),
    # claim verified: finance to reimburse
    (
        "grona-hander",
        "digital_skills",
        "Our gardeners' rosters change every week; an audit of our tools would help us choose one.",
        10,
        "4000",
        "0",
    ),
    # reimbursed
    (
        "entrelazos",
        "business_model",
        "We are changing from an association to a social initiative cooperative and need advice on "
        "the statutes and the business plan.",
        3,
        "3800",
        "45000",
    ),
    # cancelled by staff
    (
        "pasi-impreuna",
        "digital_skills",
        "We need a digital audit of our day centre's records.",
        5,
        "3000",
        "0",
    ),
    # expired unused
    (
        "recup-mobilier",
        "green_skills",
        "An energy audit of the furniture workshop and the warehouse.",
        7,
        "3600",
        "0",
    ),
    # issued, expiring within 30 days: warned
    (
        "raices-digitales",
        "digital_skills",
        "Our farm-to-school programme needs an audit of its ordering and delivery tools.",
        4,
        "3500",
        "0",
    ),
    # main list, but the de minimis ceiling refuses the voucher
    (
        "comeragh-enterprise",
        "business_model",
        "Advice on the business model of our community enterprise centre.",
        2,
        "4000",
        "298500",
    ),
)
