"""The partnerships side by side: one small map per partnership shown, all of Finland at one
extent and scale, each titled with its name, member count and population covered, its members
in the partnership's colour on the grey context (Finland's outline in points mode).

Plain functions, no Streamlit: the model (which partnerships, their members and titles), the
grid's light geometry, one Vega-Lite chart per small map (components/page/compare.py draws them and
takes the clicks), and the same grid as a slide picture drawn with matplotlib from the helpers
of components/render/slide.py.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure

from components.base.colours import (
    CONTEXT_FILL,
    CONTEXT_LINE,
    FILL_OPACITY,
    OUTLINE_LINE,
    TEXT_INK,
    TITLE_INK,
    partnership_colour,
    partnership_line,
)
from components.base.i18n import counted, format_count, format_share, t
from components.data.catalog import Catalog
from components.data.population import Coverage, Population, covered_by_partnership
from components.model.map import MapGeometry, ring_radii
from components.render.slide import (
    DPI,
    FINLAND_EXTENT_3067,
    SIZE_PX,
    context_shapes,
    draw_context,
    draw_members,
    figure_bytes,
    finland_axes,
    footer_text,
    ring_area,
    slide_figure,
    to_metric,
)

# ----------------------------------------------------------------------------- the model


@dataclass(frozen=True)
class SmallMap:
    """One partnership's small map: its members among the rows shown, and what its title says."""

    partnership_id: str
    name: str
    colour: str  # fill
    line: str  # outline
    codes: tuple[str, ...]  # its municipalities in the rows shown, each once
    coverage: Coverage | None = None  # the people they cover, when there are figures

    @property
    def members(self) -> int:
        return len(self.codes)

    def title_lines(self, lang: str) -> tuple[str, ...]:
        """Name; member count; population covered (when known)."""
        lines = [self.name, counted("municipalities", self.members, lang)]
        if self.coverage is not None:
            lines.append(
                t(
                    "compare.population",
                    lang,
                    people=format_count(self.coverage.people, lang),
                    share=format_share(self.coverage.share, lang),
                )
            )
        return tuple(lines)


def small_maps(rows: pd.DataFrame, catalog: Catalog, lang: str, population: Population | None = None) -> list[SmallMap]:
    """One small map per partnership shown in `rows` (the filtered rows), in catalog order, as
    the cards list them."""
    codes = rows.groupby("partnership_id")["municipality_code"].agg(lambda column: tuple(sorted(set(column))))
    coverage = covered_by_partnership(rows, population) if population is not None else {}
    return [
        SmallMap(
            pid,
            catalog.partnership(pid).name(lang),
            partnership_colour(pid),
            partnership_line(pid),
            codes[pid],
            coverage.get(pid),
        )
        for pid in catalog.partnership_ids
        if pid in codes.index
    ]


def small_map_alt(small_map: SmallMap, names: Mapping[str, str], lang: str) -> str:
    """One small map in words: its title and its members by name."""
    members = ", ".join(sorted(names.get(code, code) for code in small_map.codes))
    return t("compare.map_alt", lang, title=" · ".join(small_map.title_lines(lang)), members=members)


def grid_alt(maps: list[SmallMap], lang: str) -> str:
    """The whole grid in words (under it on the page, and inside the slide picture)."""
    parts = "; ".join(f"{m.name}: {counted('municipalities', m.members, lang)}" for m in maps)
    return t("compare.grid_alt", lang, count=len(maps), partnerships=parts or "–")


# ----------------------------------------------------------------------------- the grid's geometry

KM = 1000  # the grid's coordinates are kilometres of ETRS-TM35FIN: whole numbers, short JSON
# A small map is about 250 px for Finland's 1,220 km: 5 km per pixel. Borders simplified to 3 km
# and rounded to 1 km lose nothing visible and cut the context to a fraction.
SIMPLIFY_M = 3000


