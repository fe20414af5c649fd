"""The fact sheet in the page: opened by its link or the button beside the details, closed back
to the map; the briefing pack's button in the table tab, and its cap."""

from __future__ import annotations

import pytest

from components.base.i18n import t
from tests.helpers.apptest import run_app


def sheet_html(app) -> str:
    return "\n".join(element.proto.body for element in app.get("html") if "fact-sheet" in element.proto.body)


@pytest.mark.parametrize(
    ("lang", "heading"), [("fi", "Kuopio: kumppanuudet valtion kanssa"), ("sv", "Kuopio: partnerskap med staten")]
)
def test_the_link_opens_the_sheet_in_place_of_the_map(monkeypatch, lang, heading):
    app = run_app(monkeypatch, lang=lang, city="297", sheet="1")
    html = sheet_html(app)
    assert f"<h1>{heading}</h1>" in html
    assert not app.get("component_instance")  # no map: the sheet is the page
    assert app.query_params.get("sheet") == "1" and app.query_params.get("city") == "297"
    assert [b.label for b in app.button if b.key == "close_sheet"] == [t("sheet.back", lang)]
    app.button(key="close_sheet").click().run()
    assert "sheet" not in app.query_params and not sheet_html(app)
    assert app.get("component_instance")  # the map is back, the city still chosen
    assert app.query_params.get("city") == "297"


def test_the_details_button_opens_the_sheet(monkeypatch):
    app = run_app(monkeypatch, lang="en", city="091")
    assert not sheet_html(app)
    app.button(key="open_sheet").click().run()
    assert "<h1>Helsinki: partnerships with the state</h1>" in sheet_html(app)
    assert app.query_params.get("sheet") == "1"


def test_a_sheet_without_a_city_says_what_to_do(monkeypatch):
    app = run_app(monkeypatch, lang="en", sheet="1")
    assert [info.value for info in app.info if info.value == t("sheet.no_city", "en")]


def test_the_table_tab_offers_the_pack_and_refuses_one_over_the_cap(monkeypatch):
    app = run_app(monkeypatch, lang="en", tab="table", partnership="strategic")
    labels = [button.label for button in app.button]
    assert t("pack.button", "en", sheets="6 fact sheets") in labels
    monkeypatch.setattr("components.page.fact_sheet.MAX_PACK_SHEETS", 5)
    app = run_app(monkeypatch, lang="en", tab="table", partnership="strategic")
    assert t("pack.button", "en", sheets="6 fact sheets") not in [button.label for button in app.button]
    assert t("pack.too_many", "en", limit="5 fact sheets", municipalities="6 municipalities") in [
        info.value for info in app.info
    ]
