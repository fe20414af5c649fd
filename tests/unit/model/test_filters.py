"""FilterState: which rows a filter keeps, and the round trip through the URL."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from components.base.i18n import LANGUAGES, t
from components.data.catalog import bundled_catalog
from components.model.filters import (
    FILTERS,
    FilterState,
    _has_any_theme,
    _in_size_classes,
    apply,
    available_themes,
    build_vocabulary,
    column_is_one_of,
    file_name_parts,
    in_words,
)
from components.model.link import Link, Notice, read_link, to_query_params
from tests.helpers.filter_examples import FILTER_EXAMPLES


@pytest.fixture
def vocabulary(fixture_dataset):
    return build_vocabulary(fixture_dataset.catalog, fixture_dataset.cities, fixture_dataset.memberships)


def codes(rows):
    return set(rows["municipality_code"])


def test_no_filter_keeps_every_row(fixture_dataset):
    assert len(apply(fixture_dataset.memberships, FilterState(lang="en"))) == fixture_dataset.rows_in_file == 49


def test_partnership_filter_keeps_its_members_only(fixture_dataset):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("vitality", "east-finland")))
    assert set(rows["name_fi"]) == {"Jyväskylä", "Kuopio", "Lahti", "Lappeenranta", "Imatra"}


def test_theme_filter_matches_any_chosen_theme(fixture_dataset):
    rows = apply(fixture_dataset.memberships, FilterState(themes=("culture", "gang-crime")))
    assert set(rows["partnership_id"]) == {"growth-cities", "strategic"}
    assert len(rows) == 3 + 6  # Hyvinkää, Mikkeli, Kajaani + the six largest


def test_status_region_and_city_filters(fixture_dataset):
    planned = apply(fixture_dataset.memberships, FilterState(statuses=("planned",)))
    assert set(planned["partnership_id"]) == {"east-finland"}
    uusimaa = apply(fixture_dataset.memberships, FilterState(regions=("01",)))
    assert "091" in codes(uusimaa) and "853" not in codes(uusimaa)
    helsinki = apply(fixture_dataset.memberships, FilterState(city="091"))
    assert set(helsinki["partnership_id"]) == {"strategic", "mal", "ecosystem", "urban-policy-group"}


def test_filters_combine(fixture_dataset):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("mal",), regions=("06",)))
    assert set(rows["group"]) == {"Tampereen seutu"} and set(rows["name_fi"]) == {"Tampere"}


def test_themes_offered_follow_the_chosen_partnerships():
    catalog = bundled_catalog()
    assert available_themes(catalog, ["strategic"]) == ["gang-crime", "ecec-workforce"]
    assert available_themes(catalog, ["east-finland"]) == []
    assert len(available_themes(catalog, [])) == len(catalog.themes)


def test_url_round_trip_restores_the_same_state(vocabulary):
    state = FilterState(
        lang="sv",
        partnerships=("growth-cities", "mal"),
        themes=("culture",),
        statuses=("active",),
        regions=("01", "02"),
        city="106",
    )
    params = to_query_params(state)
    assert params == {
        "lang": "sv",
        "partnership": "growth-cities,mal",
        "theme": "culture",
        "status": "active",
        "region": "01,02",
        "city": "106",
    }
    link = read_link(params, vocabulary)
    restored, notices = link.state, list(link.notices)
    assert restored == state and notices == []


def test_names_are_accepted_in_links(vocabulary):
    link = read_link({"city": "Helsingfors", "region": "Nyland,Pirkanmaa", "lang": "FI"}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert notices == []
    assert (state.city, state.regions, state.lang) == ("091", ("01", "06"), "fi")


def test_unknown_and_hostile_parameters_are_ignored_with_notices(vocabulary):
    link = read_link(
        {
            "partnership": "strategic,<script>alert(1)</script>",
            "theme": "culture",  # not a theme of 'strategic'
            "city": "x" * 600,
            "utm_source": "mail",
            "lang": "de",
        },
        vocabulary,
    )
    state, notices = link.state, list(link.notices)
    assert state == FilterState(lang="en", partnerships=("strategic",))
    assert {(n.parameter, n.reason) for n in notices} == {
        ("partnership", "unknown_value"),
        ("theme", "not_in_partnerships"),
        ("city", "too_long"),
        ("utm_source", "unknown_parameter"),
        ("lang", "unknown_value"),
    }
    assert all(len(n.value) <= 40 for n in notices)


def test_default_language_comes_from_finmap_lang(vocabulary, monkeypatch):
    monkeypatch.setenv("FINMAP_LANG", "sv")
    link = read_link({}, vocabulary)
    state, _ = link.state, list(link.notices)
    assert state.lang == "sv"
    monkeypatch.setenv("FINMAP_LANG", "klingon")
    assert read_link({}, vocabulary).state.lang == "en"


# ----------------------------------------------------------------------------- the filter table


def test_every_filter_has_an_example_here():
    assert set(FILTER_EXAMPLES) == {spec.name for spec in FILTERS}


def test_filter_state_has_a_field_per_filter_plus_language_day_presentation_and_sheet():
    names = [field.name for field in dataclasses.fields(FilterState)]
    assert names == ["lang", *(spec.name for spec in FILTERS), "day", "present", "sheet"]
    assert FilterState(lang="fi") == FilterState(lang="fi", partnerships=(), themes=(), city=None)


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.name)
def test_each_filter_travels_through_the_url_alone(spec, vocabulary):
    state = FilterState(lang="fi", **{spec.name: FILTER_EXAMPLES[spec.name]})
    params = to_query_params(state)
    assert set(params) == {"lang", spec.param}
    assert read_link(params, vocabulary) == Link(state)


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.name)
def test_each_filter_keeps_only_matching_rows(spec, fixture_dataset, shared_population):
    state = FilterState(**{spec.name: FILTER_EXAMPLES[spec.name]})
    rows = apply(fixture_dataset.memberships, state, shared_population)
    assert 0 < len(rows) < len(fixture_dataset.memberships)
    assert rows.index.isin(fixture_dataset.memberships.index).all()
    # The rows it drops are exactly those whose column does not match.
    matched = spec.match(fixture_dataset.memberships, spec.values(state), shared_population)
    assert list(rows.index) == list(fixture_dataset.memberships.index[matched])


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.name)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_filter_has_its_texts_in_every_language(spec, lang, vocabulary):
    assert t(spec.label, lang) and t(spec.placeholder, lang)
    offered = spec.offered(vocabulary, {}, lang)
    assert offered, spec.name
    names = [spec.in_words(vocabulary, lang)(value) for value in offered]
    assert all(name and name != value for name, value in zip(names, offered, strict=True))


@pytest.mark.parametrize("spec", FILTERS, ids=lambda spec: spec.name)
def test_each_filter_offers_values_its_link_accepts(spec, vocabulary):
    read = spec.from_link(spec, vocabulary)
    assert all(read(value) == value for value in spec.offered(vocabulary, {}, "sv"))
    assert read("no-such-value") is None


def test_summary_and_file_name_name_every_chosen_filter(vocabulary):
    named = ("partnerships", "themes", "statuses", "regions", "city", "groups", "sizes")  # a new filter adds to the end
    state = FilterState(lang="sv", **{name: FILTER_EXAMPLES[name] for name in named})
    assert in_words(state, vocabulary, "none") == (
        "Partnerskapet mellan de medelstora växande städerna, MBT-avtal (markanvändning, boende och trafik)"
        " · Kultur · Aktiv · Nyland · Hyvinge (Hyvinkää)"
        " · Helsingin seutu – MBT-avtal (markanvändning, boende och trafik)"
        " · 20\u00a0000–49\u00a0999 invånare"
    )
    assert file_name_parts(state) == [
        "growth-cities+mal",
        "theme-culture",
        "status-active",
        "region-01",
        "city-106",
        "group-Helsingin seutu",  # the file name keeps its letters and digits (exports.export_filename)
        "size-20-50k",
    ]
    assert in_words(FilterState(lang="fi"), vocabulary, "none") == "none" and file_name_parts(FilterState()) == []


def test_the_group_filter_offers_the_chosen_partnerships_groups_and_drops_others_from_a_link(
    vocabulary, fixture_dataset
):
    from components.model.filters import FILTER_BY_NAME
    from components.model.link import Notice

    groups = FILTER_BY_NAME["groups"]
    mal = groups.offered(vocabulary, {"partnerships": ("mal",)}, "fi")
    assert mal and all(vocabulary.groups[group] == "mal" for group in mal)
    assert groups.offered(vocabulary, {"partnerships": ("growth-cities",)}, "fi") == []  # it has no groups
    assert set(groups.offered(vocabulary, {}, "fi")) == set(vocabulary.groups) >= {"Helsingin seutu", "PKS"}
    link = read_link({"partnership": "growth-cities", "group": "helsingin SEUTU"}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert state.groups == () and notices == [Notice("group", "Helsingin seutu", "group.not_in_partnerships")]
    link = read_link({"partnership": "mal", "group": "helsingin SEUTU"}, vocabulary)
    state, notices = link.state, list(link.notices)
    assert state.groups == ("Helsingin seutu",) and notices == []
    rows = fixture_dataset.memberships
    kept = apply(rows, state)
    assert set(kept["group"]) == {"Helsingin seutu"} and set(kept["partnership_id"]) == {"mal"}
    assert len(kept) == (rows["group"] == "Helsingin seutu").sum()


def test_the_link_is_read_in_one_place_with_its_tab_language_and_presentation(vocabulary):
    link = read_link({"lang": "sv", "tab": "Timeline", "present": "yes", "partnership": "mal"}, vocabulary)
    got = (link.state.lang, link.state.present, link.state.partnerships, link.tab)
    assert got == ("sv", True, ("mal",), "timeline")
    unknown = read_link({"tab": "nowhere"}, vocabulary)
    assert unknown.tab is None and unknown.notices == (Notice("tab", "nowhere", "unknown_value"),)
    # Before the data is loaded (the page's title and layout): the language and presentation
    # mode only, the filters at "all", and no notices yet (they come with the vocabulary).
    early = read_link({"lang": "fi", "present": "1", "partnership": "mal", "tab": "nowhere"})
    assert (early.state.lang, early.state.present, early.state.partnerships, early.notices) == ("fi", True, (), ())
    assert to_query_params(link.state, "timeline")["tab"] == "timeline"
    assert "tab" not in to_query_params(link.state)  # the default tab: a plain link stays plain


def test_the_filter_state_has_one_field_per_filter_in_the_filters_order():
    fields = {field.name: field for field in dataclasses.fields(FilterState)}
    assert list(fields) == ["lang", *(spec.name for spec in FILTERS), "day", "present", "sheet"]
    for spec in FILTERS:
        assert fields[spec.name].default == spec.empty, spec.name
        assert fields[spec.name].type == ("str | None" if spec.single else "tuple[str, ...]"), spec.name
    assert FilterState(city="091").without_city() == FilterState()


def test_a_column_filter_keeps_the_rows_that_hold_one_of_the_chosen_values():
    # FILTERS builds its matchers once, on import; this calls the builder itself.
    rows = pd.DataFrame({"status": ["active", "planned", "active"]})
    assert list(column_is_one_of("status")(rows, ("planned",))) == [False, True, False]


def test_the_theme_filter_keeps_rows_with_any_chosen_theme_in_their_own_order():
    rows = pd.DataFrame({"themes": ["housing;culture", None, "culture"]}, index=[5, 7, 9])
    kept = _has_any_theme(rows, ("housing", "mobility"))
    assert kept.to_dict() == {5: True, 7: False, 9: False}
    assert kept.dtype == bool


def test_the_size_filter_without_population_figures_keeps_no_row():
    # apply() never asks it so (applied() drops the size filter first); the matcher holds to it alone.
    rows = pd.DataFrame({"municipality_code": ["091", "837"]}, index=[4, 8])
    kept = _in_size_classes(rows, ("under-20k",), None)
    assert kept.to_dict() == {4: False, 8: False}
    assert kept.dtype == bool
