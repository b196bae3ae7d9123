"""Build mapping/data/europe_outlines.json: SVG path strings of European countries.

Source: Natural Earth 1:50m admin-0 countries (public domain) as TopoJSON in the npm package
``world-atlas`` 2.0.2 (ISC licence). Get it with::

    cd "$(mktemp -d)" && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz

then run ``python scripts/build_country_outlines.py <that dir>/package/countries-50m.json``.

The TopoJSON arcs are decoded (delta-encoded integers, then the quantisation transform),
the countries of the EU, the EEA, the candidates, the United Kingdom and Switzerland kept
(keyed by ISO 3166 alpha-2; Kosovo as XK), projected with a Lambert azimuthal equal-area
projection centred on Europe, clipped to the continent (overseas parts dropped), simplified
(Ramer–Douglas–Peucker) and written with one decimal.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "mapping" / "data" / "europe_outlines.json"

# ISO 3166 numeric -> alpha-2 (Kosovo has no numeric code: matched by name).
COUNTRIES = {
    "040": "AT", "056": "BE", "100": "BG", "191": "HR", "196": "CY", "203": "CZ",
    "208": "DK", "233": "EE", "246": "FI", "250": "FR", "276": "DE", "300": "GR",
    "348": "HU", "372": "IE", "380": "IT", "428": "LV", "440": "LT", "442": "LU",
    "470": "MT", "528": "NL", "616": "PL", "620": "PT", "642": "RO", "703": "SK",
    "705": "SI", "724": "ES", "752": "SE",
    "352": "IS", "438": "LI", "578": "NO",
    "756": "CH", "826": "GB",
    "008": "AL", "070": "BA", "268": "GE", "498": "MD", "499": "ME", "807": "MK",
    "688": "RS", "792": "TR", "804": "UA",
}  # fmt: skip
BY_NAME = {"Kosovo": "XK"}

# The part of the world drawn (longitude, latitude bounds of a ring's first point).
LON_MIN, LON_MAX, LAT_MIN, LAT_MAX = -25.0, 47.0, 34.0, 72.0
CENTRE_LON, CENTRE_LAT = 10.0, 52.0
WIDTH = 800.0
TOLERANCE = 0.7  # pixels
MIN_AREA = 4.0  # square pixels: smaller islands are dropped (a country keeps its largest ring)


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, centred on Europe (unit sphere)."""
    lam, phi = math.radians(lon - CENTRE_LON), math.radians(lat)
    phi0 = math.radians(CENTRE_LAT)
    k = math.sqrt(
        2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam))
    )
    x = k * math.cos(phi) * math.sin(lam)
    y = k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))
    return x, -y


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    first, last = points[0], points[-1]
    dx, dy = last[0] - first[0], last[1] - first[1]
    length = math.hypot(dx, dy)
    worst, index = 0.0, 0
    for position in range(1, len(points) - 1):
        px, py = points[position]
        if length == 0:
            distance = math.hypot(px - first[0], py - first[1])
        else:
            distance = abs(dy * px - dx * py + last[0] * first[1] - last[1] * first[0]) / length
        if distance > worst:
            worst, index = distance, position
    if worst <= tolerance:
        return [first, last]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def area(points: list[tuple[float, float]]) -> float:
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)
        )
        / 2
    )


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    shapes: dict[str, list[list[tuple[float, float]]]] = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id"))) or BY_NAME.get(
            (geometry.get("properties") or {}).get("name", "")
        )
        if code is None:
            continue
        polygons = (
            [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry.get("arcs") or []
        )
        rings = []
        for polygon in polygons:
            outer = ring(arcs, polygon[0])
            lon, lat = outer[0]
            if not (LON_MIN <= lon <= LON_MAX and LAT_MIN <= lat <= LAT_MAX):
                continue
            rings.extend([project(*point) for point in ring(arcs, part)] for part in polygon)
        shapes[code] = rings
    xs = [x for rings in shapes.values() for r in rings for x, _y in r]
    ys = [y for rings in shapes.values() for r in rings for _x, y in r]
    factor = WIDTH / (max(xs) - min(xs))
    height = (max(ys) - min(ys)) * factor
    paths: dict[str, str] = {}
    for code, rings in sorted(shapes.items()):
        drawn = []
        for points in rings:
            pixels = [((x - min(xs)) * factor, (y - min(ys)) * factor) for x, y in points]
            drawn.append((area(pixels), simplify(pixels, TOLERANCE)))
        largest = max((a for a, _p in drawn), default=0)
        parts = []
        for size, points in drawn:
            if (size < MIN_AREA and size != largest) or len(points) < 3:
                continue
            parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in points) + "Z")
        paths[code] = "".join(parts)
    document = {
        "source": "Natural Earth 1:50m admin-0 countries (public domain), via world-atlas 2.0.2 (ISC)",
        "projection": f"Lambert azimuthal equal-area centred on {CENTRE_LON}E {CENTRE_LAT}N",
        "width": round(WIDTH),
        "height": round(height),
        "paths": paths,
    }
    OUTPUT.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(paths)} countries, {OUTPUT.stat().st_size} bytes -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv[1])
