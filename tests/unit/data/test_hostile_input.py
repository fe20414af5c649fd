"""Hostile and broken files through the loader that uploads use: every case ends in valid rows
plus problems, or a clear rejection, and never loses count of a row."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.data.catalog import STATUSES, bundled_catalog
from components.data.memberships import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    REQUIRED_COLUMNS,
    ValidationResult,
    load_cities,
    validate_partnerships,
)
from tests.helpers.payloads import PAYLOADS

HEADER = ",".join(REQUIRED_COLUMNS)
URL = "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma"
CATALOG = bundled_catalog()
CITIES = load_cities()[0]
CODES = list(CITIES["municipality_code"])


def validate(raw: bytes) -> ValidationResult:
    result = validate_partnerships(raw, CATALOG, CITIES)
    check_invariants(result)
    return result


def check_invariants(result: ValidationResult) -> None:
    """Rows in = rows accepted + rows rejected; every rejected row has a reported problem;
    every accepted row obeys the rules."""
    assert len(result.rows) + result.rows_rejected == result.rows_in_file
    file_level = [p for p in result.problems if p.row is None]
    rows_with_problems = {p.row for p in result.problems if p.row is not None}
    if not file_level:
        assert len(rows_with_problems) == result.rows_rejected
    else:
        assert result.rows.empty
    for problem in result.problems:
        for lang in ("fi", "sv", "en"):
            assert problem.message(lang)
    rows = result.rows
    assert rows["partnership_id"].isin(CATALOG.partnership_ids).all()
    assert rows["municipality_code"].isin(CODES).all()
    assert rows["status"].isin(STATUSES).all()
    assert not rows.duplicated(["partnership_id", "municipality_code"]).any()


def good_row(code: str = "091", note: str = "", partnership: str = "urban-policy-group") -> str:
    quoted = '"' + note.replace('"', '""') + '"'
    return f"{partnership},{code},,,,,active,,{URL},{quoted}"


# ----------------------------------------------------------------------------- corpus


def test_random_bytes_are_rejected_clearly():
    rng = random.Random(7)
    for _ in range(30):
        raw = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4000)))
        result = validate(raw)
        assert result.rows.empty
        assert result.problems


def test_empty_and_header_only():
    assert [p.reason for p in validate(b"").problems] == ["empty_file"]
    assert [p.reason for p in validate(HEADER.encode()).problems] == ["no_rows"]


def test_rows_up_to_the_limit_are_all_accounted_for():
    lines = [HEADER] + [good_row(CODES[i % len(CODES)], f"n{i}", "ecosystem") for i in range(MAX_ROWS)]
    result = validate("\n".join(lines).encode())
    assert result.rows_in_file == MAX_ROWS
    # One row per distinct code: the rest are duplicates, each reported with the row it repeats.
    distinct = len(set(CODES))
    assert len(result.rows) == distinct and result.rows_rejected == MAX_ROWS - distinct
    assert sum(p.reason == "duplicate_row" for p in result.problems) == MAX_ROWS - distinct


def test_a_4_mb_cell_is_reported_and_its_neighbours_kept():
    huge = "x" * (MAX_FILE_BYTES - 1024 * 1024)
    raw = "\n".join([HEADER, good_row("091"), good_row("092", huge), good_row("049")]).encode()
    result = validate(raw)
    assert list(result.rows["municipality_code"]) == ["091", "049"]
    (problem,) = result.problems
    assert (problem.row, problem.column, problem.reason) == (3, "note", "value_too_long")
    assert len(problem.message("en")) < 200  # the report shows a cut value, not 5 MB
    assert str(MAX_CELL_CHARS) in problem.message("en")


def test_mixed_delimiters_reject_the_odd_rows_only():
    raw = "\n".join([HEADER, good_row("091"), good_row("092").replace(",", ";"), good_row("049")]).encode()
    result = validate(raw)
    assert list(result.rows["municipality_code"]) == ["091", "049"]
    assert [(p.row, p.reason) for p in result.problems] == [(3, "wrong_field_count")]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_excel_writes(encoding):
    text = "\r\n".join([HEADER.replace(",", "\t"), good_row("109", "Hämeenlinna: äöå").replace(",", "\t")])
    result = validate(text.encode(encoding))
    assert result.problems == []
    assert result.rows.loc[0, "note"] == "Hämeenlinna: äöå"


def test_mixed_encodings_in_one_file_still_read_every_row():
    raw = HEADER.encode() + b"\n" + good_row("091", "Jyväskylä").encode("utf-8") + b"\n"
    raw += good_row("092", "Jyväskylä").encode("cp1252") + b"\n"
    result = validate(raw)  # not valid UTF-8 as a whole: read as Windows-1252, rows kept
    assert len(result.rows) == 2


def test_wrong_column_order_is_fine():
    columns = list(reversed(REQUIRED_COLUMNS))
    values = dict(zip(REQUIRED_COLUMNS, good_row("091").split(","), strict=True))
    raw = (",".join(columns) + "\n" + ",".join(values[c] for c in columns)).encode()
    result = validate(raw)
    assert result.problems == [] and result.rows.loc[0, "name_fi"] == "Helsinki"


def test_duplicated_headers_reject_the_file_and_count_its_rows():
    raw = (HEADER + ",note\n" + good_row("091") + ",x\n").encode()
    result = validate(raw)
    assert [p.reason for p in result.problems] == ["duplicate_columns"] and result.rows_in_file == 1


def test_formula_and_script_payloads_are_kept_as_plain_text():
    lines = [HEADER] + [good_row(code, payload) for code, payload in zip(CODES, PAYLOADS, strict=False)]
    result = validate("\n".join(lines).encode())
    assert result.problems == []
    assert list(result.rows["note"]) == PAYLOADS  # data, not code: escaping happens where shown


def test_payloads_in_checked_columns_are_rejected_with_their_value():
    lines = [HEADER] + [f"{payload},091,,,,,active,,{URL}," for payload in PAYLOADS[:4]]
    result = validate("\n".join(lines).encode())
    assert result.rows.empty
    assert [p.value for p in result.problems] == PAYLOADS[:4]


def test_homoglyph_names_are_rejected():
    for name in ["Hеlsinki", "Εspoo", "Tаmpere"]:  # Cyrillic e, Greek Epsilon, Cyrillic a
        result = validate(f"{HEADER}\nurban-policy-group,,{name},,,,active,,{URL},\n".encode())
        assert [p.reason for p in result.problems] == ["unknown_municipality"], name


def test_a_stray_quote_costs_only_its_own_lines():
    raw = "\n".join([HEADER, good_row("091"), 'strategic,092,"Van"taa,,,,active,,x,', good_row("049")]).encode()
    result = validate(raw)
    assert list(result.rows["municipality_code"]) == ["091", "049"]
    assert [(p.row, p.reason) for p in result.problems] == [(3, "unreadable_row")]


def test_the_most_rows_an_upload_may_have_are_validated_within_2_seconds():
    """The bound the upload promises (issue: 2 MB in under 2 s on these machines; 2 MB of short
    rows is more rows than the limit, so the limit is what is timed)."""
    lines = [HEADER]
    while len(lines) <= MAX_ROWS and sum(len(line) + 1 for line in lines) < 2 * 1024 * 1024 - 200:
        lines.append(good_row(CODES[len(lines) % len(CODES)], f"note {len(lines)}", "ecosystem"))
    raw = "\n".join(lines).encode()
    assert len(raw) <= 2 * 1024 * 1024
    started = time.perf_counter()
    result = validate(raw)
    elapsed = time.perf_counter() - started
    assert result.rows_in_file == len(lines) - 1
    assert elapsed < 2.0, f"{len(raw)} bytes took {elapsed:.2f} s"


# ----------------------------------------------------------------------------- properties

CELL = st.one_of(
    st.sampled_from(["", "091", "91", "Helsinki", "Helsingfors", "strategic", "mal", "active", "planned", URL]),
    st.sampled_from(PAYLOADS),
    st.text(max_size=30),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_any_bytes_give_rows_and_problems_that_add_up(raw):
    validate(raw)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELL, min_size=0, max_size=12), max_size=40),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_any_table_gives_rows_and_problems_that_add_up(records, delimiter, encoding):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(REQUIRED_COLUMNS)
    writer.writerows(records)
    try:
        raw = buffer.getvalue().encode(encoding)
    except UnicodeEncodeError:
        raw = buffer.getvalue().encode("utf-8")
    result = validate(raw)
    written = [record for record in records if any(str(cell).strip() for cell in record)]
    if not any(p.row is None for p in result.problems):
        assert result.rows_in_file == len(written)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(CODES), st.sampled_from(["ecosystem", "urban-policy-group", "mal"])), max_size=60
    )
)
def test_valid_rows_are_all_kept_and_only_repeats_rejected(pairs):
    lines = [HEADER] + [good_row(code, "", partnership) for code, partnership in pairs]
    result = validate("\n".join(lines).encode())
    assert len(result.rows) == len(set(pairs))
    assert {p.reason for p in result.problems} <= {"duplicate_row", "no_rows"}
