"""In force on a date (`?date=YYYY-MM-DD`, the sidebar's date control): the map, the counts, the
cards, the table and every download show the memberships in force on the chosen day; undated
ones stay, marked "date not given", planned ones stay marked planned; a malformed date is
ignored with a notice. Run headless with Streamlit's AppTest, and through the functions the
page calls; the browser test is tests/browser/test_in_force.py."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from components.base.i18n import LANGUAGES, t
from components.model.cards import partnership_cards
from components.model.details import headline_counts
from components.model.filters import FIRST_DAY, LAST_DAY, FilterState, apply, build_vocabulary, in_force_only
from components.model.link import Link, read_link, to_query_params
from components.model.map import prepare_geometry
from components.model.wording import format_date
from components.render import exports
from components.render.map import map_view
from components.render.slide import render
from tests.helpers.facts import IN_FORCE_2028, MEMBERS, MEMBERSHIP_ROWS, NEW_YEAR_2028, TODAY

UNDATED = ("vitality", "east-finland")  # their sources give no dates


pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


@pytest.fixture(scope="module")
def vocabulary(dataset):
    return build_vocabulary(dataset.catalog, dataset.cities)


@pytest.fixture(scope="module")
def in_2028(dataset):
    return apply(dataset.memberships, FilterState(lang="en", day=NEW_YEAR_2028))


def test_a_link_with_a_date_drops_what_ended_before_it_and_keeps_the_undated(dataset, vocabulary, in_2028):
    link = read_link({"date": "2028-01-01", "lang": "fi"}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert notices == [] and state == FilterState(lang="fi", day=NEW_YEAR_2028)
    rows = apply(dataset.memberships, state)
    assert len(rows) == IN_FORCE_2028 == MEMBERSHIP_ROWS - MEMBERS["ecosystem"]
    assert "ecosystem" not in set(rows["partnership_id"])
    for pid in UNDATED:
        assert (rows["partnership_id"] == pid).sum() == MEMBERS[pid]
    assert rows.equals(in_2028)
    # Today (the tests' today, FINMAP_TODAY) every bundled membership is in force.
    assert len(apply(dataset.memberships, FilterState())) == MEMBERSHIP_ROWS
    # A day before any start: only the rows with no start are in force.
    early = apply(dataset.memberships, FilterState(day=date(2020, 1, 1)))
    assert set(early["partnership_id"]) == set(UNDATED)


def test_the_day_combines_with_the_filters(dataset):
    rows = apply(dataset.memberships, FilterState(regions=("01",), day=NEW_YEAR_2028))
    assert set(rows["region_code"]) == {"01"} and "ecosystem" not in set(rows["partnership_id"])
    both = apply(dataset.memberships, FilterState(partnerships=("ecosystem", "vitality"), day=NEW_YEAR_2028))
    assert set(both["partnership_id"]) == {"vitality"}


def test_counts_table_and_downloads_agree_on_the_day(dataset, in_2028):
    catalog = dataset.catalog
    counts = headline_counts(in_2028)
    assert counts["cities"] == in_2028["municipality_code"].nunique()
    assert counts["partnerships"] == len(MEMBERS) - 1
    exported = exports.export_rows(in_2028, catalog, "en")
    table = exports.table_view(exported, "en")
    assert len(table) == IN_FORCE_2028
    with_csv = list(csv.DictReader(io.StringIO(exports.to_csv(exported).decode("utf-8-sig"))))
    assert len(with_csv) == IN_FORCE_2028 and "ecosystem" not in {row["partnership_id"] for row in with_csv}
    workbook = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, catalog, "summary", "en")))
    assert workbook.worksheets[0].max_row == IN_FORCE_2028 + 1  # the header row and one per membership
    points = prepare_geometry(dataset.cities, None)
    features = json.loads(exports.to_geojson(exported, points.by_code))["features"]
    assert len(features) == IN_FORCE_2028
    # The map draws one shape per membership: the same rows, layer by layer.
    plan = map_view(in_2028, catalog, points.by_code, "en").plan
    assert sum(len(layer.codes) for layer in plan.layers) == IN_FORCE_2028
    assert "ecosystem" not in {layer.partnership_id for layer in plan.layers}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_undated_rows_are_marked_date_not_given_and_planned_ones_planned(dataset, in_2028, lang):
    not_given = t("in_force.not_given", lang)
    exported = exports.export_rows(in_2028, dataset.catalog, lang)
    undated = exported["partnership_id"].isin(UNDATED)
    assert set(exported.loc[undated, "date_note"]) == {not_given}
    assert set(exported.loc[~undated, "date_note"]) == {""}
    assert set(exported.loc[exported["partnership_id"] == "east-finland", "status_label"]) == {
        t("status.planned", lang)
    }
    table = exports.table_view(exported, lang)
    since = table[t("column.since", lang)]
    assert set(since[undated.to_numpy()]) == {not_given}
    assert not_given not in set(since[~undated.to_numpy()])
    with_csv = list(csv.DictReader(io.StringIO(exports.to_csv(exported).decode("utf-8-sig"))))
    assert {row["date_note"] for row in with_csv if row["partnership_id"] in UNDATED} == {not_given}
    # The map's tooltips (the view data map_layers.js builds them from): the mark after the name.
    points = prepare_geometry(dataset.cities, None)
    data = json.loads(map_view(in_2028, dataset.catalog, points.by_code, lang).data)
    joensuu, jyvaskyla, helsinki = data["marks"]["167"], data["marks"]["179"], data["marks"].get("091")
    # In 2028 the urban policy group's term is past its earliest end (April 2027): not known.
    not_known = f" ({t('status_not_known.mark', lang, date=format_date('2027-04-01', lang))})"
    assert joensuu == {"east-finland": f" ({t('status.planned', lang)}, {not_given})", "urban-policy-group": not_known}
    assert jyvaskyla == {"vitality": f" ({not_given})", "urban-policy-group": not_known}
    assert helsinki == {"urban-policy-group": not_known}  # otherwise dated and active: nothing else


def test_the_tooltip_marks_are_escaped(fixture_dataset, monkeypatch):
    """The marks go into the tooltip as HTML (map_layers.js): a text that reads as markup is escaped."""
    from components.render import map as web_map

    hostile = "<img src=x onerror=alert(1)>"
    monkeypatch.setattr(web_map, "t", lambda key, lang, **params: hostile)
    rows = fixture_dataset.memberships
    marks = web_map.membership_marks(rows[rows["partnership_id"] == "vitality"], "en")
    assert len(marks) == MEMBERS["vitality"]
    assert all(mark == " (&lt;img src=x onerror=alert(1)&gt;)" for by in marks.values() for mark in by.values())


def test_the_cards_count_what_is_in_force_and_say_what_is_not(dataset):
    in_force = apply(dataset.memberships, in_force_only(FilterState(lang="fi", day=NEW_YEAR_2028)))
    cards = {
        card.partnership_id: card
        for card in partnership_cards(dataset.memberships, dataset.catalog, "fi", in_force=in_force, day=NEW_YEAR_2028)
    }
    assert not cards["ecosystem"].on_map and cards["ecosystem"].facts[0] == "Ei voimassa 1.1.2028"
    assert "Alkaen 9.2.2021" in cards["ecosystem"].caption  # its start still read from all its rows
    assert cards["vitality"].members == MEMBERS["vitality"] and cards["mal"].members == MEMBERS["mal"]
    today = {card.partnership_id: card for card in partnership_cards(dataset.memberships, dataset.catalog, "fi")}
    assert today["ecosystem"].members == MEMBERS["ecosystem"]


@pytest.mark.parametrize("text", ["2028-13-01", "yesterday", "2028-1-1", "1.1.2028", "2028-01-01T00:00"])
def test_a_malformed_date_is_ignored_with_a_notice(vocabulary, text):
    link = read_link({"date": text, "partnership": "mal"}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert state == FilterState(partnerships=("mal",))  # the day is today's
    assert [(n.parameter, n.value, n.reason) for n in notices] == [("date", text, "day.malformed")]
    for lang in LANGUAGES:
        assert text in t(f"url.{notices[0].reason}", lang, parameter="date", value=text)


def test_a_date_beyond_the_control_is_ignored_with_a_notice(vocabulary):
    for text in ["1899-12-31", "2100-01-01"]:
        link = read_link({"date": text}, vocabulary)
        state, notices = link.state, list(link.notices)
        assert state.day is None and [n.reason for n in notices] == ["day.out_of_range"]
    assert read_link({"date": FIRST_DAY.isoformat()}, vocabulary).state.day == FIRST_DAY
    assert read_link({"date": LAST_DAY.isoformat()}, vocabulary).state.day == LAST_DAY
    link = read_link({"date": "2" * 600}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert state.day is None and [n.reason for n in notices] == ["too_long"]


def test_a_link_with_a_date_round_trips(vocabulary):
    state = FilterState(lang="sv", partnerships=("mal", "vitality"), regions=("06",), day=NEW_YEAR_2028)
    params = to_query_params(state)
    assert params == {"lang": "sv", "partnership": "mal,vitality", "region": "06", "date": "2028-01-01"}
    assert read_link(params, vocabulary) == Link(state)


def test_today_is_no_date_in_the_link(vocabulary):
    """A view of today carries no `date=`: opened tomorrow, it shows tomorrow's memberships."""
    assert to_query_params(FilterState(lang="fi")) == {"lang": "fi"}
    link = read_link({"date": TODAY}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert notices == [] and state.day is None and "date" not in to_query_params(state)


def test_the_summary_and_the_file_name_name_the_day(dataset, vocabulary, in_2028):
    state = FilterState(lang="fi", partnerships=("mal",), day=NEW_YEAR_2028)
    mal = dataset.catalog.partnership("mal").name("fi")
    assert exports.filter_summary(state, vocabulary) == f"{mal} · Voimassa 1.1.2028"
    assert exports.filter_summary(FilterState(lang="en", day=NEW_YEAR_2028), vocabulary) == (
        "All partnerships · In force on 1.1.2028"
    )
    assert exports.filter_summary(FilterState(lang="sv"), vocabulary) == "Alla partnerskap"  # today: not said
    assert (
        exports.export_filename(state, "xlsx", date(2026, 11, 28)) == "partnerships_mal_date-2028-01-01_2026-11-28.xlsx"
    )
    assert exports.export_filename(FilterState(day=NEW_YEAR_2028), "csv", date(2026, 11, 28)) == (
        "partnerships_date-2028-01-01_2026-11-28.csv"
    )
    # The slide picture carries the summary, and the XLSX's about sheet.
    summary = exports.filter_summary(FilterState(lang="sv", day=NEW_YEAR_2028), vocabulary)
    points = prepare_geometry(dataset.cities, None)
    svg = render(in_2028, dataset.catalog, points, "sv", summary, "svg").decode("utf-8")
    assert "I kraft 1.1.2028" in svg
    exported = exports.export_rows(in_2028, dataset.catalog, "sv")
    about = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, dataset.catalog, summary, "sv"))).worksheets[1]
    assert summary in [cell.value for cell in about["B"]]


