"""The demo's challenges and technology offers: who posts them and what they say."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class ChallengeSpec:
    organisation: str  # the demo organisation's key (demo.organisations)
    title: str
    problem: str
    target_group: str
    sector: str
    country: str
    languages: tuple[str, ...]
    budget: tuple[str, str]
    tags: tuple[str, ...]
    published: bool = True

    @property
    def budget_min(self) -> Decimal:
        return Decimal(self.budget[0])

    @property
    def budget_max(self) -> Decimal:
        return Decimal(self.budget[1])


@dataclass(frozen=True)
class OfferSpec:
    provider: str  # the legal name of a demo provider organisation (demo.vouchers.content)
    provider_type: str
    title: str
    description: str
    technologies: tuple[str, ...]
    sectors: tuple[str, ...]
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    references: str


CHALLENGES: tuple[ChallengeSpec, ...] = (
    ChallengeSpec(
        organisation="bioboden",
        title="Safe days on the farm for older people living alone",
        problem=(
            "Eleven member farms host older people from the villages of Lower Bavaria for day "
            "care among animals and gardens. Most guests live alone; families and the farmers "
            "worry about falls on the yard and about the evenings at home. We want simple "
            "alarms and check-ins that work with patchy mobile coverage and that a 80-year-old "
            "will actually wear."
        ),
        target_group="Older people living alone in rural Lower Bavaria, and their care farms",
        sector="care_health",
        country="DE",
        languages=("de", "en"),
        budget=("15000.00", "45000.00"),
        tags=("telecare", "fall detection", "sensors", "rural", "elderly care"),
    ),
    ChallengeSpec(
        organisation="trame-solidali",
        title="Repairs and requests for tenants of social housing",
        problem=(
            "We manage 420 flats of social housing in Bari for the municipality. Tenants report "
            "broken heating or lifts by phone or in person; requests get lost and nobody knows "
            "when the technician comes. We need a simple way for tenants (many older, some "
            "not speaking Italian well) to report, follow and rate repairs."
        ),
        target_group="Tenants of public and social housing, many of them older or migrants",
        sector="housing",
        country="IT",
        languages=("it", "en"),
        budget=("20000.00", "60000.00"),
        tags=("tenant services", "repairs", "mobile app", "accessibility"),
    ),
    ChallengeSpec(
        organisation="mint-werkstatt",
        title="STEM afternoons for children in villages without a makerspace",
        problem=(
            "Our workshops in Pfarrkirchen are full, but children from the surrounding villages "
            "cannot come twice a week. We look for kits and remote sessions that a volunteer in "
            "a village school can run, with a booking system parents can use on a phone."
        ),
        target_group="Children aged 8 to 14 in rural Rottal-Inn and their volunteer tutors",
        sector="education",
        country="DE",
        languages=("de",),
        budget=("8000.00", "25000.00"),
        tags=("stem", "education kits", "remote sessions", "booking", "rural"),
    ),
    ChallengeSpec(
        organisation="recup-mobilier",
        title="An online shop for the furniture we save from the tip",
        problem=(
            "We collect 900 tonnes of furniture a year in Brussels and sell it repaired in two "
            "shops. Half of what we could sell never reaches a buyer in time. We want an online "
            "reuse marketplace with stock taken by phone photo, delivery slots and reservations."
        ),
        target_group="Low-income households and students furnishing a home in Brussels",
        sector="ecological",
        country="BE",
        languages=("fr", "nl"),
        budget=("30000.00", "70000.00"),
        tags=("reuse", "marketplace", "inventory", "circular economy"),
    ),
    ChallengeSpec(
        organisation="pasi-impreuna",
        title="Matching people with disabilities to local employers",
        problem=(
            "We coach 140 people with disabilities a year in Cluj-Napoca into work. Employers "
            "call us with vacancies, and we match them from memory and spreadsheets. We need a "
            "tool that keeps each person's skills, adjustments and wishes, and suggests matches."
        ),
        target_group="Jobseekers with disabilities and inclusive employers in Cluj county",
        sector="labour_inclusion",
        country="RO",
        languages=("ro", "en"),
        budget=("10000.00", "30000.00"),
        tags=("job matching", "accessibility", "case management"),
    ),
    ChallengeSpec(
        organisation="officina-cognitiva",
        title="Tablets that train memory for people with intellectual disabilities",
        problem=(
            "Our day centre in Turin uses paper exercises for cognitive training. We would like "
            "tablet exercises our educators can adapt to each person, with progress they can "
            "show families, and that work offline in the workshop."
        ),
        target_group="Adults with intellectual disabilities at our day centre and workshop",
        sector="care_health",
        country="IT",
        languages=("it",),
        budget=("12000.00", "35000.00"),
        tags=("cognitive training", "tablets", "accessibility", "offline"),
        published=False,  # awaiting the staff's review
    ),
)


OFFERS: tuple[OfferSpec, ...] = (
    OfferSpec(
        provider="Nordic Impact Advisors AB",
        provider_type="company",
        title="Telecare kits for rural care: alarms, fall detection and check-ins",
        description=(
            "We deploy wearable alarms, fall detection sensors and a daily check-in call for "
            "people living alone, over LTE-M and LoRaWAN where mobile coverage is weak. Set-up, "
            "training for care staff and one year of monitoring included; social enterprises "
            "pay a reduced rate."
        ),
        technologies=("telecare", "fall detection", "sensors", "lorawan", "elderly care"),
        sectors=("care_health", "rural_regeneration"),
        countries=("SE", "DE", "AT", "IT"),
        languages=("sv", "en", "de"),
        references=(
            "Telecare for 60 homes of the Jämtland home-care cooperative, 2024\n"
            "Pilot with two Bavarian care farms, 2025"
        ),
    ),
    OfferSpec(
        provider="Verde Consulenza Società Benefit S.r.l.",
        provider_type="social_tech",
        title="Tenant portal and repair tracking for housing providers",
        description=(
            "A tenant portal in eight languages, with repair requests by photo or voice, "
            "appointment slots and ratings, linked to the technicians' phones. Built with "
            "tenant associations; accessible to WCAG 2.1 AA."
        ),
        technologies=("tenant services", "repairs", "mobile app", "accessibility"),
        sectors=("housing", "urban_regeneration"),
        countries=("IT", "ES"),
        languages=("it", "es", "en"),
        references="Portal for 1,200 flats of a housing cooperative in Bologna, 2023",
    ),
    OfferSpec(
        provider="DigitalWerk Beratung GmbH",
        provider_type="research_centre",
        title="STEM kits and remote lab sessions for schools and youth clubs",
        description=(
            "Microcontroller and robotics kits with lesson plans for volunteers, and remote "
            "lab sessions streamed from our lab twice a week; a booking page for parents."
        ),
        technologies=("stem", "education kits", "remote sessions", "robotics"),
        sectors=("education",),
        countries=("DE", "AT"),
        languages=("de", "en"),
        references="Kits in 35 rural schools of Upper Austria, 2024",
    ),
    OfferSpec(
        provider="Atelier Numérique Bruxelles SRL",
        provider_type="company",
        title="Reuse marketplace software with stock taken by phone",
        description=(
            "An online shop built for reuse centres: each item photographed and priced from a "
            "phone, reservations, delivery slots and a stock shared between shops."
        ),
        technologies=("reuse", "marketplace", "inventory", "e-commerce"),
        sectors=("ecological", "waste"),
        countries=("BE", "FR", "NL"),
        languages=("fr", "nl", "en"),
        references="Online shop of a Walloon reuse network, 14 shops, 2022",
    ),
    OfferSpec(
        provider="Competențe Digitale SRL",
        provider_type="technology_transfer",
        title="Accessible job matching from the Cluj university's lab",
        description=(
            "A job-matching tool developed with the university's technology transfer office: "
            "skills and adjustments per person, suggestions for each vacancy, screen-reader "
            "friendly."
        ),
        technologies=("job matching", "accessibility", "case management"),
        sectors=("labour_inclusion",),
        countries=("RO", "BG"),
        languages=("ro", "en"),
        references="Used by two employment NGOs in Cluj and Sibiu since 2023",
    ),
)

INTEREST_MESSAGE = (
    "Our telecare kits work with LoRaWAN on farms with weak coverage; we ran a pilot with two "
    "Bavarian care farms last year and would like to help your guests."
)
THREAD = (
    ("challenge", "Thank you! Could the wristband also call the farmer, not only the family?"),
    ("offer", "Yes: each alarm can ring up to three numbers in turn. Shall we visit a farm?"),
)
