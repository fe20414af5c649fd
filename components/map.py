"""The web map: a base map that never changes with the filters, and the layers that do.

streamlit-folium remounts the map whenever the base map's script changes, so the base map holds
only what is fixed for a session (the grey municipality context); partnership layers, the
background tiles and the overlap badges are passed as feature groups, which it swaps in place.
Every text that comes from data is HTML-escaped before it reaches Leaflet.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape

import folium
import geopandas as gpd
import pandas as pd
import shapely
from branca.element import Template

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
    context: str | None  # every official municipality as GeoJSON text (grey), or None
    token: str = "points"  # names the geometry in cache keys


def prepare_geometry(cities: gpd.GeoDataFrame, polygons: gpd.GeoDataFrame | None, token: str = "points") -> MapGeometry:
    by_code = {
        code: shapely.geometry.mapping(point)
        for code, point in zip(cities["municipality_code"], cities.geometry, strict=True)
    }
    if polygons is None:
        return MapGeometry(by_code, None, token)
    shapes = [shapely.geometry.mapping(polygon) for polygon in polygons.geometry]
    by_code.update(zip(polygons["municipality_code"], shapes, strict=True))
    style = {"fillColor": CONTEXT_FILL, "color": CONTEXT_LINE, "weight": 0.6, "fillOpacity": 1}
    context = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": {"style": style}, "geometry": shape} for shape in shapes],
    }
    return MapGeometry(by_code, json.dumps(context), token)


def base_map(context_url: str | None) -> folium.Map:
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
    if context_url is not None:
        ContextLayer(context_url).add_to(fmap)
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


@dataclass(frozen=True)
class LayerSpec:
    """One partnership's layer, ready to send: its legend label and its GeoJSON as text."""

    partnership_id: str
    label: str  # plain text, e.g. "Vitality partnership (3)"
    colour: str
    geojson: str  # a FeatureCollection, serialised once


@dataclass(frozen=True)
class LayerPlan:
    """Everything the map layers need for one selection; pure data, so it can be cached."""

    layers: tuple[LayerSpec, ...]
    badges: tuple[tuple[float, float, int], ...]  # (lat, lon, count) on polygons of overlaps


def layer_plan(rows: pd.DataFrame, catalog: Catalog, geometries: Mapping[str, dict], lang: str) -> LayerPlan:
    """One layer per partnership in `rows`, largest first, each in its own colour. A city in
    several partnerships is drawn as concentric rings (points) and gets a count badge
    (polygons), so it is never hidden under the top layer."""
    order = {pid: index for index, pid in enumerate(drawing_order(rows, catalog))}
    memberships = rows.sort_values("partnership_id", key=lambda s: s.map(order))
    by_city = memberships.groupby("municipality_code", sort=False)["partnership_id"].agg(list).to_dict()
    cities = memberships.drop_duplicates("municipality_code").set_index("municipality_code")
    tooltips = {
        code: tooltip_html(cities.loc[code], [catalog.partnership(pid).name(lang) for pid in pids], lang)
        for code, pids in by_city.items()
    }
    layers = []
    for pid, members in memberships.groupby("partnership_id", sort=False):
        colour = partnership_colour(pid)
        features = []
        for code in members["municipality_code"]:
            geometry = geometries[code]
            ring = len(by_city[code]) - 1 - by_city[code].index(pid)
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "municipality_code": code,
                        "partnership_id": pid,
                        "tooltip": tooltips[code],
                        "style": _feature_style(colour, geometry["type"] == "Point", ring),
                    },
                    "geometry": geometry,
                }
            )
        label = f"{catalog.partnership(pid).name(lang)} ({len(features)})"
        collection = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        layers.append(LayerSpec(pid, label, colour, collection))
    badges = tuple(
        (*_representative_point(geometries[code]), len(pids))
        for code, pids in by_city.items()
        if len(pids) > 1 and geometries[code]["type"] != "Point"
    )
    return LayerPlan(tuple(layers), badges)


def partnership_layers(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometries: Mapping[str, dict],
    lang: str,
    selected_city: str | None = None,
    plan: LayerPlan | None = None,
) -> MapLayers:
    """The feature groups and layer control for st_folium (cheap: the plan holds the data)."""
    plan = layer_plan(rows, catalog, geometries, lang) if plan is None else plan
    groups = []
    for spec in plan.layers:
        group = folium.FeatureGroup(name=_swatch(spec.colour) + escape(spec.label))
        JsonLayer(spec.geojson).add_to(group)
        groups.append(group)
    if plan.badges:
        groups.append(_overlap_badges(plan.badges, lang))
    if selected_city:
        groups.append(_highlight(selected_city, geometries, lang))
    names = [spec.label for spec in plan.layers]
    return MapLayers(groups, folium.LayerControl(collapsed=False, position="topright"), names)


