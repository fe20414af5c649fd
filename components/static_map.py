"""A picture of the current view for slides: PNG (1920x1080) or SVG, drawn with matplotlib, no
browser needed. Same colours and names as the web map, with title, legend, date and sources."""

from __future__ import annotations

import io
from datetime import date

import geopandas as gpd
import pandas as pd
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from components.catalog import Catalog
from components.i18n import format_count, t
from components.map import MAP_STYLES, MapGeometry, drawing_order
from components.population import Population, covered_by_partnership, covered_line
from components.style import (
    BADGE_BACKGROUND,
    BADGE_INK,
    CONTEXT_FILL,
    CONTEXT_LINE,
    FILL_OPACITY,
    OUTLINE_LINE,
    PAGE_BACKGROUND,
    TEXT_INK,
    TITLE_INK,
    partnership_colour,
    partnership_line,
)

SIZE_PX = (1920, 1080)
DPI = 100
INNER_RING, RING_STEP = MAP_STYLES["point"]["radius"], MAP_STYLES["ringStep"]  # px, as on the web map
METRIC_CRS = "EPSG:3067"  # ETRS-TM35FIN: Finland drawn without the Mercator stretch
FINLAND_EXTENT_3067 = (60_000, 6_580_000, 760_000, 7_800_000)  # x0, y0, x1, y1 in metres


def _to_metric(shapes: list[dict]) -> gpd.GeoSeries:
    return gpd.GeoSeries([shapely.geometry.shape(s) for s in shapes], crs="EPSG:4326").to_crs(METRIC_CRS)


def alt_text(
    rows: pd.DataFrame, catalog: Catalog, lang: str, summary: str, population: Population | None = None
) -> str:
    """A text alternative for the picture: what it shows, in one or two sentences."""
    counts = rows.groupby("partnership_id")["municipality_code"].nunique()
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
    figure = Figure(figsize=(SIZE_PX[0] / DPI, SIZE_PX[1] / DPI), dpi=DPI, facecolor=PAGE_BACKGROUND)
    axes = figure.add_axes((0.02, 0.06, 0.50, 0.81))
    axes.set_axis_off()
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    axes.set_xlim(x0, x1)
    axes.set_ylim(y0, y1)
    axes.set_aspect("equal")

    if geometry.has_polygons:
        context = _to_metric([geometry.by_code[code] for code in geometry.context_codes])
        context.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.3)
    elif geometry.outline is not None:  # points mode: the points lie on Finland, as on the web map
        _to_metric([geometry.outline]).plot(ax=axes, color=CONTEXT_FILL, edgecolor=OUTLINE_LINE, linewidth=0.8)

    order = {pid: index for index, pid in enumerate(drawing_order(rows, catalog))}
    shown = rows.sort_values("partnership_id", key=lambda s: s.map(order))
    by_city = shown.groupby("municipality_code", sort=False)["partnership_id"].agg(list).to_dict()
    legend = []
    for pid, members in shown.groupby("partnership_id", sort=False):
        colour, line = partnership_colour(pid), partnership_line(pid)
        codes = list(members["municipality_code"])
        shapes = _to_metric([geometry.by_code[code] for code in codes])
        polygons = shapes[shapes.geom_type != "Point"]
        points = shapes[shapes.geom_type == "Point"]
        if len(polygons):
            # Translucent fill, opaque outline (an `alpha` would fade the outline too).
            polygons.plot(ax=axes, facecolor=to_rgba(colour, FILL_OPACITY), edgecolor=line, linewidth=1.0)
        if len(points):
            # One ring per partnership of the same city, largest first, as on the web map.
            sizes = [
                (INNER_RING + RING_STEP * (len(by_city[code]) - 1 - by_city[code].index(pid))) ** 2 * 1.6
                for code, shape in zip(codes, shapes, strict=True)
                if shape.geom_type == "Point"
            ]
            axes.scatter(
                points.x,
                points.y,
                s=sizes,
                c=[to_rgba(colour, FILL_OPACITY)],
                edgecolors=line,
                linewidths=1.2,
                zorder=3,
            )
        label = f"{catalog.partnership(pid).name(lang)} ({len(codes)})"
        if pid in coverage:  # the people on a line of its own: the names are long already
            label += f"\n{format_count(coverage[pid].people, lang)}"
        legend.append(Patch(facecolor=colour, edgecolor=line, linewidth=2, label=label))

    for code, pids in by_city.items():
        shape = shapely.geometry.shape(geometry.by_code[code])
        if len(pids) > 1 and shape.geom_type != "Point":
            centre = _to_metric([shapely.geometry.mapping(shape.representative_point())]).iloc[0]
            axes.annotate(
                str(len(pids)),
                (centre.x, centre.y),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                color=BADGE_INK,
                bbox={"boxstyle": "circle,pad=0.25", "facecolor": BADGE_BACKGROUND, "edgecolor": BADGE_INK},
                zorder=4,
            )

    figure.text(0.02, 0.95, t("app.title", lang), fontsize=34, fontweight="bold", color=TITLE_INK, va="top")
    figure.text(0.02, 0.895, summary, fontsize=18, color=TEXT_INK, va="top")
    covered_text = covered_line(rows, population, lang, "static_line") if population is not None else None
    if covered_text:
        figure.text(0.54, 0.875, covered_text, fontsize=15, color=TITLE_INK, va="top", wrap=True)
    if legend:
        figure.legend(
            handles=legend,
            loc="upper left",
            bbox_to_anchor=(0.54, 0.84),
            fontsize=17,
            frameon=False,
            title=t("population.legend_title" if coverage else "static.legend_title", lang),
            title_fontsize=19,
            alignment="left",
        )
    mode = "polygons" if geometry.has_polygons else "points"
    figure.text(0.54, 0.20, t(f"static.note_{mode}", lang), fontsize=15, color=TEXT_INK, va="top")
    day = (today or date.today()).strftime("%d.%m.%Y")
    figure.text(
        0.02,
        0.025,
        f"{day} · {t('static.sources', lang)} · {t(f'static.geometry_{mode}', lang)}",
        fontsize=12,
        color=TEXT_INK,
    )

    buffer = io.BytesIO()
    canvas = FigureCanvasSVG(figure) if fmt == "svg" else FigureCanvasAgg(figure)
    # The text alternative travels inside the file (PNG tEXt / SVG Dublin Core description).
    metadata = {"Title": t("app.title", lang), "Description": alt_text(rows, catalog, lang, summary, population)}
    canvas.print_figure(buffer, format=fmt, dpi=DPI, facecolor=PAGE_BACKGROUND, metadata=metadata)
    return buffer.getvalue()
