"""Population from Statistics Finland: both schemas, every way the source can fail ending in a
reason, the cache, the Pertunmaa merger, number formats, and the population a selection covers
checked against sums computed here from the shared file (no figure of it is written down here
except the national total)."""

from __future__ import annotations

import csv
import io
import json
import os
import time
import zipfile
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest

from components.base.i18n import LANGUAGES, format_count, format_share, strings
from components.data import sources
from components.data.population import (
    MAX_DOWNLOAD_MB,
    MAX_ROWS,
    Population,
    configured_source,
    configured_year,
    covered,
    covered_by_partnership,
    details_lines,
    load_population,
    source_name,
    statfi_wfs_url,
    without_figure_notes,
)
from components.render.exports import export_rows, table_display, table_view, to_csv, to_geojson, to_xlsx
from components.render.slide import alt_text
from tests.helpers.facts import people_and_share
from tests.helpers.paths import POPULATION, require
from tests.helpers.servers import BoundaryServer, closed_port

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def project_codes(dataset) -> list[str]:
    return list(dataset.cities["municipality_code"])


@pytest.fixture
def figures(project_codes, tmp_path) -> Population:
    result = load_population(str(require(POPULATION)), required_codes=project_codes, cache_dir=tmp_path)
    assert result.reason is None, result.message("en")
    return result


def as_csv(rows: list[dict[str, object]], header: list[str] | None = None) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header or list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def as_wfs(rows: list[dict[str, str]]) -> bytes:
    """The shared rows as Statistics Finland's WFS answers with propertyName=kunta,nimi,vaesto:
    GeoJSON features without geometry, the figures as JSON numbers."""
    features = [
        {
            "type": "Feature",
            "id": f"kunta_vaki2024.{index}",
            "geometry": None,
            "properties": {"kunta": row["municipality_code"], "nimi": row["name_fi"], "vaesto": int(row["population"])},
        }
        for index, row in enumerate(rows)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features, "numberReturned": len(rows)}).encode()


def test_configured_source_follows_the_environment():
    assert configured_source({"FINMAP_POPULATION": "off"}) is None
    assert configured_source({"FINMAP_POPULATION": "/data/vaesto.csv"}) == "/data/vaesto.csv"
    assert configured_source({}) == statfi_wfs_url(2024)
    assert "typeName=vaestoalue:kunta_vaki2023" in configured_source({"FINMAP_POPULATION_YEAR": "2023"})
    assert configured_year({"FINMAP_POPULATION_YEAR": "2023"}) == 2023
    assert configured_year({"FINMAP_POPULATION_YEAR": "soon"}) == 2024


def test_the_default_source_asks_statistics_finland_for_code_name_and_population_only():
    url = statfi_wfs_url(2024)
    assert url.startswith("https://geo.stat.fi/geoserver/vaestoalue/wfs?")
    assert "typeName=vaestoalue:kunta_vaki2024" in url
    assert "propertyName=kunta,nimi,vaesto" in url  # no geometry
    assert "outputFormat=application/json" in url


def test_the_default_source_without_network_gives_a_reason_quickly(project_codes, tmp_path, monkeypatch):
    monkeypatch.delenv("FINMAP_POPULATION")  # the conftest guard refuses the connection
    started = time.monotonic()
    result = load_population(required_codes=project_codes, cache_dir=tmp_path)
    assert result.figures is None and result.reason in ("unreachable", "timeout")
    assert time.monotonic() - started < 10.5


def test_off_means_no_figures_and_no_complaint(tmp_path):
    result = load_population("off", cache_dir=tmp_path)
    assert result.figures is None and result.message("en") is None


def test_the_shared_file_gives_every_municipality_and_finlands_total(figures, shared_figures):
    assert figures.figures == shared_figures
    assert len(figures.figures) == 308
    # Statistics Finland, "Finland in Figures 2025": "At the end of 2024, the population of
    # Finland was 5,635,971 persons" (../shared/facts/population-2024.md, check 2).
    assert figures.total == 5_635_971
    assert figures.attribution("en") == "Statistics Finland, population on 31.12.2024"
    assert figures.attribution("fi") == "Tilastokeskus, väestö 31.12.2024"
    assert figures.attribution("sv") == "Statistikcentralen, befolkning 31.12.2024"


