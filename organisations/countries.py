"""Countries where an applicant organisation may be established."""

from __future__ import annotations

from django_countries import Countries

EU_MEMBER_STATES: tuple[str, ...] = (
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
)  # fmt: skip

# Countries associated to the Single Market Programme (which funds the Euroclusters) or to
# Horizon Europe, limited to Europe and the neighbourhood: the EEA countries, the Western
# Balkans, the Eastern Partnership countries that are associated, Türkiye, Tunisia, Israel,
# Switzerland (Horizon Europe from 2025), the United Kingdom (Horizon Europe from 2024) and
# the Faroe Islands. Kosovo is associated too but has no ISO 3166 code in django-countries,
# so it cannot be chosen yet. A call narrows this list further with its eligibility rules;
# this list only bounds what an organisation profile may say.
ASSOCIATED_COUNTRIES: tuple[str, ...] = (
    "IS", "NO", "LI",
    "AL", "BA", "ME", "MK", "RS",
    "MD", "UA", "GE", "AM",
    "TR", "TN", "IL",
    "CH", "GB", "FO",
)  # fmt: skip

ELIGIBLE_COUNTRIES: tuple[str, ...] = EU_MEMBER_STATES + ASSOCIATED_COUNTRIES


class EligibleCountries(Countries):
    """The country choices of an organisation: :data:`ELIGIBLE_COUNTRIES`, sorted by name."""

    only = list(ELIGIBLE_COUNTRIES)
