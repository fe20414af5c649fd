"""The interactive map to take away (components/render/html_map.py): one HTML file that opens from disk
with every request blocked, draws what the app draws, and runs no script from the data.

The file is built with the module's function for the unit tests and the hostile corpus, and
downloaded from the app's button for the comparison with the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from components.base.i18n import t
from components.render.html_map import MAX_BYTES
from harness.browser import SHAPES_JS, new_page, open_app, shapes, wait_until
from tests.helpers.facts import MEMBERS
from tests.helpers.html_maps import (
    HOSTILE,
    default_view,
    geometry_for,
    hostile_file,
    hostile_rows,
)


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


SHAPES_IN_FILE_JS = """() => {
  const element = document.querySelector('.folium-map');
  const map = element && window[element.id];
  if (!map || !map.eachLayer) return -1;
  let n = 0;
  map.eachLayer(l => { if (l.feature && l.feature.properties && l.feature.properties.partnership_id && l._path) n++; });
  return n;
}"""


# Municipalities a pointer can rest on (their own shape is what lies under the point), on screen.
HOVER_TARGETS_JS = """() => {
  const element = document.querySelector('.folium-map');
  const map = window[element.id], box = element.getBoundingClientRect(), out = [], seen = new Set();
  map.eachLayer(l => {
    const p = l.feature && l.feature.properties;
    if (!p || !p.partnership_id || !l._path || seen.has(p.municipality_code)) return;
    const at = map.latLngToContainerPoint(l.getLatLng ? l.getLatLng() : l.getCenter());
    const x = box.left + at.x, y = box.top + at.y;
    if (x < 20 || y < 20 || x > innerWidth - 20 || y > innerHeight - 20) return;
    if (document.elementFromPoint(x, y) !== l._path) return;
    seen.add(p.municipality_code);
    out.push({code: p.municipality_code, x: x, y: y});
  });
  return out;
}"""


def open_file(browser, path: Path, viewport=None):
    """The file opened from disk in a fresh page, every other request aborted and counted
    (page.blocked); the page once the map has drawn and stopped moving."""
    page = new_page(browser, viewport=viewport or {"width": 1366, "height": 768})
    address = path.resolve().as_uri()
    page.blocked = []

    def only_the_file(route):
        if route.request.url == address:
            route.continue_()
        else:
            page.blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_file)
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(address)
    wait_until(page, f"() => ({SHAPES_IN_FILE_JS})() > 0", timeout=15_000)
    page.wait_for_timeout(300)  # the fit to the shown bounds waits for the styles
    return page


def hover_tooltip(page, target) -> str:
    """Rest the pointer on a municipality as a person does; the tooltip's text."""
    page.mouse.move(0, 0)
    wait_until(page, "() => !document.querySelector('.leaflet-tooltip.finmap-tip')", timeout=3_000)
    page.mouse.move(target["x"], target["y"], steps=4)
    wait_until(page, "() => document.querySelectorAll('.leaflet-tooltip.finmap-tip').length === 1", timeout=5_000)
    texts = page.locator(".leaflet-tooltip.finmap-tip").all_inner_texts()
    assert len(texts) == 1, texts
    return texts[0]


def test_the_file_opens_with_every_request_blocked_and_runs_no_hostile_script(browser, fixture_dataset, tmp_path, mode):
    path = tmp_path / "hostile.html"
    path.write_text(hostile_file(fixture_dataset, geometry_for(mode, fixture_dataset.cities, tmp_path)), "utf-8")
    page = open_file(browser, path)
    try:
        expected = len(fixture_dataset.memberships)
        assert page.evaluate(SHAPES_IN_FILE_JS) == expected
        targets = page.evaluate(HOVER_TARGETS_JS)
        assert len(targets) >= 3
        names = fixture_dataset.memberships.drop_duplicates("municipality_code").set_index("municipality_code")
        hostile_names = hostile_rows(fixture_dataset.memberships).drop_duplicates("municipality_code")
        hostile_names = hostile_names.set_index("municipality_code")["name_fi"]
        tips = {target["code"]: hover_tooltip(page, target) for target in targets[:4]}
        legend = page.locator(".leaflet-control-layers")
        assert legend.is_visible()
        legend_text = legend.inner_text()
        page.locator(".finmap-legend-toggle").click()  # folding and unfolding runs no payload either
        page.locator(".finmap-legend-toggle").click()
        page.mouse.wheel(0, 600)  # the table and the sources below the map
        page.wait_for_timeout(200)
        # No payload ran: no flag, no dialog, no request (an <img src=x> would ask for a file).
        assert page.evaluate("() => window.__pwned") is None
        assert page.evaluate("() => document.scripts.length") == 3  # our own, no more
        assert page.dialogs == [] and page.blocked == [] and page.errors == []
        # The payloads are shown as text: in each tooltip the hostile name with the real one after it.
        for code, text in tips.items():
            assert hostile_names[code] in text, (code, text)
            assert names.loc[code, "name_fi"] in text
        assert any(payload in legend_text for payload in HOSTILE)
    finally:
        page.context.close()


def test_the_downloaded_file_draws_what_the_page_draws(browser, server, mode, tmp_path):
    """Press the button as a person does, open what it downloaded from disk with no network."""
    chosen = ["growth-cities", "mal"]
    expected = sum(MEMBERS[pid] for pid in chosen)
    page = new_page(browser, viewport={"width": 1366, "height": 900}, accept_downloads=True)
    try:
        open_app(page, f"{server}/?lang=fi&partnership={','.join(chosen)}&tab=table")
        wait_until(page, f"(n) => ({SHAPES_JS})() === n", expected, 20_000)
        assert shapes(page) == expected
        button = page.get_by_role("button", name=t("html_map.download", "fi"))
        button.scroll_into_view_if_needed()
        with page.expect_download(timeout=60_000) as download:
            button.click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert re.fullmatch(r"partnerships_growth-cities\+mal_\d{4}-\d{2}-\d{2}\.html", saved.name)
        assert saved.stat().st_size < MAX_BYTES
    finally:
        page.context.close()

    opened = open_file(browser, saved)
    try:
        assert opened.evaluate(SHAPES_IN_FILE_JS) == expected
        assert opened.evaluate("() => document.documentElement.lang") == "fi"
        legend = opened.locator(".leaflet-control-layers-list")
        assert legend.is_visible()  # unfolded on a laptop, as in the app
        for label in legend.locator("label").all_inner_texts()[:2]:
            assert re.search(r"\(\d+\)$", label.strip())  # "MAL-sopimukset (64)"
        targets = opened.evaluate(HOVER_TARGETS_JS)
        assert targets
        tip = hover_tooltip(opened, targets[0])
        assert "kumppanuu" in tip or "sopimu" in tip  # the tooltip names its partnerships in Finnish
        assert opened.blocked == [] and opened.errors == []
    finally:
        opened.context.close()


def test_the_file_is_accessible(browser, dataset, polygons, tmp_path):
    """axe-core finds no serious or critical violation in the file, as in the app."""
    from tests.helpers.pages import axe_violations, describe

    path = tmp_path / "map.html"
    path.write_text(default_view(dataset, polygons, "fi"), "utf-8")
    page = open_file(browser, path)
    try:
        violations = axe_violations(page.main_frame)
        assert violations == [], describe(violations)
        assert page.blocked == []
    finally:
        page.context.close()