def test_statistics_finland_wfs_schema_over_http_gives_the_same_figures(shared_rows, project_codes, tmp_path):
    server = BoundaryServer({"/wfs": (200, as_wfs(shared_rows), 0)})
    try:
        from_wfs = load_population(f"{server.url}/wfs", required_codes=project_codes, cache_dir=tmp_path / "a")
    finally:
        server.close()
    from_csv = load_population(str(POPULATION), required_codes=project_codes, cache_dir=tmp_path / "b")
    assert from_wfs.reason is None
    assert from_wfs.figures == from_csv.figures


def test_a_semicolon_csv_with_statistics_finland_names_is_read(shared_rows, project_codes, tmp_path):
    text = "kunta;nimi;vaesto\n" + "".join(
        f"{r['municipality_code']};{r['name_fi']};{r['population']}\n" for r in shared_rows
    )
    path = tmp_path / "vaesto.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = load_population(str(path), required_codes=project_codes, cache_dir=tmp_path / "cache")
    assert result.reason is None and result.total == 5_635_971


def edited(shared_rows, change) -> list[dict[str, object]]:
    rows = [dict(row) for row in shared_rows]
    change(rows)
    return rows


def _set(index: int, **values):
    return lambda rows: as_csv(edited(rows, lambda r: r[index].update(**values)))


def _helsinki_renamed(rows):
    """Helsinki's row under a code no municipality on the map has: the source does not know 091."""
    return as_csv(
        edited(rows, lambda r: next(x for x in r if x["municipality_code"] == "091").update(municipality_code="999"))
    )


def _too_many_rows(rows):
    return as_csv(
        [{"municipality_code": f"{n % 1000:03d}", "name_fi": "x", "population": "1"} for n in range(MAX_ROWS + 1)]
    )


def _in_thousands(rows):
    """Every figure in thousands (a table published as "1 000 persons"): Finland's total 5,636."""
    for row in rows:
        row["population"] = str(round(int(row["population"]) / 1000))


def _four_inflated(rows):
    """Four municipalities of 1.9 million each: each under the per-municipality bound, the total
    over the national one."""
    for row in rows[:4]:
        row["population"] = "1900000"


def _all_in_helsinki(rows):
    for row in rows:
        row["population"] = "5600000" if row["municipality_code"] == "091" else "0"


