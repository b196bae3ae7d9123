"""Demo organisations for ``seed_demo``: fictional social-economy applicants across Europe.

The profiles follow the demo-applicant recipe of the seed report digest (§15.6): a WISE
using cognitive-support technology, a type-B cooperative in green spaces, a reuse-furniture
social enterprise selling to councils, an organic food cooperative, an ethical-fashion
cooperative, a rural STEM-education start-up, a community enterprise centre, a
worker-producer cooperative of people with disabilities, and more, in the legal forms of
the digest's §3.7. Names, people and numbers are invented; every VAT and registration
number passes its national check (python-stdnum), so the profiles validate like real ones.

Idempotent: organisations are looked up by legal name, and only missing ones are created
(through ``organisation_create``, so they are validated and audited like any other).
"""

from __future__ import annotations

from typing import Any

from demo.organisation_spec import APPLICANT_EMAIL, MEDIUM_TURNOVER, DemoOrganisation
from demo.organisations_elsewhere import FURTHER_ELSEWHERE
from demo.organisations_western import FURTHER_WESTERN
from organisations.models import LegalForm as F
from organisations.models import MemberRole, Organisation, OrganisationMember
from organisations.models import SocialEconomyType as T
from organisations.services import organisation_create
from organisations.sme import BalanceSheetBand, TurnoverBand
from socialtech.accounts.models import User

__all__ = [
    "APPLICANT_EMAIL",
    "ORGANISATIONS",
    "DemoOrganisation",
    "demo_organisations",
    "ensure_organisation",
    "seed",
]

