"""Every input path has limits checked before the expensive work, each with a message in fi, sv
and en. The cost itself (time, memory, growth) is measured by bench/cost.py, not asserted here."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from components.base.i18n import LANGUAGES
from components.data import boundaries
from components.data.catalog import CATALOG_PATH, MAX_CATALOG_BYTES
from components.data.memberships import (
    CITIES_PATH,
    DATA_DIR,
    MAX_CELL_CHARS,
    MAX_CITIES,
    MAX_CITIES_BYTES,
    MAX_CITIES_MB,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_ROWS,
    PARTNERSHIPS_PATH,
    DataUnavailableError,
    ValidationResult,
    check_file,
    load_dataset,
    validate_partnerships,
)
from components.data.upload import MAX_UPLOAD_BYTES, check_upload
from components.model import filters
from components.model.link import MAX_UNKNOWN_NOTICES, read_link
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require

BUNDLED = PARTNERSHIPS_PATH.read_bytes()
HEADER = BUNDLED.split(b"\n", 1)[0]
SHORT_ROW = b"strategic,091,Helsinki,Helsingfors,,gang-crime,active,2023-11-16,,,https://vnk.fi/x,n,,,,,,,"


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA_DIR)


def _validate(raw: bytes, dataset) -> ValidationResult:
    return validate_partnerships(raw, dataset.catalog, dataset.cities)


def test_the_600000_column_header_is_refused_by_its_width_with_a_message_in_each_language(bundled):
    raw = ",".join(f"c{index}" for index in range(600_000)).encode()
    assert 4 * 1024 * 1024 < len(raw) < MAX_FILE_BYTES  # the 4.6 MB header
    result = _validate(raw, bundled)
    assert [problem.reason for problem in result.problems] == ["limit.too_many_columns"]
    assert result.rows.empty
    messages = {lang: result.problems[0].message(lang) for lang in LANGUAGES}
    assert "600000" in messages["en"] and "columns" in messages["en"] and str(MAX_COLUMNS) in messages["en"]
    assert "saraketta" in messages["fi"] and "kolumner" in messages["sv"]


def test_a_header_at_the_column_limit_is_read_and_its_repeated_names_are_reported(bundled):
    names = [*HEADER.decode().split(","), *(["extra"] * (MAX_COLUMNS - HEADER.count(b",") - 1))]
    assert len(names) == MAX_COLUMNS
    result = _validate(",".join(names).encode() + b"\n", bundled)
    assert [problem.reason for problem in result.problems] == ["duplicate_columns"]
    assert result.problems[0].params["columns"] == "extra"


def test_more_rows_than_the_limit_are_refused_before_any_row_is_checked(bundled):
    row = SHORT_ROW
    raw = HEADER + b"\n" + b"\n".join([row] * (MAX_ROWS + 1))
    result = _validate(raw, bundled)
    assert [problem.reason for problem in result.problems] == ["limit.too_many_rows"]
    assert str(MAX_ROWS) in result.problems[0].message("en")
    assert "riviä" in result.problems[0].message("fi") and "rader" in result.problems[0].message("sv")
    # At the limit the rows are checked: all but the first are duplicates.
    at_limit = _validate(HEADER + b"\n" + b"\n".join([row] * MAX_ROWS), bundled)
    assert len(at_limit.rows) == 1 and at_limit.rows_in_file == MAX_ROWS


def test_broken_records_count_towards_the_row_limit(bundled):
    raw = HEADER + b'\n"a"b,c' * (MAX_ROWS + 1)
    assert [problem.reason for problem in _validate(raw, bundled).problems] == ["limit.too_many_rows"]


def test_a_file_over_the_size_limit_is_refused_by_the_check_and_not_read(tmp_path, bundled):
    big = tmp_path / "big.csv"
    big.write_bytes(HEADER + b"\n" + b"x" * MAX_FILE_BYTES)
    out = io.StringIO()
    assert check_file(big, "en", out=out) == 1
    assert f"The file is larger than {MAX_FILE_MB} MB." in out.getvalue()
    assert out.getvalue().splitlines()[-1] == f"{big}: 0 rows accepted, 0 rejected, 1 problem."
    result = _validate(big.read_bytes(), bundled)
    assert [problem.reason for problem in result.problems] == ["too_large"]


def test_a_file_of_exactly_the_size_limit_is_read_and_a_clean_one_says_so(tmp_path):
    exact = tmp_path / "exact.csv"
    exact.write_bytes((HEADER + b"\n" + b"x" * MAX_FILE_BYTES)[:MAX_FILE_BYTES])
    out = io.StringIO()
    assert check_file(exact, "en", out=out) == 1
    assert "larger than" not in out.getvalue()
    out = io.StringIO()
    assert check_file(PARTNERSHIPS_PATH, "en", out=out) == 0
    assert out.getvalue().startswith(f"{PARTNERSHIPS_PATH}: ") and out.getvalue().endswith(" rows, no problems.\n")


def test_the_command_line_check_names_the_width_limit(tmp_path):
    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{index}" for index in range(MAX_COLUMNS + 1)), encoding="utf-8")
    out = io.StringIO()
    assert check_file(wide, "en", out=out) == 1
    assert f"The header has {MAX_COLUMNS + 1} columns" in out.getvalue()


def test_an_upload_at_its_limit_with_the_widest_header_is_refused_by_its_width(bundled):
    raw = ",".join(f"c{index}" for index in range(MAX_UPLOAD_BYTES // 8)).encode()[:MAX_UPLOAD_BYTES]
    check = check_upload(raw, "wide.csv", bundled)
    assert [problem.reason for problem in check.result.problems] == ["limit.too_many_columns"]
    assert not check.usable


def test_a_cell_over_the_length_limit_is_reported_in_its_row(bundled):
    row = BUNDLED.split(b"\n")[1].decode().split(",")
    row[11] = "x" * (MAX_CELL_CHARS + 1)
    result = _validate(HEADER + b"\n" + ",".join(row).encode(), bundled)
    assert [(problem.row, problem.column, problem.reason) for problem in result.problems] == [
        (2, "note", "value_too_long")
    ]


# ----------------------------------------------------------------------------- boundaries


def _collection(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def _square(code: int) -> dict:
    x, y = 20 + code % 100 * 0.1, 60 + code // 100 * 0.1
    ring = [[x, y], [x + 0.05, y], [x + 0.05, y + 0.05], [x, y + 0.05], [x, y]]
    properties = {"NATCODE": f"{code:03d}", "NAMEFIN": "K", "NAMESWE": "K"}
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def _boundary_reason(raw: bytes, tmp_path) -> boundaries.BoundaryResult:
    source = tmp_path / "hostile.geojson"
    source.write_bytes(raw)
    return boundaries.load_boundaries(str(source), cache_dir=tmp_path / "cache")


def test_boundaries_with_too_many_features_are_refused_before_parsing(tmp_path):
    features = [_square(index % 999) for index in range(boundaries.MAX_FEATURES + 1)]
    result = _boundary_reason(_collection(features), tmp_path)
    assert result.polygons is None and result.reason == "limit.too_many_features"
    assert f"{boundaries.MAX_FEATURES + 1} features" in result.message("en")
    assert "kohdetta" in result.message("fi") and "objekt" in result.message("sv")


def test_boundaries_with_a_huge_coordinates_array_are_refused(tmp_path):
    ring = [[25 + index * 1e-6, 64.0] for index in range(boundaries.MAX_POSITIONS)] + [[25, 64.5], [25, 64.0]]
    feature = _square(91) | {"geometry": {"type": "Polygon", "coordinates": [ring]}}
    result = _boundary_reason(_collection([feature]), tmp_path)
    assert result.reason == "limit.too_many_positions"
    assert "coordinates" in result.message("en") and "koordinaattia" in result.message("fi")


@pytest.mark.parametrize("where", ["coordinates", "properties"])
def test_deeply_nested_boundaries_are_refused(tmp_path, where):
    depth = 10_000
    nested = "[" * depth + "]" * depth
    text = _collection([_square(91)]).decode()
    if where == "coordinates":
        text = text.replace('"coordinates": [[[', f'"coordinates": {nested}, "x": [[[', 1)
    else:
        text = text.replace('"NAMESWE": "K"', f'"NAMESWE": "K", "deep": {nested}', 1)
    result = _boundary_reason(text.encode(), tmp_path)
    assert result.reason == "limit.too_deep"
    assert str(boundaries.MAX_NESTING) in result.message("en") and "tasoa" in result.message("fi")


def test_the_real_boundary_files_are_within_every_limit():
    raw = require(REFERENCE_MUNICIPALITIES).read_bytes()
    boundaries.check_shape(raw)  # raises if a limit were too tight for the real thing
    assert boundaries.nesting_depth(raw) <= boundaries.MAX_NESTING


def test_nesting_depth_counts_brackets_and_braces():
    assert boundaries.nesting_depth(b"") == 0
    assert boundaries.nesting_depth(b'{"a": [[1, 2], [3]], "b": {}}') == 3


# ----------------------------------------------------------------------------- FINMAP_DATA_DIR


def _data_dir(tmp_path, **replaced: bytes):
    for path in (PARTNERSHIPS_PATH, CITIES_PATH, CATALOG_PATH):
        shutil.copy(path, tmp_path / path.name)
    for name, raw in replaced.items():
        (tmp_path / name.replace("_", ".")).write_bytes(raw)
    return tmp_path


def _unavailable(directory) -> DataUnavailableError:
    with pytest.raises(DataUnavailableError) as caught:
        load_dataset(directory)
    return caught.value


def test_a_catalog_over_its_size_limit_is_refused_unread(tmp_path):
    error = _unavailable(_data_dir(tmp_path, catalog_toml=b"#" * (MAX_CATALOG_BYTES + 1)))
    assert error.reason == "limit.too_large"
    assert "catalog.toml is larger than 1 MB" in error.message("en")
    assert "suurempi kuin 1 MB" in error.message("fi") and "större än 1 MB" in error.message("sv")


def test_a_deeply_nested_catalog_is_a_corrupt_file_not_a_crash(tmp_path):
    deep = CATALOG_PATH.read_bytes() + b"\nx = " + b"[" * 5000 + b"]" * 5000 + b"\n"
    error = _unavailable(_data_dir(tmp_path, catalog_toml=deep))
    assert (error.reason, error.detail) == ("corrupt_file", "RecursionError")


def test_a_cities_file_with_too_many_features_is_refused(tmp_path):
    collection = json.loads(CITIES_PATH.read_bytes())
    collection["features"] = collection["features"][:1] * (MAX_CITIES + 1)
    error = _unavailable(_data_dir(tmp_path, cities_geojson=json.dumps(collection).encode()))
    assert error.reason == "limit.too_many"
    assert str(MAX_CITIES) in error.message("en") and "kohteita" in error.message("fi")


def test_a_cities_file_over_its_size_limit_is_refused(tmp_path):
    error = _unavailable(_data_dir(tmp_path, cities_geojson=b" " * (MAX_CITIES_BYTES + 1)))
    assert error.reason == "limit.too_large" and f"{MAX_CITIES_MB} MB" in error.message("sv")


def test_an_oversized_partnerships_file_in_the_data_dir_is_a_problem_not_read(tmp_path):
    dataset = load_dataset(_data_dir(tmp_path, partnerships_csv=b"x" * (MAX_FILE_BYTES + 1)))
    assert [problem.reason for problem in dataset.problems] == ["too_large"] and dataset.memberships.empty


# ----------------------------------------------------------------------------- URL parameters


def test_many_unknown_parameters_give_one_notice(bundled):
    params = {f"p{index}": "x" for index in range(10_000)} | {"partnership": "strategic"}
    link = read_link(params, filters.build_vocabulary(bundled.catalog, bundled.cities))
    state, notices = link.state, list(link.notices)
    assert state.partnerships == ("strategic",)
    assert [(notice.reason, notice.value, notice.parameter) for notice in notices] == [
        ("limit.too_many_parameters", "10000", "p0")
    ]
    from components.base.i18n import t

    texts = [t(f"url.{notices[0].reason}", lang, parameter="p0", value="10000") for lang in LANGUAGES]
    assert all("10000" in text and "p0" in text for text in texts)


def test_a_few_unknown_parameters_are_each_named(bundled):
    params = {f"p{index}": "x" for index in range(MAX_UNKNOWN_NOTICES)}
    link = read_link(params, filters.build_vocabulary(bundled.catalog, bundled.cities))
    _, notices = link.state, list(link.notices)
    assert [notice.parameter for notice in notices] == list(params)
    assert {notice.reason for notice in notices} == {"unknown_parameter"}


def test_a_municipality_twice_in_the_cities_file_is_reported_and_its_first_point_kept(tmp_path):
    collection = json.loads(CITIES_PATH.read_bytes())
    collection["features"].append(collection["features"][0])
    dataset = load_dataset(_data_dir(tmp_path, cities_geojson=json.dumps(collection).encode()))
    (problem,) = dataset.problems
    assert problem.reason == "cities.duplicate_code" and problem.row == len(collection["features"])
    assert f"feature {problem.params['first_row']}" in problem.message("en")
    assert len(dataset.memberships) == len(load_dataset(DATA_DIR).memberships)
