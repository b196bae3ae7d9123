"""Checks of an organisation's identifiers with python-stdnum, by country.

Each check returns the value to store (VAT numbers in their compact form) or raises a
``ValidationError`` whose message names the field and the rule that failed.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries
from stdnum import get_cc_module
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.util import clean

from organisations.countries import EU_MEMBER_STATES

FOUNDING_YEAR_MIN = 1800

# Prefixes a VAT number may carry for a country; the first is the one stored.
VAT_PREFIXES: dict[str, tuple[str, ...]] = {"GR": ("EL", "GR"), "GB": ("GB", "XI")}

# National identifiers that every legal entity of the country has, with python-stdnum
# modules to check them. Countries not listed here get a format check only: their
# registers have no single number that stdnum can check for every legal form.
REGISTRATION_NUMBER_MODULES: dict[str, tuple[str, ...]] = {
    "BE": ("stdnum.be.vat",),  # enterprise number (KBO/BCE), the same digits as the VAT number
    "CH": ("stdnum.ch.uid",),
    "DK": ("stdnum.dk.cvr",),
    "EE": ("stdnum.ee.registrikood",),
    "FI": ("stdnum.fi.ytunnus",),
    "FR": ("stdnum.fr.siren", "stdnum.fr.siret"),
    "HR": ("stdnum.hr.oib",),
    "IS": ("stdnum.is_.kennitala",),
    "MD": ("stdnum.md.idno",),
    "NO": ("stdnum.no.orgnr",),
    "RO": ("stdnum.ro.onrc", "stdnum.ro.cui"),
    "SE": ("stdnum.se.orgnr",),
    "UA": ("stdnum.ua.edrpou",),
}
# Other accepted shapes, e.g. French associations that only have an RNA number.
REGISTRATION_NUMBER_PATTERNS: dict[str, tuple[str, ...]] = {"FR": (r"W\d{9}",)}
REGISTRATION_NUMBER_NAMES = {
    "BE": gettext_lazy("enterprise number (10 digits, e.g. 0403.170.701)"),
    "CH": gettext_lazy("UID (CHE followed by 9 digits)"),
    "DK": gettext_lazy("CVR number (8 digits)"),
    "EE": gettext_lazy("registry code (8 digits)"),
    "FI": gettext_lazy("business ID (Y-tunnus, e.g. 2077474-0)"),
    "FR": gettext_lazy("SIREN (9 digits), SIRET (14 digits) or RNA number (W and 9 digits)"),
    "HR": gettext_lazy("OIB (11 digits)"),
    "IS": gettext_lazy("kennitala (10 digits)"),
    "MD": gettext_lazy("IDNO (13 digits)"),
    "NO": gettext_lazy("organisation number (9 digits)"),
    "RO": gettext_lazy("trade register number (e.g. J40/372/2002) or fiscal code (CUI)"),
    "SE": gettext_lazy("organisation number (10 digits)"),
    "UA": gettext_lazy("EDRPOU code (8 digits)"),
}
GENERIC_IDENTIFIER = re.compile(r"[A-Z0-9]{2,30}")


def country_name(code: str) -> str:
    return str(countries.name(code)) or code


def validate_founding_year(value: int) -> None:
    current_year = timezone.now().year
    if value is not None and not FOUNDING_YEAR_MIN <= value <= current_year:
        raise ValidationError(
            _("The founding year must be between %(first)s and %(last)s.")
            % {"first": FOUNDING_YEAR_MIN, "last": current_year},
            code="founding_year_range",
        )


def _problem(error: StdnumError) -> tuple[str, str]:
    if isinstance(error, InvalidChecksum):
        return _("its check digit is wrong"), "checksum"
    if isinstance(error, InvalidLength):
        return _("it has the wrong number of characters"), "length"
    return _("it does not have the expected format"), "format"


def _load(path: str) -> ModuleType:
    return importlib.import_module(path)


def normalise_vat_number(*, country: str, vat_number: str) -> str:
    """Check ``vat_number`` for ``country`` and return it in compact form ('' stays '').

    EU numbers are checked with ``stdnum.eu.vat`` and stored with their prefix (EL for
    Greece); numbers of other countries with the country's stdnum module where one exists,
    else by shape only. A prefix of another country is refused.
    """
    raw = clean(vat_number or "", " -./,:").upper().strip()
    if not raw:
        return ""
    country = country.upper()
    prefixes = VAT_PREFIXES.get(country, (country,))
    name = country_name(country)
    foreign_prefix = raw[:2]
    if (
        raw[:2].isalpha()
        and foreign_prefix not in prefixes
        and (foreign_prefix in countries or foreign_prefix in {"EL", "XI", "EU"})
        and not _valid_national_vat(country, raw)
    ):
        raise ValidationError(
            _(
                "The VAT number starts with %(prefix)s, which is not the prefix of %(country)s; "
                "a VAT number of %(country)s starts with %(expected)s or has no prefix."
            )
            % {"prefix": foreign_prefix, "country": name, "expected": prefixes[0]},
            code="vat_country_mismatch",
        )
    if country in EU_MEMBER_STATES:
        number = raw if raw[:2] in prefixes else prefixes[0] + raw
        number = prefixes[0] + number[2:]
        try:
            return eu_vat.validate(number)
        except StdnumError as error:
            problem, code = _problem(error)
            raise ValidationError(
                _("The VAT number is not valid for %(country)s: %(problem)s.")
                % {"country": name, "problem": problem},
                code=f"vat_{code}",
            ) from error
    module = get_cc_module(country.lower(), "vat")
    if module is None:
        if not GENERIC_IDENTIFIER.fullmatch(raw):
            raise ValidationError(
                _("The VAT number may contain only letters and digits (2 to 30 of them)."),
                code="vat_format",
            )
        return raw
    last_error: StdnumError | None = None
    for candidate in _national_candidates(country, raw, prefixes):
        try:
            return module.validate(candidate)
        except StdnumError as error:
            last_error = error
    assert last_error is not None
    problem, code = _problem(last_error)
    raise ValidationError(
        _("The VAT number is not valid for %(country)s: %(problem)s.")
        % {"country": name, "problem": problem},
        code=f"vat_{code}",
    )


def _national_candidates(country: str, raw: str, prefixes: tuple[str, ...]) -> list[str]:
    """The spellings a national module may expect: as typed, without prefix, with suffixes."""
    candidates = [raw]
    for prefix in prefixes:
        if raw.startswith(prefix) and not (country == "CH" and raw.startswith("CHE")):
            candidates.append(raw[len(prefix) :])
    if country == "NO":
        candidates += [
            candidate + "MVA" for candidate in candidates if not candidate.endswith("MVA")
        ]
    return candidates


def _valid_national_vat(country: str, raw: str) -> bool:
    """Whether ``raw`` is already valid as typed (some numbers start with two letters)."""
    if country in EU_MEMBER_STATES:
        return eu_vat.is_valid(VAT_PREFIXES.get(country, (country,))[0] + raw)
    module = get_cc_module(country.lower(), "vat")
    return bool(module and module.is_valid(raw))


def validate_registration_number(*, country: str, registration_number: str) -> None:
    """Check a registration number with the country's stdnum module(s), where it has one."""
    raw = (registration_number or "").strip()
    if not raw:
        return
    country = country.upper()
    module_paths = REGISTRATION_NUMBER_MODULES.get(country)
    if not module_paths:
        if len(raw) > 64 or not re.search(r"[0-9A-Za-z]", raw):
            raise ValidationError(
                _(
                    "The registration number must contain letters or digits (at most 64 characters)."
                ),
                code="registration_number_format",
            )
        return
    compact = clean(raw, " -./").upper()
    if any(
        re.fullmatch(pattern, compact) for pattern in REGISTRATION_NUMBER_PATTERNS.get(country, ())
    ):
        return
    errors: list[StdnumError] = []
    for path in module_paths:
        module = _load(path)
        try:
            module.validate(raw)
            return
        except StdnumError as error:
            errors.append(error)
    # Report the most specific problem: a wrong check digit beats a wrong shape.
    reported = next((e for e in errors if isinstance(e, InvalidChecksum)), errors[0])
    problem, code = _problem(reported)
    raise ValidationError(
        _("The registration number is not a valid %(identifier)s of %(country)s: %(problem)s.")
        % {
            "identifier": REGISTRATION_NUMBER_NAMES[country],
            "country": country_name(country),
            "problem": problem,
        },
        code=f"registration_number_{code}",
    )
