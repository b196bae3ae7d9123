"""The forms of the smaller calls: the upskilling vouchers, the acceleration call and the
Demo Cluster's micro-grants.
"""

from __future__ import annotations

from decimal import Decimal

from calls.models import FieldType
from demo.applications.grant_form import MB
from demo.applications.specs import FieldSpec, options, t

VOUCHER_SECTION = t(
    "Your training need",
    "Il vostro fabbisogno formativo",
    "Vuestra necesidad de formación",
    "Ihr Schulungsbedarf",
    "Nevoia voastră de formare",
    "Ert utbildningsbehov",
    "Votre besoin de formation",
)
VOUCHER_DECLARATIONS = t(
    "Declarations",
    "Dichiarazioni",
    "Declaraciones",
    "Erklärungen",
    "Declarații",
    "Försäkranden",
    "Déclarations",
)


def voucher_form() -> list[FieldSpec]:
    return [
        FieldSpec(
            "service_category",
            FieldType.CHOICE,
            t(
                "Service you need",
                "Servizio richiesto",
                "Servicio que necesitáis",
                "Benötigte Leistung",
                "Serviciul de care aveți nevoie",
                "Tjänst ni behöver",
                "Service dont vous avez besoin",
            ),
            VOUCHER_SECTION,
            options=options(
                (
                    "digital_skills",
                    t(
                        "Digital skills for staff",
                        "Competenze digitali del personale",
                        "Competencias digitales del personal",
                        "Digitale Kompetenzen für Mitarbeitende",
                        "Competențe digitale pentru personal",
                        "Digital kompetens för personalen",
                        "Compétences numériques du personnel",
                    ),
                ),
                (
                    "green_skills",
                    t(
                        "Green skills and environmental management",
                        "Competenze verdi e gestione ambientale",
                        "Competencias verdes y gestión ambiental",
                        "Grüne Kompetenzen und Umweltmanagement",
                        "Competențe verzi și management de mediu",
                        "Grön kompetens och miljöledning",
                        "Compétences vertes et management environnemental",
                    ),
                ),
                (
                    "impact_measurement",
                    t(
                        "Impact measurement",
                        "Misurazione dell'impatto",
                        "Medición del impacto",
                        "Wirkungsmessung",
                        "Măsurarea impactului",
                        "Effektmätning",
                        "Mesure d'impact",
                    ),
                ),
                (
                    "business_model",
                    t(
                        "Business model and access to finance",
                        "Modello di business e accesso al credito",
                        "Modelo de negocio y acceso a la financiación",
                        "Geschäftsmodell und Zugang zu Finanzierung",
                        "Model de afaceri și acces la finanțare",
                        "Affärsmodell och tillgång till finansiering",
                        "Modèle économique et accès au financement",
                    ),
                ),
                (
                    "public_procurement",
                    t(
                        "Public procurement and joint bidding",
                        "Appalti pubblici e partecipazione congiunta alle gare",
                        "Contratación pública y licitación conjunta",
                        "Öffentliche Vergabe und gemeinsame Angebote",
                        "Achiziții publice și ofertare comună",
                        "Offentlig upphandling och gemensamma anbud",
                        "Marchés publics et candidatures groupées",
                    ),
                ),
            ),
        ),
        FieldSpec(
            "training_need",
            FieldType.TEXTAREA,
            t(
                "What do you need, and why now?",
                "Di che cosa avete bisogno e perché ora?",
                "¿Qué necesitáis y por qué ahora?",
                "Was brauchen Sie, und warum jetzt?",
                "De ce aveți nevoie și de ce acum?",
                "Vad behöver ni, och varför nu?",
                "De quoi avez-vous besoin, et pourquoi maintenant ?",
            ),
            VOUCHER_SECTION,
            max_words=200,
        ),
        FieldSpec(
            "participants",
            FieldType.NUMBER,
            t(
                "Staff members who will take part",
                "Persone del personale che parteciperanno",
                "Personas de la plantilla que participarán",
                "Teilnehmende Mitarbeitende",
                "Membri ai personalului care vor participa",
                "Anställda som deltar",
                "Membres du personnel qui participeront",
            ),
            VOUCHER_SECTION,
            min_value=Decimal("1"),
            max_value=Decimal("50"),
        ),
        FieldSpec(
            "preferred_provider",
            FieldType.TEXT,
            t(
                "Preferred accredited provider",
                "Fornitore accreditato preferito",
                "Proveedor acreditado preferido",
                "Bevorzugter akkreditierter Anbieter",
                "Furnizor acreditat preferat",
                "Önskad ackrediterad leverantör",
                "Prestataire accrédité souhaité",
            ),
            VOUCHER_SECTION,
            help={"en": "Optional. You can choose the provider after the voucher is issued."},
            required=False,
        ),
        FieldSpec(
            "voucher_amount",
            FieldType.MONEY,
            t(
                "Voucher value requested (EUR)",
                "Valore del voucher richiesto (EUR)",
                "Importe del bono solicitado (EUR)",
                "Beantragter Gutscheinwert (EUR)",
                "Valoarea voucherului solicitat (EUR)",
                "Begärt checkvärde (euro)",
                "Montant du chèque demandé (EUR)",
            ),
            VOUCHER_SECTION,
            help={"en": "Between EUR 500 and EUR 5,000; the voucher covers 80 % of the service."},
            min_value=Decimal("500"),
            max_value=Decimal("5000"),
            is_requested_amount=True,
        ),
        FieldSpec(
            "de_minimis_aid",
            FieldType.MONEY,
            t(
                "De minimis aid received in the last three years (EUR)",
                "Aiuti de minimis ricevuti negli ultimi tre anni (EUR)",
                "Ayudas de minimis recibidas en los últimos tres años (EUR)",
                "De-minimis-Beihilfen der letzten drei Jahre (EUR)",
                "Ajutoare de minimis primite în ultimii trei ani (EUR)",
                "Stöd av mindre betydelse de senaste tre åren (euro)",
                "Aides de minimis reçues au cours des trois dernières années (EUR)",
            ),
            VOUCHER_DECLARATIONS,
            help={
                "en": "All de minimis aid your organisation received in the last three years, "
                "from any public body; 0 if none. The voucher is refused if it would take the "
                "total over EUR 300,000."
            },
            min_value=Decimal("0"),
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            t(
                "I declare on my honour that the information in this application is true and complete.",
                "Dichiaro sul mio onore che le informazioni di questa domanda sono veritiere e complete.",
                "Declaro bajo mi responsabilidad que la información de esta solicitud es veraz y completa.",
                "Ich erkläre ehrenwörtlich, dass die Angaben in diesem Antrag wahr und vollständig sind.",
                "Declar pe propria răspundere că informațiile din această cerere sunt adevărate și complete.",
                "Jag försäkrar på heder och samvete att uppgifterna i ansökan är riktiga och fullständiga.",
                "Je déclare sur l'honneur que les informations de cette candidature sont exactes et complètes.",
            ),
            VOUCHER_DECLARATIONS,
        ),
        FieldSpec(
            "declaration_co_payment",
            FieldType.DECLARATION,
            t(
                "We will pay the remaining 20 % of the service cost ourselves.",
                "Pagheremo noi il restante 20 % del costo del servizio.",
                "Pagaremos nosotros el 20 % restante del coste del servicio.",
                "Wir tragen die restlichen 20 % der Kosten selbst.",
                "Vom plăti noi restul de 20 % din costul serviciului.",
                "Vi betalar själva de resterande 20 % av kostnaden.",
                "Nous paierons nous-mêmes les 20 % restants du coût du service.",
            ),
            VOUCHER_DECLARATIONS,
        ),
    ]