# case -> (the reason expected, the bad source made from the shared rows)
BAD_CSV = {
    "wrong_schema": ("wrong_schema", lambda rows: as_csv(rows, ["municipality_code", "name_fi"])),
    "not_integer": ("not_integer", _set(5, population="12.5")),
    "bad_code": ("bad_code", _set(5, municipality_code="12A")),
    "duplicate_code": ("duplicate_code", lambda rows: as_csv(edited(rows, lambda r: r.append(dict(r[0]))))),
    "negative": ("negative", _set(5, population="-1")),
    "unknown_municipalities": ("unknown_municipalities", _helsinki_renamed),
    "implausible_total": ("implausible_total", lambda rows: as_csv(edited(rows, _four_inflated))),
    "figures_in_thousands": ("implausible_total", lambda rows: as_csv(edited(rows, _in_thousands))),
    # 5,000 digits: int() of such a string raises in Python; it was the error box for everyone.
    "five_thousand_digits": ("not_integer", _set(5, population="9" * 5000)),
    # Helsinki with the whole country, every other municipality 0: the total looks right.
    "one_municipality_with_everyone": ("implausible_figure", lambda rows: as_csv(edited(rows, _all_in_helsinki))),
    "too_many_rows": ("too_many_rows", _too_many_rows),
    "malformed": ("malformed", lambda rows: b"\xff\xfe not text"),
    "malformed_nesting": ("malformed", lambda rows: b"[" * 100_000 + b"]" * 100_000),
    "properties_not_a_record": ("wrong_schema", lambda rows: json.dumps({"features": [{"properties": [1]}]}).encode()),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_a_bad_file_gives_no_figures_and_a_reason(shared_rows, project_codes, tmp_path, case):
    path = tmp_path / "bad.csv"
    reason, make = BAD_CSV[case]
    path.write_bytes(make(shared_rows))
    result = load_population(str(path), required_codes=project_codes, cache_dir=tmp_path / "cache")
    assert result.figures is None
    assert result.reason == reason
    for lang in LANGUAGES:
        assert result.message(lang), lang
    assert not (tmp_path / "cache").exists(), "nothing is cached from a failed load"


def test_the_reason_names_what_is_wrong(shared_rows, project_codes, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD_CSV["unknown_municipalities"][1](shared_rows))
    message = load_population(str(path), required_codes=project_codes, cache_dir=tmp_path).message("en")
    assert "091" in message and "no population is shown" in message
    path.write_bytes(BAD_CSV["implausible_total"][1](shared_rows))
    message = load_population(str(path), required_codes=project_codes, cache_dir=tmp_path).message("fi")
    total = 5_635_971 - sum(int(row["population"]) for row in shared_rows[:4]) + 4 * 1_900_000
    assert format_count(total, "fi") in message and NBSP in message  # in Finnish number format


def test_a_file_too_large_is_not_read(tmp_path):
    path = tmp_path / "huge.csv"
    path.write_bytes(b"municipality_code,name_fi,population\n" + b" " * (MAX_DOWNLOAD_MB * 1024 * 1024 + 1))
    result = load_population(str(path), cache_dir=tmp_path / "cache")
    assert result.figures is None and result.reason == "too_large"


def test_a_missing_file_gives_a_reason(tmp_path):
    result = load_population(str(tmp_path / "nope.csv"), cache_dir=tmp_path)
    assert result.reason == "missing_file" and str(tmp_path) in result.message("sv")


@pytest.fixture(scope="module")
def server(shared_rows):
    wrong_schema = json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None,
                               "properties": {"kunta": "091", "nimi": "Helsinki"}}]}).encode()  # fmt: skip
    running = BoundaryServer(
        {
            "/wfs": (200, as_wfs(shared_rows), 0),
            "/hang": (200, as_wfs(shared_rows), 30),
            "/garbage": (200, b"<html>maintenance</html>", 0),
            "/truncated": (200, as_wfs(shared_rows)[:5000], 0),
            "/wrong-schema": (200, wrong_schema, 0),
            "/error": (503, b"busy", 0),
            "/huge": (200, b"{" + b" " * (MAX_DOWNLOAD_MB * 1024 * 1024 + 10), 0),
        }
    )
    yield running
    running.close()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/garbage", "malformed"),
        ("/truncated", "malformed"),
        ("/wrong-schema", "wrong_schema"),
        ("/error", "http_error"),
        ("/huge", "too_large"),
    ],
)
def test_bad_answers_give_reasons(server, project_codes, tmp_path, path, reason):
    result = load_population(f"{server.url}{path}", required_codes=project_codes, cache_dir=tmp_path)
    assert result.figures is None and result.reason == reason
    assert result.message("en").endswith("no population is shown.")
    assert not list(tmp_path.iterdir())


def test_a_hanging_server_times_out(server, tmp_path):
    started = time.monotonic()
    result = load_population(f"{server.url}/hang", cache_dir=tmp_path, timeout=1.5)
    assert result.figures is None and result.reason == "timeout"
    assert time.monotonic() - started < 3.0
    assert "within 2 s" in result.message("en")  # 1.5 s, rounded


def test_a_closed_port_is_unreachable(tmp_path):
    result = load_population(f"http://127.0.0.1:{closed_port()}/wfs", cache_dir=tmp_path)
    assert result.figures is None and result.reason == "unreachable"
    assert "väestöä ei näytetä" in result.message("fi")


def test_a_second_load_comes_from_the_cache_even_when_the_server_is_gone(shared_rows, project_codes, tmp_path):
    server = BoundaryServer({"/wfs": (200, as_wfs(shared_rows), 0)})
    url = f"{server.url}/wfs"
    first = load_population(url, required_codes=project_codes, cache_dir=tmp_path)
    server.close()
    second = load_population(url, required_codes=project_codes, cache_dir=tmp_path)
    assert not first.from_cache and second.from_cache
    assert second.figures == first.figures
    assert [p.name.startswith("population-") and p.suffix == ".json" for p in tmp_path.iterdir()] == [True]


