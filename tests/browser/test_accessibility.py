"""Accessibility (WCAG 2.1 AA): axe-core in a real browser in every language and in presentation
mode, the keyboard alone, colours that survive colour-vision deficiencies, the page language."""

from __future__ import annotations

import re

import pytest

from harness.browser import CONTEXT_DRAWN_JS, MAP_FRAME, map_frame, wait_for_drawn
from harness.browser import open_app as open_in
from tests.helpers.facts import MUNICIPALITIES
from tests.helpers.pages import axe_violations, describe


@pytest.fixture
def viewport():
    return {"width": 1400, "height": 1000}


def open_app(page, url):
    """The page once the map, its grey context, the tables and the charts are drawn: what axe reads."""
    open_in(page, url, wait_for=".leaflet-interactive")
    map_frame(page).wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    wait_for_drawn(page)


@pytest.mark.parametrize(
    "query",
    [
        "lang=fi",
        "lang=sv&city=091",
        "lang=en&partnership=growth-cities",
        "present=1",
        "lang=fi&tab=timeline",
        "lang=sv&size=20-50k,250k-plus",  # population is off here: the size control is disabled, values kept
    ],
)
def test_axe_finds_no_serious_or_critical_violations(page, server, query):
    open_app(page, f"{server}/?{query}")
    main = axe_violations(page.main_frame)
    assert main == [], describe(main)
    in_map = axe_violations(map_frame(page))
    assert in_map == [], describe(in_map)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_page_declares_its_language_and_names_the_map(page, server, lang):
    open_app(page, f"{server}/?lang={lang}")
    page.wait_for_function(f"() => document.documentElement.lang === '{lang}'", timeout=10_000)
    label = page.locator(MAP_FRAME).get_attribute("aria-label")
    assert (
        label
        == {
            "fi": "Kartta valtion ja kaupunkien kumppanuuksista",
            "sv": "Karta över partnerskapen mellan staten och städerna",
            "en": "Map of the state–city partnerships",
        }[lang]
    )
    summary = {
        "fi": f"Suomen kartta, jolla näkyy {MUNICIPALITIES} kuntaa",
        "sv": f"Karta över Finland med {MUNICIPALITIES} kommuner",
        "en": f"Map of Finland showing {MUNICIPALITIES} municipalities",
    }[lang]
    page.get_by_text(summary).wait_for()


FOCUS_INFO = """() => { const e = document.activeElement; const s = getComputedStyle(e);
    const name = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText)
        || e.innerText || e.value || e.title || '';
    const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
    return {name: name.trim().slice(0, 80), role: e.getAttribute('role') || e.tagName.toLowerCase(), visible}; }"""


def tab_through(page, presses: int) -> list[dict]:
    seen = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(FOCUS_INFO))
    return seen


def test_every_control_is_reached_by_keyboard_with_a_visible_focus(page, server):
    open_app(page, server)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = tab_through(page, 60)
    names = [stop["name"] for stop in stops]
    # A radio group is one Tab stop (arrow keys choose within it); the map is about 14 stops
    # (container, zoom, layer switches, attribution), not one per shape.
    assert sum(stop["role"] == "iframe" for stop in stops) <= 16, names
    for expected in [
        "English", "Partnership", "Theme", "Status", "Region", "City",
        "Reset filters", "Presentation mode", "Light map (OpenStreetMap, CARTO)", "Partnerships and sources",
    ]:  # fmt: skip
        assert any(expected in name for name in names), f"{expected!r} not reached by Tab: {names}"
    # The tab row is one Tab stop (its open tab); arrow keys reach the other tabs.
    page.get_by_role("tab", name="Partnerships and sources").focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate(FOCUS_INFO)["name"] == "Table and downloads"
    # (After the last control, Tab leaves the page for the browser and the body holds focus.)
    invisible = [stop for stop in stops if not stop["visible"] and stop["role"] not in ("iframe", "body")]
    assert invisible == [], invisible


def test_exports_and_the_language_switch_work_from_the_keyboard(page, server):
    open_app(page, server)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for _ in range(5):  # Tab to the language group, as a keyboard user arrives there
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.type") == "radio":
            break
    page.keyboard.press("ArrowLeft")  # within a radio group, arrows move: English -> Svenska
    page.keyboard.press("Space")
    page.wait_for_url(re.compile("lang=sv"), timeout=30_000)
    page.wait_for_function("() => document.documentElement.lang === 'sv'", timeout=20_000)
    page.get_by_role("tab", name="Tabell och nedladdningar").focus()
    page.keyboard.press("Enter")
    download_button = page.get_by_role("button", name="CSV för Excel (semikolon)")
    download_button.focus()
    assert page.evaluate(FOCUS_INFO)["visible"]
    with page.expect_download(timeout=30_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("partnerships_all_")
    assert download.value.suggested_filename.endswith("_semicolon.csv")


def test_presentation_controls_work_from_the_keyboard(page, server):
    open_app(page, f"{server}/?present=1")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = tab_through(page, 12)
    names = [stop["name"] for stop in stops]
    assert any("Next" in name for name in names) and any("Exit" in name for name in names), names
    page.get_by_role("button", name=re.compile("Next")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("partnership=strategic"), timeout=20_000)
