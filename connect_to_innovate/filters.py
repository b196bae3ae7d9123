"""The filters of the challenge and offer lists (sector, country, language, words), read
from a page's query string or the API's."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connect_to_innovate.models import LANGUAGE_CODES, Sector
from connect_to_innovate.review import country_choices, language_choices
from organisations.countries import ELIGIBLE_COUNTRIES


@dataclass(frozen=True)
class ListFilters:
    """What a list of challenges or offers is filtered on, from the page's query string;
    a value that is not one of the choices is dropped (and named in ``problems``)."""

    sector: str = ""
    country: str = ""
    language: str = ""
    words: str = ""

    @property
    def any(self) -> bool:
        return bool(self.sector or self.country or self.language or self.words)

    def query(self) -> str:
        from urllib.parse import urlencode

        pairs = {
            "sector": self.sector,
            "country": self.country,
            "language": self.language,
            "q": self.words,
        }
        return urlencode({key: value for key, value in pairs.items() if value})


def list_filters(params: Any) -> tuple[ListFilters, dict[str, str]]:
    """The filters of a list page, and the problems with what was asked (by filter)."""
    from django.utils.translation import gettext as _

    problems: dict[str, str] = {}
    sector = str(params.get("sector") or "").strip()
    if sector and sector not in Sector.values:
        problems["sector"] = _("Sector: “%(value)s” is not one of the sectors.") % {"value": sector}
        sector = ""
    country = str(params.get("country") or "").strip().upper()
    if country and country not in ELIGIBLE_COUNTRIES:
        problems["country"] = _("Country: “%(value)s” is not a country of the programme.") % {
            "value": country
        }
        country = ""
    language = str(params.get("language") or "").strip().lower()
    if language and language not in LANGUAGE_CODES:
        problems["language"] = _("Language: “%(value)s” is not an EU language.") % {
            "value": language
        }
        language = ""
    words = " ".join(str(params.get("q") or "").split())[:200]
    return ListFilters(sector=sector, country=country, language=language, words=words), problems


def filter_context(params: Any) -> dict[str, Any]:
    """What a list page's filter form shows: the filters, their problems and choices."""
    filters, problems = list_filters(params)
    return {
        "filters": filters,
        "problems": problems,
        "filter_query": filters.query(),
        "sector_choices": Sector.choices,
        "country_choices": country_choices(),
        "language_choices": language_choices(),
    }