def test_a_corrupt_cache_file_is_replaced(project_codes, tmp_path):
    source = str(require(POPULATION))
    load_population(source, required_codes=project_codes, cache_dir=tmp_path)
    (cache_file,) = tmp_path.iterdir()
    cache_file.write_text('{"091": "many"}', encoding="utf-8")
    result = load_population(source, required_codes=project_codes, cache_dir=tmp_path)
    assert not result.from_cache and result.total == 5_635_971
    assert load_population(source, required_codes=project_codes, cache_dir=tmp_path).from_cache


def test_a_failed_cache_write_leaves_no_half_written_file(project_codes, tmp_path, monkeypatch):
    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    result = load_population(str(require(POPULATION)), required_codes=project_codes, cache_dir=tmp_path)
    assert result.total == 5_635_971  # the page still gets its figures
    assert list(tmp_path.iterdir()) == []


def test_pertunmaa_has_no_figure_and_says_why(figures, shared_figures):
    assert "588" not in shared_figures  # the source follows the division of 1.1.2025
    assert figures.of("588") is None
    assert details_lines("588", figures, "en") == [
        "Pertunmaa joined Mäntyharju on 1.1.2025: Statistics Finland counts its people under Mäntyharju, "
        "so it has no figure of its own and none is made up."
    ]
    assert all("Pertunmaa" in line or "Mäntyharju" in line for line in details_lines("588", figures, "fi"))
    assert not any(char.isdigit() for char in details_lines("588", figures, "sv")[0].replace("1.1.2025", ""))
    # Mäntyharju's figure is shown whole, and says it includes Pertunmaa.
    lines = details_lines("507", figures, "en")
    people, share = shared_figures["507"], shared_figures["507"] / sum(shared_figures.values())
    figure, percent = format_count(people, "en"), format_share(share, "en")
    assert lines[0] == f"Population {figure}, {percent} of Finland (Statistics Finland, population on 31.12.2024)"
    assert "includes Pertunmaa" in lines[1]


def test_a_selection_with_pertunmaa_counts_mantyharju_once_and_splits_nothing(figures, shared_figures):
    rows = pd.DataFrame({"partnership_id": ["x", "x", "y"], "municipality_code": ["588", "507", "507"]})
    coverage = covered(rows, figures)
    assert coverage.people == shared_figures["507"]
    assert coverage.without_figure == ("588",)
    (note,) = without_figure_notes(coverage, figures, "sv")
    assert note.startswith("Pertunmaa gick samman med Mäntyharju 1.1.2025")


def test_a_source_that_still_has_pertunmaa_shows_its_own_figure(shared_rows, tmp_path):
    rows = [dict(row) for row in shared_rows] + [
        {"municipality_code": "588", "name_fi": "Pertunmaa", "population": "1"}
    ]
    path = tmp_path / "older.csv"
    path.write_bytes(as_csv(rows))
    result = load_population(str(path), required_codes=["588", "507"], cache_dir=tmp_path / "cache")
    assert result.of("588") == 1
    assert result.note("588") is None and result.note("507") is None


def test_a_project_municipality_merged_away_does_not_reject_the_source(figures, project_codes, tmp_path):
    result = load_population(str(POPULATION), required_codes=[*project_codes, "588"], cache_dir=tmp_path / "other")
    assert result.reason is None


@pytest.mark.parametrize(
    ("lang", "count", "share"),
    [
        ("fi", f"1{NBSP}234{NBSP}567", f"34,4{NBSP}%"),
        ("sv", f"1{NBSP}234{NBSP}567", f"34,4{NBSP}%"),
        ("en", "1,234,567", "34.4%"),
    ],
)
def test_numbers_in_each_languages_format(lang, count, share):
    assert format_count(1_234_567, lang) == count
    assert format_share(0.3441, lang) == share
    assert format_count(999, lang) == "999"
    assert format_share(0.00001, lang).replace(NBSP, " ") == ("<0.1%" if lang == "en" else "< 0,1 %")


