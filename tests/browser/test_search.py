"""Finding a municipality, as a person does it in Debian's Chromium with no host but 127.0.0.1:
the search in the heading chooses it by either name and zooms the map to it, large enough to
press; a tap at the country's zoom is followed by the name of what was chosen, on the map; a
press from a scrolled page leaves the details' heading in the window."""

from __future__ import annotations

import re

import pytest

from harness.browser import LAPTOP_DEVICE as LAPTOP
from harness.browser import (
    MAP_FRAME,
    SIDEBAR_CLOSED_JS,
    map_frame,
    new_page,
    next_paint,
    open_app,
    script_run,
    wait_until,
)
from harness.browser import PHONE_DEVICE as PHONE
from tests.helpers.pages import CITY_POINT_JS

DEVICES = {"laptop": LAPTOP, "phone": PHONE}
SCROLLER = '[data-testid="stMain"]'  # Streamlit's page scrolls in this element, not the window
SEARCH_INPUT = ".st-key-city_search input"
COUNTRY_ZOOM_BELOW = 6  # Finland fills the frame at about zoom 5


def open_page(browser, url: str, device: dict):
    page = new_page(browser, **device)
    open_app(page, url, wait_for="path.leaflet-interactive")
    page.wait_for_timeout(800)  # the map places its badges and labels again after drawing
    sidebar = page.locator('[data-testid="stSidebar"]')
    if device is PHONE and sidebar.get_attribute("data-collapsed") == "false":  # it would cover the map
        page.locator('[data-testid="stSidebarCollapseButton"] button').click()
        page.wait_for_function(SIDEBAR_CLOSED_JS, timeout=10_000)
    return page


# The municipality's shape on the map, in the frame's pixels, and the map's zoom and size.
SHAPE_JS = """(code) => {
  let box = null;
  map_div.eachLayer(l => { if (!box && l.feature && l.feature.properties.municipality_code === code && l._path) {
    const r = l._path.getBoundingClientRect(); box = [r.left, r.top, r.right, r.bottom]; } });
  const size = map_div.getSize();
  return {box, zoom: map_div.getZoom(), width: size.x, height: size.y};
}"""


# A municipality's name as the map's tooltip gives it (the name its details are headed with).
NAME_JS = """(code) => { let name = null; map_div.eachLayer(l => {
    if (!name && l.feature && l.feature.properties.municipality_code === code && l.getTooltip && l.getTooltip())
        name = /<b>(.*?)<\\/b>/.exec(l.getTooltip().getContent())[1]; });
    return name; }"""


def details_heading(page, code: str):
    """The heading of the details of the municipality `code` chose (wherever they are)."""
    name = map_frame(page).evaluate(NAME_JS, code)
    heading = page.get_by_role("heading", name=name, exact=True)
    heading.wait_for(state="attached", timeout=10_000)
    return name, heading


def in_window(page, heading) -> dict:
    """The heading's top and bottom, once the page has settled (the details are brought into view
    after they are drawn), with the window's height and the header bar's bottom."""
    wait_until(page, "(e) => e.getBoundingClientRect().top >= 0", heading.element_handle(), timeout=3_000)
    next_paint(page)
    box = heading.bounding_box()
    header = page.locator('[data-testid="stHeader"]').bounding_box()
    return {
        "top": box["y"],
        "bottom": box["y"] + box["height"],
        "height": page.viewport_size["height"],
        "header": header["y"] + header["height"],
    }


def search(page, typed: str) -> None:
    with script_run(page):
        page.locator(SEARCH_INPUT).click()
        page.keyboard.type(typed, delay=40)
        page.keyboard.press("Enter")


@pytest.mark.parametrize("device", DEVICES)
def test_the_search_chooses_a_municipality_by_either_name_and_zooms_the_map_to_it(browser, server, device):
    page = open_page(browser, server, DEVICES[device])
    frame = map_frame(page)
    for typed, code, name in [
        ("Ijo", "139", "Ii"),  # Ii's Swedish name
        ("kauniainen", "235", "Kauniainen"),
        ("Kauniainen/Grankulla", "235", "Kauniainen"),  # as official lists write it: looked up by name
    ]:
        page.frame_locator(MAP_FRAME).get_by_role("button", name="All of Finland").click()
        frame.wait_for_function(f"() => map_div.getZoom() < {COUNTRY_ZOOM_BELOW}", timeout=5_000)
        country = frame.evaluate("() => map_div.getZoom()")
        search(page, typed)
        page.wait_for_url(re.compile(f"city={code}"), timeout=10_000)
        wait_until(frame, f"() => map_div.getZoom() >= {country + 2}")  # Ii is large: less than Kauniainen
        next_paint(frame)
        shown = frame.evaluate(SHAPE_JS, code)
        assert shown["zoom"] >= country + 2, (typed, country, shown)
        left, top, right, bottom = shown["box"]
        assert left >= 0 and right <= shown["width"] and top >= 0 and bottom <= shown["height"], (typed, shown)
        # Kauniainen, 3x1 px at the country's zoom, is now large enough for a finger.
        assert right - left >= 30 and bottom - top >= 30, (typed, shown)
        # Its details in the window: beside the map, or scrolled up from under it (on a phone).
        where = in_window(page, details_heading(page, code)[1])
        assert where["top"] >= where["header"] and where["bottom"] <= where["height"], (typed, where)
        assert page.locator(SEARCH_INPUT).input_value().startswith(name)  # the box shows the choice
        page.evaluate(f"() => {{ document.querySelector('{SCROLLER}').scrollTop = 0; }}")
    page.context.close()


