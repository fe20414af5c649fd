"""A tap's tooltip on a phone (390x844, touch; Debian's Chromium, no host but 127.0.0.1): small,
the name and the count only (the tap opens the details under the map), and closed by the next
tap elsewhere, in the map or on the page. It was 315x118 px, 81 % of the map's width, and
stayed open over southern Finland."""

from __future__ import annotations

import pytest

from harness.browser import MAP_FRAME, PHONE_DEVICE, map_frame, new_page, open_app, wait_for_run, wait_until
from tests.helpers.pages import CITY_POINT_JS

TAMPERE = "837"
OPEN_TIPS_JS = """() => [...document.querySelectorAll('.leaflet-tooltip.finmap-tip')]
    .filter(e => getComputedStyle(e).opacity !== '0')
    .map(e => { const r = e.getBoundingClientRect(); return {width: r.width, height: r.height, text: e.innerText}; })"""


@pytest.fixture
def phone(browser):
    page = new_page(browser, **PHONE_DEVICE)
    yield page
    page.context.close()


def tap_city(page, code: str) -> None:
    point = map_frame(page).evaluate(CITY_POINT_JS, code)
    box = page.locator(MAP_FRAME).bounding_box()
    before = page.evaluate("() => window.__scriptRuns.started")
    page.touchscreen.tap(box["x"] + point[0], box["y"] + point[1])
    wait_for_run(page, before)  # the tap chooses the city (the same one: nothing redrawn)


def open_tips(page) -> list[dict]:
    return map_frame(page).evaluate(OPEN_TIPS_JS)


def test_a_taps_tooltip_is_small_and_the_next_tap_on_the_page_closes_it(phone, server):
    open_app(phone, f"{server}/?city={TAMPERE}")
    tap_city(phone, TAMPERE)
    wait_until(map_frame(phone), f"() => ({OPEN_TIPS_JS})().length === 1")
    (tip,) = open_tips(phone)
    map_width = phone.locator(MAP_FRAME).bounding_box()["width"]
    assert tip["width"] <= 0.6 * map_width and tip["height"] <= 60, (tip, map_width)
    assert tip["text"].splitlines()[0] == "Tampere (Tammerfors)"
    assert "In 4 of the partnerships shown" in tip["text"] and "•" not in tip["text"]
    phone.get_by_role("heading", name="State–city partnerships in Finland").tap()  # outside the map
    wait_until(map_frame(phone), f"() => ({OPEN_TIPS_JS})().length === 0")
    assert open_tips(phone) == []


def test_the_next_tap_on_the_map_closes_it(phone, server):
    open_app(phone, f"{server}/?city={TAMPERE}")
    tap_city(phone, TAMPERE)
    wait_until(map_frame(phone), f"() => ({OPEN_TIPS_JS})().length === 1")
    assert len(open_tips(phone)) == 1
    box = phone.locator(MAP_FRAME).bounding_box()
    phone.touchscreen.tap(box["x"] + box["width"] - 40, box["y"] + box["height"] / 2)  # the sea east of Finland
    wait_until(map_frame(phone), f"() => ({OPEN_TIPS_JS})().length === 0")
    assert open_tips(phone) == []
