"""Finding a municipality by what a person types in the heading's search, on the bundled
municipalities: either official name in any letter case, both names as lists write them, a
code; accents as typed; several equally good answers are not a guess."""

from __future__ import annotations

import pytest

from components.model.search import best_municipality, find_municipalities, municipality_names, query_parts

II, KAUNIAINEN, JARVENPAA, HELSINKI = "139", "235", "186", "091"


@pytest.fixture(scope="module")
def names(dataset):
    return municipality_names(dataset.cities)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Ijo", II),  # Ii in Swedish
        ("ijo", II),
        ("Ii", II),
        ("kauniainen", KAUNIAINEN),
        ("KAUNIAINEN", KAUNIAINEN),
        ("Grankulla", KAUNIAINEN),
        ("Kauniainen/Grankulla", KAUNIAINEN),  # as official lists write a bilingual name
        ("Kauniainen / Grankulla", KAUNIAINEN),
        ("Grankulla (Kauniainen)", KAUNIAINEN),  # as the Swedish page's options do
        ("Kauniainen - Grankulla", KAUNIAINEN),
        ("  järvenpää ", JARVENPAA),
        ("Träskända", JARVENPAA),
        ("Helsingfors", HELSINKI),
        ("91", HELSINKI),  # a municipality code, with or without its zeros
        ("235", KAUNIAINEN),
        ("Kaunia", KAUNIAINEN),  # the start of only one name
    ],
)
def test_a_typed_name_finds_its_municipality(names, typed, code):
    assert best_municipality(typed, names) == code
    assert find_municipalities(typed, names)[0] == code


def test_accents_count_as_typed(names):
    assert find_municipalities("Jarvenpaa", names) == []  # not Järvenpää
    assert best_municipality("Jarvenpaa", names) is None


def test_nothing_typed_or_an_unknown_name_finds_nothing(names):
    assert find_municipalities("", names) == [] and find_municipalities("   ", names) == []
    assert best_municipality("Atlantis", names) is None
    assert best_municipality("Kauniainen/Esbo", names) is None  # two names of two municipalities


def test_several_equally_good_answers_are_listed_but_none_is_chosen(names):
    found = find_municipalities("Lap", names)
    assert [names[code][0] for code in found] == ["Lapinlahti", "Lappeenranta"]
    assert best_municipality("Lap", names) is None


def test_a_whole_name_comes_before_names_that_start_or_hold_it(names):
    # "ii" is Ii's whole name, the start of Iitti's and inside Siilinjärvi's.
    assert [names[code][0] for code in find_municipalities("ii", names)] == ["Ii", "Iitti", "Siilinjärvi"]
    # Then alphabetically within each: "la" starts Lahti, Lapinlahti... and is inside Asikkala.
    found = [names[code][0] for code in find_municipalities("la", names)]
    assert found[:5] == ["Lahti", "Lapinlahti", "Lappeenranta", "Laukaa", "Asikkala"]


def test_each_municipality_has_its_finnish_and_its_different_swedish_name(names):
    assert names[KAUNIAINEN] == ("Kauniainen", "Grankulla")
    assert names["297"] == ("Kuopio",)  # the same in both languages: once


def test_a_query_splits_into_names_at_slashes_brackets_commas_and_spaced_dashes():
    assert query_parts("Kauniainen/Grankulla") == ["kauniainen", "grankulla"]
    assert query_parts("Ii (Ijo)") == ["ii", "ijo"]
    assert query_parts("Kauniainen – Grankulla") == ["kauniainen", "grankulla"]
    assert query_parts("Koski Tl") == ["koski tl"]  # a space or a hyphen inside a name keeps it whole
    assert query_parts("Mustasaari-Korsholm") == ["mustasaari-korsholm"]
