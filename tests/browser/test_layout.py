"""The page around the map in a real browser at the three sizes people use it at: a laptop
(1366x768), a phone (390x844, touch) and a projector (1920x1080). Takes the README's pictures."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from harness.browser import (
    LAPTOP,
    MAP_FRAME,
    PHONE,
    PROJECTOR,
    SIDEBAR_CLOSED_JS,
    new_page,
    open_app,
    open_sidebar,
    open_tab,
    script_run,
    wait_for_shapes,
    wait_for_stable_box,
    wait_until,
)
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, ROOT, require
from tests.helpers.servers import app_server

DOCS = ROOT / "docs"
TAB_NAMES = ["Partnerships and sources", "Table and downloads", "Overlaps", "Check an updated list"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # With population figures (read from the shared file), as a deployment shows them.
    polygons, population = str(require(REFERENCE_MUNICIPALITIES)), str(require(POPULATION))
    with app_server(polygons, tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=population) as url:
        yield url


def open_page(browser, url: str, viewport: dict, touch: bool = False):
    page = new_page(browser, viewport=viewport, has_touch=touch, is_mobile=touch)
    open_app(page, url)
    return page


def sidebar_right(page) -> float:
    """The sidebar's right edge: at or left of 0 when it is closed."""
    return page.evaluate("() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right")


def horizontal_overflow(page) -> int:
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def map_on_first_screen(page) -> tuple[float, float]:
    """The map's top, and the part of the first screen's area it covers."""
    box = page.locator(MAP_FRAME).bounding_box()
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    seen_height = min(box["y"] + box["height"], height) - max(box["y"], 0)
    seen_width = min(box["x"] + box["width"], width) - max(box["x"], 0)
    return box["y"], seen_width * seen_height / (width * height)


def test_laptop_map_starts_high_with_the_cards_beside_it(browser, server):
    page = open_page(browser, server, LAPTOP)
    # The sidebar starts closed below 1400 px (the cards are legend and filter), so the map
    # covers at least half of the first screen's area: a third with the sidebar open.
    page.wait_for_function(SIDEBAR_CLOSED_JS, timeout=10_000)
    wait_for_stable_box(page, MAP_FRAME)  # the frame takes the freed width
    top, covered = map_on_first_screen(page)
    assert top < LAPTOP["height"] / 2 and covered >= 0.5, (top, covered)
    assert top < 200, top  # a compact heading: was 287 under the large title
    cards = page.locator("[class*='st-key-card_']")
    expect(cards).to_have_count(8)
    first = cards.first.bounding_box()
    assert first["x"] > page.locator(MAP_FRAME).bounding_box()["x"] + 400 and first["y"] < LAPTOP["height"]
    strategic = page.locator(".st-key-card_strategic")
    assert "Municipalities: 6" in strategic.inner_text() and "Since 16.11.2023" in strategic.inner_text()
    # The colour is the card's edge; the name is the checkbox's label (not colour alone).
    assert strategic.evaluate("e => getComputedStyle(e).borderLeftColor") == "rgb(0, 114, 178)"
    expect(page.get_by_role("checkbox", name="Strategic partnership of the six largest cities")).to_have_count(1)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "screenshot-laptop.png"))
    page.context.close()


def test_choosing_a_card_filters_the_map(browser, server):
    page = open_page(browser, server, LAPTOP)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    with script_run(page):
        page.get_by_role("checkbox", name="Vitality partnership").check(force=True)
    assert wait_for_shapes(page, MEMBERS["vitality"]) == MEMBERS["vitality"]
    assert "partnership=vitality" in page.url
    expect(page.locator(".st-key-card_vitality input")).to_be_checked()
    page.context.close()


def test_a_city_chosen_on_a_wide_screen_shows_beside_the_map(browser, server):
    page = open_page(browser, server + "/?partnership=east-finland&city=167", LAPTOP)
    heading = page.get_by_role("heading", name="Joensuu")
    heading.wait_for(timeout=20_000)
    box, frame = heading.bounding_box(), page.locator(MAP_FRAME).bounding_box()
    assert box["x"] > frame["x"] + frame["width"] and box["y"] < LAPTOP["height"]
    expect(page.locator(".st-key-details_below")).to_be_hidden()  # the phone's cue is not needed
    page.context.close()


