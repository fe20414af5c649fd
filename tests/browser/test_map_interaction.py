"""The map as a person uses it, in Debian's Chromium with no host but 127.0.0.1: a press or a
tap on a municipality selects it from any scroll position without moving the page; the legend,
tooltips and count badges never hide the map or each other; the map takes its room from the
window on a laptop and on a phone."""

from __future__ import annotations

import json
import re
import time

import pytest
from playwright.sync_api import expect

from components.render.map import LABEL_ZOOM
from harness.browser import (
    APP_READY,
    CONTEXT_DRAWN_JS,
    MAP_FRAME,
    PROJECTOR_DEVICE,
    SIDEBAR_CLOSED_JS,
    map_frame,
    new_page,
    next_paint,
    open_app,
    wait_until,
)
from harness.browser import LAPTOP_DEVICE as LAPTOP
from harness.browser import PHONE_DEVICE as PHONE

PRESSES = 10  # municipalities pressed, each from its own scroll position
SCROLLER = '[data-testid="stMain"]'  # Streamlit's page scrolls in this element, not the window


def open_page(browser, url: str, device: dict):
    page = new_page(browser, **device)
    open_app(page, url, wait_for="path.leaflet-interactive")
    map_frame(page).wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)  # the grey context follows the layers
    # The map places its badges and labels again 800 ms after drawing (map_layers.js,
    # declutterSoon): what this file measures is the map after that pass.
    page.wait_for_timeout(800)
    if device is PHONE:
        close_sidebar(page)
    return page


