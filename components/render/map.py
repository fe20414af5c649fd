"""The web map, the folium/Leaflet adapter of components/model/map.py: a base map that never
changes with the filters, and the layers that do.

streamlit-folium remounts the map whenever the base map's script changes, so the base map holds
only what is fixed for a session: the drawing code (components/render/map_layers.js, a static file
with the address of the geometry store, a static file with every municipality's shape that
the browser fetches once). Partnership layers, the background tiles and the overlap badges are passed as feature
groups, which it swaps in place; they carry municipality codes, not geometry. Every text that
comes from data is HTML-escaped before it reaches Leaflet.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path

import folium
import pandas as pd
import xyzservices
from branca.element import Template

from components.base.colours import (
    BADGE_BACKGROUND,
    BADGE_INK,
    CONTEXT_FILL,
    CONTEXT_LINE,
    CONTROL_BACKGROUND,
    FILL_OPACITY,
    HIGHLIGHT,
    HIGHLIGHT_HALO,
    LABEL_BACKGROUND,
    LABEL_BACKGROUND_OPACITY,
    LABEL_INK,
    LINKED,
    LINKED_CASING,
    NOT_KNOWN_FILL_OPACITY,
    OUTLINE_LINE,
    PAGE_BACKGROUND,
    SWATCH_BORDER,
    TITLE_INK,
    css_colour,
)
from components.base.i18n import display_names, in_language, t
from components.data import periods
from components.data.catalog import Catalog
from components.model.map import LayerPlan, label_order, layer_plan, members_bounds, representative_point
from components.model.wording import not_known_words, status_label
from components.render.assets import use_local_leaflet

MAP_CENTER = (64.9, 26.0)
MAP_ZOOM = 5
FINLAND_VIEW = [[59.7, 20.6], [70.1, 31.6]]  # south-west, north-east: mainland Finland
FIT_MAX_ZOOM = 9  # a filter down to one town shows it among its neighbours, not its streets
LABEL_ZOOM = 7  # from this zoom on (and always when presenting) members carry their names
# A municipality found with the search is zoomed to, up to this zoom: Kauniainen, 3x1 px at the
# country's zoom, is about 40x30 px there, large enough for a finger, with its neighbours around.
FOCUS_MAX_ZOOM = 10
# A provider object of our own: folium would look a plain URL up in xyzservices' catalogue
# (about 10 ms) on every rerun.
LIGHT_TILES = xyzservices.TileProvider(
    name="light",
    url="https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
    attribution="(C) OpenStreetMap contributors (C) CARTO",
    html_attribution=(
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>'
    ),
    max_zoom=19,
)


@dataclass(frozen=True)
class MapLayers:
    """What st_folium gets besides the base map."""

    groups: list[folium.FeatureGroup]
    control: folium.LayerControl
    layer_names: list[str]  # plain-text names of the partnership layers, in order


MAP_SCRIPT = (Path(__file__).with_name("map_layers.js")).read_text(encoding="utf-8")

# How the browser draws (components/render/map_layers.js): Leaflet path options, fixed for a session.
# A point's ring radii come with each view (components/model/map.py: ring_radii).
MAP_STYLES = {
    "context": {"fillColor": CONTEXT_FILL, "color": CONTEXT_LINE, "weight": 0.6, "fillOpacity": 1},
    "outline": {"fillColor": CONTEXT_FILL, "color": OUTLINE_LINE, "weight": 1, "fillOpacity": 1},
    # The outline colour of each layer is its partnership's line (components/base/colours.py).
    "polygon": {"weight": 1.5, "fillOpacity": FILL_OPACITY},
    "point": {"weight": 1.5, "fillOpacity": FILL_OPACITY},
    # A membership whose status is not known on the view's day: paler, a dashed outline.
    "notKnown": {"dashArray": "5 4", "fillOpacity": NOT_KNOWN_FILL_OPACITY},
    "hover": {"weight": 3, "fillOpacity": 0.75},  # the shape under the pointer
    # The selected city: a dark line on a wider white casing (drawn first).
    "highlight": {"color": HIGHLIGHT, "weight": 3, "fill": False, "radius": 18},
    "highlightHalo": {"color": HIGHLIGHT_HALO, "weight": 7, "fill": False, "radius": 18},
    # Municipalities highlighted from the table or the overlap charts (components/page/linked.py): a
    # thick magenta line on a white casing; around a point, a ring `gap` px outside its rings.
    "linked": {"color": LINKED, "weight": 4, "opacity": 1, "fill": False, "gap": 6, "className": "finmap-linked"},
    "linkedCasing": {
        "color": LINKED_CASING,
        "weight": 9,
        "opacity": 1,
        "fill": False,
        "gap": 6,
        "className": "finmap-linked-casing",
    },
}


def map_script(store_url: str) -> str:
    """The drawing code with the geometry store's address: served as a static JavaScript file
    that the map loads before Leaflet, so the store downloads while Leaflet loads."""
    return f"{MAP_SCRIPT}\nfinmap.fetchStore({json.dumps(store_url)});\n"


def inline_script_url(store_json: str) -> str:
    """The drawing code with its geometry store inside, as a data: address: for a server that
    cannot write its static files (a full or read-only disk). Heavier for the page, but the map
    draws and stays the same map on every rerun."""
    code = f"{MAP_SCRIPT}\nfinmap.useStore({store_json});\n"
    return "data:text/javascript;base64," + base64.b64encode(code.encode("utf-8")).decode("ascii")


def base_map(script_url: str) -> folium.Map:
    """The fixed part of the map. Built anew each rerun (st_folium adds the feature groups to
    the Map object it is given), but always to the same script, so it is never remounted:
    nothing in it depends on the filters or the language, only on the map_script file."""
    fmap = BaseMap(
        location=MAP_CENTER,
        zoom_start=MAP_ZOOM,
        tiles=None,
        control_scale=False,  # components/render/map_layers.js adds a metric one
        min_zoom=4,
        max_zoom=12,
        zoom_snap=0.25,  # fractional zoom lets Finland fill the frame
    )
    # No fit here: map_layers.js fits what is shown (Finland, or the members) with every view. A
    # fit of the base map was an animated zoom on a map already placed, whose end, a frame
    # later, undid the members' fit and counted as the reader's move (so no refit followed).
    use_local_leaflet(fmap)
    fmap.default_js = [("finmap", script_url), *fmap.default_js]
    frame = {
        "finland": FINLAND_VIEW,
        "labelZoom": LABEL_ZOOM,
        "fitMaxZoom": FIT_MAX_ZOOM,
        "focusMaxZoom": FOCUS_MAX_ZOOM,
    }
    MapScript(f"finmap.start({fmap.get_name()}, {json.dumps(MAP_STYLES)}, {json.dumps(frame)});").add_to(fmap)
    return fmap


def basemap_layer(choice: str, lang: str) -> folium.FeatureGroup:
    """The background tiles as a feature group, so switching them never remounts the map.
    The data layers draw without them: with no network the map is still complete."""
    group = Group(name=t("map.basemap", lang), control=False)
    if choice == "light":
        TileLayer(LIGHT_TILES, name="light").add_to(group)
    return group


def tooltip_header(city: Mapping[str, str], lang: str) -> str:
    """The first lines of a city's tooltip, HTML-escaped: its name, other name and region."""
    name, other = display_names(city, lang)
    region = in_language(city, "region", lang)
    return f"<b>{escape(name)}</b>" + (f" ({escape(other)})" if other else "") + f"<br>{escape(region)}"


