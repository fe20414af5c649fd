"""A picture of the current view for slides: PNG (1920x1080) or SVG, drawn with matplotlib, no
browser needed. Drawn from the same model as the web map (components/model/map.py): the same
order, ring sizes, colours and names, with title, legend, date and sources."""

from __future__ import annotations

import io
import threading
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
from matplotlib.patches import Patch, Rectangle
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
)
from components.base.i18n import t
from components.data import periods
from components.data.catalog import Catalog
from components.data.memberships import member_counts
from components.data.population import Population, covered_by_partnership, covered_line
from components.model.cards import partnership_cards
from components.model.map import MapGeometry, layer_plan

SIZE_PX = (1920, 1080)
DPI = 100
METRIC_CRS = "EPSG:3067"  # ETRS-TM35FIN: Finland drawn without the Mercator stretch
FINLAND_EXTENT_3067 = (60_000, 6_580_000, 760_000, 7_800_000)  # x0, y0, x1, y1 in metres
MAP_BOX = (0.0, 0.05, 0.44, 0.94)  # left, bottom, width, height of the map, as parts of the slide
LEGEND_X = 0.44  # where the title, legend and notes start


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


def footer_text(lang: str, has_polygons: bool, today: date | None = None) -> str:
    """The picture's date and sources line."""
    mode = "polygons" if has_polygons else "points"
    day = (today or periods.today()).strftime("%d.%m.%Y")
    return f"{day} · {t('static.sources', lang)} · {t(f'static.geometry_{mode}', lang)}"


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


def render(
    rows: pd.DataFrame,
    catalog: Catalog,
    geometry: MapGeometry,
    lang: str,
    summary: str,
    fmt: str = "png",
    population: Population | None = None,
    today: date | None = None,
) -> bytes:
    """The figure as PNG or SVG bytes; with figures, the population each partnership and the
    whole selection cover, and their source."""
    coverage = covered_by_partnership(rows, population) if population is not None else {}
    figure = slide_figure()
    # The map takes the slide's full height on the left (Finland is tall); the legend, with
    # each partnership's facts, fills the right.
    axes = finland_axes(figure, MAP_BOX)
    draw_context(axes, context_shapes(geometry), geometry.has_polygons)

    facts = {
        card.partnership_id: card.caption for card in partnership_cards(rows, catalog, lang, population=population)
    }
    themes = {p.id: ", ".join(catalog.theme_label(theme, lang) for theme in p.themes) for p in catalog.partnerships}
    plan = layer_plan(rows, catalog, geometry.by_code, lang)
    legend = []
    for spec in plan.layers:
        colour, line = spec.colour, spec.line
        shapes = to_metric([geometry.by_code[code] for code in spec.codes])
        # One ring per partnership of the same city, largest first, as on the web map.
        sizes = [
            ring_area(plan.rings[code][plan.memberships[code].index(spec.partnership_id)])
            for code, shape in zip(spec.codes, shapes, strict=True)
            if shape.geom_type == "Point"
        ]
        draw_members(axes, shapes, colour, line, sizes)
        patch = Patch(facecolor=colour, edgecolor=line, linewidth=2, label=spec.label)
        legend.append((patch, facts.get(spec.partnership_id, ""), themes.get(spec.partnership_id, "")))

    for lat, lon, count in plan.badges:
        centre = to_metric([{"type": "Point", "coordinates": (lon, lat)}]).iloc[0]
        axes.annotate(
            str(count),
            (centre.x, centre.y),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color=BADGE_INK,
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": BADGE_BACKGROUND, "edgecolor": BADGE_INK},
            zorder=4,
        )

    figure.text(LEGEND_X, 0.95, t("app.title", lang), fontsize=30, fontweight="bold", color=TITLE_INK, va="top")
    figure.text(LEGEND_X, 0.885, summary, fontsize=18, color=TEXT_INK, va="top")
    if legend:
        figure.text(
            LEGEND_X,
            0.80,
            t("population.legend_title" if coverage else "static.legend_title", lang),
            fontsize=22,
            fontweight="bold",
            color=TITLE_INK,
        )
        step = min(0.12, 0.64 / len(legend))
        for index, (patch, facts, theme_names) in enumerate(legend):
            top = 0.76 - index * step
            figure.patches.append(
                Rectangle(
                    (LEGEND_X, top - 0.028), 0.018, 0.032, transform=figure.transFigure,
                    facecolor=patch.get_facecolor(), edgecolor=patch.get_edgecolor(), linewidth=2,
                )
            )  # fmt: skip
            figure.text(LEGEND_X + 0.027, top, patch.get_label(), fontsize=20, color=TITLE_INK, va="top")
            figure.text(LEGEND_X + 0.027, top - 0.032, facts, fontsize=14, color=TEXT_INK, va="top")
            if theme_names:
                figure.text(LEGEND_X + 0.027, top - 0.055, theme_names, fontsize=14, color=TEXT_INK, va="top")
    covered_text = covered_line(rows, population, lang, "static_line") if population is not None else None
    if covered_text:  # the whole selection's people and their source, above the note
        figure.text(LEGEND_X, 0.16, covered_text, fontsize=15, color=TITLE_INK, va="bottom")
    mode = "polygons" if geometry.has_polygons else "points"
    rings = mode == "points" and any(len(radii) > 1 for radii in plan.rings.values())
    if plan.badges or rings:  # say what the numbers or rings mean only when the picture has them
        figure.text(LEGEND_X, 0.10, t(f"static.note_{mode}", lang), fontsize=16, color=TEXT_INK, va="bottom")
    figure.text(0.02, 0.025, footer_text(lang, geometry.has_polygons, today), fontsize=12, color=TEXT_INK)
    description = alt_text(rows, catalog, lang, summary, population)
    return figure_bytes(figure, fmt, t("app.title", lang), description)
