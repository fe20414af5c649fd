"""What the map draws, read back from Chromium: Finland's outline when there are no boundaries,
and the colours of the drawn outlines measured against the context (WCAG 2.1 1.4.11)."""

from __future__ import annotations

import re

import pytest

from components.base.colours import (
    CONTEXT_FILL,
    HIGHLIGHT,
    HIGHLIGHT_HALO,
    PAGE_BACKGROUND,
    PARTNERSHIP_COLOURS,
    contrast_ratio,
)
from components.render.map import MAP_STYLES
from harness.browser import CONTEXT_DRAWN_JS, map_frame, open_app
from tests.helpers.facts import (
    FINLAND_BOX,
    MEMBERSHIP_ROWS,  # one shape per membership row when all are shown
)


@pytest.fixture
def viewport():
    return {"width": 1400, "height": 1000}


def open_map(page, url: str):
    """The map's frame once every partnership shape and the grey context are drawn."""
    open_app(page, url)
    frame = map_frame(page)
    frame.wait_for_function(
        f"""() => {{ const paths = document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive');
                   return paths.length >= {MEMBERSHIP_ROWS}; }}""",
        timeout=30_000,
    )
    frame.wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    return frame


# The drawn outline of Finland: its SVG path in the context's pane, and where its drawn box
# lies on the map in degrees (pixels turned back into lon/lat by the map itself).
DRAWN_OUTLINE = """() => {
    const paths = [...document.querySelectorAll('.leaflet-pane path.finmap-outline')];
    if (!paths.length) return null;
    const box = paths[0].getBoundingClientRect();
    const frame = map_div.getContainer().getBoundingClientRect();
    const sw = map_div.containerPointToLatLng([box.left - frame.left, box.bottom - frame.top]);
    const ne = map_div.containerPointToLatLng([box.right - frame.left, box.top - frame.top]);
    const pane = paths[0].closest('.leaflet-pane');
    return {count: paths.length, pane: pane.className, interactive: paths[0].classList.contains('leaflet-interactive'),
            fill: paths[0].getAttribute('fill'), width: box.width, height: box.height,
            west: sw.lng, south: sw.lat, east: ne.lng, north: ne.lat,
            below: Number(getComputedStyle(pane).zIndex)
                   < Number(getComputedStyle(map_div.getPane('overlayPane')).zIndex)};
}"""


def test_offline_points_mode_draws_finlands_outline_under_the_points(page, server, mode):
    frame = open_map(page, server)
    drawn = frame.evaluate(DRAWN_OUTLINE)
    if mode == "polygons":
        assert drawn is None  # the municipalities themselves show Finland
        return
    assert drawn is not None, "no outline of Finland in points mode"
    assert drawn["count"] == 1 and "finmapContext" in drawn["pane"] and drawn["below"], drawn
    assert not drawn["interactive"] and drawn["fill"].upper() == CONTEXT_FILL, drawn
    assert drawn["width"] > 150 and drawn["height"] > 300, drawn  # the whole country, not a speck
    west, south, east, north = FINLAND_BOX
    # The drawn box is Finland's (to about a pixel's worth of degrees at this zoom).
    assert west - 0.3 <= drawn["west"] <= 20.0 and south - 0.2 <= drawn["south"] <= 60.0, drawn
    assert 31.0 <= drawn["east"] <= east + 0.3 and 69.8 <= drawn["north"] <= north + 0.2, drawn


# Every partnership shape Leaflet drew: its SVG stroke and fill, and its partnership.
DRAWN_STROKES = """() => {
    const out = [];
    map_div.eachLayer(l => {
        const p = l.feature && l.feature.properties;
        if (p && p.partnership_id && l._path)
            out.push([p.partnership_id, l._path.getAttribute('stroke'), l._path.getAttribute('fill'),
                      Number(l._path.getAttribute('stroke-width'))]);
    });
    return out;
}"""


BACKGROUND = "() => getComputedStyle(map_div.getContainer()).backgroundColor"


@pytest.mark.parametrize("query", ["", "present=1"])
def test_every_drawn_outline_is_at_least_3_to_1_against_the_context(page, server, mode, query):
    # Both modes: the context is the grey municipalities, or Finland's outline under points.
    frame = open_map(page, f"{server}/?{query}")
    drawn = frame.evaluate(DRAWN_STROKES)
    assert len(drawn) >= MEMBERSHIP_ROWS, len(drawn)
    seen = {}
    for pid, stroke, fill, width in drawn:
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}", stroke or ""), (pid, stroke)
        seen[pid] = (stroke.upper(), fill.upper(), width)
    assert set(seen) == set(PARTNERSHIP_COLOURS) - {"regional-cities"}
    ratios = {pid: round(contrast_ratio(stroke, CONTEXT_FILL), 2) for pid, (stroke, _fill, _w) in seen.items()}
    assert min(ratios.values()) >= 3.0, ratios
    # The fills are still the partnership's own colour; the outline is at least a pixel wide.
    assert {pid: fill for pid, (_stroke, fill, _w) in seen.items()} == {pid: PARTNERSHIP_COLOURS[pid] for pid in seen}
    assert min(width for _stroke, _fill, width in seen.values()) >= 1.0
    # Where no tile lies (none chosen, or no network) the map shows the page's white, one of the
    # backgrounds the outlines are measured against, not Leaflet's own grey.
    red, green, blue = map(int, re.findall(r"\d+", frame.evaluate(BACKGROUND)))
    assert f"#{red:02X}{green:02X}{blue:02X}" == PAGE_BACKGROUND


def test_the_selected_city_is_drawn_dark_on_a_white_casing(page, server, mode):
    # Both modes: a polygon's outline, or a point's ring.
    frame = open_map(page, f"{server}/?city=091")
    frame.wait_for_function(
        f"""() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
                   .some(p => (p.getAttribute('stroke') || '').toUpperCase() === '{HIGHLIGHT}')""",
        timeout=20_000,
    )
    lines = frame.evaluate(
        """() => [...document.querySelectorAll('.leaflet-overlay-pane path')]
                 .filter(p => !p.classList.contains('leaflet-interactive'))
                 .map(p => [p.getAttribute('stroke').toUpperCase(), Number(p.getAttribute('stroke-width')),
                            [...p.parentNode.children].indexOf(p)])"""
    )
    strokes = {stroke: (width, order) for stroke, width, order in lines}
    assert set(strokes) == {HIGHLIGHT, HIGHLIGHT_HALO}, lines
    (line_width, line_order), (halo_width, halo_order) = strokes[HIGHLIGHT], strokes[HIGHLIGHT_HALO]
    assert halo_width > line_width and halo_order < line_order, lines  # the casing is wider and beneath
    assert line_width == MAP_STYLES["highlight"]["weight"]
    # Whatever the casing lies on, the dark line keeps 3:1 against the casing.
    assert contrast_ratio(HIGHLIGHT, HIGHLIGHT_HALO) >= 3.0