class JsonLayer(folium.MacroElement):
    """A Leaflet GeoJSON layer from GeoJSON text serialised once (folium's GeoJson would
    serialise and style every feature again on each rerun). Each feature carries its style;
    points become circle markers; the tooltip is the feature's escaped `tooltip` HTML."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.geojson }}, {
            interactive: {{ this.interactive|tojson }},
            style: function (feature) { return feature.properties.style; },
            pointToLayer: function (feature, latlng) { return L.circleMarker(latlng, feature.properties.style); },
            onEachFeature: function (feature, layer) {
                if (feature.properties.tooltip) { layer.bindTooltip(feature.properties.tooltip, {sticky: true}); }
                // Out of the Tab order: Chromium would stop on every shape (132 stops).
                layer.on('add', function () { const e = layer.getElement && layer.getElement();
                    if (e) { e.setAttribute('tabindex', '-1'); } });
                if ({{ this.interactive|tojson }}) {
                    layer.on('mouseover', function () { layer.setStyle({weight: 3, fillOpacity: 0.75}); });
                    layer.on('mouseout', function () { layer.setStyle(feature.properties.style); });
                }
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, geojson: str, interactive: bool = True):
        super().__init__()
        self._name = "JsonLayer"
        # "</" inside a string must not end the <script> this ends up in.
        self.geojson = geojson.replace("</", "<\\/")
        self.interactive = interactive

    def render(self, **kwargs) -> None:
        # branca wraps every rendered script in a new Jinja Template, which lexes and compiles
        # the whole GeoJSON text on every rerun (most of a rerun's time) and would read any
        # "{{" in the data as template code. This layer's script goes in as plain text instead.
        script = self._template.module.__dict__["script"](self, kwargs)
        self.get_root().script.add_child(PlainScript(script), name=self.get_name())


class BadgeLayer(JsonLayer):
    """Number badges (not interactive, not in the Tab order) at the given points, made in the
    browser from one JSON list instead of one folium Marker and DivIcon per badge."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup({{ this.geojson }}.map(function (badge) {
            return L.marker([badge[0], badge[1]], {interactive: false, keyboard: false, icon: L.divIcon({
                className: 'finmap-badge-icon', iconSize: [20, 20], iconAnchor: [10, 10],
                html: '<div class="finmap-badge" aria-hidden="true">' + Number(badge[2]) + '</div>'})});
        })).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, badges: tuple[tuple[float, float, int], ...]):
        super().__init__(json.dumps([[round(lat, 5), round(lon, 5), int(count)] for lat, lon, count in badges]))
        self._name = "BadgeLayer"


class ContextLayer(folium.MacroElement):
    """The grey municipalities under the partnership layers, fetched from a static file once
    per page, so the base map's script stays a few hundred bytes and never carries geometry."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }}).then(function (answer) { return answer.json(); }).then(function (data) {
            L.geoJson(data, {interactive: false, style: function (f) { return f.properties.style; }})
                .addTo({{ this._parent.get_name() }}).bringToBack();
        });
        {% endmacro %}
        """
    )

    def __init__(self, url: str):
        super().__init__()
        self._name = "ContextLayer"
        self.url = url


class PlainScript(folium.Element):
    """Script text that is added to the page as it is, never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _feature_style(colour: str, is_point: bool, ring: int) -> dict:
    if is_point:
        radius = POINT_RADIUS + RING_STEP * ring
        return {"color": "#ffffff", "weight": 1.5, "fillColor": colour, "fillOpacity": 0.95, "radius": radius}
    return {"color": colour, "weight": 1.2, "fillColor": colour, "fillOpacity": 0.45}


def _swatch(colour: str) -> str:
    return (
        f'<span style="display:inline-block;width:0.9em;height:0.9em;margin-right:4px;'
        f'vertical-align:-0.1em;background:{colour};border:1px solid #333"></span>'
    )


def _representative_point(geometry: dict) -> tuple[float, float]:
    point = shapely.geometry.shape(geometry)
    point = point if point.geom_type == "Point" else point.representative_point()
    return point.y, point.x


def _overlap_badges(badges: tuple[tuple[float, float, int], ...], lang: str) -> folium.FeatureGroup:
    """Count badges on polygons of cities in two or more shown partnerships (points already
    show their count as rings)."""
    group = folium.FeatureGroup(name=escape(t("map.overlap_layer", lang)))
    BadgeLayer(badges).add_to(group)
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
