"""The bundled data is true to the facts sheet and to the official reference boundaries."""

from __future__ import annotations

import json
import re

import pytest

from components.catalog import bundled_catalog
from components.data import CITIES_PATH, PARTNERSHIPS_PATH, load_cities, load_dataset, validate_partnerships
from tests.conftest import FACTS, ROOT, require

EXPECTED_MEMBERS = {
    "strategic": {"Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku"},
    "vitality": {"Jyväskylä", "Kuopio", "Lahti"},
    "growth-cities": {
        "Pori", "Rovaniemi", "Mikkeli", "Porvoo", "Salo", "Kotka", "Kokkola", "Hyvinkää", "Kajaani",
        "Kouvola", "Vaasa", "Hämeenlinna", "Seinäjoki",
    },
    "east-finland": {"Joensuu", "Lappeenranta", "Imatra"},
    "ecosystem": {
        "Helsinki", "Espoo", "Vantaa", "Tampere", "Turku", "Oulu", "Rovaniemi", "Vaasa", "Joensuu", "Kuopio",
        "Jyväskylä", "Lappeenranta", "Imatra", "Lahti", "Pori", "Seinäjoki", "Mikkeli", "Kajaani", "Sotkamo",
        "Kokkola",
    },
    "urban-policy-group": {
        "Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku", "Jyväskylä", "Lahti", "Kuopio", "Pori",
        "Kouvola", "Joensuu", "Lappeenranta", "Vaasa", "Hämeenlinna", "Seinäjoki", "Rovaniemi", "Mikkeli",
        "Kotka", "Salo", "Porvoo", "Kokkola", "Kajaani",
    },
}  # fmt: skip
EXPECTED_MAL = {
    "Helsingin seutu": {
        "Espoo", "Helsinki", "Hyvinkää", "Järvenpää", "Kauniainen", "Kerava", "Kirkkonummi", "Mäntsälä",
        "Nurmijärvi", "Pornainen", "Sipoo", "Tuusula", "Vantaa", "Vihti",
    },
    "Tampereen seutu": {"Kangasala", "Lempäälä", "Nokia", "Orivesi", "Pirkkala", "Tampere", "Vesilahti", "Ylöjärvi"},
    "Oulun seutu": {"Hailuoto", "Ii", "Kempele", "Liminka", "Lumijoki", "Muhos", "Oulu", "Tyrnävä"},
    "Kuopion seutu": {"Kuopio", "Lapinlahti", "Leppävirta", "Siilinjärvi", "Suonenjoki", "Tuusniemi"},
    "Turun seutu": {
        "Aura", "Kaarina", "Lieto", "Masku", "Mynämäki", "Naantali", "Nousiainen", "Paimio", "Parainen",
        "Raisio", "Rusko", "Sauvo", "Turku",
    },
    "Jyväskylän seutu": {
        "Hankasalmi", "Jyväskylä", "Laukaa", "Muurame", "Petäjävesi", "Toivakka", "Uurainen", "Äänekoski",
    },
    "Lahden seutu": {"Asikkala", "Heinola", "Hollola", "Iitti", "Kärkölä", "Lahti", "Orimattila"},
}  # fmt: skip
OMITTED_FROM_SWEDISH_RELEASE = {"Kouvola", "Vaasa", "Hämeenlinna", "Seinäjoki"}


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def members(frame, partnership_id):
    return set(frame.loc[frame["partnership_id"] == partnership_id, "name_fi"])


def test_bundled_partnerships_file_is_clean(dataset):
    assert dataset.problems == []
    assert len(dataset.memberships) == dataset.rows_in_file == 132


@pytest.mark.parametrize("partnership_id", sorted(EXPECTED_MEMBERS))
def test_members_follow_the_facts_sheet(dataset, partnership_id):
    assert members(dataset.memberships, partnership_id) == EXPECTED_MEMBERS[partnership_id]


def test_mal_agreements_have_seven_city_regions_with_all_members(dataset):
    mal = dataset.memberships[dataset.memberships["partnership_id"] == "mal"]
    found = {group: set(rows["name_fi"]) for group, rows in mal.groupby("group")}
    assert found == EXPECTED_MAL


def test_the_four_cities_missing_from_the_swedish_release_are_marked(dataset):
    growth = dataset.memberships[dataset.memberships["partnership_id"] == "growth-cities"]
    marked = set(growth.loc[growth["note"].str.contains("Not named in the Swedish release"), "name_fi"])
    assert marked == OMITTED_FROM_SWEDISH_RELEASE
    discrepancy = bundled_catalog().partnership("growth-cities").discrepancy.en
    assert "nine" in discrepancy and "twelve" in discrepancy and "thirteen" in discrepancy


def test_eastern_finland_partnership_is_planned_and_others_active(dataset):
    statuses = {pid: set(rows["status"]) for pid, rows in dataset.memberships.groupby("partnership_id")}
    assert statuses.pop("east-finland") == {"planned"}
    assert all(value == {"active"} for value in statuses.values())


def test_regional_cities_group_exists_without_mapped_members(dataset):
    regional = bundled_catalog().partnership("regional-cities")
    assert regional.members_known is False
    assert members(dataset.memberships, "regional-cities") == set()
    # Every other cooperation form has its members on the map.
    with_rows = set(dataset.memberships["partnership_id"])
    assert with_rows == {p.id for p in bundled_catalog().partnerships if p.members_known}


def test_every_row_cites_a_source_named_in_the_facts_sheet(dataset):
    facts_urls = set(re.findall(r"https?://[^\s)]+", require(FACTS).read_text(encoding="utf-8")))
    row_urls = set(dataset.memberships["source_url"])
    assert "" not in row_urls
    assert row_urls <= facts_urls, row_urls - facts_urls
    catalog_urls = {source.url for source in bundled_catalog().sources.values()}
    assert catalog_urls <= facts_urls, catalog_urls - facts_urls


def test_codes_and_names_match_the_official_reference(dataset, reference_municipalities):
    official = {row.NATCODE: (row.NAMEFIN, row.NAMESWE or row.NAMEFIN) for row in reference_municipalities.itertuples()}
    for row in dataset.memberships.itertuples():
        assert official[row.municipality_code] == (row.name_fi, row.name_sv), row.municipality_code


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
    ]  # fmt: skip
    result = validate_partnerships(raw, bundled_catalog(), load_cities()[0])
    assert result.rows["municipality_code"].str.fullmatch(r"\d{3}").all()
