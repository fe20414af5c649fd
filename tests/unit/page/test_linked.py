"""Linked selection without a browser: what each selection (table rows, a matrix cell, a bar of
the counts) highlights, how a highlight follows the filters and opens details, the words that
say it, its colours, and what the page sends the map (AppTest)."""

from __future__ import annotations

import pytest

from components.base.colours import LINKED, LINKED_CASING, linked_contrast
from components.model.filters import FilterState, apply
from components.page import linked
from components.page.linked import Highlight
from components.render import overlaps


def test_table_rows_give_their_municipalities_once_and_ignore_stale_positions():
    table_codes = ("091", "049", "091", "837")  # Helsinki twice: two partnerships
    assert linked.codes_from_table_rows(table_codes, [0, 2]) == ("091",)
    assert linked.codes_from_table_rows(table_codes, [3, 1]) == ("049", "837")
    assert linked.codes_from_table_rows(table_codes, [1, 9, -1]) == ("049",)  # a row that no longer exists
    assert linked.codes_from_table_rows(table_codes, []) == ()


def test_table_rows_are_those_of_the_table_as_given(fixture_dataset):
    """Streamlit reports rows by their place in the data it was given: the table's order."""
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("growth-cities",)))
    table_codes = tuple(rows["municipality_code"])
    assert linked.codes_from_table_rows(table_codes, [0, 2]) == tuple(sorted({table_codes[0], table_codes[2]}))


def test_a_matrix_cell_gives_its_municipality():
    cells = [{"municipality_code": "837"}, {"municipality_code": "091"}, {"municipality_code": "837"}, {}]
    assert linked.codes_from_matrix_cells(cells) == ("091", "837")
    assert linked.codes_from_matrix_cells([]) == ()


def test_a_partnership_bar_gives_its_members_among_the_rows(fixture_dataset):
    rows = fixture_dataset.memberships
    vitality = set(rows.loc[rows["partnership_id"] == "vitality", "municipality_code"])
    assert set(linked.codes_in_partnerships(rows, ["vitality"])) == vitality == {"179", "297", "398"}
    both = set(rows.loc[rows["partnership_id"].isin(["vitality", "east-finland"]), "municipality_code"])
    assert set(linked.codes_in_partnerships(rows, ["vitality", "east-finland"])) == both
    # Only the rows shown: with a region filter, the bar holds that region's members.
    north_savo = rows[rows["region_code"] == "11"]
    assert linked.codes_in_partnerships(north_savo, ["vitality"]) == ("297",)


def test_a_theme_bar_gives_the_municipalities_with_that_theme(fixture_dataset):
    rows = fixture_dataset.memberships
    gang_crime = rows.loc[rows["themes"].str.contains("gang-crime"), "municipality_code"]
    assert set(linked.codes_with_themes(rows, ["gang-crime"])) == set(gang_crime) and len(set(gang_crime)) == 6
    assert linked.codes_with_themes(rows, ["no-such-theme"]) == ()
    # "culture" is the growth cities' theme: every growth city, and no one else.
    growth = set(rows.loc[rows["partnership_id"] == "growth-cities", "municipality_code"])
    assert set(linked.codes_with_themes(rows, ["culture"])) == growth


def test_chart_selections_are_read_from_streamlits_selection_state():
    state = {"selection": {overlaps.BAR_SELECTION: [{"partnership_id": "mal"}, {"partnership_id": "vitality"}]}}
    points = linked.chosen_points(state, overlaps.BAR_SELECTION)
    assert linked.chosen_values(points, "partnership_id") == ["mal", "vitality"]
    assert linked.chosen_points({"selection": {}}, overlaps.BAR_SELECTION) == []
    assert linked.chosen_points(None, overlaps.MATRIX_SELECTION) == []


def test_the_charts_carry_the_selections_that_are_read_back(fixture_dataset):
    rows = fixture_dataset.memberships
    catalog = fixture_dataset.catalog
    matrix = overlaps.matrix_chart(overlaps.membership_matrix(rows, catalog, "en"), "en").to_dict()
    assert _point_param(matrix) == {"name": overlaps.MATRIX_SELECTION, "fields": ["municipality_code"]}
    bars = overlaps.bar_chart(overlaps.partnership_counts(rows, catalog, "en"), "en", ["#000000"] * 7).to_dict()
    assert _point_param(bars) == {"name": overlaps.BAR_SELECTION, "fields": ["partnership_id"]}
    themes = overlaps.bar_chart(overlaps.theme_counts(rows, catalog, "en"), "en").to_dict()
    assert _point_param(themes) == {"name": overlaps.BAR_SELECTION, "fields": ["theme"]}


def _point_param(spec: dict) -> dict:
    (param,) = spec["params"]
    return {"name": param["name"], "fields": param["select"]["fields"]}


def test_a_filter_change_keeps_only_what_is_still_shown():
    highlight = Highlight(("049", "091", "837"), "table")
    assert linked.still_shown(highlight, ["091", "049", "837", "853"]) is highlight
    assert linked.still_shown(highlight, ["091", "853"]) == Highlight(("091",), "table")
    assert linked.still_shown(highlight, ["853"]) is None  # the highlighted rows are gone
    assert linked.still_shown(None, ["091"]) is None


def test_only_a_single_municipality_opens_details():
    assert linked.details_code(Highlight(("091",), "matrix")) == "091"
    assert linked.details_code(Highlight(("049", "091"), "table")) is None
    assert linked.details_code(None) is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "2 municipalities (from the table): Espoo, Helsinki."),
        ("fi", "2 kuntaa (taulukosta): Espoo, Helsinki."),
        ("sv", "2 kommuner (ur tabellen): Esbo, Helsingfors."),
    ],
)
def test_the_status_says_how_many_from_where_and_which(lang, expected):
    names = {"en": {"091": "Helsinki", "049": "Espoo"}, "fi": {"091": "Helsinki", "049": "Espoo"}}
    names["sv"] = {"091": "Helsingfors", "049": "Esbo"}
    assert linked.status_text(Highlight(("049", "091"), "table"), names[lang], lang) == expected


def test_the_status_counts_a_long_list_without_naming_it():
    codes = tuple(f"{n:03d}" for n in range(linked.NAMES_LISTED + 1))
    text = linked.status_text(Highlight(codes, "partnership"), {}, "en")
    assert text == f"{len(codes)} municipalities (from the chart “Municipalities per partnership”)."
    assert linked.status_text(Highlight(("091",), "theme"), {"091": "Helsinki"}, "fi").startswith("1 kunta (")


def test_the_highlight_stands_out_from_everything_it_can_lie_on():
    contrast = linked_contrast(layers=4)
    assert contrast["line vs casing"] >= 3.0, contrast
    assert contrast["line or casing vs surroundings (min)"] >= 3.0, contrast
    assert LINKED != LINKED_CASING


def test_every_source_of_a_highlight_has_its_words_and_its_widget():
    assert set(linked.SOURCE_WORDS) == set(linked.SOURCES) == {"table", "matrix", "partnership", "theme"}
