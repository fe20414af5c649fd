"""What a map of the partnerships shows, apart from how it is drawn: the geometry per
municipality, the partnerships in drawing order with their colours and members, the rings of a
point city in several partnerships, the count badges and the bounds to fit.

The web map (components/render/map.py with components/render/map_layers.js, Leaflet) and the slide picture
(components/render/slide.py, matplotlib) both draw from this model, so their order, ring sizes and
colours come from one place. No drawing library is imported here.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from components.base.colours import partnership_colour, partnership_line
from components.base.i18n import t
from components.data import periods
from components.data.catalog import Catalog
from components.data.memberships import member_counts

FINLAND_OUTLINE = Path(__file__).resolve().parents[2] / "data" / "finland-outline.geojson"
BASEMAPS = ("light", "none")  # the background maps offered, the default first
STORE_DECIMALS = 4  # about 10 m: finer than the 1 km simplified boundaries it carries

# A point city's rings, in px (the slide picture draws them at the same size): the innermost
# ring's radius, and what each further partnership of the same city adds.
INNER_RING_PX = 6
RING_STEP_PX = 4


@dataclass(frozen=True)
class MapGeometry:
    """Geometry per municipality code (the official polygon where there is one, else the city
    point), built once, not per rerun; and the same shapes as the geometry store the browser
    fetches once per page (GeoJSON text, coordinates rounded to STORE_DECIMALS)."""

    by_code: dict[str, dict]
    context_codes: tuple[str, ...]  # the official municipalities (drawn grey); empty in points mode
    store: str
    token: str = "points"  # names the geometry in cache keys
    outline: dict | None = None  # Finland's outline, drawn grey in points mode (no municipalities)

    @property
    def has_polygons(self) -> bool:
        return bool(self.context_codes)


def prepare_geometry(cities: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame | None, token: str = "points") -> MapGeometry:
    by_code = {
        code: shapely.geometry.mapping(point)
        for code, point in zip(cities["municipality_code"], cities.geometry, strict=True)
    }
    context_codes: tuple[str, ...] = ()
    outline = None
    if polygons is not None:
        shapes = [shapely.geometry.mapping(polygon) for polygon in polygons.geometry]
        by_code.update(zip(polygons["municipality_code"], shapes, strict=True))
        context_codes = tuple(polygons["municipality_code"])
    else:
        outline = finland_outline()
    store = geometry_store(by_code, set(context_codes), outline)
    return MapGeometry(by_code, context_codes, store, token, outline)


def finland_outline() -> dict:
    """Finland's outline with Åland (GeoJSON geometry, lon/lat), from Natural Earth; built by
    scripts/build_outline.py. Without municipal boundaries the points would float on nothing."""
    collection = json.loads(FINLAND_OUTLINE.read_text(encoding="utf-8"))
    return collection["features"][0]["geometry"]


def geometry_store(by_code: Mapping[str, dict], context: set[str], outline: dict | None = None) -> str:
    """Every shape once, as a GeoJSON FeatureCollection whose feature ids are municipality
    codes; `context` marks the official municipalities drawn grey under the layers. Shared
    borders stay shared: the same vertex rounds to the same coordinates on both sides. In points
    mode Finland's outline travels as the collection's member `outline` (not a feature: it is no
    municipality)."""
    features = [
        {
            "type": "Feature",
            "id": code,
            "properties": {"context": code in context},
            "geometry": shapely.geometry.mapping(
                shapely.transform(shapely.geometry.shape(geometry), lambda xy: np.round(xy, STORE_DECIMALS))
            ),
        }
        for code, geometry in sorted(by_code.items())
    ]
    collection = {"type": "FeatureCollection", "features": features}
    if outline is not None:
        collection["outline"] = outline
    return json.dumps(collection, separators=(",", ":"))


def drawing_order(rows: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Partnerships from the most members to the fewest (catalog order breaks ties): drawn in
    this order, the small partnerships lie on top of the large ones instead of under them."""
    counts = member_counts(rows)
    index = {pid: position for position, pid in enumerate(catalog.partnership_ids)}
    return sorted(counts.index, key=lambda pid: (-counts[pid], index[pid]))


def ring_radii(count: int) -> tuple[int, ...]:
    """The radii of a point city's rings, one per partnership in drawing order: the first
    (largest partnership, drawn first) outermost, so every ring stays visible."""
    return tuple(INNER_RING_PX + RING_STEP_PX * (count - 1 - index) for index in range(count))