def membership_marks(rows: pd.DataFrame, lang: str) -> dict[str, dict[str, str]]:
    """What a tooltip says after a partnership's name, HTML-escaped, for the memberships that are
    planned, have no date at all or whose status is not known on the view's day: code ->
    partnership id -> " (Planned, date not given)"."""
    marks: dict[str, dict[str, str]] = {}
    not_known = _not_known_since(rows)
    for code, pid, period, since in zip(
        rows["municipality_code"], rows["partnership_id"], periods.periods(rows), not_known, strict=True
    ):
        words = [status_label("planned", lang)] if period.planned else []
        words += [t("in_force.not_given", lang)] if period.undated else []
        words += [not_known_words(since, lang)] if since else []
        if words:
            marks.setdefault(code, {})[pid] = escape(f" ({', '.join(words)})")
    return marks


def not_known_memberships(rows: pd.DataFrame) -> dict[str, list[str]]:
    """The memberships whose status is not known on the view's day: code -> partnership ids
    (map_layers.js draws them paler, with a dashed outline)."""
    found: dict[str, list[str]] = {}
    for code, pid, since in zip(rows["municipality_code"], rows["partnership_id"], _not_known_since(rows), strict=True):
        if since:
            found.setdefault(code, []).append(pid)
    return found


def _not_known_since(rows: pd.DataFrame) -> list[str]:
    """Each row's periods.NOT_KNOWN_COLUMN ("" for rows not filtered for a day)."""
    column = periods.NOT_KNOWN_COLUMN
    return rows[column].fillna("").astype(str).tolist() if column in rows.columns else [""] * len(rows)


