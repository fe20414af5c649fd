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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import shapely
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
    FINLAND_EXTENT_3067,
    MARGIN,
    ORIGIN,
    SUMMARY,
    TITLE,
    context_shapes,
    draw_context,
    draw_members,
    figure_bytes,
    finland_axes,
    footer_block,
    footer_text,
    ring_area,
    slide_figure,
    to_metric,
    with_origin,
)
from components.render.slide_layout import SIZE_PX, Block, Placed, Style, block, draw, figure_xy, stack

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
# Pixels of the slide from its top-left corner (components/render/slide_layout.py): the title,
# origin and filter across the top, the footer across the foot, the grid between them.

NAME = Style(16, TITLE_INK, bold=True)
COUNTS = Style(14, TEXT_INK)
SUMMARY_LINES = 3  # a filter of many cities in words; the whole of it is in the text alternative
# px between the titles of neighbouring maps, and the grid's own margin: seven maps in a row keep
# room for "Ekosysteemisopimukset" at the floor.
CELL_GAP = 12
GRID_MARGIN = 24
ROW_GAP = 24  # px between a row's maps and the next row's titles
# How much smaller the titles may become, largest first: the last takes both styles to the floor.
TITLE_SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)


def finland_aspect() -> float:
    """The extent's height per width."""
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    return (y1 - y0) / (x1 - x0)


@dataclass(frozen=True)
class GridLayout:
    """The small maps' places: `columns` a row, each map under a title of `title_room` px (its
    name from the top, its counts right above the map), the rows in the middle of the grid's box."""

    columns: int
    cell_width: float
    title_room: float
    map_height: float
    top: float  # the first row's
    left: float
    names: tuple[Block, ...]
    counts: tuple[Block, ...]
    scale: float  # of the titles
    fits: bool  # False only when some word is wider than a cell even at the floor

    @property
    def row_height(self) -> float:
        return self.title_room + self.map_height + ROW_GAP

    def cell(self, index: int) -> tuple[float, float]:
        """The centre x and top y (px) of the `index`th map's cell."""
        row, column = divmod(index, self.columns)
        return self.left + (column + 0.5) * self.cell_width, self.top + row * self.row_height


def title_blocks(
    maps: list[SmallMap], lang: str, width: float, scale: float
) -> tuple[tuple[Block, ...], tuple[Block, ...]]:
    """The maps' names and counts wrapped to `width`: one size for all names and one for all
    counts, so the row reads as one."""
    names = tuple(block(small_map.name, NAME.scaled(scale), width) for small_map in maps)
    facts = ("\n".join(small_map.title_lines(lang)[1:]) for small_map in maps)
    return names, tuple(block(text, COUNTS.scaled(scale), width) for text in facts)


def grid_layout(maps: list[SmallMap], lang: str, box: tuple[float, float, float, float]) -> GridLayout:
    """The grid in `box` (left, top, right, bottom) that draws the maps largest, of every number
    of columns whose titles fit their cells at some size of TITLE_SCALES."""
    left, top, right, bottom = box
    candidates = []
    for columns in range(1, max(1, len(maps)) + 1):
        rows = max(1, math.ceil(len(maps) / columns))
        cell_width = (right - left) / columns
        width = cell_width - CELL_GAP
        for scale in TITLE_SCALES:
            names, counts = title_blocks(maps, lang, width, scale)
            fits = all(item.width() <= width for item in (*names, *counts))
            if fits:
                break
        name_room = max((name.height for name in names), default=0.0)
        counts_room = max((count.height for count in counts), default=0.0)
        title_room = name_room + 0.3 * NAME.px + counts_room + 0.4 * COUNTS.px
        map_height = min((bottom - top) / rows - title_room - ROW_GAP, width * finland_aspect())
        grid_height = rows * (title_room + map_height) + (rows - 1) * ROW_GAP
        first_top = top + (bottom - top - grid_height) / 2
        layout = GridLayout(columns, cell_width, title_room, map_height, first_top, left, names, counts, scale, fits)
        candidates.append(layout)
    # Titles that fit first, then the largest maps, then the larger titles.
    return max(candidates, key=lambda layout: (layout.fits, layout.map_height, layout.scale))


def render_slide(
    maps: list[SmallMap],
    geometry: MapGeometry,
    lang: str,
    summary: str,
    fmt: str = "png",
    today: date | None = None,
    origin: str | None = None,
    as_of: str = "",
) -> bytes:
    """The grid as a slide: PNG (1920x1080) or SVG, with title, the filter, the small maps with
    their titles, date and sources. The SVG keeps its text as text (searchable, editable).
    `origin`, when given, says under the title where the data came from, and leads the text
    alternative."""
    figure = slide_grid(maps, geometry, lang, summary, today, origin=origin, as_of=as_of)
    title, alt = t("compare.slide_title", lang), with_origin(grid_alt(maps, lang), origin)
    return figure_bytes(figure, fmt, title, alt, text_as_text=True)


def slide_grid(
    maps: list[SmallMap],
    geometry: MapGeometry,
    lang: str,
    summary: str,
    today: date | None = None,
    origin: str | None = None,
    as_of: str = "",
) -> Figure:
    """The slide's figure (render_slide() writes it)."""
    figure = slide_figure()
    left, right = MARGIN, SIZE_PX[0] - MARGIN
    width = right - left
    head = stack(
        [
            (block(t("compare.slide_title", lang), TITLE, width), 0),
            (block(origin or "", ORIGIN, width), 0.5 * ORIGIN.px),
            (block(summary, SUMMARY, width, most=SUMMARY_LINES), 0.6 * SUMMARY.px),
        ],
        left,
        MARGIN,
    )
    footer = footer_block(footer_text(lang, geometry.has_polygons, today, as_of))
    grid_box = (GRID_MARGIN, head[-1].bottom + SUMMARY.px, SIZE_PX[0] - GRID_MARGIN, footer.top - MARGIN / 2)
    grid = grid_layout(maps, lang, grid_box)
    for placed in (*head, footer):
        draw(figure, placed)
    context = context_shapes(geometry)
    map_width = grid.map_height / finland_aspect()
    for index, (small_map, name, counts) in enumerate(zip(maps, grid.names, grid.counts, strict=True)):
        centre, top = grid.cell(index)
        draw(figure, Placed(name, centre, top, centred=True))
        # The counts of a row on one line, right above the maps, whatever the names' lengths.
        map_top = top + grid.title_room
        draw(figure, Placed(counts, centre, map_top - 0.4 * COUNTS.px - counts.height, centred=True))
        x, y = figure_xy(centre - map_width / 2, map_top + grid.map_height)
        axes = finland_axes(figure, (x, y, map_width / SIZE_PX[0], grid.map_height / SIZE_PX[1]))
        draw_context(axes, context, geometry.has_polygons)
        shapes = to_metric([geometry.by_code[code] for code in small_map.codes])
        sizes = [ring_area(ring_radii(1)[0])] * int((shapes.geom_type == "Point").sum())
        draw_members(axes, shapes, small_map.colour, small_map.line, sizes)
    return figure
