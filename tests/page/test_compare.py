"""The partnerships side by side (components/render/compare.py, components/page/compare.py), without a
browser: one small map per shown partnership with the right members, in both geometry modes, all
at one extent and scale; the slide picture's size and titles; data text escaped; the Compare tab
and the presentation's compare step through Streamlit's AppTest."""

from __future__ import annotations

from components.data.memberships import load_dataset
from tests.helpers.apptest import layer_codes, run_app
from tests.helpers.facts import members_in_csv


def test_the_compare_tab_draws_a_small_map_per_partnership_and_its_button_opens_it(monkeypatch):
    app = run_app(monkeypatch, tab="compare")
    expected = members_in_csv()
    charts = app.get("vega_lite_chart")
    assert len(charts) == len(expected)
    app.button(key="compare_open_vitality").click().run()  # the keyboard's way: the button with its name
    assert app.query_params["partnership"] == "vitality" and app.query_params["tab"] == "compare"
    assert layer_codes(app) == expected["vitality"]  # the main map shows it
    assert len(app.get("vega_lite_chart")) == 1


def test_presentation_ends_with_the_partnerships_side_by_side(monkeypatch):
    app = run_app(monkeypatch, present="1", lang="sv", partnership="urban-policy-group")
    app.button(key="present_next").click().run()
    assert app.title[0].value == "Partnerskapen sida vid sida"
    assert app.query_params == {"lang": "sv", "present": "1", "tab": "compare"}  # the step is a link
    assert len(app.get("vega_lite_chart")) == len(members_in_csv())
    assert app.button(key="present_next").disabled
    assert {button.key for button in app.get("download_button")} >= {"compare_download_png", "compare_download_svg"}
    app.button(key="present_previous").click().run()
    assert app.query_params == {"lang": "sv", "present": "1", "partnership": "urban-policy-group"}
    linked = run_app(monkeypatch, present="1", tab="compare")
    assert linked.title[0].value == "The partnerships side by side"
    linked.button(key="compare_open_mal").click().run()  # a small map opens its partnership's step
    assert linked.title[0].value == load_dataset().catalog.partnership("mal").name("en")
    assert linked.query_params == {"lang": "en", "partnership": "mal", "present": "1"}