def test_the_interactive_map_download_carries_the_day_and_the_marks(dataset, vocabulary, in_2028):
    from components.render import html_map

    summary = exports.filter_summary(FilterState(lang="en", day=NEW_YEAR_2028), vocabulary)
    points = prepare_geometry(dataset.cities, None)
    page = html_map.interactive_map(in_2028, dataset.catalog, points, "en", summary).decode("utf-8")
    assert "In force on 1.1.2028" in page
    assert "(Planned, date not given)" in page and "(date not given)" in page  # the tooltips' marks
    assert '"ecosystem"' not in page  # no layer, no legend entry for what ended


def test_the_download_button_dates_the_file_by_the_view_day(dataset, vocabulary, monkeypatch):
    """The page's button (not only the module) makes a file "As of" the view's day."""
    from components.data.boundaries import BoundaryResult
    from components.data.population import Population
    from components.page import table
    from components.page.context import Loaded, PanelContext

    pressed = {}
    monkeypatch.setattr(table, "current_link", lambda state: "?date=2028-01-01")
    monkeypatch.setattr(table.st, "download_button", lambda label, data, **kwargs: pressed.update(data=data))
    state = FilterState(lang="en", day=NEW_YEAR_2028)
    points = prepare_geometry(dataset.cities, None)
    loaded = Loaded(dataset, dataset, vocabulary, BoundaryResult(None, None), points, Population(None, None))
    table.interactive_map_download(PanelContext(loaded, state), key="x")
    made = pressed["data"]().decode("utf-8")
    assert t("html_map.view_date", "en", date="1.1.2028") in made  # English writes days as fi and sv do
