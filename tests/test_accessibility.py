"""Accessibility (WCAG 2.1 AA): axe-core in a real browser in every language and in presentation
mode, the keyboard alone, colours that survive colour-vision deficiencies, the page language."""

from __future__ import annotations

import itertools
import json
import re

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from components.base.colours import (
    CONTEXT_FILL,
    FILL_OPACITY,
    HIGHLIGHT,
    HIGHLIGHT_HALO,
    PARTNERSHIP_COLOURS,
    PARTNERSHIP_LINES,
    backgrounds,
    contrast_ratio,
    over,
)
from components.model.map import layer_plan, prepare_geometry
from components.render.map import MAP_STYLES
from harness.browser import CONTEXT_DRAWN_JS, MAP_FRAME, map_frame, wait_for_drawn
from harness.browser import open_app as open_in
from tests.bundled_facts import MUNICIPALITIES
from tests.conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Distinguishable in CAM02-UCS: about 10 units is a clearly different colour side by side.
MIN_DISTANCE = 10.0


def hex_to_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


# WCAG 2.1 1.4.11: graphics needed to understand the content at least 3:1 against what is next to them.
NON_TEXT_CONTRAST = 3.0
MAPPED = [pid for pid in PARTNERSHIP_COLOURS if pid != "regional-cities"]  # regional-cities has no members


@pytest.mark.parametrize("palette", ["fills", "outlines"])
@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_partnership_colours_stay_apart_for_colour_blind_viewers(deficiency, palette):
    source = PARTNERSHIP_COLOURS if palette == "fills" else PARTNERSHIP_LINES
    colours = {pid: hex_to_rgb(source[pid]) for pid in MAPPED}
    simulated = {
        pid: np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"), 0, 1)
        for pid, rgb in colours.items()
    }
    for first, second in itertools.combinations(simulated, 2):
        distance = deltaE(simulated[first], simulated[second], input_space="sRGB1")
        assert distance >= MIN_DISTANCE, f"{first} and {second}: {distance:.1f} under {deficiency}"


@pytest.mark.parametrize("background", sorted(backgrounds()))
def test_every_partnership_outline_is_at_least_3_to_1_against_what_it_lies_on(background):
    colour = backgrounds()[background]
    low = {pid: round(contrast_ratio(PARTNERSHIP_LINES[pid], colour), 2) for pid in MAPPED}
    assert min(low.values()) >= NON_TEXT_CONTRAST, f"against {background} {colour}: {low}"


def test_outlines_stand_out_on_the_fills_of_overlapping_partnerships(dataset):
    # Where shapes overlap, an outline lies on the other partnership's translucent fill ...
    drawn = {pid: over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, CONTEXT_FILL) for pid in MAPPED}
    low = {
        (pid, other): round(contrast_ratio(PARTNERSHIP_LINES[pid], fill), 2)
        for pid in MAPPED
        for other, fill in drawn.items()
        if other != pid
    }
    assert min(low.values()) >= NON_TEXT_CONTRAST, sorted(low.items(), key=lambda item: item[1])[:3]
    # ... and a municipality in several partnerships stacks their fills (polygons on each other,
    # points as concentric discs, the first drawn largest): each outline lies between the stack
    # under it and the stack with its own fill on top.
    assert MAP_STYLES["polygon"]["fillOpacity"] == MAP_STYLES["point"]["fillOpacity"] == FILL_OPACITY
    points = prepare_geometry(dataset.cities, None).by_code
    plan = layer_plan(dataset.memberships, dataset.catalog, points, "en")
    for code, pids in plan.memberships.items():
        stacked = CONTEXT_FILL
        for pid in pids:
            under, stacked = stacked, over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, stacked)
            for side in (under, stacked):
                assert contrast_ratio(PARTNERSHIP_LINES[pid], side) >= NON_TEXT_CONTRAST, (code, pids, pid, side)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast_ratio("#F0E442", CONTEXT_FILL) == pytest.approx(1.08, abs=0.01)  # the old yellow outline
    assert over("#000000", 0.5, "#FFFFFF") == "#808080"


def test_the_selected_city_stands_out_from_everything_around_it():
    # A dark line on a white casing: the line is 3:1 against the light things (context, page,
    # tiles, translucent fills), the casing against the dark ones (every partnership outline).
    light = [*backgrounds().values(), *(over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, CONTEXT_FILL) for pid in MAPPED)]
    assert min(contrast_ratio(HIGHLIGHT, colour) for colour in light) >= NON_TEXT_CONTRAST
    assert min(contrast_ratio(HIGHLIGHT_HALO, PARTNERSHIP_LINES[pid]) for pid in MAPPED) >= NON_TEXT_CONTRAST
    assert contrast_ratio(HIGHLIGHT, HIGHLIGHT_HALO) >= NON_TEXT_CONTRAST


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def mode():
    return "polygons"


@pytest.fixture
def viewport():
    return {"width": 1400, "height": 1000}


def open_app(page, url):
    """The page once the map, its grey context, the tables and the charts are drawn: what axe reads."""
    open_in(page, url, wait_for=".leaflet-interactive")
    map_frame(page).wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    wait_for_drawn(page)


def axe_violations(frame) -> list[dict]:
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (make test installs it with npm)")
    frame.add_script_tag(path=str(AXE))
    result = frame.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict]) -> str:
    return json.dumps([(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations], indent=1)


@pytest.mark.parametrize(
    "query", ["lang=fi", "lang=sv&city=091", "lang=en&partnership=growth-cities", "present=1", "lang=fi&tab=timeline"]
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
    stops = tab_through(page, 45)
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
    download_button = page.get_by_role("button", name=re.compile("CSV \\(Excel\\)"))
    download_button.focus()
    assert page.evaluate(FOCUS_INFO)["visible"]
    with page.expect_download(timeout=30_000) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.startswith("partnerships_all_")


def test_presentation_controls_work_from_the_keyboard(page, server):
    open_app(page, f"{server}/?present=1")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = tab_through(page, 12)
    names = [stop["name"] for stop in stops]
    assert any("Next" in name for name in names) and any("Exit" in name for name in names), names
    page.get_by_role("button", name=re.compile("Next")).focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile("partnership=strategic"), timeout=20_000)
