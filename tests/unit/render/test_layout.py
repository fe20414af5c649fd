"""The page around the map, without a browser: the partnership cards (legend and filter), the
words of a presentation step, the open tab in the link, the overlap matrix's cell sizes and
the slide picture's notes."""

from __future__ import annotations

import pytest

from components.data.population import Population
from components.model.cards import partnership_cards, step_description
from components.model.filters import FilterState, apply
from components.model.map import prepare_geometry
from components.render.overlaps import CELL_PX, COLUMN_PX, matrix_chart, membership_matrix
from components.render.slide import render
from tests.helpers.facts import MUNICIPALITIES, PARTNERSHIPS_ON_MAP

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


def test_one_card_per_partnership_with_its_facts(dataset):
    figures = Population({"091": 1000, "049": 2000, "092": 500}, "test")
    cards = partnership_cards(dataset.memberships, dataset.catalog, "en", chosen=["mal"], population=figures)
    assert [card.partnership_id for card in cards] == list(dataset.catalog.partnership_ids)
    by_id = {card.partnership_id: card for card in cards}
    strategic = by_id["strategic"]
    assert strategic.members == 6 and strategic.colour == "#0072B2" and not strategic.chosen
    assert strategic.facts == ["Municipalities: 6", "Active", "Since 16.11.2023", "Population: 3,500"]
    assert by_id["mal"].chosen and by_id["mal"].facts[0] == "City regions: 7, municipalities: 64"
    assert by_id["east-finland"].facts[1:3] == ["Planned", "Start date not confirmed"]
    # Members not confirmed: shown, but it cannot filter the map.
    assert not by_id["regional-cities"].on_map and by_id["regional-cities"].facts[0] == "Members not confirmed"


def test_cards_speak_the_page_language(dataset):
    (strategic, *_) = partnership_cards(dataset.memberships, dataset.catalog, "sv")
    assert strategic.name == "Strategiskt partnerskap med de sex största städerna"
    assert strategic.caption == "Kommuner: 6 · Aktiv · Sedan 16.11.2023"


def test_every_presentation_step_names_its_themes_status_period_and_members(dataset):
    catalog = dataset.catalog
    assert step_description(dataset.memberships, catalog, None, "en") == (
        f"Partnerships on the map: {PARTNERSHIPS_ON_MAP} · Municipalities: {MUNICIPALITIES}"
    )
    for partnership in catalog.partnerships:
        if not partnership.members_known:
            continue
        text = step_description(dataset.memberships, catalog, partnership.id, "en")
        for theme in partnership.themes:
            assert catalog.theme_label(theme, "en") in text, text
        if not partnership.themes:
            assert "Themes not confirmed" in text
        assert ("Active" if partnership.status == "active" else "Planned") in text
        assert "Since " in text or "Start date not confirmed" in text
        assert "Municipalities: " in text or "municipalities: " in text
    assert step_description(dataset.memberships, catalog, "vitality", "fi") == (
        "Teemat: Osaaminen, Liikkuminen · Kuntia: 3 · Toiminnassa · Aloituspäivää ei ole vahvistettu"
    )


@pytest.mark.parametrize("chosen", [("strategic", "vitality"), ("strategic", "vitality", "east-finland")])
def test_overlap_cells_keep_their_size_with_few_partnerships(dataset, chosen):
    rows = apply(dataset.memberships, FilterState(partnerships=chosen))
    spec = matrix_chart(membership_matrix(rows, dataset.catalog, "en"), "en").to_dict()
    assert spec["width"] == {"step": COLUMN_PX} and COLUMN_PX >= 18
    assert spec["height"] == {"step": CELL_PX} and CELL_PX >= 18
    assert spec["autosize"]["type"] == "pad"  # the labels get their room around the cells
    # Slanted names a column apart do not touch: their distance across the slant is a line's height.
    import math

    axis = spec["layer"][0]["encoding"]["x"]["axis"]
    assert COLUMN_PX * math.sin(math.radians(abs(axis["labelAngle"]))) >= axis["labelFontSize"] * 1.5


def test_the_slide_explains_numbers_only_when_it_draws_them(dataset):
    points = prepare_geometry(dataset.cities, None)
    one = apply(dataset.memberships, FilterState(partnerships=("strategic",)))
    svg = render(one, dataset.catalog, points, "en", "Strategic", "svg").decode("utf-8")
    assert "one ring per partnership" not in svg
    assert "Preventing gang crime" in svg and "Since 16.11.2023" in svg  # the legend's facts
    svg = render(dataset.memberships, dataset.catalog, points, "en", "All", "svg").decode("utf-8")
    assert "one ring per partnership" in svg


def test_a_card_gives_a_month_as_written_and_the_agreement_period(dataset):
    import pandas as pd

    rows = pd.DataFrame(
        {
            "partnership_id": ["mal", "mal", "urban-policy-group"],
            "municipality_code": ["837", "536", "091"],
            "group": ["Tampereen seutu", "Tampereen seutu", ""],
            "since": ["2024-09-23", "", "2023-10"],
            "period": ["2024–2035", "2024–2035", ""],
        }
    )
    cards = {card.partnership_id: card for card in partnership_cards(rows, dataset.catalog, "fi")}
    assert cards["mal"].facts == [
        "Kaupunkiseutuja: 1, kuntia: 2",
        "Toiminnassa",
        "Alkaen 23.9.2024",
        "Sopimuskausi 2024–2035",
    ]
    assert cards["urban-policy-group"].facts[2] == "Alkaen 10/2023"
