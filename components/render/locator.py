"""The fact sheet's locator map: all of Finland in grey, the municipality's partners in each
partnership in that partnership's colour, and the municipality itself outlined and ringed so
that even the smallest shows. Drawn with matplotlib, like the slide pictures (no browser)."""

from __future__ import annotations

import io
import threading

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.path import Path

from components.base.colours import PAGE_BACKGROUND, TEXT_INK, partnership_colour, partnership_line
from components.model.fact_sheet import FactSheet
from components.model.map import MapGeometry
from components.render.slide import context_shapes, draw_context, draw_members, finland_axes, ring_area, to_metric

SIZE_IN = (2.4, 3.9)
AXES_BOX = (0.02, 0.02, 0.96, 0.96)  # Finland's shape, small enough to sit beside the memberships on A4
PNG_DPI = 150  # sharp enough in print at 50 mm wide, and quick: a pack draws up to 80

# Finland's grey, made once per geometry (as paths, and as the picture a PNG starts from): a
# pack draws up to 80 locator maps, and the grey's 300 shapes were most of each one's time.
_context: dict[str, list[Path]] = {}
_backgrounds: dict[str, np.ndarray] = {}
_context_lock = threading.Lock()
# matplotlib's SVG settings are process-wide (see render/slide.py): one SVG at a time.
_svg_lock = threading.Lock()


def _context_of(geometry: MapGeometry) -> list[Path]:
    with _context_lock:
        if geometry.token not in _context:
            _context.clear()  # one geometry at a time: a new one replaces the old
            _context[geometry.token] = context_shapes(geometry)
        return _context[geometry.token]


def _background(geometry: MapGeometry) -> np.ndarray:
    """The grey map alone as pixels (RGBA) at PNG_DPI, drawn once per geometry."""
    with _context_lock:
        known = _backgrounds.get(geometry.token)
    if known is not None:
        return known
    figure = Figure(figsize=SIZE_IN, dpi=PNG_DPI, facecolor=PAGE_BACKGROUND)
    draw_context(finland_axes(figure, AXES_BOX), _context_of(geometry), geometry.has_polygons)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    pixels = np.asarray(canvas.buffer_rgba()).copy()
    with _context_lock:
        _backgrounds.clear()
        _backgrounds[geometry.token] = pixels
    return pixels


def locator_figure(sheet: FactSheet, geometry: MapGeometry, raster: bool = False) -> Figure:
    return map_figure(sheet.partners, geometry, sheet.code, raster)


def map_figure(
    groups: tuple[tuple[str, tuple[str, ...]], ...],
    geometry: MapGeometry,
    own_code: str | None = None,
    raster: bool = False,
) -> Figure:
    """Finland with the municipalities of each (partnership id, codes) in its colour, and
    `own_code` outlined and ringed. `raster`: for a PNG, the grey comes as the picture drawn once."""
    figure = Figure(figsize=SIZE_IN, dpi=PNG_DPI, facecolor=PAGE_BACKGROUND)
    if raster:
        figure.figimage(_background(geometry), 0, 0, zorder=-1)
    axes = finland_axes(figure, AXES_BOX)
    if not raster:
        draw_context(axes, _context_of(geometry), geometry.has_polygons)
    for partnership_id, codes in groups:
        known = [code for code in codes if code in geometry.by_code]
        if known:
            shapes = to_metric([geometry.by_code[code] for code in known])
            sizes = [ring_area(4)] * int((shapes.geom_type == "Point").sum())
            draw_members(axes, shapes, partnership_colour(partnership_id), partnership_line(partnership_id), sizes)
    if own_code in geometry.by_code:
        own = to_metric([geometry.by_code[own_code]])
        if (own.geom_type != "Point").any():
            own.plot(ax=axes, facecolor="none", edgecolor=TEXT_INK, linewidth=1.6, zorder=4)
        centre = own.iloc[0].centroid
        # A ring around it: the smallest municipalities are a pixel at this scale.
        axes.scatter([centre.x], [centre.y], s=260, facecolors="none", edgecolors=TEXT_INK, linewidths=1.8, zorder=5)
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(figure).print_figure(buffer, format="png", dpi=PNG_DPI, facecolor=PAGE_BACKGROUND)
    return buffer.getvalue()


def locator_png(sheet: FactSheet, geometry: MapGeometry) -> bytes:
    return _png(locator_figure(sheet, geometry, raster=True))


def selection_png(groups: tuple[tuple[str, tuple[str, ...]], ...], geometry: MapGeometry) -> bytes:
    """The briefing pack's cover map: every municipality of the pack in its partnerships' colours."""
    return _png(map_figure(groups, geometry, raster=True))


def locator_svg(sheet: FactSheet, geometry: MapGeometry) -> str:
    """The map as SVG text (no text in it: nothing to escape, nothing to fetch)."""
    buffer = io.BytesIO()
    with _svg_lock, mpl.rc_context({"svg.fonttype": "path", "svg.hashsalt": "locator"}):
        FigureCanvasSVG(locator_figure(sheet, geometry)).print_figure(buffer, format="svg", facecolor=PAGE_BACKGROUND)
    return buffer.getvalue().decode()