def close_sidebar(page) -> None:
    """On a phone the map is under the sidebar while it is open: this file tests the map."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.count() and sidebar.get_attribute("data-collapsed") == "false":
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.wait_for_function(SIDEBAR_CLOSED_JS, timeout=10_000)  # slid out of the screen
        next_paint(page)


def leaflet(page):
    return map_frame(page)


def scroll_top(page) -> float:
    return page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")


def scroll_to(page, top: float) -> float:
    page.evaluate(f"(top) => {{ document.querySelector('{SCROLLER}').scrollTop = top; }}", top)
    next_paint(page)
    return scroll_top(page)


def frame_box(page) -> dict:
    return page.locator(MAP_FRAME).bounding_box()


# Inside the map's frame: the municipalities whose shape is the topmost element at a point of
# their own, in frame coordinates, with the name the details will show (the tooltip's <b>).
TARGETS_JS = """([left, top, right, bottom, smallest]) => {
  const seen = new Set(), out = [];
  map_div.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !p.partnership_id || !l._path || seen.has(p.municipality_code)) return;
    const size = l._path.getBoundingClientRect();
    if (size.width < smallest || size.height < smallest) return;
    const ll = l.getLatLng ? l.getLatLng() : l.getCenter();
    const xy = map_div.latLngToContainerPoint(ll);
    const box = map_div.getContainer().getBoundingClientRect();
    const x = box.left + xy.x, y = box.top + xy.y;
    if (x < left || x > right || y < top || y > bottom) return;
    const hit = document.elementFromPoint(x, y);
    let owner = null;
    map_div.eachLayer(m => { if (m._path === hit && m.feature) owner = m.feature.properties.municipality_code; });
    if (owner !== p.municipality_code) return;
    seen.add(owner);
    const name = /<b>(.*?)<\\/b>/.exec(l.getTooltip().getContent())[1];
    out.push({code: owner, name: name, x: x, y: y});
  });
  return out;
}"""


def targets(page, smallest: float = 0) -> list[dict]:
    """Pressable municipalities in the part of the map that is on screen, in page coordinates,
    whose shape is at least `smallest` px each way."""
    box = frame_box(page)
    view = page.viewport_size
    # The visible part of the frame, in frame coordinates, kept 12 px from its edges.
    left, top = max(0, -box["x"]) + 12, max(0, -box["y"]) + 12
    right = min(box["width"], view["width"] - box["x"]) - 12
    bottom = min(box["height"], view["height"] - box["y"]) - 12
    found = leaflet(page).evaluate(TARGETS_JS, [left, top, right, bottom, smallest])
    return [dict(t, x=t["x"] + box["x"], y=t["y"] + box["y"]) for t in found]


def press(page, x: float, y: float, touch: bool) -> tuple[float, float]:
    """Press and release at (x, y) as a finger or a mouse does; returns the page's scroll
    position before the press and just after the release (a tap's mouse events come after the
    finger lifts; st_folium waits 250 ms before it sends the click, so no rerun has begun)."""
    before = scroll_top(page)
    if touch:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(60)  # a finger rests a moment: the press is timed as a person's
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        cdp.detach()
    else:
        page.mouse.move(x, y)
        page.mouse.down()
        page.wait_for_timeout(60)  # as long as a person holds a click
        page.mouse.up()
    page.wait_for_timeout(120)  # the window in which a press that moves the page would have moved it
    return before, scroll_top(page)


def scroll_positions(page) -> list[float]:
    """PRESSES scroll positions from the top of the page to where the map's top has left the
    screen but most of the map is still on it."""
    box = frame_box(page)
    start = scroll_top(page)
    map_top = box["y"] + start
    highest = max(0.0, min(map_top + box["height"] - 0.6 * page.viewport_size["height"], map_top + box["height"] / 2))
    most = page.evaluate(
        f"() => {{ const s = document.querySelector('{SCROLLER}'); return s.scrollHeight - s.clientHeight; }}"
    )
    highest = min(highest, most)
    return [highest * step / (PRESSES - 1) for step in range(PRESSES)]


MAP_VIEW_JS = "() => [map_div.getZoom(), map_div.getCenter().lat.toFixed(5), map_div.getCenter().lng.toFixed(5)]"


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_a_press_on_a_municipality_selects_it_from_any_scroll_position(browser, server, mode, device):
    # Both modes: a press lands on a polygon, or on a point's small circle.
    touch = device == "phone"
    page = open_page(browser, server, PHONE if touch else LAPTOP)
    chosen: set[str] = set()
    results = []
    view = leaflet(page).evaluate(MAP_VIEW_JS)
    for position in scroll_positions(page):
        scrolled = scroll_to(page, position)
        # A finger: Chromium moves a tap on a shape smaller than a fingertip to a larger
        # neighbour (Pirkkala's tap selects Tampere), so a phone presses targets of 16 px or more.
        candidates = [t for t in targets(page, 16 if touch else 0) if t["code"] not in chosen]
        assert candidates, f"no municipality to press on screen at scroll position {scrolled:.0f}"
        target = candidates[len(chosen) * 7 % len(candidates)]  # spread over the map
        chosen.add(target["code"])
        before, after = press(page, target["x"], target["y"], touch)
        try:
            page.wait_for_url(re.compile(f"city={target['code']}"), timeout=8_000)
            page.get_by_role("heading", name=target["name"], exact=True).wait_for(state="attached", timeout=8_000)
            selected = True
        except Exception:  # noqa: BLE001 - a lost press is what this test counts
            selected = False
        page.wait_for_selector(APP_READY, timeout=30_000)  # a lost press starts no run to wait for
        results.append((target["name"], round(before), round(after), selected))
    moved = leaflet(page).evaluate(MAP_VIEW_JS) != view  # a selection outlines the city, it does not refit
    page.context.close()
    print(f"\n{device}: {sum(r[3] for r in results)}/{len(results)} presses selected their municipality: {results}")
    assert all(selected for *_, selected in results), results
    assert all(before == after for _, before, after, _ in results), "the page scrolled on a press: " + str(results)
    assert not moved


def test_no_shape_in_the_map_takes_focus(browser, server):
    """Chromium makes an SVG shape with focus listeners focusable: a Tab stop, and a press that
    focuses it scrolls the page. None may be."""
    page = open_page(browser, server, LAPTOP)
    focusable = leaflet(page).evaluate(
        """() => [...document.querySelectorAll('path.leaflet-interactive')].filter(p => {
               p.focus(); return document.activeElement === p; }).length"""
    )
    assert focusable == 0
    page.context.close()


# Boxes in the map's frame: every drawn partnership shape, the controls, the visible badges and
# labels, the open tooltip; in frame coordinates.
BOXES_JS = """() => {
  const box = e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const shown = e => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 0;
  const shapes = [];
  map_div.eachLayer(l => { if (l.feature && l.feature.properties.partnership_id && l._path)
    shapes.push([l.feature.properties.municipality_code, box(l._path)]); });
  const all = s => [...document.querySelectorAll(s)].filter(shown).map(box);
  return JSON.stringify({frame: box(map_div.getContainer()), shapes,
          legend: all('.leaflet-control-layers'), controls: all('.leaflet-control'),
          attribution: all('.leaflet-control-attribution'), scale: all('.leaflet-control-scale'),
          badges: all('.finmap-badge-icon'), labels: all('.leaflet-tooltip.finmap-label'),
          tips: all('.leaflet-tooltip.finmap-tip')});
}"""


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def boxes(page) -> dict:
    return json.loads(leaflet(page).evaluate(BOXES_JS))  # as text: Playwright refuses so many arrays


DEVICES = {"laptop": LAPTOP, "phone": PHONE, "projector": PROJECTOR_DEVICE}
VIEWS = ["", "?partnership=mal&region=06", "?present=1"]


LABEL_SHOWN_JS = (
    "() => [...document.querySelectorAll('.finmap-label')].some(e => getComputedStyle(e).visibility !== 'hidden')"
)


def placed_boxes(page, query: str) -> dict:
    """The map's boxes once badges and labels are placed. The map places them again once the
    page has settled (map_layers.js, declutterWhenSettled); on a busy machine that pass can come
    after the fixed wait, so a clash is measured again for a few seconds before it counts."""
    deadline = time.monotonic() + 5
    while True:
        if "present" in query:
            leaflet(page).wait_for_function(LABEL_SHOWN_JS, timeout=5_000)
        drawn = boxes(page)
        marks = drawn["badges"] + drawn["labels"]
        clashing = any(overlap(a, b) for i, a in enumerate(marks) for b in marks[i + 1 :]) or any(
            overlap(m, c) for m in marks for c in drawn["controls"]
        )
        if not clashing or time.monotonic() > deadline:
            return drawn
        page.wait_for_timeout(250)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("query", VIEWS)
def test_nothing_on_the_map_hides_a_shape_a_badge_or_a_label(browser, server, mode, device, query):
    """The legend and the other controls leave every partnership shape clear; badges and labels
    overlap neither each other nor a control, also after a zoom; attribution and scale apart."""
    page = open_page(browser, f"{server}/{query}", DEVICES[device])
    # When presenting, the labels follow the layers (and a rerun after load draws them anew).
    drawn = placed_boxes(page, query)
    assert drawn["shapes"] and len(drawn["legend"]) == 1
    covered = [(code, c) for code, shape in drawn["shapes"] for c in drawn["controls"] if overlap(shape, c)]
    assert covered == [], covered
    frame = drawn["frame"]  # every shape was fitted inside the frame
    outside = [code for code, s in drawn["shapes"] if s[0] < frame[0] or s[2] > frame[2] or s[1] < frame[1]]
    assert outside == [], outside
    for zoomed in (False, True):
        if zoomed:  # badges and labels are placed again after every zoom
            leaflet(page).evaluate("() => { map_div.setZoom(map_div.getZoom() + 1, {animate: false}); }")
            next_paint(leaflet(page))
            drawn = placed_boxes(page, query)
        marks = drawn["badges"] + drawn["labels"]
        assert drawn["badges"] or mode == "points" or "region" in query  # Pirkanmaa's MAL: no overlaps
        assert drawn["labels"] or "present" not in query  # a presenter's map names its members
        clashes = [(a, b) for i, a in enumerate(marks) for b in marks[i + 1 :] if overlap(a, b)]
        assert clashes == [], clashes
        under = [(m, c) for m in marks for c in drawn["controls"] if overlap(m, c)]
        assert under == [], under
        assert not overlap(drawn["attribution"][0], drawn["scale"][0]), (drawn["attribution"], drawn["scale"])
    page.context.close()


LABELS_JS = """() => ({labels: document.querySelectorAll('.leaflet-tooltip.finmap-label').length,
    shown: [...document.querySelectorAll('.leaflet-tooltip.finmap-label')]
        .filter(e => getComputedStyle(e).visibility !== 'hidden').length,
    members: (() => { const codes = new Set(); map_div.eachLayer(l => {
        if (l.feature && l.feature.properties.partnership_id && l._path) {
            codes.add(l.feature.properties.municipality_code); } });
        return codes.size; })()})"""


def test_labels_are_made_when_they_can_first_show(browser, server):
    """Below the labels' zoom the map makes none (Leaflet measures each label as it is added,
    which held back the first drawing of the shapes); zoomed in, every member gets its label."""
    page = open_page(browser, server, LAPTOP)
    assert leaflet(page).evaluate(LABELS_JS)["labels"] == 0
    leaflet(page).evaluate(f"() => {{ map_div.setZoom({LABEL_ZOOM}, {{animate: false}}); }}")
    leaflet(page).wait_for_function(LABEL_SHOWN_JS, timeout=5_000)
    zoomed_in = leaflet(page).evaluate(LABELS_JS)
    assert zoomed_in["members"] > 0 and zoomed_in["labels"] == zoomed_in["members"], zoomed_in
    leaflet(page).evaluate(f"() => {{ map_div.setZoom({LABEL_ZOOM - 1}, {{animate: false}}); }}")
    next_paint(leaflet(page))
    assert leaflet(page).evaluate(LABELS_JS)["shown"] == 0  # made once, hidden again below the zoom
    page.context.close()


# A shape whose centre lies near an edge of the frame: the map is panned to put it there.
PAN_TO_EDGE_JS = """([edge, index]) => {
  const size = map_div.getSize();
  const shapes = [];
  map_div.eachLayer(l => { if (l.feature && l.feature.properties.partnership_id && l._path) shapes.push(l); });
  const layer = shapes[index % shapes.length];
  const point = map_div.latLngToContainerPoint(layer.getLatLng ? layer.getLatLng() : layer.getCenter());
  const goal = {left: [14, size.y / 2], right: [size.x - 14, size.y / 2],
                top: [size.x / 2, 60], bottom: [size.x / 2, size.y - 60]}[edge];
  map_div.panBy([point.x - goal[0], point.y - goal[1]], {animate: false});
  return layer.feature.properties.municipality_code;
}"""


ONE_TOOLTIP_JS = "() => document.querySelectorAll('.leaflet-tooltip.finmap-tip').length === 1"


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_tooltips_stay_inside_the_map_frame(browser, server, device):
    page = open_page(browser, server, DEVICES[device])
    frame_at = frame_box(page)
    checked = []
    for index, edge in enumerate(["left", "right", "top", "bottom"] * 2):
        scroll_to(page, max(0, frame_at["y"] - 40))
        code = leaflet(page).evaluate(PAN_TO_EDGE_JS, [edge, index * 17])
        next_paint(leaflet(page))
        found = [t for t in targets(page) if t["code"] == code]
        if not found:  # under a control or another shape: the next one
            continue
        page.mouse.move(found[0]["x"], found[0]["y"])
        wait_until(leaflet(page), ONE_TOOLTIP_JS, timeout=3_000)
        next_paint(leaflet(page))  # moved back inside the frame on opening
        drawn = boxes(page)
        assert len(drawn["tips"]) == 1, (edge, code)
        tip, frame = drawn["tips"][0], drawn["frame"]
        assert tip[0] >= frame[0] and tip[2] <= frame[2] and tip[1] >= frame[1] and tip[3] <= frame[3], (edge, code)
        checked.append(edge)
        page.mouse.move(0, 0)
    assert set(checked) == {"left", "right", "top", "bottom"}, checked
    page.context.close()


def test_layer_switches_are_at_least_24_px_and_the_legend_folds(browser, server, mode):
    page = open_page(browser, f"{server}/?present=1", DEVICES["projector"])
    frame = page.frame_locator(MAP_FRAME)
    toggle = frame.locator(".finmap-legend-toggle")
    # Folded when presenting: the page's large legend stands beside the map; it still unfolds.
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    rows = leaflet(page).evaluate(
        """() => [...document.querySelectorAll('.leaflet-control-layers label')].map(l => {
               const r = l.getBoundingClientRect(); return [r.width, r.height]; })"""
    )
    switches = 7 + (mode == "polygons")  # the partnerships, and the badges where there are polygons
    assert len(rows) == switches and all(w >= 24 and h >= 24 for w, h in rows), rows
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(frame.locator(".leaflet-control-layers-list")).to_be_hidden()
    page.context.close()
    phone = open_page(browser, server, PHONE)  # folded on a small frame
    assert phone.frame_locator(MAP_FRAME).locator(".finmap-legend-toggle").get_attribute("aria-expanded") == "false"
    phone.context.close()


def test_a_filter_fits_its_members_and_all_of_finland_comes_back(browser, server):
    page = open_page(browser, f"{server}/?partnership=mal&region=06", LAPTOP)
    zoom = leaflet(page).evaluate("() => map_div.getZoom()")
    assert zoom >= 7, zoom  # Pirkanmaa's MAL members fill the frame, not a blob on Finland
    page.frame_locator(MAP_FRAME).get_by_role("button", name="All of Finland").click()
    wait_until(leaflet(page), "() => map_div.getBounds().getNorth() > 70.0", timeout=5_000)
    finland = leaflet(page).evaluate(
        """() => { const b = map_div.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; }"""
    )
    assert finland[0] < 59.8 and finland[2] > 70.0, finland
    page.context.close()


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_the_map_takes_its_height_from_the_window(browser, server, device):
    page = open_page(browser, server, DEVICES[device])
    box = frame_box(page)
    height = page.viewport_size["height"]
    covered = (min(box["y"] + box["height"], height) - max(box["y"], 0)) / height
    area = box["width"] * (min(box["y"] + box["height"], height) - max(box["y"], 0))
    print(
        f"\n{device}: map top {box['y']:.0f}, height {box['height']:.0f}, covers {covered:.0%} of the first "
        f"screen's height, {area / (page.viewport_size['width'] * height):.0%} of its area"
    )
    assert box["y"] < height / 2 and covered >= 0.5, (box, covered)
    # The frame follows the window: a taller window, a taller map.
    page.set_viewport_size({"width": page.viewport_size["width"], "height": height + 200})
    taller = box["height"] + 200
    wait_until(
        page, f"() => Math.abs(document.querySelector('{MAP_FRAME}').getBoundingClientRect().height - {taller}) <= 2"
    )
    assert frame_box(page)["height"] == pytest.approx(box["height"] + 200, abs=2)
    page.context.close()
