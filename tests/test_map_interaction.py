"""The map as a person uses it, in Debian's Chromium with no host but 127.0.0.1: a press or a
tap on a municipality selects it from any scroll position without moving the page; the legend,
tooltips and count badges never hide the map or each other; the map takes its room from the
window on a laptop and on a phone."""

from __future__ import annotations

import re

import pytest

from tests.browser import APP_READY, MAP_FRAME, app_server, chromium
from tests.conftest import REFERENCE_MUNICIPALITIES, require

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
PRESSES = 10  # municipalities pressed, each from its own scroll position
SCROLLER = '[data-testid="stMain"]'  # Streamlit's page scrolls in this element, not the window


@pytest.fixture(scope="module", params=["polygons", "points"])
def mode(request):
    return request.param


@pytest.fixture(scope="module")
def server(mode, tmp_path_factory):
    source = str(require(REFERENCE_MUNICIPALITIES)) if mode == "polygons" else "off"
    with app_server(source, tmp_path_factory.mktemp("cache")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


def open_page(browser, url: str, device: dict):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector(APP_READY, timeout=60_000)
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # the grey context and the badges follow the layers
    if device is PHONE:
        close_sidebar(page)
    return page


def close_sidebar(page) -> None:
    """On a phone the map is under the sidebar while it is open: this file tests the map."""
    sidebar = page.locator('[data-testid="stSidebar"]')
    if sidebar.count() and sidebar.get_attribute("data-collapsed") == "false":
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.wait_for_timeout(600)


def leaflet(page):
    return page.frame(url=re.compile("st_folium"))


def scroll_top(page) -> float:
    return page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollTop")


def scroll_to(page, top: float) -> float:
    page.evaluate(f"(top) => {{ document.querySelector('{SCROLLER}').scrollTop = top; }}", top)
    page.wait_for_timeout(150)
    return scroll_top(page)


def frame_box(page) -> dict:
    return page.locator(MAP_FRAME).bounding_box()


# Inside the map's frame: the municipalities whose shape is the topmost element at a point of
# their own, in frame coordinates, with the name the details will show (the tooltip's <b>).
TARGETS_JS = """([left, top, right, bottom]) => {
  const seen = new Set(), out = [];
  map_div.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !p.partnership_id || !l._path || seen.has(p.municipality_code)) return;
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


def targets(page) -> list[dict]:
    """Pressable municipalities in the part of the map that is on screen, in page coordinates."""
    box = frame_box(page)
    view = page.viewport_size
    # The visible part of the frame, in frame coordinates, kept 12 px from its edges.
    left, top = max(0, -box["x"]) + 12, max(0, -box["y"]) + 12
    right = min(box["width"], view["width"] - box["x"]) - 12
    bottom = min(box["height"], view["height"] - box["y"]) - 12
    found = leaflet(page).evaluate(TARGETS_JS, [left, top, right, bottom])
    return [dict(t, x=t["x"] + box["x"], y=t["y"] + box["y"]) for t in found]


def press(page, x: float, y: float, touch: bool) -> tuple[float, float]:
    """Press and release at (x, y) as a finger or a mouse does; returns the page's scroll
    position before the press and just after the release (a tap's mouse events come after the
    finger lifts; st_folium waits 250 ms before it sends the click, so no rerun has begun)."""
    before = scroll_top(page)
    if touch:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        page.wait_for_timeout(60)
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        cdp.detach()
    else:
        page.mouse.move(x, y)
        page.mouse.down()
        page.wait_for_timeout(60)
        page.mouse.up()
    page.wait_for_timeout(120)
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


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_a_press_on_a_municipality_selects_it_from_any_scroll_position(browser, server, device):
    touch = device == "phone"
    page = open_page(browser, server, PHONE if touch else LAPTOP)
    chosen: set[str] = set()
    results = []
    for position in scroll_positions(page):
        scrolled = scroll_to(page, position)
        candidates = [t for t in targets(page) if t["code"] not in chosen]
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
        page.wait_for_selector(APP_READY, timeout=30_000)
        results.append((target["name"], round(before), round(after), selected))
    page.context.close()
    print(f"\n{device}: {sum(r[3] for r in results)}/{len(results)} presses selected their municipality: {results}")
    assert all(selected for *_, selected in results), results
    assert all(before == after for _, before, after, _ in results), "the page scrolled on a press: " + str(results)
