"""The web map: a base map that never changes with the filters, and the layers that do.

streamlit-folium remounts the map whenever the base map's script changes, so the base map holds
only what is fixed for a session (the grey municipality context); partnership layers, the
background tiles and the overlap badges are passed as feature groups, which it swaps in place.
Every text that comes from data is HTML-escaped before it reaches Leaflet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
import pandas as pd
import shapely
from folium.utilities import JsCode

from components.assets import use_local_leaflet
from components.catalog import Catalog
from components.i18n import t
from components.style import CONTEXT_FILL, CONTEXT_LINE, HIGHLIGHT, partnership_colour

MAP_CENTER = (64.9, 26.0)
MAP_ZOOM = 5
FINLAND_VIEW = [[59.7, 20.6], [70.1, 31.6]]  # south-west, north-east: mainland Finland
LIGHT_TILES = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
LIGHT_TILES_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)
BASEMAPS = ("light", "none")
POINT_RADIUS = 6  # px, the innermost ring
# Chromium puts every interactive SVG shape in the Tab order: 132 stops before the rest of the
# page. Keyboard users reach a city through the City filter and the table instead, so the
# shapes leave the Tab order (the map itself, its zoom and layer controls stay reachable).
OUT_OF_TAB_ORDER = JsCode(
    """function (feature, layer) {
        layer.on('add', function () { const element = layer.getElement && layer.getElement();
            if (element) { element.setAttribute('tabindex', '-1'); } });
    }"""
)
RING_STEP = 4  # px added per further partnership of the same city


@dataclass(frozen=True)
class MapLayers:
    """What st_folium gets besides the base map."""

    groups: list[folium.FeatureGroup]
    control: folium.LayerControl
    layer_names: list[str]  # plain-text names of the partnership layers, in order


def display_names(city: Mapping[str, str], lang: str) -> tuple[str, str]:
    """(name in the page language, the other official name or '')."""
    first, second = (city["name_sv"], city["name_fi"]) if lang == "sv" else (city["name_fi"], city["name_sv"])
    return first, ("" if second == first else second)


@dataclass(frozen=True)
class MapGeometry:
    """GeoJSON geometry per municipality code (the official polygon where there is one, else
    the city point) and the grey context of all municipalities; built once, not per rerun."""

    by_code: dict[str, dict]
    context: dict | None  # FeatureCollection of every official municipality, or None


def prepare_geometry(cities: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame | None) -> MapGeometry:
    by_code = {
        code: shapely.geometry.mapping(point)
        for code, point in zip(cities["municipality_code"], cities.geometry, strict=True)
    }
    if polygons is None:
        return MapGeometry(by_code, None)
    shapes = [shapely.geometry.mapping(polygon) for polygon in polygons.geometry]
    by_code.update(zip(polygons["municipality_code"], shapes, strict=True))
    context = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {}, "geometry": shape} for shape in shapes],
    }
    return MapGeometry(by_code, context)


def base_map(context: dict | None) -> folium.Map:
    """The fixed part of the map. Built anew each rerun (st_folium adds the feature groups to
    the Map object it is given), but always to the same script, so it is never remounted:
    nothing in it depends on the filters or the language."""
    fmap = folium.Map(
        location=MAP_CENTER,
        zoom_start=MAP_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=4,
        max_zoom=12,
        zoom_snap=0.25,  # fractional zoom lets Finland fill the frame
    )
    fmap.fit_bounds(FINLAND_VIEW)
    use_local_leaflet(fmap)
    if context is not None:
        folium.GeoJson(
            context,
            style_function=lambda _: {
                "fillColor": CONTEXT_FILL,
                "color": CONTEXT_LINE,
                "weight": 0.6,
                "fillOpacity": 1,
            },
            interactive=False,
            control=False,
        ).add_to(fmap)
    return fmap


def basemap_layer(choice: str, lang: str) -> folium.FeatureGroup:
    """The background tiles as a feature group, so switching them never remounts the map.
    The data layers draw without them: with no network the map is still complete."""
    group = folium.FeatureGroup(name=t("map.basemap", lang), control=False)
    if choice == "light":
        folium.TileLayer(LIGHT_TILES, attr=LIGHT_TILES_ATTRIBUTION, name="light", max_zoom=19).add_to(group)
    return group


def tooltip_html(city: Mapping[str, str], partnership_names: list[str], lang: str) -> str:
    name, other = display_names(city, lang)
    region = city["region_sv"] if lang == "sv" else city["region_fi"]
    lines = [f"<b>{escape(name)}</b>" + (f" ({escape(other)})" if other else ""), escape(region)]
    lines.append(t("map.tooltip_count", lang, count=len(partnership_names)))
    lines.extend(f"&bull; {escape(partnership)}" for partnership in partnership_names)
    return "<br>".join(lines)


def drawing_order(rows: pd.DataFrame, catalog: Catalog) -> list[str]:
    """Partnerships from the most members to the fewest (catalog order breaks ties): drawn in
    this order, the small partnerships lie on top of the large ones instead of under them."""
    counts = rows.groupby("partnership_id")["municipality_code"].nunique()
    index = {pid: position for position, pid in enumerate(catalog.partnership_ids)}
    return sorted(counts.index, key=lambda pid: (-counts[pid], index[pid]))


def partnership_layers(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometries: Mapping[str, dict],
    lang: str,
    selected_city: str | None = None,
) -> MapLayers:
    """One feature group per partnership in `rows`, largest first, each in its own colour.
    A city in several partnerships is drawn as concentric rings (points) and gets a count
    badge (polygons), so it is never hidden under the top layer."""
    order = {pid: index for index, pid in enumerate(drawing_order(rows, catalog))}
    memberships = rows.sort_values("partnership_id", key=lambda s: s.map(order))
    by_city = memberships.groupby("municipality_code", sort=False)["partnership_id"].agg(list).to_dict()
    cities = memberships.drop_duplicates("municipality_code").set_index("municipality_code")
    tooltips = {
        code: tooltip_html(cities.loc[code], [catalog.partnership(pid).name(lang) for pid in pids], lang)
        for code, pids in by_city.items()
    }

    groups, names = [], []
    for pid, members in memberships.groupby("partnership_id", sort=False):
        partnership = catalog.partnership(pid)
        colour = partnership_colour(pid)
        features = []
        for code in members["municipality_code"]:
            city_pids = by_city[code]
            ring = len(city_pids) - 1 - city_pids.index(pid)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "municipality_code": code,
                        "partnership_id": pid,
                        "tooltip": tooltips[code],
                        "radius": POINT_RADIUS + RING_STEP * ring,
                    },
                    "geometry": geometries[code],
                }
            )
        label = f"{partnership.name(lang)} ({len(features)})"
        names.append(label)
        group = folium.FeatureGroup(name=_swatch(colour) + escape(label))
        folium.GeoJson(
            {"type": "FeatureCollection", "features": features},
            style_function=_style(colour),
            highlight_function=lambda _: {"weight": 3, "fillOpacity": 0.75},
            marker=folium.CircleMarker(radius=POINT_RADIUS, fill=True),
            tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
            on_each_feature=OUT_OF_TAB_ORDER,
        ).add_to(group)
        groups.append(group)

    overlaps = _overlap_badges(cities, by_city, geometries, lang)
    if overlaps is not None:
        groups.append(overlaps)
    if selected_city:
        groups.append(_highlight(selected_city, geometries, lang))
    return MapLayers(groups, folium.LayerControl(collapsed=False, position="topright"), names)


def _swatch(colour: str) -> str:
    return (
        f'<span style="display:inline-block;width:0.9em;height:0.9em;margin-right:4px;'
        f'vertical-align:-0.1em;background:{colour};border:1px solid #333"></span>'
    )


def _style(colour: str):
    def style(feature: dict) -> dict:
        is_point = feature["geometry"]["type"] == "Point"
        return {
            "color": "#ffffff" if is_point else colour,
            "weight": 1.5 if is_point else 1.2,
            "fillColor": colour,
            "fillOpacity": 0.95 if is_point else 0.45,
            "radius": feature["properties"]["radius"],
        }

    return style


def _representative_point(geometry: dict) -> tuple[float, float]:
    point = shapely.geometry.shape(geometry)
    point = point if point.geom_type == "Point" else point.representative_point()
    return point.y, point.x


def _overlap_badges(
    cities: pd.DataFrame, by_city: Mapping[str, list[str]], geometries: Mapping[str, dict], lang: str
) -> folium.FeatureGroup | None:
    """Count badges on polygons of cities in two or more shown partnerships (points already
    show their count as rings)."""
    several = [code for code, pids in by_city.items() if len(pids) > 1 and geometries[code]["type"] != "Point"]
    if not several:
        return None
    group = folium.FeatureGroup(name=escape(t("map.overlap_layer", lang)))
    for code in several:
        count = len(by_city[code])
        folium.Marker(
            _representative_point(geometries[code]),
            icon=folium.DivIcon(
                html=f'<div class="finmap-badge" aria-hidden="true">{count}</div>',
                icon_size=(20, 20),
                icon_anchor=(10, 10),
                class_name="finmap-badge-icon",
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    return group


def _highlight(code: str, geometries: Mapping[str, dict], lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=escape(t("map.selected_layer", lang)), control=False)
    geometry = geometries.get(code)
    if geometry is not None:
        folium.GeoJson(
            {"type": "Feature", "properties": {}, "geometry": geometry},
            style_function=lambda _: {"color": HIGHLIGHT, "weight": 4, "fillOpacity": 0, "radius": 18},
            marker=folium.CircleMarker(radius=18, fill=False),
            interactive=False,
        ).add_to(group)
    return group


BADGE_CSS = """
<style>
.finmap-badge { width: 20px; height: 20px; border-radius: 10px; background: #ffffff; color: #111111;
  border: 2px solid #111111; font: bold 12px/16px sans-serif; text-align: center; }
.leaflet-control-layers-expanded { font-size: 13px; line-height: 1.5; }
</style>
"""


def add_map_css(fmap: folium.Map) -> None:
    fmap.get_root().header.add_child(folium.Element(BADGE_CSS))
