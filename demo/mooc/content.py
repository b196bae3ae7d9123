"""The demo's course library: six courses in English, Italian and German on the programme's
themes (digital tools, impact measurement, cluster management, the green transition, access
to finance, data and AI), each with its lessons and a quiz.

The words draw on the programme's own documents (the SocialTech4EU project description and
the GECS working group's report on clusters of social and ecological innovation).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str  # single or multiple
    choices: tuple[tuple[str, bool, str], ...]  # (answer, is correct, feedback)


@dataclass(frozen=True)
class LessonSpec:
    title: str
    body: str
    minutes: int = 15
    video_url: str = ""
    questions: tuple[QuestionSpec, ...] = ()  # a quiz at the end of the lesson when given
    pass_mark: int = 70
    attempts: int = 3


@dataclass(frozen=True)
class CourseSpec:
    slug: str
    title: str
    summary: str
    level: str
    language: str
    topics: tuple[str, ...]
    provider: str
    licence: str
    modules: tuple[tuple[str, tuple[LessonSpec, ...]], ...] = field(default_factory=tuple)


ACADEMY = "SocialTech4EU Academy"

COURSES: tuple[CourseSpec, ...] = (
    CourseSpec(
        slug="digital-tools-small-social-enterprises",
        title="Digital tools for small social enterprises",
        summary=(
            "Shared calendars, documents in the cloud and simple rosters: the tools that save a "
            "team of ten to fifty people hours every week, and how to choose and introduce them."
        ),
        level="beginner",
        language="en",
        topics=("digital_tools",),
        provider=ACADEMY,
        licence="cc_by_4",
        modules=(
            (
                "Working together online",
                (
                    LessonSpec(
                        "Shared calendars and rosters",
                        "<p>Most social enterprises still plan shifts on paper or in a "
                        "spreadsheet that one person keeps. A <strong>shared calendar</strong> "
                        "lets every team member see the week's shifts on their phone, and a "
                        "roster tool warns when a shift has nobody.</p><ul><li>Start with one "
                        "team and one month.</li><li>Name one person who answers questions.</li>"
                        "<li>Keep the paper plan for the first two weeks.</li></ul>",
                        minutes=20,
                    ),
                    LessonSpec(
                        "Documents in the cloud",
                        "<p>Documents kept in a shared drive are never lost with a laptop, and "
                        "two people can edit them at once. Decide who may see which folder "
                        "before you move anything: client notes need stricter rights than "
                        "meeting minutes.</p>",
                        minutes=20,
                        questions=(
                            QuestionSpec(
                                "Which tool lets every team member see the week's shifts?",
                                "single",
                                (
                                    (
                                        "A shared calendar",
                                        True,
                                        "Right: everyone sees it on their phone.",
                                    ),
                                    (
                                        "A paper plan on the office wall",
                                        False,
                                        "Only those in the office see it.",
                                    ),
                                    (
                                        "An e-mail to the manager",
                                        False,
                                        "The manager alone would know.",
                                    ),
                                ),
                            ),
                            QuestionSpec(
                                "What should you decide before moving documents to a shared drive?",
                                "multiple",
                                (
                                    ("Who may see which folder", True, "Yes: rights come first."),
                                    (
                                        "Which folders hold personal data",
                                        True,
                                        "Yes: they need stricter rights.",
                                    ),
                                    ("The colour of the folders", False, "It does not matter."),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    CourseSpec(
        slug="measuring-social-impact",
        title="Measuring social impact: a first framework",
        summary=(
            "From the change you want to see to a handful of indicators you can collect every "
            "year: a theory of change, outputs and outcomes, and a report funders can read."
        ),
        level="intermediate",
        language="en",
        topics=("impact_measurement", "business_models"),
        provider=ACADEMY,
        licence="cc_by_sa_4",
        modules=(
            (
                "From mission to indicators",
                (
                    LessonSpec(
                        "A theory of change in one page",
                        "<p>Write down the problem, the people you work with, what you do, what "
                        "changes for them in the short term and what changes in the long term. "
                        "Each arrow between two boxes is an assumption you can test.</p>",
                        minutes=25,
                    ),
                    LessonSpec(
                        "Outputs and outcomes",
                        "<p><strong>Outputs</strong> count what you do (workshops held, people "
                        "trained). <strong>Outcomes</strong> describe what changed for people "
                        "(a job found six months later). Funders ask for outcomes; collect a few "
                        "well rather than many badly.</p>",
                        minutes=25,
                        questions=(
                            QuestionSpec(
                                "“42 people finished the training” is…",
                                "single",
                                (
                                    ("an output", True, "Right: it counts what you did."),
                                    ("an outcome", False, "An outcome says what changed for them."),
                                ),
                            ),
                            QuestionSpec(
                                "Which of these are outcomes?",
                                "multiple",
                                (
                                    ("A participant found a job within six months", True, "Yes."),
                                    (
                                        "Participants feel more confident online",
                                        True,
                                        "Yes, if you ask them.",
                                    ),
                                    ("Twelve workshops were held", False, "That is an output."),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    CourseSpec(
        slug="running-a-social-innovation-cluster",
        title="Running a cluster of social and ecological innovation",
        summary=(
            "What makes a cluster of social and ecological innovation work: its members, its "
            "governance, its services and how it proves its value, with examples from Europe."
        ),
        level="advanced",
        language="en",
        topics=("cluster_management",),
        provider="GECS working group",
        licence="cc_by_4",
        modules=(
            (
                "Governance and services",
                (
                    LessonSpec(
                        "Who belongs to the cluster",
                        "<p>Clusters of social and ecological innovation bring together social "
                        "economy enterprises, conventional companies, public authorities, "
                        "research and citizens in one territory. The mix matters more than the "
                        "size: each kind of member brings a resource the others lack.</p>",
                        minutes=30,
                    ),
                    LessonSpec(
                        "Services members pay for",
                        "<p>A cluster lasts when members use its services: joint bids for "
                        "public procurement, shared training, introductions to investors and "
                        "buyers, and a voice towards public authorities.</p>",
                        minutes=30,
                        questions=(
                            QuestionSpec(
                                "Which members does a cluster of social and ecological innovation bring together?",
                                "multiple",
                                (
                                    ("Social economy enterprises", True, "Yes."),
                                    ("Public authorities", True, "Yes."),
                                    (
                                        "Only companies of one sector",
                                        False,
                                        "The mix is what matters.",
                                    ),
                                ),
                            ),
                            QuestionSpec(
                                "What makes a cluster last?",
                                "single",
                                (
                                    ("Members use its services", True, "Right."),
                                    (
                                        "A large number of members on paper",
                                        False,
                                        "Size alone does not.",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    CourseSpec(
        slug="transizione-verde-cooperative",
        title="La transizione verde per le cooperative sociali",
        summary=(
            "Ridurre consumi, rifiuti ed emissioni nel lavoro quotidiano della cooperativa: "
            "un audit energetico semplice, le priorità e come finanziarle."
        ),
        level="beginner",
        language="it",
        topics=("green_transition",),
        provider="Torino Social Impact",
        licence="cc_by_4",
        modules=(
            (
                "Da dove partire",
                (
                    LessonSpec(
                        "Un audit energetico semplice",
                        "<p>Raccogliete le bollette di un anno, contate i veicoli e le "
                        "attrezzature e annotate quante ore lavorano. Spesso due o tre voci "
                        "fanno più della metà dei consumi.</p>",
                        minutes=20,
                    ),
                    LessonSpec(
                        "Le priorità e i finanziamenti",
                        "<p>Cominciate dagli interventi che si ripagano prima (illuminazione, "
                        "isolamento, manutenzione) e cercate contributi e voucher per quelli "
                        "più costosi, come i veicoli elettrici.</p>",
                        minutes=20,
                        questions=(
                            QuestionSpec(
                                "Da che cosa conviene partire?",
                                "single",
                                (
                                    ("Dagli interventi che si ripagano prima", True, "Esatto."),
                                    (
                                        "Dal veicolo più costoso",
                                        False,
                                        "Meglio partire da ciò che si ripaga in fretta.",
                                    ),
                                ),
                            ),
                            QuestionSpec(
                                "Che cosa serve per un audit energetico semplice?",
                                "multiple",
                                (
                                    ("Le bollette di un anno", True, "Sì."),
                                    ("L'elenco di veicoli e attrezzature", True, "Sì."),
                                    ("Il bilancio degli ultimi dieci anni", False, "Non serve."),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    CourseSpec(
        slug="accesso-alla-finanza",
        title="Accesso alla finanza per le imprese sociali",
        summary=(
            "Contributi, prestiti, investimento a impatto e crowdfunding: quale strumento per "
            "quale fase dell'impresa, e come presentarsi a un finanziatore."
        ),
        level="intermediate",
        language="it",
        topics=("access_to_finance", "business_models"),
        provider="Torino Social Impact",
        licence="cc_by_nc_4",
        modules=(
            (
                "Gli strumenti",
                (
                    LessonSpec(
                        "Quale strumento per quale fase",
                        "<p>Nella fase di avvio contano contributi e capitale paziente; "
                        "nella crescita prestiti e investimento a impatto; il crowdfunding "
                        "serve anche a misurare l'interesse della comunità.</p>",
                        minutes=25,
                        questions=(
                            QuestionSpec(
                                "Il crowdfunding serve anche a…",
                                "single",
                                (
                                    ("misurare l'interesse della comunità", True, "Esatto."),
                                    (
                                        "evitare di presentare un piano",
                                        False,
                                        "Un piano serve sempre.",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
    CourseSpec(
        slug="daten-und-ki-sozialunternehmen",
        title="Daten und KI in Sozialunternehmen",
        summary=(
            "Welche Daten ein Sozialunternehmen schon hat, wie es sie sicher nutzt und wo "
            "KI-Werkzeuge im Alltag helfen – ohne die Menschen aus dem Blick zu verlieren."
        ),
        level="beginner",
        language="de",
        topics=("data_ai", "digital_tools"),
        provider="Silicon Vilstal",
        licence="cc_by_4",
        modules=(
            (
                "Daten verstehen",
                (
                    LessonSpec(
                        "Welche Daten Sie schon haben",
                        "<p>Dienstpläne, Rechnungen, Teilnehmerlisten: Die meisten "
                        "Sozialunternehmen haben mehr Daten, als sie denken. Personenbezogene "
                        "Daten brauchen eine Rechtsgrundlage und klare Zugriffsrechte.</p>",
                        minutes=20,
                    ),
                    LessonSpec(
                        "KI-Werkzeuge im Alltag",
                        "<p>KI hilft beim Zusammenfassen von Texten, beim Übersetzen und beim "
                        "Planen. Geben Sie keine personenbezogenen Daten in Werkzeuge ein, deren "
                        "Anbieter Sie nicht kennen.</p>",
                        minutes=20,
                        questions=(
                            QuestionSpec(
                                "Was brauchen personenbezogene Daten?",
                                "multiple",
                                (
                                    ("Eine Rechtsgrundlage", True, "Richtig."),
                                    ("Klare Zugriffsrechte", True, "Richtig."),
                                    (
                                        "Einen möglichst großen Empfängerkreis",
                                        False,
                                        "Im Gegenteil.",
                                    ),
                                ),
                            ),
                            QuestionSpec(
                                "Wobei kann KI im Alltag helfen?",
                                "single",
                                (
                                    ("Beim Zusammenfassen von Texten", True, "Richtig."),
                                    (
                                        "Beim Ersetzen der Beratungsgespräche",
                                        False,
                                        "Die Menschen bleiben im Mittelpunkt.",
                                    ),
                                ),
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)