def test_every_population_text_exists_in_every_language():
    keys = {lang: {key for key in strings(lang) if key.startswith("population.")} for lang in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    assert len(keys["en"]) > 20


@pytest.mark.parametrize("selection", [("strategic",), ("mal",), ("strategic", "mal", "growth-cities"), ()])
def test_covered_counts_each_municipality_once(dataset, figures, shared_figures, selection):
    rows = dataset.memberships
    if selection:
        rows = rows[rows["partnership_id"].isin(selection)]
    people, share = people_and_share(shared_figures, rows["municipality_code"])
    coverage = covered(rows, figures)
    assert (coverage.people, coverage.share) == (people, share)
    assert coverage.without_figure == ()


def test_a_municipality_in_several_partnerships_is_counted_once(dataset, figures, shared_figures):
    rows = dataset.memberships[dataset.memberships["partnership_id"].isin(["strategic", "mal"])]
    per_partnership = sum(c.people for c in covered_by_partnership(rows, figures).values())
    assert "091" in set(rows.loc[rows["partnership_id"] == "strategic", "municipality_code"]) & set(
        rows.loc[rows["partnership_id"] == "mal", "municipality_code"]
    )
    people, _share = people_and_share(shared_figures, rows["municipality_code"])
    assert covered(rows, figures).people == people < per_partnership


def test_covered_by_partnership_matches_the_shared_file(dataset, figures, shared_figures):
    by_partnership = covered_by_partnership(dataset.memberships, figures)
    for pid, members in dataset.memberships.groupby("partnership_id"):
        assert by_partnership[pid].people == people_and_share(shared_figures, members["municipality_code"])[0]
    text = by_partnership["strategic"].text("fi")
    people, share = people_and_share(
        shared_figures, dataset.memberships.query("partnership_id == 'strategic'")["municipality_code"]
    )
    assert text == f"{format_count(people, 'fi')} ({format_share(share, 'fi')} Suomen väestöstä)"


def test_without_figures_nothing_is_covered(dataset):
    none = Population(None, None)
    assert covered(dataset.memberships, none) is None
    assert covered_by_partnership(dataset.memberships, none) == {}
    assert details_lines("091", none, "en") == []


def test_every_export_has_a_population_column(dataset, figures, shared_figures):
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "strategic"]
    exported = export_rows(rows, dataset.catalog, "en", figures)
    assert list(exported["population"]) == [shared_figures[c] for c in rows["municipality_code"]]

    table = list(csv.DictReader(io.StringIO(to_csv(exported).decode("utf-8-sig"))))
    assert {r["municipality_code"]: int(r["population"]) for r in table} == {
        c: shared_figures[c] for c in rows["municipality_code"]
    }

    geometries = {code: {"type": "Point", "coordinates": [25.0, 61.0]} for code in rows["municipality_code"]}
    features = json.loads(to_geojson(exported, geometries))["features"]
    assert [f["properties"]["population"] for f in features] == [shared_figures[c] for c in rows["municipality_code"]]

    workbook = zipfile.ZipFile(io.BytesIO(to_xlsx(exported, dataset.catalog, "Strategic", "en", population=figures)))
    shared_strings = workbook.read("xl/sharedStrings.xml").decode()
    people, share = people_and_share(shared_figures, rows["municipality_code"])
    assert f"{format_count(people, 'en')} ({format_share(share, 'en')} of Finland's population)" in shared_strings
    assert "Statistics Finland, population on 31.12.2024" in shared_strings and "CC BY 4.0" in shared_strings
    assert "population-2024.csv" in shared_strings and str(POPULATION.parent) not in shared_strings
    assert "Population covered – Strategic partnership of the six largest cities" in shared_strings
    assert {r["population_source"] for r in table} == {"Statistics Finland, population on 31.12.2024"}
    assert {f["properties"]["population_source"] for f in features} == {"Statistics Finland, population on 31.12.2024"}
    sheet = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert f"<v>{shared_figures['091']}</v>" in sheet  # a number cell, not text

    view = table_view(exported, "sv")
    assert list(view["Befolkning"]) == [shared_figures[c] for c in rows["municipality_code"]]
    shown = table_display(view, "sv").to_html()
    assert all(format_count(shared_figures[c], "sv") in shown for c in rows["municipality_code"])


def test_exports_have_no_population_column_without_figures(dataset):
    exported = export_rows(dataset.memberships, dataset.catalog, "en", Population(None, None))
    assert "population" not in exported
    assert "Population" not in table_view(exported, "en")