def tap(page, x: float, y: float) -> None:
    """A finger's tap, as the browser gets it from a touch screen."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    page.wait_for_timeout(60)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


# The chosen city's name on the map: its text, its box and whether it is the topmost element at
# its own centre (not hidden or covered).
CHOSEN_LABEL_JS = """() => {
  const label = document.querySelector('.leaflet-tooltip.finmap-chosen');
  if (!label) return null;
  const r = label.getBoundingClientRect();
  label.style.pointerEvents = 'auto';  // a tooltip takes no pointer, so the browser would look past it
  const top = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);
  label.style.pointerEvents = '';
  return {text: label.textContent, box: [r.left, r.top, r.right, r.bottom],
          seen: getComputedStyle(label).visibility !== 'hidden' && !!top && label.contains(top)};
}"""


CHOSEN_LABEL_SAYS_JS = """(want) => {
  const label = document.querySelector('.leaflet-tooltip.finmap-chosen');
  return !!label && label.textContent === want;
}"""


def another_city(before: str | None):
    """A link that chooses a city other than `before`."""

    def chosen(url: str) -> bool:
        found = re.search(r"city=(\d+)", url)
        return bool(found) and found.group(1) != before

    return chosen


def test_a_tap_at_the_country_zoom_is_followed_by_the_name_of_what_was_chosen(browser, server):
    """Kauniainen is 3x1 px and Järvenpää 3x2 px at the country's zoom on a phone: a tap may
    choose a neighbour. Whatever it chose is named on the map, in sight."""
    page = open_page(browser, server, PHONE)
    frame = map_frame(page)
    assert frame.evaluate("() => map_div.getZoom()") < COUNTRY_ZOOM_BELOW
    frame_at = page.locator(MAP_FRAME).bounding_box()
    before = None
    for code in ("235", "186"):  # Kauniainen, Järvenpää
        x, y = frame.evaluate(CITY_POINT_JS, code)
        with script_run(page):
            tap(page, frame_at["x"] + x, frame_at["y"] + y)
        # A new choice (the second tap's link already has the first one's city=).
        page.wait_for_url(another_city(before), timeout=10_000)
        chosen = before = re.search(r"city=(\d+)", page.url).group(1)
        name, _ = details_heading(page, chosen)
        frame.wait_for_function(CHOSEN_LABEL_SAYS_JS, arg=f"Chosen: {name}", timeout=10_000)
        next_paint(frame)
        label = frame.evaluate(CHOSEN_LABEL_JS)
        assert label["text"] == f"Chosen: {name}", (code, chosen, label)
        left, top, right, bottom = label["box"]
        window = page.viewport_size
        assert label["seen"] and left >= 0 and right <= frame_at["width"], (code, chosen, label)
        assert frame_at["y"] + top >= 0 and frame_at["y"] + bottom <= window["height"], (code, chosen, label)
        print(f"\ntapped {code}: chose {chosen} ({name}), named on the map at {label['box']}")
    page.context.close()


# Large municipalities spread over the map, whose point lies well inside their shape.
PRESSED = ("698", "564", "297", "179", "837")  # Rovaniemi, Oulu, Kuopio, Jyväskylä, Tampere


@pytest.mark.parametrize("scrolled", [220, 300, 350])
def test_a_press_from_a_scrolled_page_leaves_the_details_heading_in_the_window(browser, server, scrolled):
    page = open_page(browser, server, LAPTOP)
    frame = map_frame(page)
    page.evaluate(f"() => {{ document.querySelector('{SCROLLER}').scrollTop = {scrolled}; }}")
    next_paint(page)
    frame_at = page.locator(MAP_FRAME).bounding_box()
    window = page.viewport_size
    points = {code: frame.evaluate(CITY_POINT_JS, code) for code in PRESSED}
    code, (x, y) = next(
        (code, point) for code, point in points.items() if 80 < frame_at["y"] + point[1] < window["height"] - 20
    )
    with script_run(page):
        page.mouse.click(frame_at["x"] + x, frame_at["y"] + y)
    page.wait_for_url(re.compile(r"city=\d+"), timeout=10_000)
    where = in_window(page, details_heading(page, re.search(r"city=(\d+)", page.url).group(1))[1])
    assert where["top"] >= where["header"] and where["bottom"] <= where["height"], (scrolled, code, where)
    # The map stayed under the pointer; the details came down beside it, and go back to their
    # place, level with the map's top, when the page is scrolled back.
    assert page.locator(MAP_FRAME).bounding_box()["y"] == pytest.approx(frame_at["y"], abs=2)
    page.evaluate(f"() => {{ document.querySelector('{SCROLLER}').scrollTop = 0; }}")
    next_paint(page)
    level = page.evaluate(
        f"""() => document.querySelector('[class*="st-key-city_details_"]').getBoundingClientRect().top
                  - document.querySelector('{MAP_FRAME}').getBoundingClientRect().top"""
    )
    assert abs(level) <= 2, (scrolled, code, level)
    page.context.close()
