"""In force on a date (`?date=YYYY-MM-DD`, the sidebar's date control): the map, the counts, the
cards, the table and every download show the memberships in force on the chosen day; undated
ones stay, marked "date not given", planned ones stay marked planned; a malformed date is
ignored with a notice. Run headless with Streamlit's AppTest, and through the functions the
page calls; the browser test is tests/browser/test_in_force.py."""

from __future__ import annotations

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from components.base.i18n import t
from components.model.filters import FilterState, apply
from harness.load_client import drawn_layers, headline
from tests.helpers.apptest import run_app, shown
from tests.helpers.facts import IN_FORCE_2028, MEMBERS, MEMBERSHIP_ROWS, NEW_YEAR_2028, TODAY

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


@pytest.fixture(scope="module")
def in_2028(dataset):
    return apply(dataset.memberships, FilterState(lang="en", day=NEW_YEAR_2028))


def shown_codes(app: AppTest) -> dict[str, list[str]]:
    (component,) = app.get("component_instance")
    return drawn_layers(json.loads(component.proto.json_args))


def counts_line(app: AppTest) -> dict[str, str]:
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    return line


def test_the_page_of_a_date_link(monkeypatch, dataset, in_2028):
    app = run_app(monkeypatch, date="2028-01-01", lang="fi")
    control = app.date_input(key="day")
    assert control.label == "Voimassa" and control.value == NEW_YEAR_2028
    layers = shown_codes(app)
    assert "ecosystem" not in layers and sum(map(len, layers.values())) == IN_FORCE_2028
    assert counts_line(app)["Kunnat"] == str(in_2028["municipality_code"].nunique())
    assert "**Voimassa 1.1.2028**" in [markdown.value for markdown in app.markdown]
    assert app.query_params["date"] == "2028-01-01"
    assert not app.info  # nothing in the link was ignored
    captions = [shown(caption.value) for caption in app.caption]
    assert "Ei voimassa 1.1.2028 · Alkaen 9.2.2021 · Sopimuskausi 2021–2027" in captions
    # The table tab lists the same rows, the undated ones marked.
    app.session_state["main_tabs"] = t("tabs.table", "fi")
    app.run()
    table = app.dataframe[0].value
    assert len(table) == IN_FORCE_2028
    marked = table[table["Kumppanuus"] == dataset.catalog.partnership("vitality").name("fi")]
    assert set(marked["Alkaen"]) == {"päivämäärä ei tiedossa"}


def test_choosing_a_day_in_the_control_and_resetting(monkeypatch):
    app = run_app(monkeypatch, lang="en")
    assert app.date_input(key="day").value == date.fromisoformat(TODAY)
    assert "date" not in app.query_params  # today is not written into the link
    app.date_input(key="day").set_value(NEW_YEAR_2028).run()
    assert app.query_params["date"] == "2028-01-01"
    assert sum(map(len, shown_codes(app).values())) == IN_FORCE_2028
    assert "**In force on 1.1.2028**" in [markdown.value for markdown in app.markdown]
    (reset,) = [button for button in app.button if button.label == t("filters.reset", "en")]
    reset.click().run()
    assert app.date_input(key="day").value == date.fromisoformat(TODAY)
    assert "date" not in app.query_params and sum(map(len, shown_codes(app).values())) == MEMBERSHIP_ROWS


def test_a_malformed_date_link_shows_today_with_a_notice(monkeypatch):
    app = run_app(monkeypatch, date="2028-13-01", lang="sv")
    assert any("”2028-13-01”" in shown(info.value) and "ÅÅÅÅ-MM-DD" in shown(info.value) for info in app.info)
    assert app.date_input(key="day").value == date.fromisoformat(TODAY)
    assert "date" not in app.query_params
    assert sum(map(len, shown_codes(app).values())) == MEMBERSHIP_ROWS


def test_switching_the_language_keeps_the_day(monkeypatch):
    app = run_app(monkeypatch, date="2028-01-01", lang="en")
    app.radio(key="lang").set_value("sv").run()
    assert app.date_input(key="day").value == NEW_YEAR_2028 and app.query_params["date"] == "2028-01-01"
    assert "**I kraft 1.1.2028**" in [markdown.value for markdown in app.markdown]


def test_presentation_mode_counts_and_says_the_day(monkeypatch, in_2028):
    app = run_app(monkeypatch, date="2028-01-01", lang="en", present="1")
    cities = in_2028["municipality_code"].nunique()
    step = f"**In force on 1.1.2028 · Partnerships on the map: {len(MEMBERS) - 1} · Municipalities: {cities}**"
    assert step in [markdown.value for markdown in app.markdown]
    assert sum(map(len, shown_codes(app).values())) == IN_FORCE_2028
    assert app.query_params["date"] == "2028-01-01" and app.query_params["present"] == "1"


def test_a_control_left_on_today_follows_the_calendar(monkeypatch):
    """A page left open over midnight shows the new day's memberships, and its link stays plain."""
    app = run_app(monkeypatch, lang="fi")
    assert app.date_input(key="day").value == date.fromisoformat(TODAY)
    monkeypatch.setenv("FINMAP_TODAY", "2028-01-01")
    app.run()
    assert app.date_input(key="day").value == NEW_YEAR_2028
    assert "date" not in app.query_params
    assert sum(map(len, shown_codes(app).values())) == IN_FORCE_2028
    # A day chosen in the control stays chosen when the calendar moves on.
    app.date_input(key="day").set_value(date(2027, 6, 1)).run()
    monkeypatch.setenv("FINMAP_TODAY", "2028-01-02")
    app.run()
    assert app.date_input(key="day").value == date(2027, 6, 1) and app.query_params["date"] == "2027-06-01"
