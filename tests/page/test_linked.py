"""Linked selection without a browser: what each selection (table rows, a matrix cell, a bar of
the counts) highlights, how a highlight follows the filters and opens details, the words that
say it, its colours, and what the page sends the map (AppTest)."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from components.page.keys import KEY_HIGHLIGHT
from components.page.linked import Highlight
from tests.helpers.apptest import open_page
from tests.helpers.paths import ROOT


def run_app(monkeypatch, highlight: Highlight | None = None, **query) -> AppTest:
    monkeypatch.setenv("FINMAP_BOUNDARIES", "off")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    open_page(app)
    if highlight is not None:
        app.session_state[KEY_HIGHLIGHT] = highlight
        app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def linked_layer(app: AppTest) -> list[str] | None:
    """The codes the page asks the map to outline (finmap.linked), or None."""
    (component,) = app.get("component_instance")
    script = json.loads(component.proto.json_args)["feature_group"]
    marker = "finmap.linked("
    if marker not in script:
        return None
    call = script[script.index(marker) :]
    return json.loads(call[call.index(", ") + 2 : call.index(");")])


def test_a_highlight_reaches_the_map_and_the_legend_and_is_said_under_the_map(monkeypatch):
    app = run_app(monkeypatch, Highlight(("049", "091"), "table"))
    assert linked_layer(app) == ["049", "091"]
    (component,) = app.get("component_instance")
    assert "Highlighted (2)" in json.loads(component.proto.json_args)["layer_control"]
    said = [m.value for m in app.markdown if "Highlighted on the map" in m.value]
    assert len(said) == 1 and "Espoo" in said[0] and "Helsinki" in said[0], said
    assert "Helsinki" not in [s.value for s in app.header]  # two municipalities: no details
    app.button(key="clear_highlight_map").click().run()
    assert linked_layer(app) is None and app.session_state[KEY_HIGHLIGHT] is None


def test_one_highlighted_municipality_opens_its_details_without_changing_the_filters(monkeypatch):
    app = run_app(monkeypatch, Highlight(("167",), "matrix"), partnership="east-finland")
    assert app.header[0].value == "Joensuu"
    assert app.selectbox(key="city").value is None  # the table keeps its rows
    assert "city" not in app.query_params  # and the link its view
    app.button(key="close_highlight_details").click().run()  # closing the details ends the highlight
    assert "Joensuu" not in [s.value for s in app.header]
    assert linked_layer(app) is None


def test_a_filter_that_drops_the_highlighted_municipalities_clears_the_highlight(monkeypatch):
    app = run_app(monkeypatch, Highlight(("167", "179"), "table"))  # Joensuu (Eastern Finland), Jyväskylä
    assert linked_layer(app) == ["167", "179"]
    app.multiselect(key="partnerships").set_value(["east-finland"]).run()
    assert linked_layer(app) == ["167"]  # Jyväskylä is no longer on the map
    assert app.header[0].value == "Joensuu"  # and the one left opens its details
    app.multiselect(key="partnerships").set_value(["vitality"]).run()
    assert linked_layer(app) is None and app.session_state[KEY_HIGHLIGHT] is None


def test_presentation_mode_shows_no_highlight(monkeypatch):
    app = run_app(monkeypatch, Highlight(("091",), "table"), present="1")
    assert linked_layer(app) is None
