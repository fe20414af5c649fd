"""A picture of the current view for slides: PNG (1920x1080) or SVG, drawn with matplotlib, no
browser needed. Drawn from the same model as the web map (components/model/map.py): the same
order, ring sizes, colours and names, with title, legend, date and sources."""

from __future__ import annotations

import io
import math
import threading
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import matplotlib as mpl
import numpy as np
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.path import Path

from components.base.colours import (
    BADGE_BACKGROUND,
    BADGE_INK,
    CONTEXT_FILL,
    CONTEXT_LINE,
    FILL_OPACITY,
    OUTLINE_LINE,
    PAGE_BACKGROUND,
    TEXT_INK,
    TITLE_INK,
    UPLOADED_INK,
)
from components.base.i18n import t
from components.data import periods
from components.data.catalog import Catalog
from components.data.memberships import member_counts
from components.data.population import Population, covered_by_partnership, covered_line
from components.model.cards import partnership_cards
from components.model.map import LayerPlan, MapGeometry, layer_plan
from components.model.wording import data_as_of, format_date
from components.render.slide_layout import (
    DPI,
    FLOOR_PT,
    SIZE_PX,
    Block,
    Placed,
    Style,
    block,
    draw,
    figure_xy,
    height_of,
    stack,
)

METRIC_CRS = "EPSG:3067"  # ETRS-TM35FIN: Finland drawn without the Mercator stretch
FINLAND_EXTENT_3067 = (60_000, 6_580_000, 760_000, 7_800_000)  # x0, y0, x1, y1 in metres


def to_metric(shapes: list[dict]) -> gpd.GeoSeries:
    """GeoJSON geometries (lon/lat) in ETRS-TM35FIN metres, as the slide pictures draw them."""
    return gpd.GeoSeries([shapely.geometry.shape(s) for s in shapes], crs="EPSG:4326").to_crs(METRIC_CRS)


# ----------------------------------------------------------------------------- drawing helpers
# Shared by this picture and the small multiples' slide (components/render/compare.py).


def finland_axes(figure: Figure, box: tuple[float, float, float, float]):
    """Axes at `box` (left, bottom, width, height, as parts of the figure) showing all of
    Finland at one scale: every map drawn in such axes of one size has the same extent."""
    axes = figure.add_axes(box)
    axes.set_axis_off()
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    axes.set_aspect("equal", adjustable="datalim")
    axes.update_datalim([(x0, y0), (x1, y1)])
    axes.autoscale_view()
    return axes


def draw_context(axes, context: list[Path], has_polygons: bool) -> None:
    """The grey the members lie on: every municipality, or Finland's outline in points mode."""
    line, width = (CONTEXT_LINE, 0.3) if has_polygons else (OUTLINE_LINE, 0.8)  # points: Finland, as on the web map
    collection = PathCollection(context, facecolors=CONTEXT_FILL, edgecolors=line, linewidths=width)
    axes.add_collection(collection, autolim=False)  # finland_axes() has set the extent


def context_shapes(geometry: MapGeometry) -> list[Path]:
    """What draw_context() draws for `geometry`, in metres, as matplotlib paths: made once, they
    are drawn in as many maps as a picture has (patches made per map cost a second a map)."""
    if geometry.has_polygons:
        shapes = to_metric([geometry.by_code[code] for code in geometry.context_codes])
    else:
        shapes = to_metric([geometry.outline] if geometry.outline is not None else [])
    return [
        Path.make_compound_path(*(Path(np.asarray(ring.coords)) for ring in (polygon.exterior, *polygon.interiors)))
        for polygon in shapes.explode(index_parts=False)
    ]


def draw_members(axes, shapes: gpd.GeoSeries, colour: str, line: str, point_sizes: list[float]) -> None:
    """One partnership's members: polygons with a translucent fill and an opaque outline
    (an `alpha` would fade the outline too); points as rings of `point_sizes` (points^2)."""
    polygons = shapes[shapes.geom_type != "Point"]
    points = shapes[shapes.geom_type == "Point"]
    if len(polygons):
        polygons.plot(ax=axes, facecolor=to_rgba(colour, FILL_OPACITY), edgecolor=line, linewidth=1.0)
    if len(points):
        axes.scatter(
            points.x,
            points.y,
            s=point_sizes,
            c=[to_rgba(colour, FILL_OPACITY)],
            edgecolors=line,
            linewidths=1.2,
            zorder=3,
        )