def acceleration_form() -> list[FieldSpec]:
    section = t(
        "Your venture",
        "La vostra impresa",
        "Vuestra empresa",
        "Ihr Unternehmen",
        "Întreprinderea voastră",
        "Ert företag",
        "Votre entreprise",
    )
    return [
        FieldSpec(
            "venture_pitch",
            FieldType.TEXTAREA,
            t(
                "Your venture in 300 words",
                "La vostra impresa in 300 parole",
                "Vuestra empresa en 300 palabras",
                "Ihr Unternehmen in 300 Wörtern",
                "Întreprinderea voastră în 300 de cuvinte",
                "Ert företag med 300 ord",
                "Votre entreprise en 300 mots",
            ),
            section,
            max_words=300,
        ),
        FieldSpec(
            "stage",
            FieldType.CHOICE,
            t(
                "Stage",
                "Fase",
                "Etapa",
                "Phase",
                "Etapa",
                "Fas",
                "Stade",
            ),
            section,
            options=options(
                ("prototype", {"en": "Working prototype", "it": "Prototipo funzionante"}),
                (
                    "first_customers",
                    {"en": "First paying customers", "it": "Primi clienti paganti"},
                ),
                ("scaling", {"en": "Scaling to new markets", "it": "Espansione in nuovi mercati"}),
            ),
        ),
        FieldSpec(
            "revenue_last_year",
            FieldType.MONEY,
            {
                "en": "Revenue in the last financial year (EUR)",
                "it": "Ricavi dell'ultimo esercizio (EUR)",
            },
            section,
            min_value=Decimal("0"),
        ),
        FieldSpec(
            "pitch_deck",
            FieldType.FILE,
            {"en": "Pitch deck (PDF)", "it": "Presentazione (PDF)"},
            section,
            max_bytes=10 * MB,
            allowed_types=["pdf"],
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            {
                "en": "I declare on my honour that the information in this application is true and complete.",
                "it": "Dichiaro sul mio onore che le informazioni di questa domanda sono veritiere e complete.",
            },
            section,
        ),
    ]


def microgrant_form() -> list[FieldSpec]:
    section = {"en": "Your project", "es": "Vuestro proyecto"}
    return [
        FieldSpec(
            "project_title",
            FieldType.TEXT,
            {"en": "Project title", "es": "Título del proyecto"},
            section,
        ),
        FieldSpec(
            "description",
            FieldType.TEXTAREA,
            {"en": "What will you do in the neighbourhood?", "es": "¿Qué haréis en el barrio?"},
            section,
            max_words=250,
        ),
        FieldSpec(
            "neighbourhood",
            FieldType.TEXT,
            {"en": "Neighbourhood or town", "es": "Barrio o municipio"},
            section,
        ),
        FieldSpec(
            "amount",
            FieldType.MONEY,
            {"en": "Amount requested (EUR)", "es": "Importe solicitado (EUR)"},
            section,
            min_value=Decimal("500"),
            max_value=Decimal("5000"),
            is_requested_amount=True,
        ),
        FieldSpec(
            "declaration_honour",
            FieldType.DECLARATION,
            {
                "en": "I declare on my honour that the information in this application is true.",
                "es": "Declaro bajo mi responsabilidad que la información de esta solicitud es veraz.",
            },
            section,
        ),
    ]
