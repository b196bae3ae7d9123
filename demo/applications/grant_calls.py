"""What the grant calls say besides their form: the award criteria, the Open Call 2 page
and its questions and answers, and the Open Call 1 page.
"""

from __future__ import annotations

from demo.applications.specs import t

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


def oc1_body() -> dict[str, str]:
    """The page of Open Call 1: what it funded, and that its evaluation is under way."""
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