def ring_area(radius_px: float) -> float:
    """matplotlib's marker size (points^2) of a ring of `radius_px` on the web map."""
    return radius_px**2 * 1.6


def footer_text(lang: str, has_polygons: bool, today: date | None = None, as_of: str = "") -> str:
    """The picture's date and sources line; `as_of` says the data's own date ("Data as of ...")."""
    mode = "polygons" if has_polygons else "points"
    day = format_date((today or periods.today()).isoformat(), lang)
    parts = (day, as_of, t("static.sources", lang), t(f"static.geometry_{mode}", lang))
    return " · ".join(part for part in parts if part)


# matplotlib reads the SVG text setting from its process-wide rcParams, and sessions draw in
# threads of one process: one SVG at a time, each with its own setting.
_SVG_SETTING = threading.Lock()


def figure_bytes(figure: Figure, fmt: str, title: str, description: str, text_as_text: bool = False) -> bytes:
    """The figure as PNG or SVG; the text alternative travels inside the file (PNG tEXt / SVG
    Dublin Core description). `text_as_text`: an SVG keeps its text as text (searchable,
    editable) instead of outlines."""
    buffer = io.BytesIO()
    metadata = {"Title": title, "Description": description}
    if fmt != "svg":
        FigureCanvasAgg(figure).print_figure(buffer, format=fmt, dpi=DPI, facecolor=PAGE_BACKGROUND, metadata=metadata)
        return buffer.getvalue()
    with _SVG_SETTING, mpl.rc_context({"svg.fonttype": "none" if text_as_text else "path"}):
        FigureCanvasSVG(figure).print_figure(buffer, format=fmt, dpi=DPI, facecolor=PAGE_BACKGROUND, metadata=metadata)
    return buffer.getvalue()


def slide_figure() -> Figure:
    return Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI, facecolor=PAGE_BACKGROUND)


def alt_text(
    rows: pd.DataFrame, catalog: Catalog, lang: str, summary: str, population: Population | None = None
) -> str:
    """A text alternative for the picture: what it shows, in one or two sentences."""
    counts = member_counts(rows)
    parts = [f"{catalog.partnership(pid).name(lang)}: {int(n)}" for pid, n in counts.items()]
    text = t(
        "static.alt",
        lang,
        count=rows["municipality_code"].nunique(),
        partnerships="; ".join(parts) or "–",
        filter=summary,
    )
    line = covered_line(rows, population, lang, "static_line") if population is not None else None
    return f"{text} {line}" if line else text


def with_origin(description: str, origin: str | None) -> str:
    """The text alternative with the picture's origin first, as the picture shows it first."""
    if not origin:
        return description
    said = " ".join(origin.split())
    return f"{said} {description}" if said.endswith((".", "!", "?")) else f"{said}. {description}"


# ----------------------------------------------------------------------------- the layout
# Pixels of the slide from its top-left corner (components/render/slide_layout.py). The map takes
# the slide's height on the left (Finland is tall); the title, legend and notes fill the right.

MARGIN = 40  # px from the slide's edges
GUTTER = 48  # px between the map and the text, and between the legend's columns
TITLE = Style(30, TITLE_INK, bold=True)
ORIGIN = Style(18, UPLOADED_INK, bold=True)
SUMMARY = Style(18, TEXT_INK)
LEGEND_TITLE = Style(22, TITLE_INK, bold=True)
NAME = Style(20, TITLE_INK)
FACTS = Style(14, TEXT_INK)
COVERED = Style(15, TITLE_INK)
NOTE = Style(16, TEXT_INK)
FOOTER = Style(FLOOR_PT, TEXT_INK)
BADGE = Style(FLOOR_PT, BADGE_INK, bold=True)
# How much smaller the right-hand text may become, largest first; the last takes every style but
# the titles to the floor. Each is tried in one, two and three legend columns before the next.
SCALES = (1.0, 0.9, 0.8, 0.72, 0.65)
LEGEND_COLUMNS = (1, 2, 3)
SUMMARY_LINES = 4  # a filter of many cities in words; the whole of it is in the text alternative


@dataclass(frozen=True)
class LegendEntry:
    """One partnership in the legend: its swatch's colours, its name and count, facts and themes."""

    label: str
    facts: str
    themes: str
    colour: str
    line: str


