"""The page around the map, without a browser: the partnership cards (legend and filter), the
words of a presentation step, the open tab in the link, the overlap matrix's cell sizes and
the slide picture's notes."""

from __future__ import annotations

import pytest

from tests.helpers.apptest import layer_codes, run_app, shown

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


def test_choosing_a_card_filters_the_map_and_the_sidebar_follows(monkeypatch):
    app = run_app(monkeypatch)
    assert len([box for box in app.checkbox if box.key.startswith("pick_")]) == 8
    app.checkbox(key="pick_vitality").check().run()
    assert app.multiselect(key="partnerships").value == ["vitality"]
    assert layer_codes(app) == {"179", "297", "398"}
    assert app.query_params["partnership"] == "vitality"
    app.checkbox(key="pick_east-finland").check().run()
    assert app.multiselect(key="partnerships").value == ["vitality", "east-finland"]
    app.checkbox(key="pick_vitality").uncheck().run()
    assert app.multiselect(key="partnerships").value == ["east-finland"]
    # And the other way: the sidebar's filter ticks the cards.
    app.multiselect(key="partnerships").set_value(["strategic"]).run()
    assert app.checkbox(key="pick_strategic").value and not app.checkbox(key="pick_east-finland").value
    assert app.checkbox(key="pick_regional-cities").disabled


def test_a_link_opens_the_tab_it_names_and_the_open_tab_goes_into_the_link(monkeypatch):
    app = run_app(monkeypatch, tab="table", partnership="vitality")
    assert len(app.dataframe) == 1 and len(app.dataframe[0].value) == 3  # the table tab ran
    assert app.query_params["tab"] == "table"
    app.session_state["main_tabs"] = "Overlaps"
    app.run()
    assert app.query_params["tab"] == "overlaps"
    app.session_state["main_tabs"] = "Partnerships and sources"
    app.run()
    assert "tab" not in app.query_params  # the default tab keeps the link plain


def test_the_open_tab_stays_open_after_a_language_switch(monkeypatch):
    app = run_app(monkeypatch, tab="table")
    app.radio(key="lang").set_value("fi").run()
    assert app.session_state["main_tabs"] == "Taulukko ja lataukset"
    assert app.query_params["tab"] == "table" and len(app.dataframe) == 1


def test_an_unknown_tab_in_a_link_is_ignored_with_a_notice(monkeypatch):
    app = run_app(monkeypatch, tab="<b>nope</b>")
    assert any("“<b>nope</b>” for “tab” is not known" in shown(info.value) for info in app.info)
    assert not app.dataframe and "tab" not in app.query_params


def test_a_chosen_city_shows_its_details_beside_the_map_with_the_cards_under_them(monkeypatch):
    app = run_app(monkeypatch, city="167")
    assert app.header[0].value == "Joensuu"
    assert any("below the map" in markdown.value for markdown in app.markdown)  # the phone's cue
    app.button(key="close_details").click().run()
    assert app.selectbox(key="city").value is None
    assert "Joensuu" not in [header.value for header in app.header]
