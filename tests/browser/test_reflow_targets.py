"""WCAG 2.2 AA beyond axe, measured in Chromium in both geometry modes (points and the
reference polygons): reflow at 320x640 CSS px (1.4.10) on every tab, in fi/sv/en and in
presentation mode; pointer targets of at least 24x24 px or spaced as 2.5.8 allows, in the page
and in the map's frame; focus never hidden under the header or the map's controls (2.4.11)."""

from __future__ import annotations

import pytest

from components.model.link import TABS as TAB_NAMES
from harness.browser import (
    CONTEXT_DRAWN_JS,
    LAPTOP,
    MAP_FRAME,
    REFLOW,
    map_frame,
    new_page,
    open_app,
    open_sidebar,
    open_tab,
    wait_for_drawn,
    wait_until,
)
from harness.measure import CUT_OFF_JS, FOCUS_COVERED_JS, MIN_TARGET, OVERFLOW_JS, TARGETS_JS, undersized

TABS = len(TAB_NAMES)  # every tab under the map


# Chips in the sidebar (their remove crosses), a chosen city (its details and close button).
VIEW = "partnership=strategic,mal&region=02&city=853"


def open_page(browser, url: str, viewport: dict):
    page = new_page(browser, viewport=viewport)
    open_app(page, url, wait_for=".leaflet-interactive")
    map_frame(page).wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    wait_for_drawn(page)
    return page


def check_reflow(page, where: str) -> None:
    assert page.evaluate(OVERFLOW_JS) <= 0, f"{where}: the page scrolls sideways"
    # On a busy machine a table's toolbar was once measured at the table's first, narrow width
    # (x -24 at 320 px); measure once the layout has settled, and fail if the cut stays.
    wait_until(page, f"() => ({CUT_OFF_JS})().length === 0", timeout=3_000)
    cut = page.evaluate(CUT_OFF_JS)
    assert cut == [], f"{where}: cut off at the screen's edge: {cut[:5]}"


def check_targets(targets: list[dict], where: str) -> float:
    """Every target 24x24 px or spaced as 2.5.8 allows; returns the smallest side measured."""
    assert targets, f"{where}: no targets found"
    failing = undersized(targets)
    assert failing == [], f"{where}: targets under {MIN_TARGET} px too close to another: {failing}"
    # Stricter than 2.5.8 asks, as docs/accessibility.md states: no target needs the spacing exception.
    small = [t for t in targets if min(t["width"], t["height"]) < MIN_TARGET - 0.5]
    assert small == [], f"{where}: targets under {MIN_TARGET} px: {small}"
    return min(min(t["width"], t["height"]) for t in targets)


def check_page_and_map(page, where: str) -> float:
    smallest = check_targets(page.evaluate(TARGETS_JS), where)
    in_map = map_frame(page).evaluate(TARGETS_JS)
    assert len(in_map) >= 3, in_map  # zoom in, zoom out, the layer switches
    return min(smallest, check_targets(in_map, f"{where}, in the map"))


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_320_px_every_tab_and_presentation_reflow_with_targets_of_24_px(browser, server, lang):
    page = open_page(browser, f"{server}/?lang={lang}&{VIEW}", REFLOW)
    frame = page.locator(MAP_FRAME).bounding_box()
    assert frame["x"] >= 0 and frame["x"] + frame["width"] <= REFLOW["width"], frame
    for index in range(TABS):
        tab = page.get_by_role("tab").nth(index)
        open_tab(page, tab)
        assert tab.get_attribute("aria-selected") == "true"
        check_reflow(page, f"{lang}, tab {index + 1}")
        check_page_and_map(page, f"{lang}, tab {index + 1}")
    # The map's legend starts folded on a small screen: unfolded, its layer switches are measured.
    legend = map_frame(page).locator(".finmap-legend")
    if "finmap-legend-closed" in (legend.get_attribute("class") or ""):
        map_frame(page).locator(".finmap-legend-toggle").click()
    switches = [t for t in map_frame(page).evaluate(TARGETS_JS) if t["tag"] == "label"]
    assert len(switches) >= 2, switches  # the two partnerships shown
    check_page_and_map(page, f"{lang}, legend unfolded")
    # The sidebar opens over the page, fits in it, and its controls can be used.
    open_sidebar(page)
    sidebar = page.locator('[data-testid="stSidebar"]').bounding_box()
    assert sidebar["x"] >= 0 and sidebar["x"] + sidebar["width"] <= REFLOW["width"], sidebar
    check_reflow(page, f"{lang}, sidebar open")
    in_sidebar = page.evaluate(TARGETS_JS)
    removes = [t for t in in_sidebar if t["testid"] == "stMultiSelectTagsContainer" and t["tag"] == "button"]
    assert len(removes) == 3, in_sidebar  # two partnerships and a region as chips
    check_targets(in_sidebar, f"{lang}, sidebar open")
    page.locator('[data-testid="stMultiSelectTagsContainer"] [data-tag] > button').first.click()
    page.wait_for_url(lambda url: "mal" not in url or "strategic" not in url, timeout=20_000)
    page.context.close()

    page = open_page(browser, f"{server}/?lang={lang}&present=1", REFLOW)
    check_reflow(page, f"{lang}, presentation")
    check_page_and_map(page, f"{lang}, presentation")
    for key in ("present_previous", "present_next", "present_exit"):
        box = page.locator(f".st-key-{key} button").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= REFLOW["width"], (key, box)
    page.context.close()


def tab_through(page, presses: int) -> list[dict]:
    """Each focused control's cover check, inside the map's frame when focus is there."""
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        in_frame = page.evaluate("() => document.activeElement && document.activeElement.tagName === 'IFRAME'")
        frame = map_frame(page) if in_frame else page.main_frame
        if frame is not None and (found := frame.evaluate(FOCUS_COVERED_JS)):
            seen.append({**found, "in_map": bool(in_frame)})
    return seen


@pytest.mark.parametrize("viewport", [LAPTOP, REFLOW], ids=["laptop", "phone"])
def test_targets_and_focus_in_the_full_page(browser, server, viewport):
    page = open_page(browser, f"{server}/?{VIEW}&tab=table", viewport)
    # The skip link shows when focused (the first Tab stop, before any click): a target then.
    skip = page.locator('[data-testid="stSkipToContent"]')
    skip.focus()
    box = skip.bounding_box()
    assert min(box["width"], box["height"]) >= MIN_TARGET, box
    page.evaluate("() => document.activeElement.blur()")
    if viewport is LAPTOP:  # the sidebar starts closed under 1400 px: opened, beside the page
        open_sidebar(page)
    check_page_and_map(page, f"{viewport['width']} px")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = tab_through(page, 70)
    assert len(stops) > 30 and sum(stop["in_map"] for stop in stops) >= 3, stops  # page and map controls
    hidden = [stop for stop in stops if not stop["ok"]]
    assert hidden == [], hidden
    page.context.close()


def box(name: str, x: float, y: float, size: float) -> dict:
    return {"name": name, "x": x, "y": y, "width": size, "height": size}