# The profiles of the recipe first, then further applicants so that a call can show forty
# applications from forty organisations in many countries.
RECIPE: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        key="officina-cognitiva",
        legal_name="Officina Cognitiva Impresa Sociale S.r.l.",
        short_name="Officina Cognitiva",
        country="IT",
        legal_form=F.LIMITED_PROFIT_COMPANY,
        national_legal_form="Impresa sociale S.r.l. (D.Lgs. 112/2017)",
        social_economy_type=T.WISE,
        founding_year=2016,
        staff_headcount=23,
        address_line1="Via Nizza 142",
        postcode="10126",
        city="Torino",
        legal_representative_name="Giulia Ferraro",
        legal_representative_role="Amministratrice delegata",
        registration_number="TO-1298765",
        vat_number="IT07877890017",
        owned_by_applicant=True,
    ),
    DemoOrganisation(
        key="filo-verde",
        legal_name="Filo Verde Società Cooperativa Sociale",
        short_name="Filo Verde",
        country="IT",
        legal_form=F.SOCIAL_COOPERATIVE,
        national_legal_form="Cooperativa sociale di tipo B (L. 381/1991)",
        social_economy_type=T.WISE,
        founding_year=1994,
        staff_headcount=68,
        bands=MEDIUM_TURNOVER,
        address_line1="Via Emilia Est 987",
        postcode="41122",
        city="Modena",
        legal_representative_name="Stefano Rinaldi",
        legal_representative_role="Presidente",
        registration_number="MO-214387",
        vat_number="IT03287920361",
        owned_by_applicant=True,
    ),
    DemoOrganisation(
        key="recup-mobilier",
        legal_name="Récup'Mobilier SC",
        short_name="Récup'Mobilier",
        country="BE",
        legal_form=F.COOPERATIVE,
        national_legal_form="Société coopérative agréée comme entreprise sociale (SC ES)",
        social_economy_type=T.SOCIAL_ENTERPRISE,
        founding_year=2009,
        staff_headcount=31,
        address_line1="Rue de la Providence 57",
        postcode="6030",
        city="Marchienne-au-Pont (Charleroi)",
        legal_representative_name="Nathalie Dubois",
        legal_representative_role="Administratrice déléguée",
        registration_number="0557.699.025",
        vat_number="BE0557699025",
    ),
    DemoOrganisation(
        key="bioboden",
        legal_name="BioBoden Niederbayern eG",
        short_name="BioBoden",
        country="DE",
        legal_form=F.COOPERATIVE,
        national_legal_form="Eingetragene Genossenschaft (eG)",
        social_economy_type=T.COOPERATIVE,
        founding_year=2014,
        staff_headcount=12,
        address_line1="Altstadt 214",
        postcode="84028",
        city="Landshut",
        legal_representative_name="Markus Huber",
        legal_representative_role="Vorstandsvorsitzender",
        registration_number="GnR 412, Amtsgericht Landshut",
        vat_number="DE115945023",
    ),
    DemoOrganisation(
        key="trame-solidali",
        legal_name="Trame Solidali Società Cooperativa Sociale",
        short_name="Trame Solidali",
        country="IT",
        legal_form=F.SOCIAL_COOPERATIVE,
        national_legal_form="Cooperativa sociale di tipo B (L. 381/1991)",
        social_economy_type=T.WISE,
        founding_year=2011,
        staff_headcount=19,
        address_line1="Corso Giovanni Nicotera 88",
        postcode="88046",
        city="Lamezia Terme",
        legal_representative_name="Rosa Gallo",
        legal_representative_role="Presidente",
        registration_number="CZ-187654",
        vat_number="IT01742180795",
    ),
    DemoOrganisation(
        key="mint-werkstatt",
        legal_name="MINT-Werkstatt Rottal gemeinnützige UG (haftungsbeschränkt)",
        short_name="MINT-Werkstatt Rottal",
        country="DE",
        legal_form=F.LIMITED_PROFIT_COMPANY,
        national_legal_form="Gemeinnützige UG (haftungsbeschränkt)",
        social_economy_type=T.SOCIAL_ENTERPRISE,
        founding_year=2019,
        staff_headcount=6,
        address_line1="Marktplatz 9",
        postcode="84347",
        city="Pfarrkirchen",
        legal_representative_name="Lukas Brandl",
        legal_representative_role="Geschäftsführer",
        registration_number="HRB 11873, Amtsgericht Passau",
        vat_number="DE931663237",
    ),
    DemoOrganisation(
        key="comeragh-enterprise",
        legal_name="Comeragh Community Enterprise Centre CLG",
        short_name="Comeragh Enterprise Centre",
        country="IE",
        legal_form=F.LIMITED_PROFIT_COMPANY,
        national_legal_form="Company limited by guarantee (CLG)",
        social_economy_type=T.SUPPORT_ORGANISATION,
        founding_year=2001,
        staff_headcount=14,
        bands=(TurnoverBand.UP_TO_2M, BalanceSheetBand.FROM_2M_TO_10M),
        address_line1="Old Creamery, Main Street",
        postcode="X42 T281",
        city="Kilmacthomas, Co. Waterford",
        legal_representative_name="Siobhán Walsh",
        legal_representative_role="Centre manager",
        registration_number="CRO 345871",
        vat_number="IE6261488U",
    ),
    DemoOrganisation(
        key="rodopski-zanayati",
        legal_name="Rodopski Zanayati Worker-Producer Cooperative",
        short_name="Rodopski Zanayati",
        country="BG",
        legal_form=F.COOPERATIVE,
        national_legal_form="Specialised cooperative of people with disabilities (Cooperatives Act)",
        social_economy_type=T.COOPERATIVE,
        founding_year=1992,
        staff_headcount=46,
        address_line1="ul. Hristo Botev 31",
        postcode="4000",
        city="Plovdiv",
        legal_representative_name="Petar Dimitrov",
        legal_representative_role="Chair of the management board",
        registration_number="208111360",
        vat_number="BG208111360",
    ),
    DemoOrganisation(
        key="pasi-impreuna",
        legal_name="Asociația Pași Împreună",
        short_name="Pași Împreună",
        country="RO",
        legal_form=F.ASSOCIATION,
        national_legal_form="Asociație (OG 26/2000)",
        social_economy_type=T.ASSOCIATION,
        founding_year=2012,
        staff_headcount=17,
        address_line1="Strada Horea 24",
        postcode="400174",
        city="Cluj-Napoca",
        legal_representative_name="Andreea Moldovan",
        legal_representative_role="Președintă",
        registration_number="36073925",
    ),
    DemoOrganisation(
        key="punti-digitale",
        legal_name="Fundația Punți Digitale",
        short_name="Punți Digitale",
        country="RO",
        legal_form=F.FOUNDATION,
        national_legal_form="Fundație (OG 26/2000)",
        social_economy_type=T.FOUNDATION,
        founding_year=2017,
        staff_headcount=9,
        address_line1="Bulevardul Independenței 18",
        postcode="700102",
        city="Iași",
        legal_representative_name="Mihai Popa",
        legal_representative_role="Director executiv",
        registration_number="25736380",
        vat_number="RO25736380",
    ),
    DemoOrganisation(
        key="grona-hander",
        legal_name="Gröna Händer Arbetskooperativ ekonomisk förening",
        short_name="Gröna Händer",
        country="SE",
        legal_form=F.COOPERATIVE,
        national_legal_form="Ekonomisk förening (arbetsintegrerande socialt företag)",
        social_economy_type=T.WISE,
        founding_year=2008,
        staff_headcount=27,
        address_line1="Rudbecksgatan 12",
        postcode="702 11",
        city="Örebro",
        legal_representative_name="Anna Lindqvist",
        legal_representative_role="Verksamhetschef",
        registration_number="769330-4284",
        vat_number="SE769330428401",
    ),
    DemoOrganisation(
        key="entrelazos",
        legal_name="Entrelazos, S. Coop. de Iniciativa Social",
        short_name="Entrelazos",
        country="ES",
        legal_form=F.SOCIAL_COOPERATIVE,
        national_legal_form="Cooperativa de iniciativa social (Ley 9/1998 de Cooperativas de Aragón)",
        social_economy_type=T.SOCIAL_ENTERPRISE,
        founding_year=2010,
        staff_headcount=54,
        address_line1="Calle del Coso 112",
        postcode="50001",
        city="Zaragoza",
        legal_representative_name="Carmen Lázaro",
        legal_representative_role="Presidenta",
        registration_number="F50701747",
        vat_number="ESF50701747",
    ),
    DemoOrganisation(
        key="raices-digitales",
        legal_name="Fundación Raíces Digitales",
        short_name="Raíces Digitales",
        country="ES",
        legal_form=F.FOUNDATION,
        national_legal_form="Fundación (Ley 50/2002)",
        social_economy_type=T.FOUNDATION,
        founding_year=2018,
        staff_headcount=7,
        address_line1="Calle Mayor 15",
        postcode="22300",
        city="Barbastro",
        legal_representative_name="Javier Sanz",
        legal_representative_role="Director",
        registration_number="G22681456",
        vat_number="ESG22681456",
    ),
    DemoOrganisation(
        key="reemploi-numerique",
        legal_name="Réemploi Numérique Est SCIC SAS",
        short_name="Réemploi Numérique Est",
        country="FR",
        legal_form=F.COOPERATIVE,
        national_legal_form="Société coopérative d'intérêt collectif (SCIC SAS)",
        social_economy_type=T.SOCIAL_ENTERPRISE,
        founding_year=2015,
        staff_headcount=21,
        address_line1="12 rue des Jardins",
        postcode="57000",
        city="Metz",
        legal_representative_name="Julien Lefèvre",
        legal_representative_role="Président",
        registration_number="430 066 811",
        vat_number="FR50430066811",
    ),
    DemoOrganisation(
        key="previdencia-solidaria",
        legal_name="Associação Mutualista Previdência Solidária",
        short_name="Previdência Solidária",
        country="PT",
        legal_form=F.MUTUAL,
        national_legal_form="Associação mutualista (Código das Associações Mutualistas)",
        social_economy_type=T.MUTUAL,
        founding_year=1932,
        staff_headcount=38,
        bands=(TurnoverBand.FROM_2M_TO_10M, BalanceSheetBand.FROM_10M_TO_43M),
        address_line1="Rua de Santa Catarina 412",
        postcode="4000-447",
        city="Porto",
        legal_representative_name="Helena Sousa",
        legal_representative_role="Presidente do Conselho de Administração",
        registration_number="501332790",
        vat_number="PT501332790",
    ),
)
ORGANISATIONS: tuple[DemoOrganisation, ...] = RECIPE + FURTHER_WESTERN + FURTHER_ELSEWHERE