@dataclass(frozen=True)
class LayerSpec:
    """One partnership's layer: its legend label, colour and members (the browser looks up
    their shapes in the geometry store)."""

    partnership_id: str
    label: str  # plain text, e.g. "Vitality partnership (3)"
    colour: str  # fill
    line: str  # outline
    codes: tuple[str, ...]


@dataclass(frozen=True)
class LayerPlan:
    """Everything the map layers need for one selection; pure data, so it can be cached."""

    layers: tuple[LayerSpec, ...]  # in drawing order
    memberships: Mapping[str, tuple[str, ...]]  # code -> its shown partnerships, in drawing order
    rings: Mapping[str, tuple[int, ...]]  # point code -> ring radius (px) per partnership in memberships
    badges: tuple[tuple[float, float, int], ...]  # (lat, lon, count) on polygons of overlaps
    points: Mapping[str, tuple[float, float]]  # code -> (lat, lon) where its label or badge sits
    bounds: tuple[tuple[float, float], tuple[float, float]] | None = None  # members' (south, west), (north, east)


def _layer_label(name: str, members: pd.DataFrame, lang: str) -> str:
    """ "Vitality partnership (3)"; "… (23, status not known)" when some members' status is not
    known on the view's day (the legend explains the dashed shapes)."""
    column = periods.NOT_KNOWN_COLUMN
    if column in members.columns and (members[column].fillna("") != "").any():
        return t("status_not_known.layer", lang, name=name, count=len(members))
    return f"{name} ({len(members)})"


def layer_plan(rows: pd.DataFrame, catalog: Catalog, geometries: Mapping[str, dict], lang: str) -> LayerPlan:
    """One layer per partnership in `rows`, largest first, each in its own colour. A city in
    several partnerships is drawn as concentric rings (points) and gets a count badge
    (polygons), so it is never hidden under the top layer."""
    order = {pid: index for index, pid in enumerate(drawing_order(rows, catalog))}
    memberships = rows.sort_values("partnership_id", key=lambda s: s.map(order))
    by_city = {
        code: tuple(pids)
        for code, pids in memberships.groupby("municipality_code", sort=False)["partnership_id"].agg(list).items()
    }
    layers = tuple(
        LayerSpec(
            pid,
            _layer_label(catalog.partnership(pid).name(lang), members, lang),
            partnership_colour(pid),
            partnership_line(pid),
            tuple(members["municipality_code"]),
        )
        for pid, members in memberships.groupby("partnership_id", sort=False)
    )
    is_point = {code: geometries[code]["type"] == "Point" for code in by_city}
    rings = {code: ring_radii(len(pids)) for code, pids in by_city.items() if is_point[code]}
    points = {code: representative_point(geometries[code]) for code in by_city}
    badges = tuple((*points[code], len(pids)) for code, pids in by_city.items() if len(pids) > 1 and not is_point[code])
    return LayerPlan(layers, by_city, rings, badges, points, members_bounds(geometries, by_city))


def members_bounds(geometries: Mapping[str, dict], codes) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """((south, west), (north, east)) around the shapes of `codes`: what a filtered map fits."""
    shapes = [shapely.geometry.shape(geometries[code]) for code in codes]
    if not shapes:
        return None
    west, south, east, north = shapely.GeometryCollection(shapes).bounds
    return (round(south, 4), round(west, 4)), (round(north, 4), round(east, 4))


def label_order(
    codes: Iterable[str], geometries: Mapping[str, dict], people: Mapping[str, int] | None = None
) -> tuple[str, ...]:
    """The municipalities in the order their names claim room on the map: the most people first
    where population figures are loaded (`people`: code -> inhabitants), else the largest area;
    a municipality without a figure after those with one, by area; ties by code. The map names
    the first that fit, so on a crowded map the cities the room knows keep their names."""

    def claim(code: str) -> tuple[int, float, str]:
        figure = people.get(code) if people else None
        return (-(figure or 0), -shape_area(geometries[code]), code)

    return tuple(sorted(codes, key=claim))


def shape_area(geometry: dict) -> float:
    """A shape's area in square degrees of longitude scaled to latitude: close enough to its area
    to rank municipalities by size (a point has none)."""
    shape = shapely.geometry.shape(geometry)
    if shape.area == 0:
        return 0.0
    return shape.area * math.cos(math.radians(shape.centroid.y))


def representative_point(geometry: dict) -> tuple[float, float]:
    """(lat, lon) inside a shape: the point itself, or a point surely within the polygon."""
    point = shapely.geometry.shape(geometry)
    point = point if point.geom_type == "Point" else point.representative_point()
    return point.y, point.x
