"""A tiny SVG builder for the PDF summary: grouped bar charts and line charts, drawn on
the server from a :class:`~reports.dashboard.selectors.Chart` with no dependency.

Each bar is one ``<rect class="bar">`` (one per data point of each drawn series), each
line one ``<polyline class="line">``; text is escaped. The SVG carries ``role="img"`` and
a ``<title>``; the table beside it in the PDF gives the exact figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape, quoteattr

# Colours distinct for most colour vision, dark enough on white (WCAG 3:1 for graphics).
PALETTE = ("#1f5f99", "#b3541e", "#2e7d32", "#6a3d9a", "#8c1c3a", "#005f5f")
WIDTH, HEIGHT = 640, 280
LEFT, RIGHT, TOP, BOTTOM = 70, 10, 30, 60


def _number(value: Any) -> float:
    # Geometry only: the figures themselves stay exact in the table beside the chart.
    return float(Decimal(str(value or 0)))


def _scale_top(values: Sequence[float]) -> float:
    top = max(values, default=0.0)
    if top <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(top))) - 1)
    return float((int(top / magnitude) + 1) * magnitude)


def _short(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def _frame(title: str, top: float, parts: list[str]) -> str:
    plot_height = HEIGHT - TOP - BOTTOM
    axis = [
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
    ]
    for step in range(5):
        value = top * step / 4
        y = HEIGHT - BOTTOM - plot_height * step / 4
        axis.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10">'
            f"{escape(_short(value))}</text>"
        )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(title)}>'
        f"<title>{escape(title)}</title>" + "".join(axis) + "".join(parts) + "</svg>"
    )


def _legend(names: Sequence[str]) -> list[str]:
    parts = []
    x = LEFT
    for index, name in enumerate(names):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="8" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="17" font-size="10">{escape(name)}</text>'
        )
        x += 14 + 6 * len(name) + 16
    return parts


def _label(x: float, text: str) -> str:
    """A label under the axis: at most 14 characters, a longer one cut with "…" and given
    whole in its title (the chart's table beside it has it too)."""
    short = text if len(text) <= 14 else text[:13] + "…"
    return (
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 14}" text-anchor="middle" '
        f'font-size="10"><title>{escape(text)}</title>{escape(short)}</text>'
    )


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Any]]]
) -> str:
    """Grouped bars: for each label, one bar per series (``(name, values)`` pairs)."""
    values = [_number(value) for _name, points in series for value in points]
    top = _scale_top(values)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    group = plot_width / max(len(labels), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = _legend([name for name, _points in series])
    for index, label in enumerate(labels):
        start = LEFT + group * index + group * 0.1
        for position, (name, points) in enumerate(series):
            value = _number(points[index])
            height = plot_height * value / top
            parts.append(
                f'<rect class="bar" x="{start + bar * position:.1f}" '
                f'y="{HEIGHT - BOTTOM - height:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{PALETTE[position % len(PALETTE)]}">'
                f"<title>{escape(f'{label}, {name}: {points[index]}')}</title></rect>"
            )
        parts.append(_label(LEFT + group * (index + 0.5), label))
    return _frame(title, top, parts)


def line_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Any]]]
) -> str:
    """One line per series over the labels (months, in order)."""
    values = [_number(value) for _name, points in series for value in points]
    top = _scale_top(values)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    # The first and last points stand in from the axes, so their labels are not cut off.
    inset = 30
    step = (plot_width - 2 * inset) / max(len(labels) - 1, 1)
    parts = _legend([name for name, _points in series])
    for position, (_name, points) in enumerate(series):
        colour = PALETTE[position % len(PALETTE)]
        xy = [
            (LEFT + inset + step * index, HEIGHT - BOTTOM - plot_height * _number(value) / top)
            for index, value in enumerate(points)
        ]
        coordinates = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
        parts.append(
            f'<polyline class="line" points="{coordinates}" fill="none" stroke-width="2" '
            f'stroke="{colour}"/>'
        )
        # A dot on each point: a single month still shows.
        parts.extend(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}"/>' for x, y in xy)
    every = max(len(labels) // 8, 1)
    for index, label in enumerate(labels):
        if index % every == 0:
            parts.append(_label(LEFT + inset + step * index, label))
    return _frame(title, top, parts)


def chart_svg(chart: Any) -> str:
    """The SVG of a dashboard chart: its drawn series, as bars or lines."""
    series = [(item.label, item.values) for item in chart.drawn]
    draw = line_chart if chart.kind == "line" else bar_chart
    return draw(chart.title, chart.labels, series)