@dataclass(frozen=True)
class GridGeometry:
    """The light shapes of the small maps, built once per geometry: every municipality (or city
    point) by code, and the grey context as Finland's silhouette. At this scale the borders
    between the 309 municipalities would be a grey blur of about 40 KB per small map; the
    silhouette is about 3 KB, and the members keep their own outlines."""

    shapes: Mapping[str, dict]  # code -> GeoJSON geometry in km
    context: dict | None  # GeoJSON geometry in km: the municipalities merged, or Finland's outline
    has_polygons: bool


def _whole_km(geometries: np.ndarray) -> np.ndarray:
    return shapely.transform(geometries, lambda xy: np.round(xy / KM))


def _integers(value):
    """GeoJSON coordinates as ints where they are whole (JSON "123" rather than "123.0")."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, (list, tuple)):
        return [_integers(item) for item in value]
    if isinstance(value, dict):
        return {key: _integers(item) for key, item in value.items()}
    return value


def grid_geometry(geometry: MapGeometry) -> GridGeometry:
    codes = list(geometry.by_code)
    metric = to_metric([geometry.by_code[code] for code in codes]).values
    polygon = shapely.get_type_id(metric) != shapely.GeometryType.POINT
    # Neighbours keep one shared border (coverage simplification), then whole kilometres.
    metric[polygon] = shapely.coverage_simplify(metric[polygon], SIMPLIFY_M)
    shapes = _whole_km(metric)
    by_code = {code: _integers(shapely.geometry.mapping(shape)) for code, shape in zip(codes, shapes, strict=True)}
    if geometry.has_polygons:
        context_index = [codes.index(code) for code in geometry.context_codes]
        context = shapely.union_all(shapely.make_valid(shapes[context_index]))
    elif geometry.outline is not None:
        context = _whole_km(shapely.simplify(to_metric([geometry.outline]).values, SIMPLIFY_M))[0]
    else:
        context = None
    context = _integers(shapely.geometry.mapping(context)) if context is not None else None
    return GridGeometry(by_code, context, geometry.has_polygons)


def extent_km() -> tuple[int, int, int, int]:
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    return x0 // KM, y0 // KM, x1 // KM, y1 // KM


def extent_feature(properties: Mapping[str, str] | None = None) -> dict:
    """All of Finland's extent as a rectangle: what every small map fits, so all share one
    extent and scale; with `properties`, also the map's click target."""
    x0, y0, x1, y1 = extent_km()
    ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
    rectangle = {"type": "Polygon", "coordinates": [ring]}
    return {"type": "Feature", "properties": dict(properties or {}), "geometry": rectangle}


# ----------------------------------------------------------------------------- one small map (Vega-Lite)

SELECTION = "pick"  # the chart's point selection: the partnership a click chooses
MAP_HEIGHT_PX = 380
PRESENT_MAP_HEIGHT_PX = 470  # presentation mode: seven maps in a row at 1920x1080


def _context_layer(geometry: dict, has_polygons: bool) -> dict:
    """The grey Finland the members lie on (its coast in the context's line colour; in points
    mode in the outline's, as on the web map)."""
    stroke, width = (CONTEXT_LINE, 0.6) if has_polygons else (OUTLINE_LINE, 0.8)
    feature = {"type": "Feature", "properties": {}, "geometry": geometry}
    mark = {"type": "geoshape", "fill": CONTEXT_FILL, "stroke": stroke, "strokeWidth": width, "aria": False}
    return {"data": {"values": [feature]}, "mark": mark}


