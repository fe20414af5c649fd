"""Money on the page (data/funding.csv): a figure with what it is for, its period and its source in
the cards, a municipality's details, the overview, the table and the downloads, in fi, sv and en;
"not given" where no source states one; never a sum."""

from __future__ import annotations

import io
import json
from html import escape

import openpyxl
import pytest
import shapely

from components.base.i18n import t
from components.model.funding import format_eur
from components.render import exports
from components.render.html_map import members_table
from tests.helpers.apptest import block_fact, membership_blocks, run_app, shown

# What each language writes for the Eastern Finland programme's figure and for no figure.
TWELVE_MILLION = {"fi": "12 milj. euroa", "sv": "12 milj. euro", "en": "EUR 12 million"}
AT_LEAST_755 = {"fi": "vähintään 755 milj. euroa", "sv": "minst 755 milj. euro", "en": "at least EUR 755 million"}
PURPOSE = {
    "fi": "Itä-Suomen ohjelman toimeenpano",
    "sv": "programmet för Östra Finland",
    "en": "Eastern Finland programme",
}


@pytest.fixture(autouse=True)
def fresh_caches():
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


def captions(app):
    return [shown(caption.value) for caption in app.caption]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_card_shows_its_figures_with_their_sources_and_a_card_without_says_not_given(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang)
    label = t("funding.label_text", lang, text="")
    lines = [text for text in captions(app) if text.startswith(label)]
    (east,) = [line for line in lines if TWELVE_MILLION[lang] in line]
    assert PURPOSE[lang] in east and "S15" in east and t("funding.context", lang) in east
    (mal,) = [line for line in lines if AT_LEAST_755[lang] in line]
    assert "2020–2031" in mal and "S27" in mal and "2024–2035" in mal and "S11" in mal
    not_given = t("funding.label_text", lang, text=t("funding.not_given", lang))
    assert lines.count(not_given) == 6  # the six partnerships no source gives a figure for


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_a_municipality_s_details_show_the_figures_of_its_partnerships(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang, city="405")  # Lappeenranta: Eastern Finland, ecosystem, ...
    blocks = membership_blocks(app)
    east = block_fact(blocks["east-finland"], t("details.funding", lang))
    assert TWELVE_MILLION[lang] in east and PURPOSE[lang] in east and "S15" in east
    assert block_fact(blocks["ecosystem"], t("details.funding", lang)) == t("funding.not_given", lang)


def test_the_overview_lists_each_partnership_s_figures_and_says_what_is_not_summed(monkeypatch):
    app = run_app(monkeypatch, lang="en")
    markdown = "\n".join(shown(box.value) for box in app.markdown)
    prefix = "- **Eastern Finland thematic partnership**: "
    (east,) = [line for line in markdown.splitlines() if line.startswith(prefix) and "million" in line]
    assert east.startswith("- **Eastern Finland thematic partnership**: EUR 12 million · implementing the Eastern")
    assert "Source: S15" in east
    assert "- **Vitality partnership**: not given\n" in markdown
    assert t("funding.not_summed", "en") in captions(app)
    assert "1,703" not in markdown and "1703" not in markdown  # 755 + 936 + 12 million: never a sum


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_table_has_a_funding_column_with_the_figure_and_its_source(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang, partnership="east-finland,strategic")
    app.session_state["main_tabs"] = t("tabs.table", lang)
    app.run()
    table = app.dataframe[0].value
    by_partnership = dict(zip(table[t("column.partnership", lang)], table[t("funding.column", lang)], strict=False))
    (east,) = [text for name, text in by_partnership.items() if "S15" in text]
    assert TWELVE_MILLION[lang] in east and PURPOSE[lang] in east
    assert t("funding.not_given", lang) in by_partnership.values()  # the strategic partnership's rows


def test_the_comparison_and_timeline_tabs_name_the_partnerships_with_figures(monkeypatch):
    for tab in ("compare.tab", "timeline_view.tab"):
        app = run_app(monkeypatch, lang="en")
        app.session_state["main_tabs"] = t(tab, "en")
        app.run()
        (line,) = [text for text in captions(app) if text.startswith("Funding figures")]
        assert "MAL agreements" in line and "Eastern Finland thematic partnership" in line and "2020–2031" in line


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_workbook_and_csv_carry_the_figures_and_their_sources(dataset, lang):
    rows = dataset.memberships[dataset.memberships["partnership_id"].isin(["east-finland", "vitality"])]
    exported = exports.export_rows(rows, dataset.catalog, lang, funding=dataset.funding)
    workbook = exports.to_xlsx(exported, dataset.catalog, "", lang, funding=dataset.funding)
    book = openpyxl.load_workbook(io.BytesIO(workbook))
    sheet = book[t("funding.sheet", lang)]
    cells = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    (east,) = [row for row in cells if TWELVE_MILLION[lang] in row]
    assert "S15" in east and any(PURPOSE[lang] in value for value in east)
    assert any(t("funding.not_given", lang) in row for row in cells)  # vitality
    assert not any("S27" in row for row in cells)  # MAL is not among these rows
    (rows_sheet,) = [book[name] for name in book.sheetnames if name == t("export.sheet_rows", lang)]
    header = [cell.value for cell in rows_sheet[1]]
    funding_cells = {row[header.index("funding")].value for row in rows_sheet.iter_rows(min_row=2)}
    assert any(TWELVE_MILLION[lang] in text and "S15" in text for text in funding_cells)
    assert t("funding.not_given", lang) in funding_cells
    assert TWELVE_MILLION[lang].encode("utf-8") in exports.to_csv(exported, delimiter=";")
    points = {row.municipality_code: shapely.geometry.mapping(row.geometry) for row in dataset.cities.itertuples()}
    features = json.loads(exports.to_geojson(exported, points))["features"]
    assert {feature["properties"]["funding"] for feature in features} == funding_cells
    html = members_table(rows, dataset.catalog, lang, None, dataset.funding)
    assert f'<th scope="col">{t("funding.column", lang)}</th>' in html and escape(east[1]) in html


def test_money_is_written_as_each_language_writes_it():
    assert [format_eur(16_106_000, lang) for lang in ("fi", "sv", "en")] == [
        "16,106 milj. euroa",
        "16,106 milj. euro",
        "EUR 16.106 million",
    ]
    assert format_eur(1_234_567, "fi") == "1\u00a0234\u00a0567 euroa" and format_eur(1_234_567, "en") == "EUR 1,234,567"
