"""Every text of the slide picture (slide_texts), in the language asked for: title, footer with
the day, the data's date and the geometry's source, the legend's title and entries with their
facts and themes, the population line and the note on badges or rings."""

from __future__ import annotations

import re
from datetime import date

import pytest

from components.data.population import Population
from components.model.filters import FilterState, apply
from components.model.map import layer_plan, prepare_geometry
from components.render.slide import LegendEntry, render, slide_texts
from tests.helpers.html_maps import geometry_for

DAY = date(2027, 3, 1)  # the view's day, not the data's (7.12.2026) nor today
FIGURES = Population({"091": 1000, "049": 2000, "092": 500}, "test")
STRATEGIC_SV = LegendEntry(
    label="Strategiskt partnerskap med de sex största städerna (6)",
    facts="Kommuner: 6 · Aktiv · Sedan 16.11.2023 · Invånare: 3\u00a0500",
    themes="Förebyggande av gängbrottslighet, Brist på kompetent arbetskraft inom småbarnspedagogiken",
    colour="#0072B2",
    line="#0B2B78",
)
VITALITY_SV = LegendEntry(
    label="Livskraftspartnerskap (3)",
    facts="Kommuner: 3 · Aktiv · Startdatum inte bekräftat · Invånare: 0",
    themes="Kompetens, Rörlighet",
    colour="#E69F00",
    line="#6D560B",
)


@pytest.fixture(scope="module")
def points(dataset):
    return prepare_geometry(dataset.cities, None)


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


def texts(dataset, geometry, partnerships, population=None, lang="sv"):
    rows = apply(dataset.memberships, FilterState(partnerships=partnerships))
    plan = layer_plan(rows, dataset.catalog, geometry.by_code, lang)
    return slide_texts(rows, dataset.catalog, plan, geometry.has_polygons, lang, "Sammanfattning", population, DAY)


def test_the_slide_says_everything_in_swedish_with_the_population(dataset, points):
    said = texts(dataset, points, ("strategic", "vitality"), FIGURES)
    assert said.title == "Partnerskap mellan staten och städerna"
    assert said.summary == "Sammanfattning"
    assert said.footer.split(" · ") == [
        "1.3.2027",
        "Uppgifter per 7.12.2026",
        "Källor: arbets- och näringsministeriets pressmeddelande 23.5.2024 och de officiella sidor det hänvisar till",
        "Stadspunkter: GeoNames, CC BY 4.0",
    ]
    assert said.legend_title == "Partnerskap (kommuner), befolkning"
    assert said.entries == (STRATEGIC_SV, VITALITY_SV)
    assert said.covered == (
        "Befolkning sammanlagt 3\u00a0500 (100,0\u00a0% av Finlands befolkning)\n"
        "Statistikcentralen, befolkning 31.12.2024"
    )
    assert said.note is None  # no city is in both, so the picture has no badges or rings to explain


def test_without_population_the_slide_says_no_figure(dataset, points):
    said = texts(dataset, points, ("strategic", "vitality"))
    assert said.legend_title == "Partnerskap (kommuner)"
    assert said.covered is None
    assert [entry.facts for entry in said.entries] == [
        "Kommuner: 6 · Aktiv · Sedan 16.11.2023",
        "Kommuner: 3 · Aktiv · Startdatum inte bekräftat",
    ]
    assert said.entries[0].themes == STRATEGIC_SV.themes


def test_the_footer_names_the_boundaries_and_the_note_the_badges_on_polygons(dataset, polygons):
    said = texts(dataset, polygons, ("strategic", "mal"))
    assert said.footer.endswith(" · Gränser: Statistikcentralen / Lantmäteriverket, CC BY 4.0")
    assert said.note == "Ett tal på en kommun anger i hur många\nav de visade partnerskapen den deltar."


def test_on_points_a_city_in_two_partnerships_gets_the_rings_note(dataset, points):
    said = texts(dataset, points, ("strategic", "mal"))
    assert said.note == "En stad i flera av de visade partnerskapen\nhar en ring per partnerskap."


def test_an_empty_selection_has_no_legend_title(dataset, points):
    said = texts(dataset, points, ("no-such-partnership",), FIGURES)
    assert said.entries == () and said.legend_title is None


def test_the_same_slide_in_english(dataset, points):
    said = texts(dataset, points, ("vitality",), FIGURES, lang="en")
    assert said.title == "State–city partnerships in Finland"
    assert said.footer.startswith("1.3.2027 · Data as of 7.12.2026 · Sources: ")
    assert said.entries[0].label == "Vitality partnership (3)"
    assert said.entries[0].themes == "Competence (regional level), Physical activity (liikkuminen, rörlighet)"


def test_the_slide_file_carries_the_texts_in_its_language_and_its_description(dataset, points):
    """What render() hands on: the picture drawn in Swedish on the view's day with the population,
    the text alternative with the summary and the figures; PNG unless asked otherwise."""
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic", "vitality")))
    args = (rows, dataset.catalog, points, "sv", "Sammanfattning av vyn")
    svg = render(*args, "svg", population=FIGURES, today=DAY, text_as_text=True).decode("utf-8")
    drawn = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)) + " ".join(re.findall(r">([^<>]+)</tspan>", svg))
    assert "Partnerskap mellan staten och städerna" in drawn
    assert "1.3.2027" in drawn and "Befolkning sammanlagt" in drawn
    description = re.search(r"<dc:description>(.*?)</dc:description>", svg, re.S)[1]
    assert "Sammanfattning av vyn" in description and "3\u00a0500" in description
    assert render(*args).startswith(b"\x89PNG")
