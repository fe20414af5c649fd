"""The interactive map to take away (components/render/html_map.py): one HTML file that opens from disk
with every request blocked, draws what the app draws, and runs no script from the data.

The file is built with the module's function for the unit tests and the hostile corpus, and
downloaded from the app's button for the comparison with the page."""

from __future__ import annotations

import json
import re
from datetime import datetime
from html import escape
from html.parser import HTMLParser

import pytest

from components.base.i18n import format_count, t
from components.data.memberships import UploadedList
from components.data.population import Population, covered_line, load_population
from components.model.wording import source_line, uploaded_line
from components.render.html_map import (
    MAX_BYTES,
    inline_script,
    interactive_map,
    members_table,
    script_json_text,
    sources_list,
)
from components.render.slide import alt_text
from tests.helpers.facts import MEMBERSHIP_ROWS
from tests.helpers.html_maps import (
    DAY,
    HOSTILE,
    MARKED,
    default_view,
    geometry_for,
    hostile_file,
)
from tests.helpers.paths import POPULATION, require


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


def script_starts(html: str) -> int:
    """How many <script> elements an HTML parser finds (their text is not markup)."""

    class Scripts(HTMLParser):
        count = 0

        def handle_starttag(self, tag, attrs):
            self.count += tag == "script"

    parser = Scripts()
    parser.feed(html)
    return parser.count


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
    day = "28.11.2026"
    assert escape(t("html_map.view_date", lang, date=day)) in html
    assert f'<html lang="{lang}">' in html
    for source_id, source in dataset.catalog.sources.items():
        link = f'<a href="{escape(source.url)}">{escape(source_line(source, lang))}</a>'
        assert f"<li><b>{source_id}</b> {link}</li>" in html
    assert escape(t("static.geometry_polygons", lang)) in html
    # One table row per membership, with the partnership's name in the page language.
    assert html.count("<tr>") == MEMBERSHIP_ROWS + 1
    assert escape(dataset.catalog.partnership("mal").name(lang)) in html


def test_a_swedish_points_map_explains_its_rings_only_when_it_has_them(dataset, tmp_path):
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    points = geometry_for("points", dataset.cities, tmp_path)
    note = escape(t("static.note_points", "sv").replace("\n", " "))

    def page(rows):
        return interactive_map(rows, dataset.catalog, points, "sv", "x", population=population, day=DAY).decode()

    every = page(dataset.memberships)
    assert note in every
    assert escape(covered_line(dataset.memberships, population, "sv", "static_line").replace("\n", " · ")) in every
    assert json.dumps(t("map_controls.whole_finland", "sv")) in every  # the map's own buttons, in Swedish
    one = dataset.memberships[dataset.memberships["partnership_id"] == "mal"]
    assert note not in page(one)  # one ring per city: nothing to explain


def test_the_page_says_exactly_what_the_view_is_and_the_way_back_to_it(dataset, tmp_path):
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    points = geometry_for("points", dataset.cities, tmp_path)
    rows, catalog, link = dataset.memberships, dataset.catalog, "http://127.0.0.1:8501/?lang=sv"

    def page(**extra):
        return interactive_map(rows, catalog, points, "sv", "Alla", population=population, day=DAY, **extra).decode()

    html = page(link=link)
    covered = covered_line(rows, population, "sv", "static_line").replace("\n", " · ")
    meta = f"{t('html_map.view_date', 'sv', date='28.11.2026')} · {covered}"
    notes = f"{t('static.note_points', 'sv').replace(chr(10), ' ')} {t('html_map.offline', 'sv')}"
    words = alt_text(rows, catalog, "sv", "Alla", population).replace("\n", " · ")
    title = escape(t("app.title", "sv"))
    assert f'<h1>{title}</h1>\n\n<p class="summary">Alla</p>\n<p class="meta">{escape(meta)}</p>\n</header>' in html
    assert f'<div class="map-box" role="region" aria-label="{escape(t("map.label", "sv"))}">' in html
    in_words = escape(t("html_map.in_words", "sv"))
    assert f'<p class="note">{escape(notes)}</p>\n<h2>{in_words}</h2>\n<p>{escape(words)}</p>' in html
    back = f'<p><a href="{escape(link)}">{escape(t("html_map.open_in_app", "sv"))}</a></p>'
    sources = sources_list(catalog, "sv", "points", population)
    assert f"{sources}\n{back}\n</main>" in html
    # An uploaded list says so first, and has no way back: the app does not keep it.
    uploaded = UploadedList("lista.csv", len(rows), datetime(2026, 11, 28, 9, 5))
    origin = escape(uploaded_line(uploaded, "sv"))
    html = page(link=link, uploaded=uploaded)
    assert f'<h1>{title}</h1>\n<p class="origin" role="note">{origin}</p>\n<p class="summary">Alla</p>' in html
    assert f"<title>{title} – {origin} Alla</title>" in html
    assert f"{sources}\n\n</main>" in html