@dataclass(frozen=True)
class SlideTexts:
    """Every text of the slide."""

    title: str
    summary: str
    footer: str
    origin: str | None = None  # where the data came from, when not the published data
    legend_title: str | None = None
    entries: tuple[LegendEntry, ...] = ()
    covered: str | None = None  # the population the selection covers, and its source
    note: str | None = None  # what the badges or rings mean


@dataclass(frozen=True)
class Swatch:
    left: float
    top: float
    size: float
    colour: str
    line: str


@dataclass(frozen=True)
class SlideLayout:
    texts: tuple[Placed, ...]
    swatches: tuple[Swatch, ...]
    map_box: tuple[float, float, float, float]  # left, top, width, height (px)
    scale: float  # of the right-hand text
    columns: int  # of the legend
    fits: bool  # False only when even the smallest text in three columns overflows


def footer_block(text: str) -> Placed:
    """The date and sources across the slide's foot, under the map and the text."""
    footer = block(text, FOOTER, SIZE_PX[0] - 2 * MARGIN)
    return Placed(footer, MARGIN, SIZE_PX[1] - MARGIN / 2 - footer.height)


def finland_box(top: float, bottom: float) -> tuple[float, float, float, float]:
    """The map's box (px) from `top` to `bottom` at the left edge, as wide as Finland's shape
    needs: the rest of the slide's width is the text's."""
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    height = bottom - top
    return MARGIN, top, height * (x1 - x0) / (y1 - y0), height


def head_blocks(texts: SlideTexts, scale: float, width: float) -> list[tuple[Block, float]]:
    """Title, origin and filter, each under the one before."""
    title, origin, summary = TITLE.scaled(scale), ORIGIN.scaled(scale), SUMMARY.scaled(scale)
    return [
        (block(texts.title, title, width), 0),
        (block(texts.origin or "", origin, width), 0.5 * origin.px),
        (block(texts.summary, summary, width, most=SUMMARY_LINES), 0.6 * summary.px),
    ]


def foot_blocks(texts: SlideTexts, scale: float, width: float) -> list[tuple[Block, float]]:
    """The selection's population, then what the badges or rings mean."""
    covered, note = COVERED.scaled(scale), NOTE.scaled(scale)
    return [
        (block(texts.covered or "", covered, width), 0),
        (block(texts.note or "", note, width), 0.9 * note.px),
    ]


def entry_blocks(entry: LegendEntry, scale: float, width: float) -> list[tuple[Block, float]]:
    """A legend entry's text, right of its swatch: name, facts, themes."""
    name, facts = NAME.scaled(scale), FACTS.scaled(scale)
    return [
        (block(entry.label, name, width), 0),
        (block(entry.facts, facts, width), 0.2 * facts.px),
        (block(entry.themes, facts, width), facts.leading),
    ]


def legend_flow(
    entries: tuple[LegendEntry, ...],
    scale: float,
    columns: int,
    box: tuple[float, float, float, float],
) -> tuple[list[Placed], list[Swatch], bool]:
    """The entries top-down in `columns` columns of `box` (left, top, right, bottom), the next
    column when the next entry would run past the bottom; and whether all fit (the last
    column takes what is left, so the texts are there even when they do not)."""
    left, top, right, bottom = box
    name = NAME.scaled(scale)
    swatch = name.box  # a square as tall as the name's first line
    indent = swatch + 0.45 * name.px
    column_width = (right - left - (columns - 1) * GUTTER) / columns
    text_width = column_width - indent
    placed: list[Placed] = []
    swatches: list[Swatch] = []
    fits, column, y = True, 0, top
    for entry in entries:
        blocks = entry_blocks(entry, scale, text_width)
        fits = fits and all(item.width() <= text_width for item, _gap in blocks)
        height = height_of(blocks)
        if y > top and y + height > bottom and column + 1 < columns:
            column, y = column + 1, top
        x = left + column * (column_width + GUTTER)
        placed += stack(blocks, x + indent, y)
        swatches.append(Swatch(x, y, swatch, entry.colour, entry.line))
        fits = fits and y + height <= bottom
        y += height + 0.7 * name.px
    return placed, swatches, fits