def _contact_person(spec: DemoOrganisation) -> User:
    """The organisation's own demo person; no password, so nobody can sign in as them."""
    email = spec.representative_email
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, full_name=spec.legal_representative_name
        )
        user.is_demo_account = True
        user.save(update_fields=["is_demo_account"])
    return user


def _profile(spec: DemoOrganisation) -> dict[str, Any]:
    turnover, balance_sheet = spec.bands
    return {
        "legal_name": spec.legal_name,
        "short_name": spec.short_name,
        "country": spec.country,
        "legal_form": spec.legal_form,
        "national_legal_form": spec.national_legal_form,
        "social_economy_type": spec.social_economy_type,
        "registration_number": spec.registration_number,
        "vat_number": spec.vat_number,
        "founding_year": spec.founding_year,
        "staff_headcount": spec.staff_headcount,
        "turnover_band": turnover,
        "balance_sheet_band": balance_sheet,
        "website": f"https://{spec.domain}/",
        "address_line1": spec.address_line1,
        "postcode": spec.postcode,
        "city": spec.city,
        "legal_representative_name": spec.legal_representative_name,
        "legal_representative_role": spec.legal_representative_role,
        "legal_representative_email": spec.representative_email,
    }


def demo_organisations(*, users: dict[str, Any]) -> dict[str, Organisation]:
    """Every demo organisation by key, created where missing (idempotent).

    ``applicant@example.org`` owns the two organisations marked for them; every other
    organisation is owned by its own password-less contact person.
    """
    applicant = users.get(APPLICANT_EMAIL) or User.objects.get(email=APPLICANT_EMAIL)
    existing = {
        organisation.legal_name: organisation
        for organisation in Organisation.objects.filter(
            legal_name__in=[spec.legal_name for spec in ORGANISATIONS]
        )
    }
    organisations: dict[str, Organisation] = {}
    for spec in ORGANISATIONS:
        owner = applicant if spec.owned_by_applicant else _contact_person(spec)
        organisation = existing.get(spec.legal_name)
        if organisation is None:
            organisation = organisation_create(created_by=owner, **_profile(spec))
        elif not OrganisationMember.objects.filter(organisation=organisation, user=owner).exists():
            member = OrganisationMember(
                organisation=organisation, user=owner, role=MemberRole.OWNER
            )
            member.full_clean()
            member.save()
        organisations[spec.key] = organisation
    return organisations


def ensure_organisation(spec: DemoOrganisation, *, owner: User | None = None) -> Organisation:
    """The organisation of ``spec``, created where missing (through ``organisation_create``),
    owned by ``owner`` or by its own password-less contact person."""
    owner = owner or _contact_person(spec)
    organisation = Organisation.objects.filter(legal_name=spec.legal_name).first()
    if organisation is None:
        return organisation_create(created_by=owner, **_profile(spec))
    if not OrganisationMember.objects.filter(organisation=organisation, user=owner).exists():
        member = OrganisationMember(organisation=organisation, user=owner, role=MemberRole.OWNER)
        member.full_clean()
        member.save()
    return organisation


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The demo organisations (see :data:`ORGANISATIONS`); returns a one-line summary."""
    before = Organisation.objects.count()
    organisations = demo_organisations(users=users)
    created = Organisation.objects.count() - before
    countries = {str(organisation.country) for organisation in organisations.values()}
    return (
        f"{len(organisations)} organisations in {len(countries)} countries "
        f"({created} new); {APPLICANT_EMAIL} owns "
        + ", ".join(spec.legal_name for spec in ORGANISATIONS if spec.owned_by_applicant)
    )
