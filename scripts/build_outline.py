"""Build data/finland-outline.geojson: Finland's outline (with Åland), drawn under the city
points when the municipal boundaries are not available (points mode, e.g. with no network).

Source: Natural Earth's 1:10m Admin 0 countries (public domain), version 4.1.0, as TopoJSON in
the npm package `world-atlas` 2.0.2 (ISC licence), `countries-10m.json`. `npm ci` installs it
into node_modules/ (it is a devDependency in package.json). Natural Earth keeps Åland as a
country of its own (id 248) beside Finland (id 246); both are taken and merged.

The TopoJSON is decoded here (quantised, delta-encoded arcs; see the TopoJSON specification),
merged, simplified in ETRS-TM35FIN (metres) so that a few hundred vertices remain, islands too
small to see at the map's country-wide zoom dropped, and coordinates rounded to 3 decimals
(about 100 m, finer than the simplification).

Run: .venv/bin/python scripts/build_outline.py   (rewrites the file deterministically)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon, mapping

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-10m.json"
TARGET = ROOT / "data" / "finland-outline.geojson"
FINLAND_IDS = {"246": "Finland", "248": "Åland"}  # ISO 3166-1 numeric codes, as in world-atlas
SIMPLIFY_M = 3_000  # a country-wide map at 1000 px shows about 1.3 km a pixel
MIN_ISLAND_KM2 = 60  # smaller islands are under a few pixels at that zoom
DECIMALS = 3


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as lon/lat points: undo the delta encoding, then the quantisation."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    """A ring from arc indexes; a negative index ~i is arc i reversed. Consecutive arcs share
    their meeting point, which is kept once."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry(entry: dict, arcs: list[list[tuple[float, float]]]) -> MultiPolygon:
    polygons = [entry["arcs"]] if entry["type"] == "Polygon" else entry["arcs"]
    return MultiPolygon([Polygon(ring(rings[0], arcs), [ring(hole, arcs) for hole in rings[1:]]) for rings in polygons])


def build(source: Path = SOURCE) -> dict:
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    parts = [
        geometry(entry, arcs)
        for entry in topology["objects"]["countries"]["geometries"]
        if str(entry.get("id")) in FINLAND_IDS
    ]
    if len(parts) != len(FINLAND_IDS):
        raise SystemExit(f"{source}: expected Finland and Åland, found {len(parts)} of them")
    to_metric = Transformer.from_crs("EPSG:4326", "EPSG:3067", always_xy=True)
    to_degrees = Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)
    merged = shapely.transform(shapely.union_all(parts), to_metric.transform, interleaved=False)
    kept = [p for p in getattr(merged, "geoms", [merged]) if p.area >= MIN_ISLAND_KM2 * 1e6]
    simple = shapely.simplify(MultiPolygon(kept), SIMPLIFY_M, preserve_topology=True)
    outline = shapely.transform(simple, to_degrees.transform, interleaved=False)
    outline = shapely.set_precision(outline, 10**-DECIMALS)  # rounds and keeps the shape valid
    outline = shapely.normalize(outline)  # a fixed ring order and start: the same file every run
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {
                    "name": "Finland",
                    "source": "Natural Earth 1:10m Admin 0 countries 4.1.0 (Finland, Åland), via world-atlas 2.0.2",
                    "licence": "Natural Earth: public domain",
                },
                "geometry": mapping(outline),
            }
        ],
    }


def main() -> int:
    if not SOURCE.exists():
        print(f"{SOURCE} is missing: run `npm ci` first (world-atlas is a devDependency).", file=sys.stderr)
        return 1
    collection = build()
    TARGET.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    geometry_ = collection["features"][0]["geometry"]
    vertices = shapely.get_num_coordinates(shapely.geometry.shape(geometry_))
    print(f"wrote {TARGET.relative_to(ROOT)}: {vertices} vertices, {TARGET.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
