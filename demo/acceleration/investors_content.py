"""The demo directory: invented European social-impact investors, crowdfunding platforms
and public procurers (plausible, not real firms; contacts are example.org addresses)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class EntrySpec:
    slug: str
    kind: str
    name: str
    description: str
    countries: tuple[str, ...]
    sectors: tuple[str, ...]
    languages: tuple[str, ...]
    instruments: tuple[str, ...]
    contact_name: str
    contact_email: str
    website: str
    ticket_min: Decimal | None = None
    ticket_max: Decimal | None = None
    buys: str = ""
    procedures: str = ""
    published: bool = True
    tags: tuple[str, ...] = field(default=())


ENTRIES: tuple[EntrySpec, ...] = (
    EntrySpec(
        slug="ponte-capitale-sociale",
        kind="investor",
        name="Ponte Capitale Sociale",
        description=(
            "An evergreen impact fund backed by Italian banking foundations. It invests in "
            "social cooperatives and benefit companies that create jobs for people far from "
            "the labour market, and stays with them for seven to ten years."
        ),
        countries=("IT", "MT", "SI"),
        sectors=("work integration", "care", "social housing"),
        languages=("it", "en"),
        instruments=("equity", "quasi_equity", "debt"),
        ticket_min=Decimal("150000"),
        ticket_max=Decimal("1500000"),
        contact_name="Chiara Benedetti",
        contact_email="investimenti@ponte-capitale.example.org",
        website="https://ponte-capitale.example.org",
    ),
    EntrySpec(
        slug="nordkap-impact-partners",
        kind="investor",
        name="Nordkap Impact Partners",
        description=(
            "A Nordic venture fund for digital ventures with measurable social outcomes: "
            "inclusion, elderly care technology and the green transition of public services."
        ),
        countries=("SE", "DK", "FI", "NO"),
        sectors=("digital inclusion", "care technology", "climate"),
        languages=("en", "sv"),
        instruments=("equity",),
        ticket_min=Decimal("300000"),
        ticket_max=Decimal("3000000"),
        contact_name="Johan Ekström",
        contact_email="deals@nordkap-impact.example.org",
        website="https://nordkap-impact.example.org",
    ),
    EntrySpec(
        slug="credit-cooperatif-economie-sociale",
        kind="investor",
        name="Caisse Coopérative pour l'Économie Sociale",
        description=(
            "A cooperative lender for associations, cooperatives and social enterprises: "
            "working-capital loans, investment loans and guarantees backed by the EU's "
            "social investment window."
        ),
        countries=("FR", "BE", "LU"),
        sectors=("social economy", "circular economy", "local services"),
        languages=("fr", "en"),
        instruments=("debt", "guarantee"),
        ticket_min=Decimal("25000"),
        ticket_max=Decimal("750000"),
        contact_name="Élodie Marchand",
        contact_email="financement@ccess.example.org",
        website="https://ccess.example.org",
    ),
    EntrySpec(
        slug="impacto-iberia-rbf",
        kind="investor",
        name="Impacto Ibérico Revenue Fund",
        description=(
            "Revenue-based financing for Spanish and Portuguese social enterprises with "
            "recurring income: repayments follow sales, with no dilution."
        ),
        countries=("ES", "PT"),
        sectors=("education", "health", "rural development"),
        languages=("es", "en"),
        instruments=("revenue_based", "grant"),
        ticket_min=Decimal("50000"),
        ticket_max=Decimal("400000"),
        contact_name="Lucía Ferrer",
        contact_email="hola@impacto-iberico.example.org",
        website="https://impacto-iberico.example.org",
    ),
    EntrySpec(
        slug="gemeinsam-crowd",
        kind="crowdfunding",
        name="GemeinsamCrowd",
        description=(
            "A regulated crowdfunding platform (ECSP licence) for social and ecological "
            "businesses: subordinated loans from citizens, typically raised in six weeks."
        ),
        countries=("DE", "AT"),
        sectors=("renewable energy", "inclusion", "food"),
        languages=("de", "en"),
        instruments=("crowdfunding", "debt"),
        ticket_min=Decimal("20000"),
        ticket_max=Decimal("500000"),
        contact_name="Lena Hoffmann",
        contact_email="projekte@gemeinsamcrowd.example.org",
        website="https://gemeinsamcrowd.example.org",
    ),
    EntrySpec(
        slug="civicseed",
        kind="crowdfunding",
        name="CivicSeed",
        description=(
            "Reward and equity crowdfunding for citizen-led projects, with a matching fund "
            "from partner foundations for campaigns that reach half their goal."
        ),
        countries=("FR", "BE", "NL"),
        sectors=("community", "culture", "circular economy"),
        languages=("fr", "en"),
        instruments=("crowdfunding", "equity"),
        ticket_min=Decimal("5000"),
        ticket_max=Decimal("150000"),
        contact_name="Thomas Lemaire",
        contact_email="campagnes@civicseed.example.org",
        website="https://civicseed.example.org",
    ),
    EntrySpec(
        slug="raccolta-comune",
        kind="crowdfunding",
        name="Raccolta Comune",
        description="An Italian lending platform for cooperatives, being onboarded.",
        countries=("IT",),
        sectors=("cooperatives",),
        languages=("it",),
        instruments=("crowdfunding",),
        ticket_min=Decimal("10000"),
        ticket_max=Decimal("300000"),
        contact_name="Marco Galli",
        contact_email="info@raccolta-comune.example.org",
        website="https://raccolta-comune.example.org",
        published=False,
    ),
    EntrySpec(
        slug="valdoria-health-social-care",
        kind="procurer",
        name="Region of Valdoria — Health and Social Care Procurement",
        description=(
            "The regional purchasing body for home care, care homes and social services, "
            "opening its tenders to social enterprises through reserved contracts."
        ),
        countries=("IT",),
        sectors=("home care", "elderly care", "disability"),
        languages=("it", "en"),
        instruments=("innovation_procurement", "public_procurement"),
        buys=(
            "Home-care scheduling and remote monitoring services; accessible transport; "
            "meals for people living alone."
        ),
        procedures=(
            "Reserved contracts (Article 20, Directive 2014/24/EU); innovation partnership; "
            "market consultations twice a year."
        ),
        contact_name="Dott.ssa Anna Rinaldi",
        contact_email="acquisti.sociali@valdoria.example.org",
        website="https://valdoria.example.org/procurement",
    ),
    EntrySpec(
        slug="lindholm-digital-inclusion",
        kind="procurer",
        name="Municipality of Lindholm — Digital Inclusion Unit",
        description=(
            "A mid-sized municipality buying services that help older residents and "
            "newcomers use public e-services."
        ),
        countries=("SE",),
        sectors=("digital inclusion", "integration"),
        languages=("sv", "en"),
        instruments=("innovation_procurement",),
        buys="Digital skills training, assisted e-service desks, accessible apps.",
        procedures="Pre-commercial procurement; dynamic purchasing system.",
        contact_name="Karin Nyberg",
        contact_email="upphandling@lindholm.example.org",
        website="https://lindholm.example.org",
    ),
    EntrySpec(
        slug="villaverde-innovation-office",
        kind="procurer",
        name="Villaverde City Council — Innovation Procurement Office",
        description=(
            "The city's office for buying what does not exist yet: it runs challenges with "
            "social enterprises on circular waste and local food."
        ),
        countries=("ES",),
        sectors=("circular economy", "local food", "waste"),
        languages=("es", "en"),
        instruments=("innovation_procurement", "public_procurement"),
        buys="Textile and furniture reuse services; school-canteen supply from local producers.",
        procedures="Innovation partnership; open procedure with social clauses.",
        contact_name="Javier Molina",
        contact_email="compra.innovadora@villaverde.example.org",
        website="https://villaverde.example.org/innovacion",
    ),
)
