"""Reads of the directory: the published entries with the public's filters, one entry, the
choices the filters offer, and the names of countries, languages and instruments."""

from __future__ import annotations

from typing import Any

from django.conf.locale import LANG_INFO
from django.db.models import Q, QuerySet
from django_countries import countries

from acceleration.models import DirectoryEntry, EntryKind, Instrument
from applications.selectors import format_money

PAGE_SIZE = 20


def country_name(code: str) -> str:
    return str(countries.name(code) or code)


def is_country_code(code: str) -> bool:
    return bool(code) and code == code.upper() and len(code) == 2 and bool(countries.name(code))


def is_language_code(code: str) -> bool:
    return bool(code) and code == code.lower() and "name" in LANG_INFO.get(code, {})


def language_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name_local") or info.get("name") or code)


def instrument_label(code: str) -> str:
    return str(dict(Instrument.choices).get(code, code))


def published_entries(
    *,
    kind: str | None = None,
    country: str | None = None,
    instrument: str | None = None,
    text: str = "",
) -> QuerySet[DirectoryEntry]:
    """The published entries, by name, narrowed by kind, a country they work in, an
    instrument they use, and words found in the name, description, sectors or what they
    buy. One query, whatever the number of rows (nothing related is read)."""
    entries = DirectoryEntry.objects.filter(is_published=True)
    if kind:
        entries = entries.filter(kind=kind)
    if country:
        # The lists are JSON arrays of codes: match the quoted element.
        entries = entries.filter(countries__icontains=f'"{country.upper()}"')
    if instrument:
        entries = entries.filter(instruments__icontains=f'"{instrument}"')
    for word in text.split()[:8]:
        entries = entries.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(sectors__icontains=word)
            | Q(buys__icontains=word)
        )
    return entries.order_by("name", "pk")


def published_entry(*, slug: str) -> DirectoryEntry:
    """One published entry; ``DirectoryEntry.DoesNotExist`` for an unknown or unpublished
    one."""
    return DirectoryEntry.objects.get(slug=slug, is_published=True)


def entry_for_viewer(*, slug: str, is_staff: bool) -> DirectoryEntry:
    """The entry at ``slug``: staff see an unpublished one too (a preview)."""
    if is_staff:
        return DirectoryEntry.objects.get(slug=slug)
    return published_entry(slug=slug)


def directory_countries() -> list[str]:
    """The countries the published entries work in: what the country filter offers (one
    query)."""
    codes: set[str] = set()
    for listed in DirectoryEntry.objects.filter(is_published=True).values_list(
        "countries", flat=True
    ):
        codes.update(code for code in listed or [] if isinstance(code, str))
    return sorted(codes, key=country_name)


def entry_card(entry: DirectoryEntry) -> dict[str, Any]:
    """An entry as the public pages show it: no contact person, no contact e-mail."""
    return {
        "entry": entry,
        "kind": entry.get_kind_display(),
        "countries": [country_name(code) for code in entry.countries or []],
        "languages": [language_name(code) for code in entry.languages or []],
        "instruments": [instrument_label(code) for code in entry.instruments or []],
        "sectors": list(entry.sectors or []),
        "ticket_min": format_money(entry.ticket_min) if entry.ticket_min is not None else "",
        "ticket_max": format_money(entry.ticket_max) if entry.ticket_max is not None else "",
    }


KIND_CHOICES = EntryKind.choices
