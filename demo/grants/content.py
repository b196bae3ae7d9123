"""What the demo's awarded call says and who applied to it: the Green transition grants
2026, eleven applications in the applicants' own words, and the order of merit in which the
experts ranked them (seven funded, three on the reserve list, one below the threshold).

One application repeats, almost word for word, a project already submitted to Open Call 1
by another organisation, so that the double-funding check has something to find.
"""

from __future__ import annotations

from decimal import Decimal

from calls.models import CallKind, CallStatus
from demo.applications.grant_calls import GRANT_CRITERIA
from demo.applications.grant_form import grant_form
from demo.applications.specs import CallSpec, Project, t

GREEN_CALL_SLUG = "green-transition-grants-2026"

GREEN_CALL_BODY_EN = (
    "## Green transition grants 2026\n\n"
    "Grants of up to EUR 40,000 for social-economy organisations that make their own work "
    "greener: energy efficiency and renewable energy, repair and reuse, sustainable food and "
    "low-carbon logistics. Projects last up to twelve months and are carried out with a "
    "technology or engineering partner.\n\n"
    "## Results\n\n"
    "The call is closed. Independent experts evaluated every eligible application against the "
    "three award criteria, and the results are published: seven projects are selected for "
    "funding and three are on the reserve list, in the order of merit.\n\n"
    "The selected applicants have received their grant offers, and the grant agreements are "
    "being signed. Every applicant has received an evaluation summary report; an applicant who "
    "disagrees with the evaluation may ask for a review within the time stated in the report.\n"
)
GREEN_CALL_BODY_IT = (
    "## Contributi per la transizione verde 2026\n\n"
    "Contributi fino a 40.000 EUR per le organizzazioni dell'economia sociale che rendono più "
    "verde il proprio lavoro: efficienza energetica ed energie rinnovabili, riparazione e riuso, "
    "cibo sostenibile e logistica a basse emissioni. I progetti durano fino a dodici mesi e si "
    "svolgono con un partner tecnologico o di ingegneria.\n\n"
    "## Risultati\n\n"
    "Il bando è chiuso. Esperti indipendenti hanno valutato ogni domanda ammissibile secondo i "
    "tre criteri di aggiudicazione e i risultati sono pubblicati: sette progetti sono "
    "selezionati per il finanziamento e tre sono nella lista di riserva, in ordine di "
    "graduatoria.\n\n"
    "I richiedenti selezionati hanno ricevuto l'offerta di sovvenzione e le convenzioni di "
    "sovvenzione sono in corso di firma. Ogni richiedente ha ricevuto una relazione di sintesi "
    "della valutazione; chi non è d'accordo con la valutazione può chiedere un riesame entro il "
    "termine indicato nella relazione.\n"
)

GREEN_CALL = CallSpec(
    slug=GREEN_CALL_SLUG,
    reference="GT1",
    kind=CallKind.GRANT,
    # The programme has no work package of its own for green projects: its grant calls,
    # the digital and green Open Call 2 among them, belong to WP4 Connect to innovate.
    work_package="wp4",
    title=t(
        "Green transition grants 2026",
        "Contributi per la transizione verde 2026",
        "Ayudas para la transición verde 2026",
        "Zuschüsse für den ökologischen Wandel 2026",
        "Granturi pentru tranziția verde 2026",
        "Bidrag för grön omställning 2026",
        "Subventions pour la transition écologique 2026",
    ),
    summary=t(
        "Grants of up to EUR 40,000 for social-economy organisations that cut energy use, waste and emissions in their own work. Closed; results published and grant agreements being signed.",
        "Contributi fino a 40.000 EUR per le organizzazioni dell'economia sociale che riducono consumi energetici, rifiuti ed emissioni nel proprio lavoro. Chiuso; graduatoria pubblicata e convenzioni di sovvenzione in corso di firma.",
        "Ayudas de hasta 40.000 EUR para organizaciones de la economía social que reduzcan el consumo de energía, los residuos y las emisiones de su propia actividad. Cerrada; resultados publicados y convenios de subvención en fase de firma.",
        "Zuschüsse bis 40.000 EUR für Organisationen der Sozialwirtschaft, die in ihrer eigenen Arbeit Energieverbrauch, Abfall und Emissionen senken. Geschlossen; Ergebnisse veröffentlicht, die Finanzhilfevereinbarungen werden unterzeichnet.",
        "Granturi de până la 40.000 EUR pentru organizațiile economiei sociale care reduc consumul de energie, deșeurile și emisiile din propria activitate. Închis; rezultatele au fost publicate, iar contractele de finanțare sunt în curs de semnare.",
        "Bidrag på upp till 40 000 euro till organisationer inom den sociala ekonomin som minskar energianvändning, avfall och utsläpp i sin egen verksamhet. Stängd; resultaten är publicerade och bidragsavtalen håller på att undertecknas.",
        "Subventions jusqu'à 40 000 EUR pour les organisations de l'économie sociale qui réduisent la consommation d'énergie, les déchets et les émissions de leur propre activité. Clôturé ; résultats publiés, conventions de subvention en cours de signature.",
    ),
    body={"en": GREEN_CALL_BODY_EN, "it": GREEN_CALL_BODY_IT},
    topics=["green transition", "energy efficiency", "circular economy", "social economy"],
    timezone="Europe/Brussels",
    opens=(-230, 9),
    deadline=(-170, 17),
    # Put in evaluation; the seeding publishes the results through the results service.
    status=CallStatus.EVALUATION,
    budget=Decimal("240000.00"),
    max_award=Decimal("40000.00"),
    expected_awards=7,
    fields=grant_form(Decimal("40000.00")),
    criteria=GRANT_CRITERIA,
    evaluation_days_after_deadline=40,
)