def small_map_spec(small_map: SmallMap, grid: GridGeometry, description: str, height: int = MAP_HEIGHT_PX) -> dict:
    """A Vega-Lite chart of one small map: the grey context, the members, and over them a clear
    rectangle as large as the map that carries the partnership's id, so a click anywhere on the
    map chooses it (a small city point alone would be a hard target)."""
    members = [grid.shapes[code] for code in small_map.codes]
    polygons = [{"type": "Feature", "properties": {}, "geometry": g} for g in members if g["type"] != "Point"]
    points = [{"x": g["coordinates"][0], "y": g["coordinates"][1]} for g in members if g["type"] == "Point"]
    layers = [_context_layer(grid.context, grid.has_polygons)] if grid.context is not None else []
    if polygons:
        layers.append(
            {
                "data": {"values": polygons},
                "mark": {
                    "type": "geoshape",
                    "aria": False,
                    "fill": small_map.colour,
                    "fillOpacity": FILL_OPACITY,
                    "stroke": small_map.line,
                    "strokeWidth": 1,
                },
            }
        )
    if points:
        radius = ring_radii(1)[0]
        layers.append(
            {
                "data": {"values": points},
                "mark": {
                    "type": "circle",
                    "aria": False,
                    "size": math.pi * radius**2,
                    "fill": small_map.colour,
                    "fillOpacity": FILL_OPACITY,
                    "stroke": small_map.line,
                    "strokeWidth": 1.2,
                    "opacity": 1,
                },
                "encoding": {
                    "longitude": {"field": "x", "type": "quantitative"},
                    "latitude": {"field": "y", "type": "quantitative"},
                },
            }
        )
    target = extent_feature({"partnership_id": small_map.partnership_id})
    layers.append(
        {
            "data": {"values": [{"partnership_id": small_map.partnership_id, "shape": target}]},
            "mark": {"type": "geoshape", "fill": "transparent", "stroke": None, "cursor": "pointer"},
            # The one shape a screen reader meets (the others are aria: false): the map in words.
            "encoding": {"shape": {"field": "shape", "type": "geojson"}, "description": {"value": description}},
            "params": [{"name": SELECTION, "select": {"type": "point", "fields": ["partnership_id"], "on": "click"}}],
        }
    )
    return {
        "description": description,
        "height": height,
        "padding": 0,
        "autosize": {"type": "fit", "contains": "padding"},
        "view": {"stroke": None},
        "background": None,
        "projection": {"type": "identity", "reflectY": True, "fit": extent_feature()},
        "layer": layers,
        "config": {"view": {"stroke": None}},
    }


# ----------------------------------------------------------------------------- the slide picture

TITLE_FONT_PT = 16
TITLE_LINE = 0.028  # a title line's height, as a part of the slide
NAME_LINES = 3
GRID_BOX = (0.015, 0.075, 0.97, 0.78)  # left, bottom, width, height of the grid on the slide
TITLE_ROOM = (NAME_LINES + 2) * TITLE_LINE + 0.01  # name, members, population


def finland_aspect() -> float:
    """The extent's height per width."""
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    return (y1 - y0) / (x1 - x0)


def grid_columns(count: int, box: tuple[float, float, float, float] = GRID_BOX) -> int:
    """The number of columns that draws the maps largest in the slide's grid box (each map keeps
    Finland's shape, under a title of TITLE_ROOM)."""
    if count <= 1:
        return 1
    aspect = finland_aspect()
    width_px, height_px = box[2] * SIZE_PX[0], box[3] * SIZE_PX[1]
    room_px = TITLE_ROOM * SIZE_PX[1]

    def map_width(columns: int) -> float:
        rows = math.ceil(count / columns)
        return min(width_px / columns, (height_px / rows - room_px) / aspect)

    return max(range(1, count + 1), key=map_width)


def _wrapped(name: str, width_px: float) -> list[str]:
    """The name in at most NAME_LINES lines of whole words, of about `width_px` (0.6 em per
    character); _fit() then shrinks a line that is still too wide."""
    characters = max(8, int(width_px / (TITLE_FONT_PT * 1.39 * 0.6)))
    lines = textwrap.wrap(name, characters, break_long_words=False) or [""]
    while len(lines) > NAME_LINES:  # longer lines rather than a cut name: _fit() shrinks them
        characters += 2
        lines = textwrap.wrap(name, characters, break_long_words=False)
    return lines


def _fit(text, renderer, width_px: float) -> None:
    """Shrink a text until it is at most `width_px` wide: a long Finnish compound word stays
    whole and never runs into the next map's title."""
    while text.get_window_extent(renderer).width > width_px and text.get_fontsize() > 8:
        text.set_fontsize(text.get_fontsize() - 0.5)