def test_the_pictures_text_says_the_population_covered(dataset, figures, shared_figures):
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "mal"]
    text = alt_text(rows, dataset.catalog, "fi", "MAL", figures)
    people, share = people_and_share(shared_figures, rows["municipality_code"])
    assert f"Väestö yhteensä {format_count(people, 'fi')} ({format_share(share, 'fi')} Suomen väestöstä)" in text
    assert "Tilastokeskus, väestö 31.12.2024" in text
    assert "Väestö" not in alt_text(rows, dataset.catalog, "fi", "MAL", Population(None, None))


def test_the_overview_gives_each_partnerships_population(dataset, figures, shared_figures):
    from components.model.details import overview_markdown
    from components.model.wording import markdown_literal

    text = overview_markdown(dataset.memberships, dataset.catalog, "sv", figures)
    for pid, members in dataset.memberships.groupby("partnership_id"):
        people, share = people_and_share(shared_figures, members["municipality_code"])
        shown = f"{format_count(people, 'sv')} ({format_share(share, 'sv')} av Finlands befolkning)"
        assert f"Befolkning sammanlagt: {markdown_literal(shown)}" in text, pid
    assert "Befolkning" not in overview_markdown(dataset.memberships, dataset.catalog, "sv", Population(None, None))


def _age(cache_dir, seconds: float) -> None:
    """Make every cached copy `seconds` old."""
    for path in cache_dir.iterdir():
        then = time.time() - seconds
        os.utime(path, (then, then))


def test_a_poisoned_copy_does_not_outlive_the_fixed_source(shared_rows, project_codes, tmp_path):
    """A source that served Espoo with 600,000 more people (a plausible total) and was then
    fixed: within a day its copy is read again and the fixed figures replace the bad ones."""
    bad = edited(
        shared_rows, lambda rows: next(r for r in rows if r["municipality_code"] == "049").update(population="920931")
    )
    server = BoundaryServer({"/wfs": (200, as_csv(bad), 0)})
    url = f"{server.url}/wfs"
    try:
        assert load_population(url, required_codes=project_codes, cache_dir=tmp_path).of("049") == 920_931
        server.routes["/wfs"] = (200, as_csv(shared_rows), 0)  # the source is fixed
        assert load_population(url, required_codes=project_codes, cache_dir=tmp_path).from_cache  # within the day
        _age(tmp_path, sources.URL_CACHE_MAX_AGE_S + 60)
        fixed = load_population(url, required_codes=project_codes, cache_dir=tmp_path)
        assert not fixed.from_cache and fixed.of("049") == int(
            next(r for r in shared_rows if r["municipality_code"] == "049")["population"]
        )
        # A day later the source is broken: the last good copy is kept, not lost.
        _age(tmp_path, sources.URL_CACHE_MAX_AGE_S + 60)
        server.routes["/wfs"] = (200, b"<html>maintenance</html>", 0)
        kept = load_population(url, required_codes=project_codes, cache_dir=tmp_path)
        assert kept.from_cache and kept.figures == fixed.figures and kept.reason is None
    finally:
        server.close()


def test_the_default_source_asks_statistics_finland_for_the_year_as_json():
    url = urlsplit(statfi_wfs_url(2023))
    assert (url.scheme, url.netloc) == ("https", "geo.stat.fi")
    assert parse_qs(url.query) == {
        "service": ["WFS"],
        "version": ["2.0.0"],
        "request": ["GetFeature"],
        "typeName": ["vaestoalue:kunta_vaki2023"],
        "propertyName": ["kunta,nimi,vaesto"],
        "outputFormat": ["application/json"],
    }


def test_a_download_names_the_figures_source_by_its_address_or_only_its_file_name():
    address = "https://example.org/wfs?typeName=vaesto"
    assert source_name(Population({}, address)) == address
    assert source_name(Population({}, "/srv/private/vaesto.csv")) == "vaesto.csv"
    assert source_name(Population(None, None)) == ""


def test_a_merged_municipalitys_note_is_in_the_page_language():
    population = Population({"507": 6000}, "x.csv")
    assert population.note_text("507", "sv") == "Siffran omfattar Pertunmaa, som gick samman med kommunen 1.1.2025."
