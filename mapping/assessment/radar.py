"""A radar chart of a respondent's scores per dimension, drawn as SVG on the server with no
dependency (in the manner of ``reports.dashboard.svg``).

One axis per dimension from the centre (0) to the rim (100), rings at 25, 50, 75 and 100,
and the scores joined as one ``<polygon class="scores">``; a dimension without a score sits
at the centre and its label says so. The SVG carries ``role="img"``, a ``<title>`` and a
``<desc>`` (aria-labelledby both); the table beside it gives the exact figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

# Wide enough for the labels left and right of the rim.
WIDTH, HEIGHT = 680, 440
CENTRE_X, CENTRE_Y = WIDTH / 2, HEIGHT / 2
RADIUS = 140
RINGS = (25, 50, 75, 100)
# Dark enough on white for graphics (WCAG 3:1); the palette of the dashboards.
LINE, FILL, GRID = "#1f5f99", "rgba(31, 95, 153, 0.25)", "#767676"


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / max(count, 1)
    distance = RADIUS * max(0.0, min(value, 100.0)) / 100
    return CENTRE_X + distance * math.cos(angle), CENTRE_Y + distance * math.sin(angle)


def _polygon(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_chart(
    *,
    title: str,
    description: str,
    axes: Sequence[tuple[str, int | None]],
    chart_id: str = "radar",
    no_answer: str = "–",
) -> str:
    """The SVG of ``axes`` (label, score 0–100 or None), titled and described."""
    count = len(axes)
    parts: list[str] = []
    for ring in RINGS:
        ring_points = [_point(index, count, ring) for index in range(count)]
        parts.append(
            f'<polygon class="ring" points="{_polygon(ring_points)}" fill="none" '
            f'stroke="{GRID}" stroke-width="0.75"/>'
        )
        if ring == RINGS[-1]:
            continue  # the rim: its axis label sits there
        x, y = _point(0, count, ring)
        parts.append(
            f'<text x="{x + 4:.1f}" y="{y + 4:.1f}" font-size="10" fill="#444">{ring}</text>'
        )
    for index, (label, score) in enumerate(axes):
        x, y = _point(index, count, 100)
        parts.append(
            f'<line x1="{CENTRE_X}" y1="{CENTRE_Y}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" '
            'stroke-width="0.75"/>'
        )
        lx, ly = _point(index, count, 118)
        anchor = "middle" if abs(lx - CENTRE_X) < 10 else ("start" if lx > CENTRE_X else "end")
        shown = f"{label} ({score if score is not None else no_answer})"
        parts.append(
            f'<text class="axis-label" x="{lx:.1f}" y="{ly + 4:.1f}" text-anchor="{anchor}" '
            f'font-size="12" fill="#222">{escape(shown)}</text>'
        )
    score_points = [_point(index, count, score or 0) for index, (_label, score) in enumerate(axes)]
    parts.append(
        f'<polygon class="scores" points="{_polygon(score_points)}" fill="{FILL}" '
        f'stroke="{LINE}" stroke-width="2"/>'
    )
    parts.extend(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{LINE}"/>' for x, y in score_points
    )
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="radar-chart" id={quoteattr(chart_id)} '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" '
        f'aria-labelledby="{title_id} {desc_id}">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )
