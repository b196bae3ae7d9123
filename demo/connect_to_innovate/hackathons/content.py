"""The words of the demo hackathons: the Social Innovation Hackathon of September 2023 on a
historic farm in rural Lower Bavaria (16 social enterprises from across Europe, team coaches,
40 Bavarian sparring partners from the creative industries, design thinking, the region as a
living lab), and an upcoming hackathon in Turin that is open for sign-up. The enterprises
are the demo organisations; the people are invented."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChallengeSpec:
    organisation: str  # the key of a demo organisation
    title: str
    problem: str
    help_wanted: str
    skills: tuple[str, ...]
    outcome: str
    next_steps: str
    plans_to_apply: bool | None


PAST_SLUG = "social-innovation-hackathon-2023"
PAST_TITLE = "Social Innovation Hackathon"
PAST_SUMMARY = (
    "A weekend on a historic farm in rural Lower Bavaria: 16 social enterprises from across "
    "Europe, experienced team coaches and 40 Bavarian sparring partners from the creative "
    "industries worked on the enterprises' missions with design thinking."
)
PAST_DESCRIPTION = (
    "The surrounding rural region served the teams' missions as a living lab, with "
    "practitioners of every kind, citizens and businesses, to interview and test with.\n\n"
    "Friday evening: the enterprises present their missions and the teams meet. Saturday: "
    "understand, observe and define with people from the villages around the farm; ideas "
    "and first prototypes. Sunday: test the prototypes in the region and present them."
)
PAST_PLACE = "Historic farm near Geisenhausen, Lower Bavaria (district of Landshut), Germany"
PAST_ZONE = "Europe/Berlin"

UPCOMING_SLUG = "social-tech-hackathon-torino"
UPCOMING_TITLE = "Social Tech Hackathon Torino"
UPCOMING_SUMMARY = (
    "Two days in Turin for social enterprises with a digital or green challenge: bring yours, "
    "or join as a team coach or sparring partner from design, tech or business."
)
UPCOMING_DESCRIPTION = (
    "Hosted with the social impact ecosystem of Turin. Each accepted challenge gets a team of "
    "a coach and three to four sparring partners; the teams work with design thinking and "
    "present a tested prototype and a plan for the next three months.\n\n"
    "Teams that want to go further are shown the programme's open calls for grants and "
    "vouchers."
)
UPCOMING_PLACE = "Via Ventimiglia 201, 10127 Torino, Italy"
UPCOMING_ZONE = "Europe/Rome"

CHALLENGES: tuple[ChallengeSpec, ...] = (
    ChallengeSpec(
        "zorgdorp",
        "Elderly care on working farms",
        "Older people in Drenthe want to stay in the countryside, but care homes are in the "
        "towns. Farms have room and daily rhythm, yet farmers do not know how to offer care "
        "days safely or how to be paid for them.",
        "A service model for care days on farms that municipalities can buy, and a simple "
        "way for families to book them.",
        ("social_impact", "design", "business"),
        "A service blueprint for a 'care day on the farm' tested with two Bavarian farmers and "
        "a day-care nurse; a paper prototype of the booking page.",
        "Run three pilot care days on a member farm in spring; talk to the municipality of "
        "Aa en Hunze about a purchase agreement.",
        True,
    ),
    ChallengeSpec(
        "buurtkracht",
        "Tenant services for social housing",
        "Tenants of social housing in Zwolle report repairs by phone and wait weeks; small "
        "jobs that neighbours could do are never done, and isolated tenants go unnoticed.",
        "A tenant service that lets neighbours offer and ask for small help, with the housing "
        "association in the loop.",
        ("design", "tech", "communication"),
        "A clickable prototype of a neighbourhood help board tested with tenants of a housing "
        "cooperative in Landshut; the association's staff see requests they must handle.",
        "Present the prototype to the housing association deltaWonen; look for a developer "
        "through the programme's technology vouchers.",
        True,
    ),
    ChallengeSpec(
        "mint-werkstatt",
        "STEM offers for children in villages",
        "Children in the villages of the Rottal have no maker space or coding club within an "
        "hour by bus; our workshop in Pfarrkirchen reaches only families who can drive.",
        "A mobile STEM offer that comes to village schools and clubs, and a way to train "
        "local volunteers to run it.",
        ("creative", "tech", "facilitation"),
        "A 'maker box on wheels' concept with three workshop formats, tried with eleven "
        "children at the farm's open day; a volunteer handbook outline.",
        "Build the first box with a local carpenter; apply with the district for a school "
        "pilot in two villages.",
        True,
    ),
    ChallengeSpec(
        "agrisolidale",
        "Social farming that pays its way",
        "Our social farm employs people in recovery, but our vegetable boxes cost more than "
        "the supermarket's and subscriptions drop every winter.",
        "A subscription offer and a story that keeps customers through the winter.",
        ("marketing", "communication", "business"),
        "A winter box with preserves made by the team, and short portraits of the growers; "
        "tested with 30 visitors of the farm's market.",
        "Launch the winter box in November with 60 subscribers as the target.",
        False,
    ),
    ChallengeSpec(
        "bioboden",
        "Farmers and young people for soil",
        "Our cooperative's organic farms in Lower Bavaria cannot find young workers; young "
        "people in the towns do not see farming as a future.",
        "A format that brings young people to the farms and keeps them in touch afterwards.",
        ("creative", "communication", "social_impact"),
        "A 'soil weekend' for apprentices with a photo story format, prototyped with the "
        "farm's neighbours and two vocational-school teachers.",
        "Hold the first soil weekend with the vocational school of Landshut.",
        None,
    ),
    ChallengeSpec(
        "nachbarschaftshilfe-digital",
        "Digital help for neighbourly help",
        "Our volunteers coordinate help for older neighbours through a paper list and phone "
        "calls; people drop out because they never know where they are needed.",
        "A simple tool that matches requests and volunteers without excluding the offline.",
        ("tech", "design", "data"),
        "A matching flow where requests come in by phone or app and volunteers get a weekly "
        "digest; tested with the farm village's volunteer fire brigade.",
        "Compare two open-source tools and pilot one with 20 volunteers.",
        True,
    ),
    ChallengeSpec(
        "recup-mobilier",
        "Furniture reuse for public buyers",
        "Councils want reused furniture, but their tenders ask for catalogues and guarantees "
        "that a workshop of reuse cannot give.",
        "A catalogue and an offer that fits public procurement.",
        ("design", "business", "marketing"),
        "A modular catalogue of refurbished office furniture with a guarantee scheme; a "
        "draft tender clause discussed with a procurement officer of the district.",
        "Meet the procurement service of Liège with the catalogue.",
        True,
    ),
    ChallengeSpec(
        "trame-solidali",
        "An ethical fashion brand people find",
        "Our cooperative's garments are made by women leaving violence; our online shop has "
        "few visitors and the story gets lost.",
        "A brand story and a shop that sells.",
        ("creative", "marketing", "communication"),
        "A new brand story told by the makers, and three product pages rewritten and tested "
        "with shoppers from Munich.",
        "Shoot the makers' portraits and relaunch the shop before Christmas.",
        False,
    ),
    ChallengeSpec(
        "comeragh-enterprise",
        "A rural hub that people use",
        "Our enterprise centre has desks and fast broadband, but remote workers in the valley "
        "do not know it or do not come.",
        "An offer and a community around the hub.",
        ("design", "facilitation", "marketing"),
        "Personas of remote workers and a 'first Friday' community format, tested on the "
        "farm's coworking barn.",
        "Run four first Fridays and count who comes back.",
        None,
    ),
    ChallengeSpec(
        "rodopski-zanayati",
        "Crafts from the Rhodopes online",
        "Our members make traditional crafts in mountain villages; they sell at fairs only and "
        "cannot handle orders online.",
        "A shared way to take orders online that members can run themselves.",
        ("tech", "business", "design"),
        "A shared order process with one coordinator and a simple product sheet; tested with "
        "a craft shop in Landshut.",
        "Train two members as order coordinators; apply for a digital voucher.",
        True,
    ),
    ChallengeSpec(
        "pasi-impreuna",
        "Jobs for young people leaving care",
        "Young people who leave care homes at 18 in Iași lose all support and rarely keep a "
        "first job.",
        "A mentoring format with employers.",
        ("social_impact", "facilitation", "communication"),
        "A buddy scheme with local employers and a first-month guide written with two young "
        "people of the region.",
        "Sign up five employers for the buddy scheme.",
        True,
    ),
    ChallengeSpec(
        "punti-digitale",
        "Digital skills for older people in villages",
        "Older people in Romanian villages cannot use e-government services; the nearest "
        "help is in town.",
        "A way for village libraries to teach digital skills.",
        ("facilitation", "design", "tech"),
        "A card-based course of eight sessions tested with seniors of the farm's village.",
        "Print the cards and train librarians of five villages.",
        True,
    ),
    ChallengeSpec(
        "grona-hander",
        "Green spaces maintained by a work-integration team",
        "Our work-integration cooperative maintains parks, but the municipality buys on "
        "price only and we lose tenders.",
        "A way to show the social value of our work to the buyer.",
        ("data", "communication", "business"),
        "A one-page social value report with three indicators, drafted with the team.",
        "Test the report in the next tender of Örebro municipality.",
        True,
    ),
    ChallengeSpec(
        "entrelazos",
        "Inclusive catering that scales",
        "Our catering employs people with disabilities; orders come by e-mail and planning is "
        "done on paper, so we cannot take larger events.",
        "A planning and order tool adapted to our team.",
        ("tech", "design", "social_impact"),
        "An easy-read weekly planning board and an order form, tested with the team's coordinator.",
        "Build the board in a no-code tool with a volunteer developer.",
        None,
    ),
    ChallengeSpec(
        "raices-digitales",
        "Rural young people as digital makers",
        "Young people in rural Aragón leave for the cities; the few tech jobs go to outsiders.",
        "A programme that trains rural young people as digital makers for local businesses.",
        ("tech", "creative", "business"),
        "A 'digital maker apprenticeship' with local businesses as clients, shaped with young "
        "people from the farm's village.",
        "Find three local businesses as first clients.",
        True,
    ),
    ChallengeSpec(
        "werkstattkueche",
        "Less food waste in an inclusive kitchen",
        "Our inclusive kitchen throws away a fifth of what it cooks; the team has no way to "
        "plan portions.",
        "A simple forecast and a way to sell what is left.",
        ("data", "design", "marketing"),
        "A pre-order card for regular guests and a 'left-over box' sold at 15:00, tested "
        "with the farm's kitchen.",
        "Measure waste for four weeks with the pre-order card.",
        False,
    ),
)

# The demo organisation whose challenge waits for a decision in the upcoming hackathon.
UPCOMING_CHALLENGE = ChallengeSpec(
    "energie-citoyenne",
    "Citizens' energy for social housing",
    "Our citizens' energy cooperative produces solar power, but tenants of social housing "
    "cannot join: they own no roof and cannot pay the share.",
    "A membership model for tenants and the housing company.",
    ("business", "finance", "communication"),
    "",
    "",
    None,
)

FIRST_NAMES = (
    "Anna", "Maximilian", "Theresa", "Korbinian", "Magdalena", "Florian", "Veronika", "Sebastian",
    "Franziska", "Quirin", "Johanna", "Benedikt", "Kathrin", "Leonhard", "Lena", "Michael",
    "Sophia", "Josef", "Marlene", "Tobias",
)  # fmt: skip
LAST_NAMES = ("Huber", "Gruber", "Wimmer", "Brandl", "Obermeier", "Seidl", "Hofbauer", "Lechner")

# Creative-industry professions of the sparring partners, with the skills they offer.
PROFESSIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Service designer", ("design", "facilitation")),
    ("UX designer", ("design", "tech")),
    ("Graphic designer", ("creative", "design")),
    ("Photographer", ("creative", "communication")),
    ("Film maker", ("creative", "communication")),
    ("Copywriter", ("communication", "marketing")),
    ("Software developer", ("tech", "data")),
    ("Game designer", ("creative", "tech")),
    ("Architect", ("design", "social_impact")),
    ("Marketing consultant", ("marketing", "business")),
)

COACHES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Christine Bauer", "Design thinking coach", ("facilitation", "design")),
    ("Georg Stadler", "Social entrepreneur and mentor", ("business", "social_impact")),
    ("Martina Eder", "Innovation manager", ("facilitation", "business")),
    ("Stefan Aigner", "Product manager", ("tech", "design")),
    ("Barbara Moser", "Community organiser", ("social_impact", "communication")),
    ("Thomas Reiter", "Start-up coach", ("business", "finance")),
    ("Monika Schwaiger", "Design researcher", ("design", "data")),
    ("Andreas Kerscher", "Agile coach", ("facilitation", "tech")),
    ("Eva Pichler", "Brand strategist", ("marketing", "creative")),
    ("Ludwig Straßer", "Rural development consultant", ("social_impact", "business")),
    ("Claudia Hartl", "Workshop facilitator", ("facilitation", "communication")),
    ("Peter Zollner", "Data designer", ("data", "design")),
    ("Susanne Fischer", "Impact investor", ("finance", "business")),
    ("Markus Lindner", "Creative director", ("creative", "marketing")),
    ("Ingrid Wagner", "Care manager", ("social_impact", "facilitation")),
    ("Ralf Kellner", "Maker educator", ("tech", "creative")),
)