@dataclass(frozen=True)
class MapView:
    """One selection as the browser gets it: the model's layer plan, and the view data for
    map_layers.js (names, counts, memberships, ring radii, label points), JSON with every text
    from data HTML-escaped. Pure data, so it can be cached."""

    plan: LayerPlan
    data: str
    label_codes: tuple[str, ...] = ()  # the members in the order their names claim room (label_order)


def map_view(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometries: Mapping[str, dict],
    lang: str,
    rest_button: str = "",
    people: Mapping[str, int] | None = None,
) -> MapView:
    """The model's plan for `rows` and the texts the browser shows with it, in `lang`;
    `rest_button`: a CSS selector of the page's button the map presses once drawn, if any;
    `people`: inhabitants per code, if loaded (the most populous are named first)."""
    plan = layer_plan(rows, catalog, geometries, lang)
    cities = rows.drop_duplicates("municipality_code").set_index("municipality_code")
    codes = list(plan.memberships)
    counts = sorted({len(pids) for pids in plan.memberships.values()})
    data = {
        "names": {code: tooltip_header(cities.loc[code], lang) for code in codes},
        "partnerships": {
            spec.partnership_id: escape(catalog.partnership(spec.partnership_id).name(lang)) for spec in plan.layers
        },
        "counts": {count: escape(t("map.tooltip_count", lang, count=count)) for count in counts},
        "memberships": plan.memberships,
        "marks": membership_marks(rows, lang),  # planned, date not given, status not known
        "notKnown": not_known_memberships(rows),
        "rings": plan.rings,
        # For screen readers: the page's language, the map frame's name and the text of
        # Streamlit's skip link, English otherwise (see map_layers.js); set as text, not HTML.
        # And the button it presses once drawn, on a session's first page (components/page/first_run.py).
        "page": {"lang": lang, "label": t("map.label", lang), "skip": t("skip.link", lang), "rest": rest_button},
        # Names as map labels, where each label sits, and the map's own buttons (text).
        "labels": {code: escape(display_names(cities.loc[code], lang)[0]) for code in codes},
        "points": {code: [round(lat, 5), round(lon, 5)] for code, (lat, lon) in plan.points.items()},
        "controls": {"whole": t("map_controls.whole_finland", lang), "legend": t("map_controls.legend", lang)},
    }
    return MapView(plan, _script_json(data), label_order(codes, geometries, people))


def fit_bounds(plan: LayerPlan, whole_country: bool) -> list[list[float]]:
    """What the map fits: Finland while nothing narrows the view, else the shown members."""
    if whole_country or plan.bounds is None:
        return FINLAND_VIEW
    return [list(corner) for corner in plan.bounds]


def chosen_city(code: str, name: str, geometries: Mapping[str, dict], lang: str) -> dict:
    """What the map draws for the chosen city (map_layers.js `highlight`): its code, and the
    label "Chosen: Mäntsälä" (HTML-escaped) at a point inside it, so that a press that landed
    on a neighbour shows at once."""
    point = representative_point(geometries[code]) if code in geometries else None
    return {
        "code": code,
        "label": escape(t("search.chosen_on_map", lang, name=name)) if name else "",
        "point": None if point is None else [round(point[0], 5), round(point[1], 5)],
    }


def focus_frame(code: str, request: int, geometries: Mapping[str, dict]) -> dict | None:
    """The chosen city's bounds for the map to zoom to once (`request` tells one search from
    the next: the map zooms when it sees a new one, not on every rerun)."""
    bounds = members_bounds(geometries, [code]) if code in geometries else None
    return None if bounds is None else {"id": request, "bounds": [list(corner) for corner in bounds]}


