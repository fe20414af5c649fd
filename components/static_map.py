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
from matplotlib.patches import Patch, Rectangle

from components.cards import partnership_cards
from components.catalog import Catalog
from components.i18n import t
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
MAP_BOX = (0.0, 0.05, 0.44, 0.94)  # left, bottom, width, height of the map, as parts of the slide
LEGEND_X = 0.44  # where the title, legend and notes start


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
    # The map takes the slide's full height on the left (Finland is tall); the legend, with
    # each partnership's facts, fills the right.
    axes = figure.add_axes(MAP_BOX)
    axes.set_axis_off()
    x0, y0, x1, y1 = FINLAND_EXTENT_3067
    axes.set_aspect("equal", adjustable="datalim")
    axes.update_datalim([(x0, y0), (x1, y1)])
    axes.autoscale_view()

    if geometry.has_polygons:
        context = _to_metric([geometry.by_code[code] for code in geometry.context_codes])
        context.plot(ax=axes, color=CONTEXT_FILL, edgecolor=CONTEXT_LINE, linewidth=0.3)
    elif geometry.outline is not None:  # points mode: the points lie on Finland, as on the web map
        _to_metric([geometry.outline]).plot(ax=axes, color=CONTEXT_FILL, edgecolor=OUTLINE_LINE, linewidth=0.8)

    facts = {
        card.partnership_id: card.caption for card in partnership_cards(rows, catalog, lang, population=population)
    }
    themes = {p.id: ", ".join(catalog.theme_label(theme, lang) for theme in p.themes) for p in catalog.partnerships}
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
        patch = Patch(facecolor=colour, edgecolor=line, linewidth=2, label=label)
        legend.append((patch, facts.get(pid, ""), themes.get(pid, "")))

    badges = 0
    for code, pids in by_city.items():
        shape = shapely.geometry.shape(geometry.by_code[code])
        if len(pids) > 1 and shape.geom_type != "Point":
            badges += 1
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
    rings = mode == "points" and any(len(pids) > 1 for pids in by_city.values())
    if badges or rings:  # say what the numbers or rings mean only when the picture has them
        figure.text(LEGEND_X, 0.10, t(f"static.note_{mode}", lang), fontsize=16, color=TEXT_INK, va="bottom")
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
