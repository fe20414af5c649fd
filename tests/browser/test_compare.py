"""The Compare tab in Debian's Chromium, in both geometry modes, with no host but 127.0.0.1: one
small map per partnership with its counts in its title, and a click on a small map, as a person
makes it, opens that partnership on the main map. Takes docs/compare.png for the README."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from components.base.i18n import counted
from components.data.memberships import load_dataset
from harness.browser import (
    LAPTOP,
    MAP_FRAME,
    PHONE,
    PHONE_DEVICE,
    new_page,
    next_paint,
    open_app,
    script_run,
    wait_for_shapes,
)
from tests.helpers.facts import members_in_csv
from tests.helpers.pages import axe_violations, describe
from tests.helpers.paths import POPULATION, ROOT, require
from tests.helpers.servers import app_server, boundaries_for

SCREENSHOT = ROOT / "docs" / "compare.png"
CELLS = '[class*="st-key-compare_map_"]'
# Every small map's chart has drawn (vega-embed puts its canvas or SVG in the chart's box).
CHARTS_DRAWN_JS = f"""(count) => {{
    const charts = [...document.querySelectorAll('{CELLS} [data-testid=stVegaLiteChart]')];
    return charts.length === count && charts.every(c => c.querySelector('canvas, svg.marks'));
}}"""


@pytest.fixture(scope="module")
def server(mode, tmp_path_factory):
    """The app with population figures, so the titles say the people each partnership covers."""
    figures = str(require(POPULATION))
    with app_server(boundaries_for(mode), tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=figures) as url:
        yield url


@pytest.fixture
def viewport():
    return LAPTOP


def test_a_small_map_per_partnership_and_a_click_opens_it_on_the_main_map(page, server, mode):
    expected = members_in_csv()
    open_app(page, f"{server}/?tab=compare")
    assert wait_for_shapes(page, sum(map(len, expected.values()))) == sum(map(len, expected.values()))
    page.wait_for_function(CHARTS_DRAWN_JS, arg=len(expected), timeout=30_000)
    cells = page.locator(CELLS)
    expect(cells).to_have_count(len(expected))
    for pid, codes in expected.items():
        title = page.locator(f".st-key-compare_map_{pid}").inner_text()
        assert counted("municipalities", len(codes), "en") in title, (pid, title)
        assert re.search(r"[\d,]+ people \(\d+\.\d%\)", title), title  # the population covered

    if mode == "polygons":  # the tab's top: its row of tabs, what it shows, the first row of maps
        page.get_by_role("tablist").evaluate(
            "e => { e.scrollIntoView({block: 'start'});"
            " document.querySelector('[data-testid=stMain]').scrollTop -= 64; }"
        )
        next_paint(page)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 30_000

    # Choose the vitality partnership's small map: scroll it into view and click it, as a person does.
    chart = page.locator(".st-key-compare_map_vitality [data-testid=stVegaLiteChart]")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    with script_run(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"partnership=vitality"), timeout=20_000)
    assert wait_for_shapes(page, len(expected["vitality"])) == len(expected["vitality"])
    assert "tab=compare" in page.url
    frame = page.locator(MAP_FRAME).bounding_box()  # the main map has come into view
    assert frame["y"] < LAPTOP["height"] / 2 and frame["y"] + frame["height"] > LAPTOP["height"] / 2, frame
    expect(page.locator(CELLS)).to_have_count(1)  # the grid follows the filter too


def test_the_small_maps_say_in_words_what_they_show_and_pass_axe(page, server, mode):
    expected = members_in_csv()
    open_app(page, f"{server}/?tab=compare&lang=fi&partnership=east-finland,vitality")
    page.wait_for_function(CHARTS_DRAWN_JS, arg=2, timeout=30_000)
    # The chart's text alternative names the partnership and every member (vega-embed's aria-label).
    chart = page.locator(".st-key-compare_map_east-finland [data-testid=stVegaLiteChart]")
    label = chart.locator("[aria-label]").first.get_attribute("aria-label")
    members = counted("municipalities", len(expected["east-finland"]), "fi")
    assert label.startswith(f"Itä-Suomen temaattinen kumppanuus · {members}"), label
    cities = load_dataset().cities.set_index("municipality_code")["name_fi"]
    assert all(cities[code] in label for code in expected["east-finland"]), label
    violations = axe_violations(page.main_frame)
    assert violations == [], describe(violations)
    # From the keyboard: the button with the partnership's name opens it.
    vitality = load_dataset().catalog.partnership("vitality").name("fi")
    page.locator(".st-key-compare_open_vitality").get_by_role("button", name=vitality, exact=True).focus()
    with script_run(page):
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"partnership=vitality(&|$)"), timeout=20_000)
    assert wait_for_shapes(page, len(expected["vitality"])) == len(expected["vitality"])
    expect(page.locator(CELLS)).to_have_count(1)


def test_a_tap_on_a_small_map_on_a_phone_opens_it(browser, server, mode):
    """Both modes: a tap lands on a polygon, or on a point's small circle."""
    expected = members_in_csv()
    page = new_page(browser, **PHONE_DEVICE)
    try:
        open_app(page, f"{server}/?tab=compare")
        page.wait_for_function(CHARTS_DRAWN_JS, arg=len(expected), timeout=30_000)
        cell = page.locator(".st-key-compare_map_growth-cities").bounding_box()
        assert cell["width"] < PHONE["width"] / 2  # two small maps a row, not one tiny column
        chart = page.locator(".st-key-compare_map_growth-cities [data-testid=stVegaLiteChart]")
        chart.scroll_into_view_if_needed()
        box = chart.bounding_box()
        assert box["width"] > 150 and box["height"] > 250, box  # not a thumbnail
        with script_run(page):
            page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_url(re.compile(r"partnership=growth-cities"), timeout=20_000)
        assert wait_for_shapes(page, len(expected["growth-cities"])) == len(expected["growth-cities"])
    finally:
        page.context.close()
