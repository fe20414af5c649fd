"""The bundled files are well formed and agree with the official reference boundaries."""

from __future__ import annotations

import json
import re

from components.data.catalog import bundled_catalog
from components.data.memberships import CITIES_PATH, PARTNERSHIPS_PATH, load_cities, validate_partnerships
from tests.helpers.facts import swedish_names_from_the_classification
from tests.helpers.paths import FACTS, ROOT, require


def test_bundled_partnerships_file_is_clean(dataset):
    # The facts themselves (members, dates, sources) are pinned in tests/unit/data/test_facts.py.
    assert dataset.problems == []
    assert len(dataset.memberships) == dataset.rows_in_file


def test_every_row_cites_a_source_listed_in_the_catalog_or_the_facts_sheet(dataset):
    facts_urls = set(re.findall(r"https?://[^\s)]+", require(FACTS).read_text(encoding="utf-8")))
    catalog_urls = {source.url for source in bundled_catalog().sources.values()}
    row_urls = set(dataset.memberships["source_url"])
    assert "" not in row_urls
    assert row_urls <= facts_urls, row_urls - facts_urls
    cited = row_urls | set(dataset.memberships["focus_areas_source_url"]) - {""}
    assert cited <= catalog_urls | facts_urls


def test_codes_and_names_match_the_official_reference(dataset, reference_municipalities):
    """The 2023 boundary file's names, except the Swedish names Statistics Finland's classification
    gives where that file repeats the Finnish one (facts U9: Ii = Ijo, ...)."""
    swedish = swedish_names_from_the_classification(require(FACTS).read_text(encoding="utf-8"))
    assert swedish == {"Ii": "Ijo", "Iitti": "Itis", "Laukaa": "Laukas", "Mynämäki": "Virmo"}
    official = {
        row.NATCODE: (row.NAMEFIN, swedish.get(row.NAMEFIN, row.NAMESWE or row.NAMEFIN))
        for row in reference_municipalities.itertuples()
    }
    for row in dataset.memberships.itertuples():
        assert official[row.municipality_code] == (row.name_fi, row.name_sv), row.municipality_code
    cities = dataset.cities.set_index("municipality_code")
    for code, (name_fi, name_sv) in official.items():
        if code in cities.index:
            assert (cities.at[code, "name_fi"], cities.at[code, "name_sv"]) == (name_fi, name_sv), code


def test_cities_file_has_exactly_the_referenced_municipalities(dataset):
    cities, problems = load_cities()
    assert problems == []
    assert set(cities["municipality_code"]) == set(dataset.memberships["municipality_code"])
    assert cities["municipality_code"].is_unique
    assert (cities.geometry.geom_type == "Point").all()


def test_every_city_point_lies_inside_its_own_municipality(reference_municipalities):
    cities, _ = load_cities()
    joined = cities.sjoin(reference_municipalities[["NATCODE", "geometry"]], how="left", predicate="within")
    wrong = joined[joined["NATCODE"] != joined["municipality_code"]]
    assert wrong.empty, wrong[["municipality_code", "name_fi", "NATCODE"]].to_string()


def test_every_city_region_matches_the_official_regions(reference_regions):
    cities, _ = load_cities()
    joined = cities.sjoin(reference_regions[["NATCODE", "NAMEFIN", "geometry"]], how="left", predicate="within")
    wrong = joined[joined["NATCODE"] != joined["region_code"]]
    assert wrong.empty, wrong[["municipality_code", "region_code", "NATCODE"]].to_string()
    assert (joined["region_fi"] == joined["NAMEFIN"]).all()


def test_the_build_script_reproduces_the_committed_cities_file():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_cities", ROOT / "scripts" / "build_cities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == json.loads(CITIES_PATH.read_text(encoding="utf-8"))


def test_bundled_file_bytes_are_utf8_comma_separated_with_exact_header():
    raw = PARTNERSHIPS_PATH.read_bytes()
    header = raw.decode("utf-8").splitlines()[0].split(",")
    assert header == [
        "partnership_id", "municipality_code", "name_fi", "name_sv", "group", "themes", "status",
        "since", "until", "period", "source_url", "note", "note_fi", "note_sv",
        "members_source_url", "members_source_label", "focus_areas", "focus_areas_source_url",
        "until_earliest",
    ]  # fmt: skip
    result = validate_partnerships(raw, bundled_catalog(), load_cities()[0])
    assert result.rows["municipality_code"].str.fullmatch(r"\d{3}").all()