def test_the_members_table_is_the_apps_table_in_the_page_language(dataset):
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    members = dataset.memberships
    rows = members[(members["partnership_id"] == "strategic") & (members["municipality_code"] == "091")].copy()
    rows[["note", "note_fi", "note_sv"]] = "https://example.org/a-note"  # outside the source column: text
    html = members_table(rows, dataset.catalog, "sv", population)
    columns = ["Partnerskap", "Kommun", "Befolkning", "Landskap", "Grupp", "Teman", "Status", "Sedan"]
    header = "".join(f'<th scope="col">{column}</th>' for column in [*columns, "Anmärkning", "Finansiering", "Källa"])
    assert f"<thead><tr>{header}</tr></thead>" in html
    people = format_count(population.of("091"), "sv")
    assert f'<td>Helsingfors</td><td class="number">{people}</td><td>Nyland</td><td></td>' in html
    assert '<td class="note">https://example.org/a-note</td>' in html
    source = rows["source_url"].iloc[0]
    assert html.endswith(f'<td><a href="{escape(source)}">vnk.fi</a></td></tr>\n</tbody>\n</table>')
    assert "Befolkning" not in members_table(rows, dataset.catalog, "sv", None)


def test_the_sources_are_one_list_with_the_population_source_in_the_page_language(dataset):
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    html = sources_list(dataset.catalog, "sv", "points", population)
    assert html.startswith('<ul class="sources">\n<li><b>S1</b> ')
    assert html.endswith(f"</li>\n<li>{escape(population.attribution('sv'))}</li>\n</ul>")
    assert html.count("<li>") == html.count("</li>\n") == len(dataset.catalog.sources) + 2


def test_empty_cells_and_missing_figures_are_empty_and_rows_are_one_per_line(dataset):
    members = dataset.memberships
    rows = members[(members["partnership_id"] == "strategic") & members["municipality_code"].isin(["091", "049"])]
    rows = rows.sort_values("municipality_code").copy()
    rows["group"] = None
    population = Population({"049": 1234}, "x.csv")  # no figure for Helsinki
    html = members_table(rows, dataset.catalog, "sv", population)
    number = format_count(1234, "sv")
    assert f"<tbody>\n<tr><td>{escape(dataset.catalog.partnership('strategic').name('sv'))}</td><td>Esbo</td>" in html
    assert f'<td>Esbo</td><td class="number">{number}</td><td>Nyland</td><td></td>' in html
    assert "<td>Helsingfors</td><td></td><td>Nyland</td><td></td>" in html
    assert html.count("</tr>\n<tr>") == 1


def test_a_map_explains_its_badges_or_a_city_with_two_rings_and_its_parts_are_in_swedish(dataset, polygons, tmp_path):
    html = default_view(dataset, polygons, "sv")
    assert escape(t("static.note_polygons", "sv").replace("\n", " ")) in html
    for key in ("html_map.members", "column.sources"):
        assert f"<h2>{escape(t(key, 'sv'))}</h2>" in html
    assert '<th scope="col">Partnerskap</th>' in html
    points = geometry_for("points", dataset.cities, tmp_path)
    two = dataset.memberships[dataset.memberships["partnership_id"].isin(["mal", "strategic"])]
    page = interactive_map(two, dataset.catalog, points, "sv", "x", day=DAY).decode()
    assert escape(t("static.note_points", "sv").replace("\n", " ")) in page


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