# The eleven applications, in the order they were submitted; the demo applicant's
# cooperative first.
GREEN_PROJECTS: tuple[Project, ...] = (
    Project(
        "filo-verde",
        "Parchi a batteria: electric vans and battery tools for park maintenance",
        "Battery-powered mowers, hedge trimmers and blowers, three electric vans and a solar carport at our depot, so that our park teams in the province of Modena work without petrol and diesel.",
        "Our 68 workers maintain 180 hectares of public parks with 14 petrol mowers, 32 two-stroke hand tools and nine diesel vans, which burn about 41,000 litres of fuel a year. Workers with disabilities spend hours in noise and vibration that many of them cannot tolerate, and the municipalities' green-procurement criteria now reward low-emission equipment in their tenders.",
        "With an electrical engineering firm we will replace the hand tools and four mowers with battery models that share one battery system, lease three electric vans and build a 40 kWp solar carport with storage at our depot in Modena. A simple charging log will show each team which batteries to take out in the morning and record the fuel and CO2 saved.",
        "We expect 60 % less fuel, about 95 tonnes of CO2 avoided a year and noise below 80 dB at the operator's ear, so that eight more workers with disabilities can join the park teams.",
        "work_integration",
        ("people_with_disabilities", "long_term_unemployed"),
        ("green", "digital"),
        "trl7",
        38500,
    ),
    Project(
        "orti-in-rete",
        "Acqua che resta: rainwater and compost for community gardens in Palermo",
        "Rainwater tanks, drip lines and community composters for the 17 neighbourhood gardens our association coordinates on unused public land in Palermo.",
        "Our gardens in Brancaccio and the ZEN district feed about 300 families, but during the summer water restrictions the plots dry out just when they should produce most. Meanwhile the same families' kitchen waste goes to a landfill that is almost full.",
        "With volunteers and a local plumbers' cooperative we will install 120 cubic metres of rainwater storage on the roofs of two schools and a parish hall next to the gardens, lay drip irrigation on every plot, and set up nine shared composters run by trained gardeners.",
        "Seventy per cent of the irrigation water from rain, 45 tonnes of kitchen waste composted a year and two tonnes more vegetables for the families who tend the plots.",
        "food_agriculture",
        ("low_income_households",),
        ("green",),
        "trl7",
        18500,
    ),
    Project(
        "slieve-bloom-food",
        "Cool Hub Birr: a low-energy shared kitchen and cold store for Midlands food producers",
        "A heat-pump, solar and heat-recovery refit of the shared kitchen and cold store that 34 small food producers rent from our food hub in Birr.",
        "Our hub lets small producers in Offaly and the Slieve Bloom area work in a certified kitchen they could never afford alone. Our electricity and gas bills have tripled since 2021 to EUR 46,000 a year, and the old cold room and gas ovens make it impossible to keep rents low.",
        "With an energy engineer from the regional energy agency we will install a cold room with a natural refrigerant whose waste heat warms our water, an air-to-water heat pump, 30 kWp of solar panels on the roof and sub-meters, so that each producer sees the energy used for every batch.",
        "We expect 55 % less energy, EUR 24,000 a year saved, rents frozen for three years and room for four more local producers.",
        "food_agriculture",
        ("rural_communities", "social_economy_organisations"),
        ("green", "digital"),
        "trl7",
        36000,
    ),
    Project(
        "gron-genvej",
        "Grøn Genvej: energy renovation teams of young people in Odense social housing",
        "Paid training in insulation, draught-proofing and LED retrofits for young people who are neither in education nor in work, carried out in the social-housing flats of Odense.",
        "In Vollsmose one young person in four is neither studying nor working, while the housing associations must cut the heating demand of 3,000 flats and cannot find the workers to do it.",
        "Together with a vocational school and a housing association we will train 24 young people a year in teams led by a skilled craftsman, measure each flat with a thermal camera before and after the work, and record every measure in a shared log that the housing association uses to plan its renovation.",
        "Six hundred flats improved, 18 % less heating demand in those flats and 15 young people a year moving on to an apprenticeship.",
        "energy_housing",
        ("young_people_neet", "low_income_households"),
        ("green",),
        "trl6",
        37500,
    ),
    Project(
        "atelier-velo",
        "Batteries deuxième vie: repairing e-bike batteries instead of replacing them",
        "A safe workshop where our mechanics test and repair electric-bike batteries cell by cell, for families and delivery riders in Lyon.",
        "When one or two cells of an e-bike battery fail, the whole battery is replaced for EUR 500 to 700; about 4,000 batteries a year are discarded in the Lyon metropolitan area, and low-income owners simply stop riding. We turn away several customers a week because we cannot repair batteries safely.",
        "With a battery recycler and an engineering school we will set up a fire-safe battery room with a cell-testing bench, a spot welder and diagnostic software that reads each battery's management system, and train four of our mechanics to run it. Cells we cannot reuse go to the recycler.",
        "Nine hundred batteries repaired a year at half the price of a new one, 2.7 tonnes of cells kept in use and three new jobs in the cooperative.",
        "circular_economy",
        ("low_income_households",),
        ("green", "digital"),
        "trl5",
        31500,
    ),
    Project(
        "tecer-futuro",
        "Tapetes de trapos: rugs and fabrics woven from factory offcuts",
        "Rugs, blankets and upholstery fabrics woven by our members from the offcuts of garment factories around Braga, with a label that tells buyers where the material came from.",
        "The garment factories of the Minho send tonnes of clean offcuts to incineration every month, while our weavers buy new cotton yarn whose price has risen by 40 % in two years.",
        "We will collect offcuts from six factories, sort them by colour and fibre, cut them into strips on an adapted cutting machine that our members with disabilities can operate, and print a QR label on every piece with its origin and the material saved.",
        "Thirty-five tonnes of offcuts reused a year, 40 % lower material costs and five new jobs for people with disabilities.",
        "circular_economy",
        ("people_with_disabilities", "women"),
        ("green",),
        "trl6",
        22500,
    ),
    Project(
        "werkstattkueche",
        "Klimateller: less food waste and energy in an inclusive school kitchen",
        "Daily pre-ordering by pupils, weighing of leftovers at every school and efficient combi steamers, so that our inclusive kitchen in Leipzig cooks what is eaten with less energy.",
        "We cook 1,800 school meals a day, but schools order by headcount and 14 % of what we cook comes back uneaten. Our eight combi steamers are 20 years old and use a third of the kitchen's electricity.",
        "We will let pupils choose and cancel meals in a simple ordering app the day before, weigh the leftovers returned from every school, plan menus with more plant-based dishes from that data, and replace four steamers with models that adjust energy to the load.",
        "Half the food waste, or 48 tonnes a year, 30 % less electricity in the kitchen and about 120 tonnes of CO2 avoided a year.",
        "food_agriculture",
        ("people_with_disabilities",),
        ("green", "digital"),
        "trl7",
        33000,
    ),
    Project(
        "returhuset",
        "Byggåterbruk Västerås: a depot for reclaimed building materials",
        "A depot where our trainees dismantle, check and sell doors, windows, kitchen cabinets and timber saved from renovations in Västerås.",
        "When the municipal housing company renovates, whole kitchens, doors and windows in good condition go into skips; building materials are about a third of the city's waste. Our reuse store has no space or skills for building materials today.",
        "With a construction company and the housing company we will open a depot next to our store, train trainees to dismantle and inventory materials, and list every item online with photos, dimensions and the CO2 saved by reusing it.",
        "A hundred and fifty tonnes of building materials reused a year, about 300 tonnes of CO2 avoided and eight more trainee places.",
        "circular_economy",
        ("long_term_unemployed",),
        ("green", "digital"),
        "trl6",
        35000,
    ),
    Project(
        "gustul-vaii",
        "Lapte la soare: solar-powered milk cooling for family dairy farms",
        "Solar panels and ice-bank milk coolers on the eight family farms of our cooperative, so that milk stays cold through power cuts and costs less to cool.",
        "Our members cool milk in old tanks that run on the grid; in the villages around Târgu Mureș power cuts in summer spoil milk several times a year, and electricity is now the farms' largest cost after feed.",
        "We will install 6 kWp of solar panels and an ice-bank cooler on each farm, with temperature sensors that send an alarm to the farmer's phone, and train the families to maintain them.",
        "Seventy per cent less grid electricity for cooling, no more spoiled batches and 45 tonnes of CO2 avoided a year.",
        "food_agriculture",
        ("rural_communities",),
        ("green",),
        "trl7",
        27000,
    ),
    Project(
        "chancenwerk",
        "Kühl & sparsam: refurbished efficient fridges for low-income households in Graz",
        "An exchange service that replaces old energy-hungry fridges in low-income homes with refurbished efficient ones checked by our trainees.",
        "Many low-income households in Graz still use fridges more than 15 years old that cost them up to EUR 150 a year in electricity, while efficient appliances returned to retailers are scrapped.",
        "We will take back returned appliances from two retailers, test and repair them in our workshop, and offer them to households referred by social services in exchange for their old fridge, which we send for recycling.",
        "Four hundred fridges exchanged a year and an average saving of EUR 90 a year per household.",
        "circular_economy",
        ("low_income_households", "long_term_unemployed"),
        ("green",),
        "trl4",
        21500,
    ),
    # A near-copy of energia-comun's "Barri solar" application to Open Call 1
    # (demo/applications/further_projects.py), submitted by a different cooperative with a
    # handful of words changed: the application the double-funding check should flag.
    Project(
        "energie-citoyenne",
        "Quartier solaire: energy sharing in a neighbourhood energy community",
        "Smart meters and an energy-sharing app for a community of 300 households and small shops in Namur.",
        "Energy poverty affects one household in five in our neighbourhood, while our cooperative's solar roofs produce more at midday than members use.",
        "We will install smart meters, an app that tells members when to use energy, and a solidarity fund that gives surplus energy to vulnerable households.",
        "Three hundred households sharing energy, bills 20 % lower and 70 vulnerable families supported.",
        "energy_housing",
        ("low_income_households",),
        ("green", "digital"),
        "trl6",
        40000,
    ),
)
# Where the near-copy stands in GREEN_PROJECTS.
NEAR_COPY_INDEX = 10
# The organisation whose Open Call 1 application the near-copy repeats, and the words the
# copier changed in its written answers (the rest, staff numbers included, stayed).
NEAR_COPY_OF = "energia-comun"
NEAR_COPY_CHANGES: tuple[tuple[str, str], ...] = (
    ("Barri solar", "Quartier solaire"),
    ("València", "Namur"),
)

# The organisations in the experts' order of merit: places 1-7 are funded (EUR 239,000 of
# the EUR 240,000 budget), 8-10 are the reserve list and 11 scored below the threshold.
# The near-copy reached the main list at place 6.
ORDER_OF_MERIT: tuple[str, ...] = (
    "gron-genvej",
    "slieve-bloom-food",
    "filo-verde",
    "atelier-velo",
    "werkstattkueche",
    "energie-citoyenne",
    "tecer-futuro",
    "returhuset",
    "gustul-vaii",
    "orti-in-rete",
    "chancenwerk",
)