def slide_layout(texts: SlideTexts) -> SlideLayout:
    """Where every text of the slide goes. The footer and the map are fixed; the right-hand text
    is tried at each of SCALES in one, two and three legend columns, and the first that fits is
    taken: the title, origin and filter from the top, the population and the note from the
    bottom, and the legend in the room between them."""
    footer = footer_block(texts.footer)
    map_box = finland_box(MARGIN, footer.top - MARGIN / 2)
    left = map_box[0] + map_box[2] + GUTTER
    right, top, bottom = SIZE_PX[0] - MARGIN, MARGIN, footer.top - MARGIN / 2
    width = right - left
    layout = None
    for scale in SCALES:
        head = stack(head_blocks(texts, scale, width), left, top)
        foot_items = foot_blocks(texts, scale, width)
        foot = stack(foot_items, left, bottom - height_of(foot_items))
        legend_title = LEGEND_TITLE.scaled(scale)
        legend_top = (head[-1].bottom if head else top) + legend_title.px
        legend_bottom = (foot[0].top if foot else bottom) - legend_title.px
        heading = stack([(block(texts.legend_title or "", legend_title, width), 0)], left, legend_top)
        entries_top = heading[-1].bottom + 0.5 * legend_title.px if heading else legend_top
        fixed = [*head, *heading, *foot]
        fixed_fit = all(item.box()[2] <= right for item in fixed)
        for columns in LEGEND_COLUMNS if texts.entries else (1,):
            entries, swatches, fits = legend_flow(
                texts.entries, scale, columns, (left, entries_top, right, legend_bottom)
            )
            fits = fits and fixed_fit and entries_top <= legend_bottom
            layout = SlideLayout((*fixed, *entries, footer), tuple(swatches), map_box, scale, columns, fits)
            if fits:
                return layout
    return layout  # the smallest, in the most columns: the best there is


# ----------------------------------------------------------------------------- the badges


def badge_radius() -> float:
    """A count badge's circle (px): the count's box (ascent and descent) and a margin round it."""
    return BADGE.box / 2 + 0.25 * BADGE.px


