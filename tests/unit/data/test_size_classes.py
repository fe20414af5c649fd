"""Population size classes (README.md, "Population size classes"): the edges, their names in
every language, and the size filter, which narrows only with population figures."""

from __future__ import annotations

import pandas as pd
import pytest

from components.base.i18n import LANGUAGES
from components.data.population import (
    SIZE_CLASS_IDS,
    Population,
    in_size_classes,
    size_class,
    size_class_label,
)
from components.model.filters import FilterState, applied, apply, file_name_parts, unapplied

# Each bound belongs to the class above it (the lower bound is inclusive).
EDGES = [
    (0, "under-20k"),
    (19_999, "under-20k"),
    (20_000, "20-50k"),
    (49_999, "20-50k"),
    (50_000, "50-100k"),
    (99_999, "50-100k"),
    (100_000, "100-250k"),
    (249_999, "100-250k"),
    (250_000, "250k-plus"),
    (2_000_000, "250k-plus"),
]


@pytest.mark.parametrize(("people", "expected"), EDGES)
def test_each_bound_is_in_the_class_above_it(people, expected):
    assert size_class(people) == expected


def test_the_classes_are_named_with_their_bounds_in_each_language():
    nbsp = "\u00a0"
    assert [size_class_label(class_id, "en") for class_id in SIZE_CLASS_IDS] == [
        "Under 20,000 inhabitants",
        "20,000–49,999 inhabitants",
        "50,000–99,999 inhabitants",
        "100,000–249,999 inhabitants",
        "250,000 inhabitants or more",
    ]
    assert size_class_label("under-20k", "fi") == f"Alle 20{nbsp}000 asukasta"
    assert size_class_label("100-250k", "fi") == f"100{nbsp}000–249{nbsp}999 asukasta"
    assert size_class_label("250k-plus", "sv") == f"Minst 250{nbsp}000 invånare"
    for lang in LANGUAGES:  # five different names in each language
        assert len({size_class_label(class_id, lang) for class_id in SIZE_CLASS_IDS}) == 5


def test_a_municipality_without_a_figure_is_in_no_class():
    population = Population({"091": 684_018, "049": 19_999}, "test")
    codes = pd.Series(["091", "049", "588"], index=[3, 5, 8])
    assert in_size_classes(codes, ("250k-plus",), population).to_dict() == {3: True, 5: False, 8: False}
    assert in_size_classes(codes, ("under-20k", "250k-plus"), population).to_dict() == {3: True, 5: True, 8: False}


def test_the_largest_members_are_the_only_ones_of_250000_or_more(dataset, shared_population, shared_figures):
    """Checked against the shared figures: four municipalities of the data have 250,000 or more
    (Helsinki, Espoo, Tampere, Vantaa), not the six largest cities (Oulu and Turku have fewer)."""
    rows = apply(dataset.memberships, FilterState(sizes=("250k-plus",)), shared_population)
    assert set(rows["name_fi"]) == {"Helsinki", "Espoo", "Tampere", "Vantaa"}
    largest = {code for code, people in shared_figures.items() if people >= 250_000}
    assert set(rows["municipality_code"]) == largest
    assert shared_figures["564"] < 250_000 and shared_figures["853"] < 250_000  # Oulu, Turku


def test_without_figures_a_size_is_kept_but_narrows_nothing(fixture_dataset, shared_population):
    state = FilterState(lang="en", regions=("01",), sizes=("250k-plus",))
    off, failed = Population(None, None), Population(None, "http://127.0.0.1:9/wfs", reason="unreachable")
    for population in (None, off, failed):
        assert applied(state, population) == FilterState(lang="en", regions=("01",))
        assert unapplied(state, population) == {"sizes": ("250k-plus",)}
        uusimaa = apply(fixture_dataset.memberships, FilterState(regions=("01",)))
        assert apply(fixture_dataset.memberships, state, population).equals(uusimaa)
    # With figures it narrows, and the state is the chosen one.
    assert applied(state, shared_population) == state and unapplied(state, shared_population) == {}
    narrowed = apply(fixture_dataset.memberships, state, shared_population)
    assert set(narrowed["name_fi"]) == {"Helsinki", "Espoo", "Vantaa"}
    # The file name names a size only where it narrows.
    assert file_name_parts(applied(state, off)) == ["region-01"]
    assert file_name_parts(applied(state, shared_population)) == ["region-01", "size-250k-plus"]
