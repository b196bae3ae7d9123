"""The match score of a challenge and a technology offer: a pure function, no database.

Four things count, out of 100 points:

- tags, 55 points: the share of keywords they have in common, over the shorter of the two
  lists (an offer that names two technologies, both wanted, matches fully);
- sector, 20 points: the offer works in the challenge's sector;
- language, 15 points: they share at least one working language;
- country, 10 points: the offer serves the challenge's country.

Candidates with no point at all are left out. Ranking is by score, then by more shared
tags, then by the candidate's key (its id): the same data always gives the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from django.utils.translation import gettext as _

TAG_POINTS = 55
SECTOR_POINTS = 20
LANGUAGE_POINTS = 15
COUNTRY_POINTS = 10

T = TypeVar("T")


@dataclass(frozen=True)
class Profile:
    """What one side brings to a match: its keywords, sectors, countries and languages."""

    tags: frozenset[str] = frozenset()
    sectors: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    languages: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        *,
        tags: Iterable[str] = (),
        sectors: Iterable[str] = (),
        countries: Iterable[str] = (),
        languages: Iterable[str] = (),
    ) -> Profile:
        return cls(
            tags=frozenset(t.lower() for t in tags),
            sectors=frozenset(sectors),
            countries=frozenset(c.upper() for c in countries),
            languages=frozenset(languages),
        )


@dataclass(frozen=True)
class Score:
    """The points of one pair and what earned them."""

    points: int
    shared_tags: tuple[str, ...] = ()
    shared_sectors: tuple[str, ...] = ()
    shared_countries: tuple[str, ...] = ()
    shared_languages: tuple[str, ...] = ()


def score(challenge: Profile, offer: Profile) -> Score:
    """The score (0–100) of ``offer`` for ``challenge`` and what they share, sorted."""
    shared_tags = tuple(sorted(challenge.tags & offer.tags))
    shared_sectors = tuple(sorted(challenge.sectors & offer.sectors))
    shared_countries = tuple(sorted(challenge.countries & offer.countries))
    shared_languages = tuple(sorted(challenge.languages & offer.languages))
    points = 0.0
    shorter = min(len(challenge.tags), len(offer.tags))
    if shorter:
        points += TAG_POINTS * len(shared_tags) / shorter
    if shared_sectors:
        points += SECTOR_POINTS
    if shared_languages:
        points += LANGUAGE_POINTS
    if shared_countries:
        points += COUNTRY_POINTS
    return Score(
        points=min(100, round(points)),
        shared_tags=shared_tags,
        shared_sectors=shared_sectors,
        shared_countries=shared_countries,
        shared_languages=shared_languages,
    )


def reasons(
    result: Score,
    *,
    sector_name: Callable[[str], str] = str,
    country_name: Callable[[str], str] = str,
    language_name: Callable[[str], str] = str,
) -> list[str]:
    """Why a pair matches, in words, most weighty first."""
    said: list[str] = []
    if result.shared_tags:
        said.append(_("shares the tags %(tags)s") % {"tags": ", ".join(result.shared_tags)})
    if result.shared_sectors:
        said.append(
            _("same sector: %(sector)s")
            % {"sector": ", ".join(sector_name(s) for s in result.shared_sectors)}
        )
    if result.shared_countries:
        said.append(
            _("serves %(country)s")
            % {"country": ", ".join(country_name(c) for c in result.shared_countries)}
        )
    if result.shared_languages:
        said.append(
            _("works in %(languages)s")
            % {"languages": ", ".join(language_name(code) for code in result.shared_languages)}
        )
    return said


def rank(
    subject: Profile,
    candidates: Iterable[tuple[int, T, Profile]],
    *,
    subject_is_challenge: bool = True,
) -> list[tuple[int, T, Score]]:
    """``candidates`` (key, item, profile) that score above zero against ``subject``, best
    first; ties go to more shared tags, then to the smaller key."""
    scored: list[tuple[int, T, Score]] = []
    for key, item, profile in candidates:
        result = score(subject, profile) if subject_is_challenge else score(profile, subject)
        if result.points > 0:
            scored.append((key, item, result))
    scored.sort(key=lambda entry: (-entry[2].points, -len(entry[2].shared_tags), entry[0]))
    return scored