def badge_spots(
    centres: list[tuple[float, float]], radius: float, bounds: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Where each badge goes (px), in the order given (the most partnerships first): on its
    municipality when no badge is there yet, else at the nearest free spot around it, so no
    two badges cover each other. `bounds` (left, top, right, bottom) keeps them on the map."""
    left, top, right, bottom = bounds
    apart = 2 * radius + 2
    spots: list[tuple[float, float] | None] = [None] * len(centres)

    def free(spot: tuple[float, float]) -> bool:
        x, y = spot
        inside = left + radius <= x <= right - radius and top + radius <= y <= bottom - radius
        return inside and all(math.dist(spot, other) >= apart for other in spots if other is not None)

    for index, centre in enumerate(centres):  # first every badge that fits on its own municipality
        if free(centre):
            spots[index] = centre
    for index, (x, y) in enumerate(centres):  # then the rest, on rings ever further out
        if spots[index] is not None:
            continue
        rings = ((step * radius / 2, angle) for step in range(3, 60) for angle in range(0, 360, 15))
        around = ((x + d * math.cos(math.radians(a)), y - d * math.sin(math.radians(a))) for d, a in rings)
        spots[index] = next((spot for spot in around if free(spot)), (x, y))
    return [spot for spot in spots if spot is not None]


def draw_badges(axes, badges: tuple[tuple[float, float, int], ...]) -> None:
    """The count badges at their spots; one moved off its municipality points to it with a line."""
    if not badges:
        return
    axes.apply_aspect()  # the map's final limits, so data and pixels match as they will be drawn
    ordered = sorted(badges, key=lambda badge: (-badge[2], -badge[0], badge[1]))  # most first, north first
    metric = to_metric([{"type": "Point", "coordinates": (lon, lat)} for lat, lon, _count in ordered])
    data = np.column_stack([metric.x, metric.y])
    height = axes.figure.bbox.height  # display pixels from the bottom; slide pixels from the top
    to_px = [(x, height - y) for x, y in axes.transData.transform(data)]
    box = axes.get_window_extent()
    bounds = (box.x0, height - box.y1, box.x1, height - box.y0)
    spots = badge_spots(to_px, badge_radius(), bounds)
    places = axes.transData.inverted().transform([(x, height - y) for x, y in spots])
    for (_lat, _lon, count), centre, place in zip(ordered, data, places, strict=True):
        moved = not np.allclose(centre, place)
        axes.annotate(
            str(count),
            tuple(centre),
            xytext=tuple(place),
            ha="center",
            va="center",
            fontsize=BADGE.points,
            fontweight="bold",
            color=BADGE_INK,
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": BADGE_BACKGROUND, "edgecolor": BADGE_INK},
            arrowprops={"arrowstyle": "-", "color": BADGE_INK, "linewidth": 1.0} if moved else None,
            annotation_clip=False,
            zorder=4,
        )
        if moved:  # the municipality's own spot, where the line ends
            axes.plot(*centre, marker="o", markersize=3, color=BADGE_INK, zorder=4)


# ----------------------------------------------------------------------------- the picture


def slide_texts(
    rows: pd.DataFrame,
    catalog: Catalog,
    plan: LayerPlan,
    has_polygons: bool,
    lang: str,
    summary: str,
    population: Population | None = None,
    today: date | None = None,
    origin: str | None = None,
) -> SlideTexts:
    """What the slide says; the legend has an entry per map layer, with its card's facts."""
    coverage = covered_by_partnership(rows, population) if population is not None else {}
    facts = {
        card.partnership_id: card.caption for card in partnership_cards(rows, catalog, lang, population=population)
    }
    themes = {p.id: ", ".join(catalog.theme_label(theme, lang) for theme in p.themes) for p in catalog.partnerships}
    entries = tuple(
        LegendEntry(
            spec.label, facts.get(spec.partnership_id, ""), themes.get(spec.partnership_id, ""), spec.colour, spec.line
        )
        for spec in plan.layers
    )
    mode = "polygons" if has_polygons else "points"
    rings = mode == "points" and any(len(radii) > 1 for radii in plan.rings.values())
    return SlideTexts(
        title=t("app.title", lang),
        summary=summary,
        footer=footer_text(lang, has_polygons, today, data_as_of(catalog, lang)),
        origin=origin,
        legend_title=t("population.legend_title" if coverage else "static.legend_title", lang) if entries else None,
        entries=entries,
        covered=covered_line(rows, population, lang, "static_line") if population is not None else None,
        # Say what the numbers or rings mean only when the picture has them.
        note=t(f"static.note_{mode}", lang) if plan.badges or rings else None,
    )


def map_slide(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometry: MapGeometry,
    lang: str,
    summary: str,
    population: Population | None = None,
    today: date | None = None,
    origin: str | None = None,
) -> Figure:
    """The slide's figure (render() writes it)."""
    plan = layer_plan(rows, catalog, geometry.by_code, lang)
    texts = slide_texts(rows, catalog, plan, geometry.has_polygons, lang, summary, population, today, origin)
    layout = slide_layout(texts)
    figure = slide_figure()
    left, top, width, height = layout.map_box
    x, y = figure_xy(left, top + height)
    axes = finland_axes(figure, (x, y, width / SIZE_PX[0], height / SIZE_PX[1]))
    draw_context(axes, context_shapes(geometry), geometry.has_polygons)
    for spec in plan.layers:
        shapes = to_metric([geometry.by_code[code] for code in spec.codes])
        # One ring per partnership of the same city, largest first, as on the web map.
        sizes = [
            ring_area(plan.rings[code][plan.memberships[code].index(spec.partnership_id)])
            for code, shape in zip(spec.codes, shapes, strict=True)
            if shape.geom_type == "Point"
        ]
        draw_members(axes, shapes, spec.colour, spec.line, sizes)
    draw_badges(axes, plan.badges)
    for swatch in layout.swatches:
        x, y = figure_xy(swatch.left, swatch.top + swatch.size)
        figure.patches.append(
            Rectangle(
                (x, y), swatch.size / SIZE_PX[0], swatch.size / SIZE_PX[1], transform=figure.transFigure,
                facecolor=swatch.colour, edgecolor=swatch.line, linewidth=2,
            )
        )  # fmt: skip
    for placed in layout.texts:
        draw(figure, placed)
    return figure


def render(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometry: MapGeometry,
    lang: str,
    summary: str,
    fmt: str = "png",
    population: Population | None = None,
    today: date | None = None,
    origin: str | None = None,
    text_as_text: bool = False,
) -> bytes:
    """The figure as PNG or SVG bytes; with figures, the population each partnership and the
    whole selection cover, and their source. `origin`, when given, says under the title where
    the data came from (an uploaded list, say), and leads the text alternative.
    `text_as_text`: an SVG keeps its text as text (figure_bytes())."""
    figure = map_slide(rows, catalog, geometry, lang, summary, population, today, origin)
    description = with_origin(alt_text(rows, catalog, lang, summary, population), origin)
    return figure_bytes(figure, fmt, t("app.title", lang), description, text_as_text=text_as_text)
