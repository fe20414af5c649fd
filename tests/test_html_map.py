"""The interactive map to take away (components/render/html_map.py): one HTML file that opens from disk
with every request blocked, draws what the app draws, and runs no script from the data.

The file is built with the module's function for the unit tests and the hostile corpus, and
downloaded from the app's button for the comparison with the page."""

from __future__ import annotations

import re
from datetime import date
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from components.base.i18n import t
from components.data.boundaries import load_boundaries
from components.data.catalog import Catalog
from components.data.population import load_population
from components.model.map import prepare_geometry
from components.model.wording import source_line
from components.render.html_map import MAX_BYTES, interactive_map
from harness.browser import SHAPES_JS, new_page, open_app, shapes, wait_until
from tests.bundled_facts import MEMBERS, MEMBERSHIP_ROWS
from tests.conftest import POPULATION, REFERENCE_MUNICIPALITIES, require
from tests.test_hostile_input import PAYLOADS

DAY = date(2026, 11, 28)
# Payloads that leave a mark if they ever run: a flag, or a request the blocked network counts.
MARKED = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    "</script><script>window.__pwned=3</script>",
    "${window.__pwned=4}",
    "`${window.__pwned=5}`",
    '"><svg onload="window.__pwned=6">',
    "<!--<script>window.__pwned=7//",
    "</title></style><script>window.__pwned=8</script>",
]
HOSTILE = [*PAYLOADS, *MARKED]
# A partnership id travels into the scripts as it is (ids are not HTML): a catalog of one's own
# (FINMAP_DATA_DIR) could name one so.
HOSTILE_ID = "x</SCRIPT><!--<script>window.__pwned=11//"


def geometry_for(mode: str, cities, cache: Path):
    polygons = None
    if mode == "polygons":
        polygons = load_boundaries(str(require(REFERENCE_MUNICIPALITIES)), cache_dir=cache).polygons
    return prepare_geometry(cities, polygons)


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


def default_view(dataset, geometry, lang: str = "en", population=None) -> str:
    summary = t("export.no_filter", lang)
    return interactive_map(
        dataset.memberships, dataset.catalog, geometry, lang, summary, population=population, day=DAY
    ).decode("utf-8")


def hostile_catalog(catalog: Catalog) -> Catalog:
    """The catalog with a payload in every partnership name and source title and description."""
    data = catalog.model_dump()
    for index, partnership in enumerate(data["partnerships"]):
        for lang in ("fi", "sv", "en"):
            partnership[lang] = f"{HOSTILE[index % len(HOSTILE)]} {partnership[lang]}"
    for index, source in enumerate(data["sources"].values()):
        source["title"] = HOSTILE[(index + 3) % len(HOSTILE)]
        source["publisher"] = HOSTILE[(index + 5) % len(HOSTILE)]
        source["description"] = None
    first = next(iter(data["sources"].values()))
    first["url"] = "javascript:window.__pwned=9"
    data["partnerships"][0]["id"] = HOSTILE_ID
    return Catalog.model_validate(data)


def hostile_rows(rows, first_id: str = ""):
    """Every municipality's names, region, group and note a payload (each row another one);
    the rows of the partnership `first_id` under HOSTILE_ID."""
    rows = rows.copy()
    rows.loc[rows["partnership_id"] == first_id, "partnership_id"] = HOSTILE_ID
    for column, shift in (("name_fi", 0), ("name_sv", 1), ("region_en", 2), ("group", 4), ("note", 6)):
        rows[column] = [f"{HOSTILE[(i + shift) % len(HOSTILE)]} {value}" for i, value in enumerate(rows[column])]
    rows["name_fi"] = MARKED[0] + rows["name_fi"]  # every tooltip a payload that would leave a mark
    return rows


def hostile_file(fixture_dataset, geometry) -> str:
    summary = " · ".join(MARKED)
    return interactive_map(
        hostile_rows(fixture_dataset.memberships, fixture_dataset.catalog.partnerships[0].id),
        hostile_catalog(fixture_dataset.catalog),
        geometry,
        "en",
        summary,
        link="javascript:window.__pwned=10",
        day=DAY,
    ).decode("utf-8")


def script_starts(html: str) -> int:
    """How many <script> elements an HTML parser finds (their text is not markup)."""

    class Scripts(HTMLParser):
        count = 0

        def handle_starttag(self, tag, attrs):
            self.count += tag == "script"

    parser = Scripts()
    parser.feed(html)
    return parser.count


