"""The link's own helpers (components/model/link.py); the link both ways is tested with the
filters (test_filters.py) and as properties (test_link_properties.py)."""

from __future__ import annotations

from components.model.link import _short


def test_a_value_a_notice_repeats_is_one_short_line():
    assert _short(["mal", "ecosystem"]) == "mal,ecosystem"
    assert _short("x" * 40) == "x" * 40
    assert _short("x" * 41) == "x" * 39 + "…"
    assert _short(["x" * 20, "y" * 20]) == "x" * 20 + "," + "y" * 18 + "…"


def test_the_fact_sheet_travels_in_the_link_and_back():
    from components.model.filters import FilterState
    from components.model.link import read_link, to_query_params

    state = FilterState(lang="sv", city="297", sheet=True)
    assert to_query_params(state) == {"lang": "sv", "city": "297", "sheet": "1"}
    assert read_link({"lang": "sv", "sheet": "yes"}).state.sheet is True
    link = read_link({"lang": "sv", "sheet": "maybe"})
    assert link.state.sheet is False
    assert "sheet" not in to_query_params(FilterState(lang="sv", city="297"))