def test_phone_sidebar_closed_on_load_and_after_a_choice(browser, server):
    page = open_page(browser, server, PHONE, touch=True)
    assert sidebar_right(page) <= 0
    top, covered = map_on_first_screen(page)
    assert covered >= 0.5, (top, covered)
    page.screenshot(path=str(DOCS / "screenshot-phone.png"))
    open_sidebar(page)
    assert sidebar_right(page) > 200
    box = page.get_by_role("combobox", name="Partnership")
    box.click()
    box.fill("Vitality")
    page.get_by_role("option", name="Vitality partnership").first.click()
    page.wait_for_url(re.compile("partnership=vitality"), timeout=20_000)
    page.wait_for_function(SIDEBAR_CLOSED_JS, timeout=10_000)
    page.context.close()


def test_phone_no_tab_makes_the_page_pan_sideways(browser, server):
    page = open_page(browser, server, PHONE, touch=True)
    for name in TAB_NAMES:
        open_tab(page, page.get_by_role("tab", name=name))
        assert horizontal_overflow(page) <= 0, name
    # The overlap matrix is wider than the phone: it scrolls in its own box.
    open_tab(page, page.get_by_role("tab", name="Overlaps"))
    matrix = page.locator(".st-key-overlap_matrix")
    matrix.wait_for()
    assert matrix.evaluate("e => e.scrollWidth > e.clientWidth && getComputedStyle(e).overflowX === 'auto'")
    page.context.close()


def test_phone_details_of_a_city_come_with_a_cue_under_the_map(browser, server):
    page = open_page(browser, server + "/?city=167", PHONE, touch=True)
    cue = page.locator(".st-key-details_below")
    expect(cue).to_be_visible()
    expect(cue).to_contain_text("below the map")
    frame = page.locator(MAP_FRAME).bounding_box()
    assert 0 <= cue.bounding_box()["y"] - (frame["y"] + frame["height"]) < 250
    page.context.close()


def test_presentation_reads_from_the_back_and_steps_after_a_click_in_the_map(browser, server):
    page = open_page(browser, server + "/?present=1", PROJECTOR)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stCaptionContainer], [class*="st-key-legend_"] p')]
               .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert len(sizes) >= 9 and min(sizes) >= 20, sizes  # two map captions, seven legend lines
    swatch = page.locator(".st-key-legend_strategic p").evaluate("e => getComputedStyle(e, '::before').backgroundColor")
    assert swatch == "rgb(0, 114, 178)"  # each name has its colour beside it
    page.screenshot(path=str(DOCS / "screenshot-projector.png"))
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.5)
    wait_until(page, "() => document.activeElement.tagName === 'IFRAME'", timeout=5_000)
    assert page.evaluate("() => document.activeElement.tagName") == "IFRAME"  # the click moved focus
    with script_run(page):
        page.keyboard.press("PageDown")
    page.wait_for_url(re.compile("partnership=strategic"), timeout=20_000)
    page.get_by_role("heading", name="Strategic partnership of the six largest cities").wait_for()
    # Each step says in words what it shows: themes, status, start, members.
    step = page.locator('[data-testid="stMarkdownContainer"] strong').filter(has_text="Themes")
    text = step.first.inner_text()
    for vocabulary in ("Preventing gang crime", "Early childhood education workforce shortage", "Active", "16.11.2023"):
        assert vocabulary in text, text
    with script_run(page):
        page.keyboard.press("PageUp")
    page.get_by_role("heading", name="All partnerships").wait_for(timeout=20_000)
    # The slide of the step downloads from here.
    with page.expect_download(timeout=90_000) as download:  # drawn on the click, slow on a busy machine
        page.get_by_role("button", name="Download the slide (PNG)").click()
    assert download.value.suggested_filename.endswith(".png")
    page.context.close()