def render_slide(
    maps: list[SmallMap],
    geometry: MapGeometry,
    lang: str,
    summary: str,
    fmt: str = "png",
    today: date | None = None,
) -> bytes:
    """The grid as a slide: PNG (1920x1080) or SVG, with title, the filter, the small maps with
    their titles, date and sources. The SVG keeps its text as text (searchable, editable)."""
    figure = slide_grid(maps, geometry, lang, summary, today)
    title, alt = t("compare.slide_title", lang), grid_alt(maps, lang)
    return figure_bytes(figure, fmt, title, alt, text_as_text=True)


def slide_grid(
    maps: list[SmallMap], geometry: MapGeometry, lang: str, summary: str, today: date | None = None
) -> Figure:
    """The slide's figure (render_slide() writes it)."""
    figure = slide_figure()
    # Measures the titles. A renderer of its own: with a canvas attached, every GeoSeries.plot
    # would draw the whole figure again (6 s of 8 for seven maps).
    renderer = RendererAgg(*SIZE_PX, DPI)
    figure.text(0.015, 0.965, t("compare.slide_title", lang), fontsize=30, fontweight="bold", color=TITLE_INK, va="top")
    figure.text(0.015, 0.905, summary, fontsize=18, color=TEXT_INK, va="top")
    context = context_shapes(geometry)
    columns = grid_columns(len(maps))
    rows = max(1, math.ceil(len(maps) / columns))
    left, bottom, width, height = GRID_BOX
    cell_w = width / columns
    width_px = cell_w * SIZE_PX[0] * 0.94
    names = [_wrapped(small_map.name, width_px) for small_map in maps]
    # Every map of a row starts at the same height, under the row's tallest title; the rows
    # together sit in the middle of the grid's box.
    facts_lines = max((len(small_map.title_lines(lang)) - 1 for small_map in maps), default=1)
    title_room = (max((len(lines) for lines in names), default=1) + facts_lines) * TITLE_LINE + 0.015
    map_w = cell_w - 0.008
    map_h = min(height / rows - title_room, map_w * SIZE_PX[0] * finland_aspect() / SIZE_PX[1])
    row_h = title_room + map_h + 0.01
    first_top = bottom + height - (height - rows * row_h) / 2
    titles, facts_texts = [], []
    for index, (small_map, name_lines) in enumerate(zip(maps, names, strict=True)):
        row, column = divmod(index, columns)
        x, top = left + column * cell_w, first_top - row * row_h
        centre = x + cell_w / 2
        name = figure.text(
            centre, top, "\n".join(name_lines), fontsize=TITLE_FONT_PT, fontweight="bold",
            color=TITLE_INK, ha="center", va="top", linespacing=1.1,
        )  # fmt: skip
        titles.append(name)
        facts = "\n".join(small_map.title_lines(lang)[1:])
        # The counts of a row on one line, right above the maps, whatever the names' lengths.
        counts = figure.text(
            centre, top - title_room + 0.008, facts, fontsize=14, color=TEXT_INK,
            ha="center", va="bottom", linespacing=1.2,
        )  # fmt: skip
        facts_texts.append(counts)
        axes = finland_axes(figure, (x + 0.004, top - title_room - map_h, map_w, map_h))
        draw_context(axes, context, geometry.has_polygons)
        shapes = to_metric([geometry.by_code[code] for code in small_map.codes])
        sizes = [ring_area(ring_radii(1)[0])] * int((shapes.geom_type == "Point").sum())
        draw_members(axes, shapes, small_map.colour, small_map.line, sizes)
    for texts in (titles, facts_texts):  # one size for all names, one for all counts: the smallest needed
        for text in texts:
            _fit(text, renderer, width_px)
        for text in texts:
            text.set_fontsize(min(other.get_fontsize() for other in texts))
    figure.text(0.015, 0.025, footer_text(lang, geometry.has_polygons, today), fontsize=12, color=TEXT_INK)
    return figure