def partnership_layers(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometries: Mapping[str, dict],
    lang: str,
    selected_city: str | None = None,
    view: MapView | None = None,
    whole_country: bool = True,
    present: bool = False,
    highlighted: tuple[str, ...] = (),
    people: Mapping[str, int] | None = None,
    selected_name: str = "",
    focus: int | None = None,
) -> MapLayers:
    """The feature groups and layer control for st_folium (cheap: the view holds the data).
    The bounds to fit travel with the layers: the map refits when they change, never remounts.
    `highlighted`: the municipalities chosen in the table or the overlap charts, outlined on top
    (a layer of their codes, like the selected city's, so the cached view is not rebuilt for
    every choice). `people`: inhabitants per code, for a view made here (the most populous are
    named first). `selected_name` labels the selected city on the map; `focus`, a search's
    number, zooms the map to it."""
    view = map_view(rows, catalog, geometries, lang, people=people) if view is None else view
    plan = view.plan
    groups = []
    view_group = Group(name="view", control=False)
    # A map narrowed to some members (or presented) names them where the names fit; the whole
    # country names its municipalities only from LABEL_ZOOM on.
    labelled = bool(present) or not whole_country
    frame = {"bounds": fit_bounds(plan, whole_country), "present": bool(present), "labels": labelled}
    if selected_city and focus is not None:
        frame["focus"] = focus_frame(selected_city, focus, geometries)
    MapScript(f"finmap.view({view.data});finmap.frame({_script_json(frame)});").add_to(view_group)
    # Names on the map, drawn in this group; the largest first claim the room.
    LayerScript("labels", list(view.label_codes)).add_to(view_group)
    groups.append(view_group)
    for spec in plan.layers:
        group = Group(name=_swatch(spec.colour, spec.line) + escape(spec.label))
        layer = {"id": spec.partnership_id, "colour": spec.colour, "line": spec.line, "codes": spec.codes}
        LayerScript("layer", layer).add_to(group)
        groups.append(group)
    if plan.badges:
        group = Group(name=escape(t("map.overlap_layer", lang)))
        badges = [[round(lat, 5), round(lon, 5), int(count)] for lat, lon, count in plan.badges]
        LayerScript("badges", badges).add_to(group)
        groups.append(group)
    if highlighted:
        name = escape(t("linked.layer", lang, count=len(highlighted)))
        group = Group(name=_swatch(LINKED_CASING, LINKED) + name)
        LayerScript("linked", list(highlighted)).add_to(group)
        groups.append(group)
    if selected_city:
        group = Group(name=escape(t("map.selected_layer", lang)), control=False)
        LayerScript("highlight", chosen_city(selected_city, selected_name, geometries, lang)).add_to(group)
        groups.append(group)
    names = [spec.label for spec in plan.layers]
    control = LayerControl(collapsed=False, position="topright")
    LayerScript("legend", None).add_to(control)  # the legend's own fold button (map_layers.js)
    return MapLayers(groups, control, names)


@dataclass(frozen=True)
class StandaloneMap:
    """The web map as parts of a page of its own (components/render/html_map.py): what goes in the
    page's head (our map styles), the map's element, and the script that builds it. The page
    brings Leaflet, the drawing code and the geometry store itself."""

    head: str
    body: str
    script: str


def standalone_map(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometries: Mapping[str, dict],
    lang: str,
    selected_city: str | None = None,
    whole_country: bool = True,
    people: Mapping[str, int] | None = None,
) -> StandaloneMap:
    """The same base map, layers and legend as the app's (base_map, partnership_layers), with
    no background tiles, rendered once by folium without links to any script or stylesheet."""
    layers = partnership_layers(
        rows, catalog, geometries, lang, selected_city, whole_country=whole_country, people=people
    )
    fmap = base_map(script_url="")
    fmap.default_js, fmap.default_css = [], []  # the page inlines Leaflet and map_layers.js
    add_map_css(fmap)
    for group in layers.groups:
        group.add_to(fmap)
    layers.control.add_to(fmap)
    figure = fmap.get_root()
    figure.render()
    # The map's own head part fixes the page's size and forbids zooming the page: left out,
    # the page sizes the map itself.
    head = "".join(child.render() for name, child in figure.header._children.items() if name != fmap.get_name())
    return StandaloneMap(head, figure.html.render(), figure.script.render())


