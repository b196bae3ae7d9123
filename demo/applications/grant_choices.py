"""The grant form's sections and choice lists (sectors, target groups, transitions,
readiness, cost categories), in the seven languages.
"""

from __future__ import annotations

from demo.applications.specs import options, t

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
