"""The registry's country map: Europe's countries (outlines shipped in
``mapping/data/europe_outlines.json``) coloured by their number of clusters.

A sequential palette of up to five steps (light to dark blue, the darker the more clusters,
the largest count always the darkest; no cluster is light grey); each country with clusters is a link that filters the registry
and carries a ``<title>`` with its name and count. Text is escaped. The table beside the
map on the page gives the same figures.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from django_countries import countries

OUTLINES = Path(__file__).resolve().parent.parent / "data" / "europe_outlines.json"
NO_CLUSTER = "#e8eaed"
# Light to dark; the two darkest pass 3:1 against white, every step differs from the next.
PALETTE = ("#c6dbef", "#9ecae1", "#6baed6", "#2171b5", "#08306b")


@functools.cache
def outlines() -> dict[str, Any]:
    """The shipped outlines: ``width``, ``height`` and ``paths`` by ISO alpha-2 code."""
    return dict(json.loads(OUTLINES.read_text(encoding="utf-8")))


def steps(top: int) -> list[tuple[int, int]]:
    """The legend's ranges (low, high) of clusters per colour, for a largest count ``top``."""
    if top <= 0:
        return []
    count = min(len(PALETTE), top)
    ranges = []
    low = 1
    for index in range(count):
        high = round(top * (index + 1) / count)
        ranges.append((low, max(high, low)))
        low = max(high, low) + 1
    return ranges


def _colours(ranges: list[tuple[int, int]]) -> tuple[str, ...]:
    # The darkest colours, as many as there are steps: the largest count is always darkest.
    return PALETTE[len(PALETTE) - len(ranges) :]


def colour_of(count: int, ranges: list[tuple[int, int]]) -> str:
    """The fill of a country with ``count`` clusters."""
    if count <= 0 or not ranges:
        return NO_CLUSTER
    colours = _colours(ranges)
    for index, (_low, high) in enumerate(ranges):
        if count <= high:
            return colours[index]
    return colours[-1]


def country_map(
    *, counts: dict[str, int], link: Any, title: str, selected: str = "", label: Any = None
) -> str:
    """The SVG map. ``link(code)`` is a country's URL; ``label(name, count)`` its title."""
    data = outlines()
    ranges = steps(max(counts.values(), default=0))
    parts = []
    for code, path in sorted(data["paths"].items()):
        count = counts.get(code, 0)
        name = str(countries.name(code) or ("Kosovo" if code == "XK" else code))
        stroke = ' stroke="#000" stroke-width="2.5"' if code == selected else ""
        shape = (
            f'<path d="{path}" fill="{colour_of(count, ranges)}"{stroke} data-country="{code}">'
            f"<title>{escape(label(name, count) if label else f'{name}: {count}')}</title></path>"
        )
        if count:
            parts.append(f"<a href={quoteattr(link(code))}>{shape}</a>")
        else:
            parts.append(shape)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="country-map" role="group" '
        f'viewBox="0 0 {data["width"]} {data["height"]}" aria-label={quoteattr(title)} '
        f'stroke="#ffffff" stroke-width="0.6"><title>{escape(title)}</title>'
        + "".join(parts)
        + "</svg>"
    )


def legend(ranges: list[tuple[int, int]]) -> list[tuple[str, int, int]]:
    """(colour, low, high) of each step, for the legend under the map."""
    return [
        (colour, low, high) for colour, (low, high) in zip(_colours(ranges), ranges, strict=True)
    ]