def _script_json(value) -> str:
    """JSON to put inside a <script>: "</" must not end the script it is in."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class PlainRender(folium.MacroElement):
    """MacroElement.render without branca's per-call Jinja compile.

    branca puts each rendered macro (header, html, script) into the page as a new Jinja
    Template, which lexes and compiles the text again on every rerun (most of a rerun's map
    time) and would read any "{{" in data as template code. This render adds the same text as
    plain text. Mixed in after a folium class (class Group(folium.FeatureGroup, PlainRender)),
    it runs where that class calls super().render(), so the class's own preparation still runs."""

    def render(self, **kwargs) -> None:
        render_plainly(self, **kwargs)


def render_plainly(element: folium.MacroElement, **kwargs) -> None:
    figure = element.get_root()
    macros = element._template.module.__dict__
    for part in ("header", "html", "script"):
        macro = macros.get(part)
        if macro is not None:
            getattr(figure, part).add_child(PlainScript(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        if type(child).render is folium.MacroElement.render:  # e.g. Layer's ElementAddToElement
            render_plainly(child, **kwargs)
        else:
            child.render(**kwargs)


class Group(folium.FeatureGroup, PlainRender):
    """A feature group (one entry of the layer control)."""


class LayerControl(folium.LayerControl, PlainRender):
    """The layer control, which is also the legend."""


class TileLayer(folium.TileLayer, PlainRender):
    """Background tiles."""


class BaseMap(folium.Map, PlainRender):
    """The Leaflet map itself."""


class MapScript(PlainRender):
    """Script text for the map, as it is (st_folium reads it through the `script` macro)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.text }}{% endmacro %}")

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapScript"
        self.text = text


class LayerScript(MapScript):
    """finmap.<function>(this feature group, data): a call into components/render/map_layers.js."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "finmap.{{ this.function }}({{ this._parent.get_name() }}, {{ this.text }});"
        "{% endmacro %}"
    )

    def __init__(self, function: str, data):
        super().__init__(_script_json(data))
        self._name = "LayerScript"
        self.function = function


class PlainScript(folium.Element):
    """Script text that is added to the page as it is, never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


def _swatch(fill: str, line: str = SWATCH_BORDER) -> str:
    return (
        f'<span style="display:inline-block;width:0.9em;height:0.9em;margin-right:4px;'
        f'vertical-align:-0.1em;background:{fill};border:2px solid {line};box-sizing:border-box"></span>'
    )


MAP_CSS = f"""
<style>
/* The frame's height follows the window (frame_height_css); the map fills the frame. */
#map_div {{ height: 100vh !important; }}
.finmap-badge {{ width: 20px; height: 20px; border-radius: 10px; background: {BADGE_BACKGROUND}; color: {BADGE_INK};
  border: 2px solid {BADGE_INK}; font: bold 12px/16px sans-serif; text-align: center; }}
.leaflet-container {{ background: {PAGE_BACKGROUND}; }}  /* where no tile lies (Leaflet's own is grey) */
/* No focus box on a pressed shape (shapes take no focus: map_layers.js keepPageStill). */
path.leaflet-interactive:focus {{ outline: none; }}
/* Tooltips wrap within the frame instead of running past its edge. */
.leaflet-tooltip.finmap-tip {{ width: max-content; max-width: min(300px, calc(100vw - 24px)); white-space: normal; }}
/* A phone's frame: a small tooltip (name and count, map_layers.js tooltip) in small type. */
@media (max-width: 640px) {{ .leaflet-tooltip.finmap-tip {{ font: 12px/1.35 sans-serif; padding: 3px 6px;
  max-width: min(220px, 60vw); }} }}
.leaflet-tooltip.finmap-label {{ background: {css_colour(LABEL_BACKGROUND, LABEL_BACKGROUND_OPACITY)};
  border: 0; box-shadow: none; padding: 0 3px; font: 600 12px/1.3 sans-serif; color: {LABEL_INK}; }}
.leaflet-tooltip.finmap-label::before {{ display: none; }}
/* Presenting (a projector at 1920x1080): nothing on the map under 18 px, read from the back of
   the room; the badge's icon grows with it (Leaflet sets its size inline), so it is measured
   whole where labels are placed beside it. */
.finmap-present .leaflet-tooltip.finmap-label {{ font-size: 18px; }}
.finmap-present .finmap-badge-icon {{ width: 28px !important; height: 28px !important;
  margin-left: -14px !important; margin-top: -14px !important; }}
.finmap-present .finmap-badge {{ box-sizing: border-box; width: 28px; height: 28px; border-radius: 14px;
  font: bold 18px/24px sans-serif; }}
.finmap-present .leaflet-control-layers-expanded, .finmap-present .finmap-legend-toggle,
.finmap-present .finmap-whole, .finmap-present .leaflet-control-scale-line {{ font-size: 18px; }}
/* The attribution too, where it fits on one line: on a phone it would cover the map's bottom. */
@media (min-width: 641px) {{ .finmap-present .leaflet-control-attribution {{ font-size: 18px; }} }}
.finmap-present .finmap-whole, .finmap-present .finmap-legend-toggle {{ min-height: 36px; }}
/* The chosen city's name (map_layers.js highlight): dark like its outline, above the names of
   the members, its pointer on the city. */
.leaflet-tooltip.finmap-chosen {{ background: {HIGHLIGHT}; color: {HIGHLIGHT_HALO}; border: 2px solid {HIGHLIGHT_HALO};
  padding: 1px 6px; font: 700 13px/1.3 sans-serif; white-space: nowrap; z-index: 1; }}
.leaflet-tooltip-top.finmap-chosen::before {{ border-top-color: {HIGHLIGHT}; }}
.finmap-present .leaflet-tooltip.finmap-chosen {{ font-size: 18px; }}
/* A badge or label that would overlap another (map_layers.js declutter); a class, as Leaflet
   resets a tooltip's own visibility whenever it updates it. */
.finmap-crowded {{ visibility: hidden !important; }}
/* The legend: a fold button over the partnership switches, each a row of at least 24 px. */
.leaflet-control-layers-expanded {{ font-size: 13px; line-height: 1.3; padding: 4px 8px 6px 8px;
  max-width: min(340px, calc(100vw - 70px)); }}
.finmap-legend-toggle {{ display: flex; align-items: center; gap: 6px; min-height: 30px; min-width: 30px; width: 100%;
  border: 0; background: none; font: bold 13px sans-serif; color: {TITLE_INK}; cursor: pointer; padding: 0 2px; }}
.finmap-legend-toggle::before {{ content: "\\25BE"; font-size: 14px; }}
.finmap-legend-closed .finmap-legend-toggle::before {{ content: "\\25B8"; }}
.finmap-legend-closed .leaflet-control-layers-list {{ display: none; }}
.leaflet-control-layers label {{ display: flex; align-items: center; min-height: 26px; cursor: pointer; }}
.leaflet-control-layers label > span, .leaflet-control-layers label > div {{ display: flex; align-items: center; }}
.leaflet-control-layers-selector {{ width: 18px; height: 18px; margin: 0 6px 0 0; flex: none; }}
.finmap-whole {{ display: block; min-height: 30px; padding: 0 10px; border: 0; background: {CONTROL_BACKGROUND};
  color: {TITLE_INK}; font: 600 13px sans-serif; cursor: pointer; border-radius: 4px; }}
/* Leaflet's stylesheet may arrive after the map is made: until it applies, Leaflet's controls
   lie under the map, then jump into its corners (a layout shift). Hidden until then
   (map_layers.js whenStyled); visibility, not display, so nothing reflows when they show. */
.leaflet-container:not(.finmap-styled) .leaflet-control-container {{ visibility: hidden; }}
/* Attribution and scale each keep to their own side of the bottom edge. */
.leaflet-control-attribution {{ max-width: calc(100vw - 120px); white-space: normal; line-height: 1.3; }}
</style>
"""


def add_map_css(fmap: folium.Map) -> None:
    # As plain text: a folium.Element would compile the whole stylesheet as a template each run.
    fmap.get_root().header.add_child(PlainScript(MAP_CSS))


def frame_height_css(room: int | str, phone_room: int | str, minimum: int = 320) -> str:
    """The map frame's height from the window: the window's height less `room` px (less
    `phone_room` on screens up to 640 px wide), never under `minimum` px; a room may also be a
    CSS length expression (e.g. "var(--top, 190px) + 16px"). st_folium only takes a fixed
    height, so the parent page's CSS sets the frame's height and the map fills it."""
    frame = 'iframe[data-testid="stCustomComponentV1"][src*="st_folium"]'
    height = "height: max({}px, calc(100svh - ({}))) !important;"
    room, phone_room = (f"{value}px" if isinstance(value, int) else value for value in (room, phone_room))
    return (
        f"<style>{frame} {{ {height.format(minimum, room)} }}"
        f"@media (max-width: 640px) {{ {frame} {{ {height.format(minimum, phone_room)} }} }}</style>"
    )
