"""The words of the demo news and events, from the programme's own pages and the GECES
report on clusters of social and ecological innovation (2021)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PostSpec:
    slug: str
    title: str
    summary: str
    body: str
    language: str = "en"
    published: bool = True


@dataclass(frozen=True)
class EventSpec:
    slug: str
    title: str
    description: str
    format: str
    location: str
    online_url: str
    days_from_today: int
    start_hour: int
    hours: int
    capacity: int | None


POSTS = (
    PostSpec(
        slug="kick-off-meeting",
        title="SocialTech4EU kick-off meeting",
        summary=(
            "Six partners from Italy, Romania, Sweden, Germany, Spain and Belgium met to start "
            "24 months of support for digital and green business models in the social economy."
        ),
        body=(
            "<p>On 21 September 2022 the kick-off meeting of SocialTech4EU took place. During "
            "the upcoming 24 months, the six project partners will focus on supporting digital "
            "and green business models in social economy enterprises.</p>"
            "<p>In Europe the social economy is made up of about 500,000 enterprises employing "
            "2,000,000 people, a crucial actor in the labour-market integration of "
            "disadvantaged groups and in the twin transition.</p>"
            "<p>The partners discussed the open calls for social economy enterprises: grants "
            "for feasibility studies, vouchers for training and professional services, and an "
            "acceleration programme.</p>"
        ),
    ),
    PostSpec(
        slug="clusters-of-social-and-ecological-innovation",
        title="What clusters of social and ecological innovation do for their members",
        summary=(
            "The GECES report on 30 clusters across the EU: shared services, access to public "
            "procurement and cooperation between social enterprises, researchers and local "
            "authorities."
        ),
        body=(
            "<p>The European Commission's expert group on the social economy (GECES) studied "
            "30 clusters of social and ecological innovation (CSEI) in 2019–2021.</p>"
            "<ul><li>They bring social enterprises, research centres, local authorities and "
            "conventional businesses together on one territory.</li>"
            "<li>They offer shared services: training, business support, access to finance "
            "and to public and private procurement.</li>"
            "<li>Many work on industrial and urban regeneration, rural regeneration, "
            "labour-market inclusion and ecological transition.</li></ul>"
            "<p>Our mapping survey asks the programme's clusters the same questions, so their "
            "answers can be compared.</p>"
        ),
    ),
    PostSpec(
        slug="training-vouchers-open",
        title="Training vouchers: courses for your team, paid by the programme",
        summary=(
            "Social enterprises selected in the voucher call can now book tutored courses "
            "from accredited providers and pay with a training voucher."
        ),
        body=(
            "<p>Up-skilling is one of the programme's work packages: staff of social "
            "enterprises learn how technology can make their services and operations more "
            "effective and inclusive.</p>"
            "<p>Free courses are in the course library. Tutored courses by accredited "
            "providers are paid with a training voucher: choose a course, book your place, "
            "and the provider claims the voucher after delivery.</p>"
        ),
    ),
    PostSpec(
        slug="feasibility-call-results",
        title="Feasibility study grants: results of the second open call",
        summary="Draft: the list of funded projects is published once the redress window closes.",
        body="<p>The evaluation of the second open call is complete. Results to follow.</p>",
        published=False,
    ),
)

WEBINAR = EventSpec(
    slug="webinar-digital-tools-for-social-enterprises",
    title="Webinar: digital tools for social enterprises",
    description=(
        "<p>One hour on the digital tools that help a social enterprise work better: shared "
        "calendars and rotas, online bookkeeping, and measuring social impact with simple "
        "data.</p><p>With examples from cooperatives in Sweden and Italy, and time for "
        "questions.</p>"
    ),
    format="online",
    location="",
    online_url="https://meet.socialtech4eu.example.org/digital-tools",
    days_from_today=12,
    start_hour=14,
    hours=1,
    capacity=150,
)
WORKSHOP = EventSpec(
    slug="workshop-social-procurement-brussels",
    title="Workshop: winning public contracts with social clauses",
    description=(
        "<p>A hands-on morning for social enterprises that want to bid for public "
        "contracts with social and environmental clauses, with procurers from Brussels "
        "municipalities.</p><p>Seats are few so that every team gets feedback on its "
        "own tender.</p>"
    ),
    format="on_site",
    location="ENSIE, Rue Botanique 75, 1210 Brussels, Belgium",
    online_url="",
    days_from_today=26,
    start_hour=9,
    hours=4,
    capacity=3,
)
PAST_EVENT = EventSpec(
    slug="cluster-managers-meeting-turin",
    title="Cluster managers' meeting in Turin",
    description=(
        "<p>Cluster managers from the six partner regions shared how they orchestrate "
        "their ecosystems and which services their members use most.</p>"
    ),
    format="hybrid",
    location="Torino Social Impact, Via Nizza 150, 10126 Turin, Italy",
    online_url="https://meet.socialtech4eu.example.org/cluster-managers",
    days_from_today=-40,
    start_hour=10,
    hours=6,
    capacity=40,
)
