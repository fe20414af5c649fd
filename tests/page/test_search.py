"""The search in the heading without a browser (AppTest): it chooses the city as the City
filter does (the link, the details), asks the map to name the city and to zoom to it once, looks
a typed name up, says when a name finds nothing, and shows whatever city is chosen elsewhere."""

from __future__ import annotations

import json

from components.page.keys import KEY_CITY, KEY_SEARCH
from tests.helpers.apptest import map_args, run_app

KAUNIAINEN, KUOPIO, HELSINKI = "235", "297", "091"


def map_calls(app) -> dict:
    """What the page asks of the map: the chosen city (finmap.highlight) and the frame it fits."""
    script = map_args(app)["feature_group"]

    def argument(call: str):
        if call not in script:
            return None
        start = script.index(call) + len(call)
        start = script.index(", ", start) + 2 if call != "finmap.frame(" else start
        return json.JSONDecoder().raw_decode(script, start)[0]

    return {"chosen": argument("finmap.highlight("), "frame": argument("finmap.frame(")}


def search(app):
    return app.selectbox(key=KEY_SEARCH)


def type_and_confirm(app, text: str):
    """What the browser sends when a name is typed and confirmed that no option spells so: the
    text itself (the widget accepts new options)."""
    box = search(app)
    box.options.append(text)
    return box.set_value(text).run()


def test_choosing_in_the_search_selects_the_city_names_it_on_the_map_and_zooms_there_once(monkeypatch):
    app = run_app(monkeypatch, lang="en")
    assert search(app).value is None and search(app).placeholder.startswith("Find a municipality")
    assert "Kauniainen (Grankulla)" in search(app).options  # both names: either one finds it
    search(app).set_value(KAUNIAINEN).run()
    assert app.query_params["city"] == KAUNIAINEN and app.selectbox(key=KEY_CITY).value == KAUNIAINEN
    assert app.header[0].value == "Kauniainen"  # its details
    calls = map_calls(app)
    assert calls["chosen"]["code"] == KAUNIAINEN and calls["chosen"]["label"] == "Chosen: Kauniainen"
    first = calls["frame"]["focus"]
    assert first["bounds"][0][0] > 60.0 and first["bounds"][1][0] < 60.3  # Kauniainen, not Finland
    app.multiselect(key="statuses").set_value(["active"]).run()  # any later run: the same search
    assert map_calls(app)["frame"]["focus"] == first
    search(app).set_value(KUOPIO).run()  # a new search: a new number, so the map zooms again
    assert map_calls(app)["frame"]["focus"]["id"] == first["id"] + 1
    assert app.header[0].value == "Kuopio"


def test_a_typed_name_is_looked_up_and_one_that_finds_nothing_says_so(monkeypatch):
    app = run_app(monkeypatch, lang="fi")
    type_and_confirm(app, "Kauniainen/Grankulla")
    assert app.query_params["city"] == KAUNIAINEN and search(app).value == KAUNIAINEN
    assert map_calls(app)["chosen"]["label"] == "Valittu: Kauniainen"
    type_and_confirm(app, "Atlantis *x*")
    assert app.query_params["city"] == KAUNIAINEN and search(app).value == KAUNIAINEN  # the choice stays
    said = [caption.value for caption in app.caption if "Atlantis" in caption.value]
    assert said == ["Kumppanuuksien kunnista mikään ei ole nimeltään ”Atlantis \\*x\\*”."]  # as text
    app.run()
    assert not [caption for caption in app.caption if "Atlantis" in caption.value]  # said once


def test_the_search_shows_the_city_chosen_elsewhere_which_the_map_names_without_zooming(monkeypatch):
    app = run_app(monkeypatch, lang="sv", city=KUOPIO)  # a link
    assert search(app).value == KUOPIO
    assert map_calls(app)["chosen"]["label"] == "Vald: Kuopio" and "focus" not in map_calls(app)["frame"]
    app.selectbox(key=KEY_CITY).set_value(HELSINKI).run()  # the sidebar's City filter (as a press on the map)
    assert search(app).value == HELSINKI and map_calls(app)["chosen"]["label"] == "Vald: Helsingfors"
    assert "focus" not in map_calls(app)["frame"]


def test_clearing_the_search_closes_the_details(monkeypatch):
    app = run_app(monkeypatch, lang="en", city=KUOPIO)
    search(app).set_value(None).run()
    assert "city" not in app.query_params and app.selectbox(key=KEY_CITY).value is None
    assert "Kuopio" not in [subheader.value for subheader in app.header]
    assert map_calls(app)["chosen"] is None
