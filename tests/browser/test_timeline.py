"""The Timeline tab in a real browser (Debian's Chromium via Playwright), with "today" fixed by
FINMAP_TODAY: its bars, what ends within 18 months in words, and a click on a bar (or on an
undated partnership's marker) filtering the map to that partnership, in both geometry modes."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from components.data.memberships import load_dataset
from components.render.timeline import timeline_bars
from harness.browser import LAPTOP, next_paint, open_app, script_run, wait_for_drawn, wait_for_shapes, wait_until
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS
from tests.helpers.paths import ROOT
from tests.helpers.servers import app_server, boundaries_for

TODAY = "2026-11-28"
SCREENSHOT = ROOT / "docs" / "timeline.png"
CHART = ".st-key-timeline_chart"
# The marks that stand for a bar carry its name and dates (Vega's SVG, for screen readers).
DESCRIBED_JS = f"""(role) => [...document.querySelectorAll('{CHART} path[aria-roledescription="' + role + '"]')]
    .map(e => e.getAttribute('aria-label'))"""


@pytest.fixture(scope="module")
def server(mode, tmp_path_factory):
    with app_server(boundaries_for(mode), tmp_path_factory.mktemp("cache"), FINMAP_TODAY=TODAY) as url:
        yield url


@pytest.fixture
def viewport():
    return LAPTOP


@pytest.fixture(scope="module")
def bars():
    return timeline_bars(load_dataset().memberships, load_dataset().catalog, "en")


def click_mark(page, label_start: str) -> None:
    """Click the middle of the mark named `label_start…`, scrolled into view, as a person would."""
    mark = page.locator(f'{CHART} path[aria-label^="{label_start}"]').first
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    with script_run(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_timeline_names_what_ends_soon_and_a_chosen_bar_filters_the_map(page, server, mode, bars):
    open_app(page, f"{server}/?tab=timeline")
    wait_for_drawn(page)
    wait_until(page, f"() => ({DESCRIBED_JS})('bar').length === {(~bars['undated']).sum()}", timeout=20_000)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    ends = page.locator(".st-key-timeline_ends_soon").inner_text().strip()
    assert ends == (
        "Ending within the next 18 months (by 28.5.2028): Ecosystem agreements (university cities), "
        f"31.12.2027 ({MEMBERS['ecosystem']} municipalities)."
    )
    # A bar per dated partnership, a marker per undated one, named as the data says.
    dated, undated = bars[~bars["undated"]], bars[bars["undated"]]
    assert page.evaluate(DESCRIBED_JS, "bar") == [f"{bar.label}: {bar.span}" for bar in dated.itertuples()]
    assert page.evaluate(DESCRIBED_JS, "point") == [f"{bar.label}: {bar.span}" for bar in undated.itertuples()]
    assert "Today 28.11.2026" in page.locator(CHART).inner_text()
    assert page.locator('[data-testid="stTable"] tbody tr').count() == len(bars)

    if mode == "polygons":
        # The tabs at the top of the screen, just under the header bar; the chart under them.
        page.locator('[role="tablist"]').first.evaluate("e => e.scrollIntoView({block: 'start'})")
        page.locator('[data-testid="stMain"]').evaluate("e => e.scrollBy(0, -64)")
        next_paint(page)
        page.screenshot(path=str(SCREENSHOT))
        assert SCREENSHOT.stat().st_size > 30_000

    click_mark(page, "Ecosystem agreements (university cities):")
    page.wait_for_url(re.compile(r"partnership=ecosystem(&|$)"), timeout=20_000)
    assert wait_for_shapes(page, MEMBERS["ecosystem"]) == MEMBERS["ecosystem"]
    assert "tab=timeline" in page.url  # the timeline stays open
    # An undated partnership's marker chooses it too.
    wait_for_drawn(page)
    click_mark(page, "Vitality partnership:")
    page.wait_for_url(re.compile(r"partnership=vitality(&|$)"), timeout=20_000)
    assert wait_for_shapes(page, MEMBERS["vitality"]) == MEMBERS["vitality"]


GROUP = "Turun seutu"  # a MAL city region, given an earlier end than the others below


@pytest.fixture(scope="module")
def grouped_server(tmp_path_factory):
    """The bundled data with one MAL region ending on 31.12.2027, so MAL splits into its regions."""
    folder = tmp_path_factory.mktemp("data")
    for name in ("catalog.toml", "cities.geojson"):
        shutil.copy(ROOT / "data" / name, folder / name)
    rows = pd.read_csv(ROOT / "data" / "partnerships.csv", dtype=str, keep_default_na=False)
    rows.loc[(rows["partnership_id"] == "mal") & (rows["group"] == GROUP), "until"] = "2027-12-31"
    rows.to_csv(folder / "partnerships.csv", index=False)
    with app_server("off", tmp_path_factory.mktemp("cache"), FINMAP_TODAY=TODAY, FINMAP_DATA_DIR=str(folder)) as url:
        yield url, rows


def test_a_region_ending_early_gets_its_own_bar_and_choosing_it_shows_that_region(page, grouped_server):
    url, rows = grouped_server
    in_group = int(((rows["partnership_id"] == "mal") & (rows["group"] == GROUP)).sum())
    open_app(page, f"{url}/?tab=timeline")
    wait_for_drawn(page)
    ends = page.locator(".st-key-timeline_ends_soon").inner_text().strip()
    assert f"MAL agreements (land use, housing, transport) – {GROUP}, 31.12.2027 ({in_group} municipalities)" in ends
    assert "Ecosystem agreements (university cities), 31.12.2027" in ends
    regions = rows.loc[rows["partnership_id"] == "mal", "group"].nunique()
    mal_bars = f"() => ({DESCRIBED_JS})('bar').filter(label => label.startsWith('MAL agreements')).length"
    wait_until(page, f"() => ({mal_bars})() >= {regions}", timeout=20_000)  # Vega draws after the run
    assert page.evaluate(mal_bars) == regions  # a bar per region
    click_mark(page, f"MAL agreements (land use, housing, transport) – {GROUP}:")
    page.wait_for_url(re.compile(r"partnership=mal&.*group=Turun"), timeout=20_000)
    assert wait_for_shapes(page, in_group) == in_group


CIRCLES_JS = DESCRIBED_JS.replace("(role) =>", "() =>").replace("' + role + '", "circle")


@pytest.fixture(scope="module")
def events_server(tmp_path_factory):
    """The app without boundaries (the chart is the same in both geometry modes)."""
    with app_server("off", tmp_path_factory.mktemp("cache"), FINMAP_TODAY=TODAY) as url:
        yield url


@pytest.mark.parametrize(
    ("lang", "signing", "start"),
    [
        ("en", "13.12.2024 signing: Oulu region agreement signed", "signed 13.12.2024–31.12.2035"),
        (
            "fi",
            "13.12.2024 allekirjoitus: Oulun seudun sopimus allekirjoitettu",
            "allekirjoitettu 13.12.2024–31.12.2035",
        ),
        (
            "sv",
            "13.12.2024 undertecknande: Uleåborgsregionens avtal undertecknat",
            "undertecknat 13.12.2024–31.12.2035",
        ),
    ],
)
def test_events_are_dots_on_their_bars_named_and_a_dot_chooses_its_bar(page, events_server, lang, signing, start):
    open_app(page, f"{events_server}/?tab=timeline&lang={lang}")
    wait_for_drawn(page)
    wait_until(page, f"() => ({CIRCLES_JS})().length > 0", timeout=20_000)
    dots = page.evaluate(CIRCLES_JS)
    # Every event of the catalog is a dot on each bar it applies to: Oulu's signing on Oulu's bar alone.
    assert dots.count(signing) == 1, dots
    table = page.locator('[data-testid="stTable"]').inner_text()
    assert start in table  # the Oulu region's start, named after its signing
    if lang != "en":
        return
    # Pointing at a dot tells the event: date, kind, text and source.
    dot = page.locator(f'{CHART} path[aria-roledescription="circle"][aria-label="{signing}"]')
    dot.scroll_into_view_if_needed()
    dot.hover()
    tooltip = page.locator("#vg-tooltip-element")
    wait_until(page, "() => document.querySelector('#vg-tooltip-element')?.innerText.includes('S12')")
    text = tooltip.inner_text()
    assert "13.12.2024" in text and "signing" in text and "Oulu region agreement signed (Oulun seutu)" in text
    assert "S12: City of Oulu MAL page" in text
    # A click on the dot chooses its bar, as a click on the bar does.
    box = dot.bounding_box()
    with script_run(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"partnership=mal&.*group=Oulun"), timeout=20_000)