# ----------------------------------------------------------------------------- the file itself


def test_the_default_view_is_one_small_file_with_no_outside_script_or_style(dataset, polygons):
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    html = default_view(dataset, polygons, population=population)
    size = len(html.encode("utf-8"))
    assert 200_000 < size < MAX_BYTES, size  # Leaflet and the boundaries are in it, and it stays small
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)  # every script inline
    assert not re.search(r"<link\b", html, re.I)  # every style inline
    assert not re.search(r"url\(\s*['\"]?(?!data:|#)", html)  # CSS images are data: URIs
    assert "sourceMappingURL" not in html
    assert "L.map(" in html and "finmap.useStore(" in html and "finmap.fetchStore(" not in html.split("useStore")[-1]
    assert "Statistics Finland, population on 31.12.2024" in html


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_file_says_what_when_and_from_where(dataset, polygons, lang):
    html = default_view(dataset, polygons, lang)
    assert f"<title>{escape(t('app.title', lang))} – {escape(t('export.no_filter', lang))}</title>" in html
    assert f"<h1>{escape(t('app.title', lang))}</h1>" in html
    assert f'<p class="summary">{escape(t("export.no_filter", lang))}</p>' in html
    day = "2026-11-28" if lang == "en" else "28.11.2026"
    assert escape(t("html_map.view_date", lang, date=day)) in html
    assert f'<html lang="{lang}">' in html
    for source_id, source in dataset.catalog.sources.items():
        link = f'<a href="{escape(source.url)}">{escape(source_line(source, lang))}</a>'
        assert f"<li><b>{source_id}</b> {link}</li>" in html
    assert escape(t("static.geometry_polygons", lang)) in html
    # One table row per membership, with the partnership's name in the page language.
    assert html.count("<tr>") == MEMBERSHIP_ROWS + 1
    assert escape(dataset.catalog.partnership("mal").name(lang)) in html


def test_points_mode_carries_finlands_outline_and_stays_small(dataset, tmp_path):
    points = geometry_for("points", dataset.cities, tmp_path)
    html = default_view(dataset, points)
    assert len(html.encode("utf-8")) < MAX_BYTES
    assert '"outline":' in html  # the background where there are no municipal boundaries
    assert escape(t("static.geometry_points", "en")) in html


def test_a_chosen_city_is_outlined_and_a_filter_fits_its_members(fixture_dataset, tmp_path):
    points = geometry_for("points", fixture_dataset.cities, tmp_path)
    rows = fixture_dataset.memberships
    plain = interactive_map(rows, fixture_dataset.catalog, points, "en", "x", day=DAY).decode()
    chosen = interactive_map(
        rows, fixture_dataset.catalog, points, "en", "x", selected_city="091", whole_country=False, day=DAY
    ).decode()
    assert "finmap.highlight(" not in plain and "finmap.highlight(feature_group" in chosen
    assert '"bounds":[[59.7,20.6],[70.1,31.6]]' in plain  # all of Finland, as the app's first view
    assert '"bounds":[[59.7,20.6],[70.1,31.6]]' not in chosen  # the shown members, as after a filter


@pytest.mark.parametrize("mode", ["polygons", "points"])
def test_no_text_from_data_appears_unescaped(fixture_dataset, tmp_path, mode):
    html = hostile_file(fixture_dataset, geometry_for(mode, fixture_dataset.cities, tmp_path))
    for payload in HOSTILE:
        if re.search(r"[<>\"]", payload):
            assert payload not in html, payload
    # Only our own three scripts: no text closed one early or opened another, and none can make
    # the browser read past a script's end ("<!--" then "<script" inside a script would).
    assert script_starts(html) == 3 and "<!--" not in html
    assert 'href="javascript:' not in html.lower()
    # The texts are there, as text: a name in the table, a note, the filter in the heading.
    assert escape(HOSTILE[0]) in html and escape(MARKED[2]) in html
    assert f'<p class="summary">{escape(" · ".join(MARKED))}</p>' in html


# ----------------------------------------------------------------------------- in a browser

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
    from tests.test_accessibility import axe_violations, describe

    path = tmp_path / "map.html"
    path.write_text(default_view(dataset, polygons, "fi"), "utf-8")
    page = open_file(browser, path)
    try:
        violations = axe_violations(page.main_frame)
        assert violations == [], describe(violations)
        assert page.blocked == []
    finally:
        page.context.close()