def test_only_addresses_that_start_with_http_become_links(fixture_dataset, tmp_path):
    """A catalog source or a link back that names https:// later on stays text, not a live link."""
    sneaky = "javascript:alert(1)//https://example.org"
    data = fixture_dataset.catalog.model_dump()
    first_id = next(iter(data["sources"]))
    data["sources"][first_id]["url"] = sneaky
    catalog = type(fixture_dataset.catalog).model_validate(data)
    points = geometry_for("points", fixture_dataset.cities, tmp_path)
    html = interactive_map(fixture_dataset.memberships, catalog, points, "en", "x", link=sneaky, day=DAY).decode()
    assert 'href="javascript' not in html.lower()
    assert t("html_map.open_in_app", "en") not in html  # no link back at all
    assert escape(source_line(catalog.sources[first_id], "en")) in html  # the source is still named, as text


def test_table_cells_that_look_like_formulas_are_inert_as_in_the_csv(fixture_dataset, tmp_path):
    """LibreOffice's web-page import runs a cell that starts with = + - @: each gets the CSV's '."""
    rows = fixture_dataset.memberships.head(4).copy()
    formulas = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    rows["note"] = formulas
    points = geometry_for("points", fixture_dataset.cities, tmp_path)
    html = interactive_map(rows, fixture_dataset.catalog, points, "en", "x", day=DAY).decode()
    cells = re.findall(r"<td[^>]*>(.*?)</td>", html, re.S)
    for formula in formulas:
        assert escape("'" + formula) in cells
        assert escape(formula) not in cells
    assert not [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]


def test_json_inside_a_script_cannot_end_it_or_open_a_comment():
    text = '{"name": "</script><script>alert(1)</script> & <!-- \u2028 \u2029"}'
    safe = script_json_text(text)
    assert "<" not in safe and ">" not in safe and "&" not in safe
    assert "\u2028" not in safe and "\u2029" not in safe
    assert json.loads(safe) == json.loads(text)  # the same data once read


@pytest.mark.parametrize("closing", ["</script>", "</SCRIPT>", "</ScRiPt >"])
def test_inlined_code_cannot_close_its_script_tag_in_any_letter_case(closing):
    code = f'var a = "{closing}"; var b = "<!--";\n//# sourceMappingURL=leaflet.js.map'
    inlined = inline_script(code)
    assert closing.lower() not in inlined.lower() and "<!--" not in inlined
    assert "sourceMappingURL" not in inlined
    assert inlined.count("<\\/") == 1
    assert inline_script("a\n//# sourceMappingURL=x.map\nb</SCRIPT>c<!--d") == "a\n\nb<\\/SCRIPT>c<\\!--d"


def test_with_figures_the_biggest_cities_are_named_first_and_the_table_holds_every_figure(dataset, tmp_path):
    """Population figures order the names on the map (the most people first: Helsinki, Espoo,
    Tampere) and fill the table's population column, also where some municipality has none."""
    figures = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    points = geometry_for("points", dataset.cities, tmp_path)

    def labels(html: str) -> list[str]:
        return json.loads(re.search(r"finmap\.labels\(\w+, (\[[^\]]*\])\)", html)[1])

    with_figures = interactive_map(dataset.memberships, dataset.catalog, points, "sv", "x", population=figures).decode()
    without = interactive_map(dataset.memberships, dataset.catalog, points, "sv", "x").decode()
    assert labels(with_figures)[:3] == ["091", "049", "837"]
    assert labels(without)[:3] != ["091", "049", "837"]
    # One municipality without a figure makes the column a float one: the others still show theirs.
    partial = Population({code: figures.figures[code] for code in ("091", "049")}, "test")
    html = interactive_map(dataset.memberships, dataset.catalog, points, "sv", "x", population=partial).decode()
    assert f'<td class="number">{format_count(figures.figures["091"], "sv")}</td>' in html
    assert f'<td class="number">{format_count(figures.figures["049"], "sv")}</td>' in html


def test_the_table_of_the_file_names_each_membership_s_funding(dataset, tmp_path):
    """The dataset's funding figures reach the file's table as they reach the app's: the MAL rows
    of the Helsinki region name the state's commitment, with its period and source."""
    points = geometry_for("points", dataset.cities, tmp_path)
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "mal"]
    html = interactive_map(rows, dataset.catalog, points, "en", "x", funding=dataset.funding).decode()
    commitment = escape("at least EUR 755 million – the state's commitment to transport projects")
    regions = ("Helsingin seutu", "Tampereen seutu", "Turun seutu", "Oulun seutu")
    assert html.count(commitment) == rows["group"].isin(regions).sum() > 4  # each of their rows says it
    assert commitment not in interactive_map(rows, dataset.catalog, points, "en", "x").decode()
