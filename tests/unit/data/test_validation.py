"""The loader reports every problem row by row and keeps every good row."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest
from pydantic_core import PydanticCustomError

from components.base.i18n import LANGUAGES, strings, t
from components.data.catalog import bundled_catalog
from components.data.memberships import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    DataUnavailableError,
    Problem,
    format_problem,
    load_cities,
    main,
    parse_since,
    row_note,
    validate_partnerships,
)
from tests.helpers.paths import ROOT

HEADER = ",".join(REQUIRED_COLUMNS)
URL = "https://tem.fi/kaupunkipolitiikka-temaattiset-kumppanuudet"


@pytest.fixture(scope="module")
def cities():
    return load_cities()[0]


def validate(text: str | bytes, cities):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = validate_partnerships(raw, bundled_catalog(), cities)
    assert len(result.rows) + result.rows_rejected == result.rows_in_file
    return result


def problems_by_row(result):
    return {(p.row, p.column, p.value, p.reason) for p in result.problems}


BROKEN = f"""{HEADER}
strategic,091,Helsinki,Helsingfors,,gang-crime,active,2023-11-16,{URL},good row
nosuch,049,Espoo,Esbo,,,active,,{URL},unknown partnership
vitality,999,Nowhere,,,,active,,{URL},unknown code
vitality,179,Kuopio,,,,active,,{URL},name does not match code
growth-cities,609,Pori,Björneborg,,culture;weather,active,,{URL},unknown theme
growth-cities,491,Mikkeli,,,culture,maybe,,{URL},bad status
growth-cities,285,Kotka,,,culture,active,2024-13,{URL},bad date
strategic,091,Helsinki,Helsingfors,,gang-crime,active,,{URL},duplicate of row 2
mal,398,Lahti,Lahtis,Lahden seutu,culture,active,,{URL},theme of another partnership
ecosystem,905,Vaasa,Vasa,,innovation,active,,ftp://example.org,not a web address
ecosystem,905,Vaasa,Vasa,,innovation,active,,{URL},good row
ecosystem,ABC,Vaasa,Vasa,,innovation,active,,{URL},code is not digits
ecosystem,167,Joensuu
"""


def test_every_problem_in_a_broken_file_is_reported_and_good_rows_kept(cities):
    result = validate(BROKEN, cities)
    assert problems_by_row(result) == {
        (3, "partnership_id", "nosuch", "unknown_partnership"),
        (4, "municipality_code", "999", "unknown_municipality"),
        (5, "name_fi", "Kuopio", "name_code_mismatch"),
        (6, "themes", "weather", "unknown_theme"),
        (7, "status", "maybe", "bad_status"),
        (8, "since", "2024-13", "bad_date"),
        (9, "municipality_code", "091", "duplicate_row"),
        (10, "themes", "culture", "theme_not_in_partnership"),
        (11, "source_url", "ftp://example.org", "bad_url"),
        (13, "municipality_code", "ABC", "bad_municipality_code"),
        (14, None, None, "wrong_field_count"),
    }
    assert result.rows_in_file == 13
    assert list(result.rows["note"]) == ["good row", "good row"]
    assert list(result.rows["municipality_code"]) == ["091", "905"]


def test_every_problem_has_a_message_in_every_language(cities):
    result = validate(BROKEN, cities)
    for lang in LANGUAGES:
        messages = [problem.message(lang) for problem in result.problems]
        assert all(messages) and len(set(messages)) == len(messages)
    mismatch = next(p for p in result.problems if p.reason == "name_code_mismatch")
    assert mismatch.message("fi") == "”Kuopio” ei ole kunnan 179 nimi (Jyväskylä / Jyväskylä)."
    assert mismatch.message("sv") == "”Kuopio” är inte namnet på kommun 179 (Jyväskylä / Jyväskylä)."


def test_locale_files_have_the_same_keys_and_placeholders():
    keys = {lang: set(strings(lang)) for lang in LANGUAGES}
    assert keys["fi"] == keys["sv"] == keys["en"]
    for key in keys["en"]:
        # A translation that drops or renames a placeholder would lose a number or a name.
        fields = {lang: {name for _, name, _, _ in Formatter().parse(strings(lang)[key]) if name} for lang in LANGUAGES}
        assert fields["fi"] == fields["sv"] == fields["en"], (key, fields)


def test_several_field_problems_in_one_row_are_all_reported(cities):
    result = validate(f"{HEADER}\nnosuch,091,Helsinki,,,,someday,yesterday,not a url,\n", cities)
    assert {(p.column, p.reason) for p in result.problems} == {
        ("partnership_id", "unknown_partnership"),
        ("status", "bad_status"),
        ("since", "bad_date"),
        ("source_url", "bad_url"),
    }
    assert result.rows_rejected == 1


def test_finnish_and_swedish_names_are_aliases_and_codes_are_padded(cities):
    result = validate(
        f"{HEADER}\n"
        f"strategic,91,Helsingfors,Helsinki,,,active,,{URL},\n"  # languages swapped, zero lost
        f"strategic,,Esbo,,,,active,,{URL},\n"  # no code: resolved from the Swedish name
        f"strategic,,,TAMMERFORS,,,active,,{URL},\n",  # case does not matter
        cities,
    )
    assert result.problems == []
    assert list(result.rows[["municipality_code", "name_fi", "name_sv"]].itertuples(index=False, name=None)) == [
        ("091", "Helsinki", "Helsingfors"),
        ("049", "Espoo", "Esbo"),
        ("837", "Tampere", "Tammerfors"),
    ]


def test_homoglyph_city_name_is_rejected(cities):
    cyrillic_e = "\u041d"  # looks like Latin H
    result = validate(f"{HEADER}\nstrategic,,{cyrillic_e}elsinki,,,,active,,{URL},\n", cities)
    assert problems_by_row(result) == {(2, "name_fi", f"{cyrillic_e}elsinki", "unknown_municipality")}


def test_excel_in_finland_semicolons_windows_1252_and_finnish_dates(cities):
    text = (
        f"{HEADER.replace(',', ';')}\r\ngrowth-cities;109;Hämeenlinna;Tavastehus;;kulttuuri;active;23.5.2024;{URL};\r\n"
    )
    text = text.replace("kulttuuri", "culture")
    result = validate(text.encode("cp1252"), cities)
    assert result.problems == []
    assert result.rows.loc[0, "name_fi"] == "Hämeenlinna"
    assert result.rows.loc[0, "since"] == "2024-05-23"


def test_utf8_with_bom_and_extra_columns_are_kept(cities):
    row = f"mal,564,Oulu,Uleåborg,Oulun seutu,housing,active,2024-12,{URL},,2024–2035,A. N."
    text = f"{HEADER},period,reviewer\n{row}\n"
    result = validate(b"\xef\xbb\xbf" + text.encode("utf-8"), cities)
    assert result.problems == []
    # Optional columns are always there (empty when the file lacks them); the file's own follow.
    assert list(result.rows.columns) == [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, "reviewer"]
    assert result.rows.loc[0, "period"] == "2024–2035"
    assert result.rows.loc[0, "until"] == ""
    assert result.rows.loc[0, "reviewer"] == "A. N."
    assert result.rows.loc[0, "since"] == "2024-12"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"", "empty_file"),
        (b"   \n\n", "empty_file"),
        (b"PK\x03\x04\x00\x00binary spreadsheet", "not_text"),
        (b"\x81\x8d\x8f\x90\x9d", "not_text"),
        (HEADER.encode() + b"\n", "no_rows"),
        (b"partnership_id,municipality_code\nstrategic,091\n", "missing_columns"),
        ((HEADER + ",status\n").encode(), "duplicate_columns"),
    ],
)
def test_whole_file_problems_are_reported(cities, raw, reason):
    result = validate(raw, cities)
    assert [p.reason for p in result.problems] == [reason]
    assert result.problems[0].row is None
    assert result.rows.empty


def test_missing_columns_rejects_every_row_and_names_the_columns(cities):
    result = validate("partnership_id,municipality_code\nstrategic,091\nvitality,179\n", cities)
    assert result.rows_in_file == 2 and result.rows_rejected == 2
    assert "name_fi" in result.problems[0].message("en")


def test_a_row_without_a_code_is_placed_by_its_name_in_either_column(cities):
    result = validate(f"{HEADER}\nstrategic,,helsinki,,,,active,,{URL},\nstrategic,,,Esbo,,,active,,{URL},\n", cities)
    assert result.problems == []
    assert list(result.rows["municipality_code"]) == ["091", "049"]
    assert list(result.rows["name_fi"]) == ["Helsinki", "Espoo"]


def test_a_row_without_a_code_or_a_known_name_is_reported_by_the_name_it_gave(cities):
    rows = ["strategic,,Nowhere,,", "strategic,,,Ingenstans,", "strategic,,,,", "strategic,,Nowhere,Esbo,"]
    result = validate("\n".join([HEADER, *(f"{row},,active,,{URL}," for row in rows)]) + "\n", cities)
    assert problems_by_row(result) == {
        (2, "name_fi", "Nowhere", "unknown_municipality"),
        (3, "name_sv", "Ingenstans", "unknown_municipality"),
        (4, "municipality_code", "", "missing_value"),
        (5, "name_fi", "Nowhere", "unknown_municipality"),  # the Finnish name first
    }


def test_a_name_two_municipalities_share_needs_its_code(cities):
    shared = cities.copy()
    shared.loc[shared["municipality_code"] == "049", "name_sv"] = "Helsinki"
    result = validate(
        f"{HEADER}\nstrategic,,,Helsinki,,,active,,{URL},\nstrategic,091,Helsinki,,,,active,,{URL},\n", shared
    )
    assert problems_by_row(result) == {(2, "name_sv", "Helsinki", "ambiguous_name")}
    assert list(result.rows["municipality_code"]) == ["091"]


def test_blank_lines_are_not_rows_and_line_numbers_stay_true(cities):
    result = validate(
        f"{HEADER}\n\nstrategic,091,Helsinki,,,,active,,{URL},\n\nstrategic,092,Vantaa,,,,soon,,{URL},\n", cities
    )
    assert result.rows_in_file == 2
    assert problems_by_row(result) == {(5, "status", "soon", "bad_status")}  # header 1, blank 2 and 4


def run_check(path):
    return subprocess.run(
        [sys.executable, "-m", "components.data.memberships", "check", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "FINMAP_LANG": "en"},
    )


def test_check_command_exits_0_on_the_bundled_file():
    completed = run_check(ROOT / "data" / "partnerships.csv")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    rows = len(
        validate_partnerships(
            (ROOT / "data" / "partnerships.csv").read_bytes(), bundled_catalog(), load_cities()[0]
        ).rows
    )
    assert f"{rows} rows, no problems" in completed.stdout


def test_check_command_lists_problems_and_exits_1(tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    completed = run_check(broken)
    assert completed.returncode == 1
    lines = completed.stdout.splitlines()
    assert "Row 3, partnership_id: Unknown partnership “nosuch”." in lines[0]
    assert len(lines) == 12  # 11 problems and the summary
    assert lines[-1].endswith("2 rows accepted, 11 rejected, 11 problems.")


def test_check_command_in_process_says_the_same_in_the_chosen_language(tmp_path, monkeypatch, capsys):
    # The command's own code, run in this process (the tests above see only its exit).
    broken = tmp_path / "broken.csv"
    broken.write_text(BROKEN, encoding="utf-8")
    monkeypatch.setenv("FINMAP_LANG", "fi")
    assert main(["check", str(broken)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Rivi 3, partnership_id: Tuntematon kumppanuus ”nosuch”. Tunnetut: ")
    assert lines[-1] == f"{broken}: 2 riviä hyväksytty, 11 hylätty, 11 ongelmaa."
    assert len(lines) == 12
    assert main(["check", str(ROOT / "data" / "partnerships.csv")]) == 0
    assert capsys.readouterr().out.endswith("riviä, ei ongelmia.\n")


def test_a_problem_of_the_whole_file_is_said_without_a_row_or_column():
    assert format_problem(Problem(None, None, None, "empty_file"), "sv") == "Fil: " + t("problem.empty_file", "sv")
    assert format_problem(Problem(3, "status", "x", "missing_value"), "sv").startswith("Rad 3, status: ")


def test_since_reads_as_every_date_column_does():
    assert parse_since("") == ""
    assert parse_since("9.2.2021") == "2021-02-09"
    assert parse_since("2021-02") == "2021-02"
    with pytest.raises(PydanticCustomError) as raised:
        parse_since("2021-13")
    assert (raised.value.type, raised.value.context) == ("bad_date", {"column": "since", "value": "2021-13"})


def test_check_command_without_a_file_prints_its_usage_and_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FINMAP_LANG", "sv")
    assert main(["check", str(tmp_path / "missing.csv")]) == 2
    usage = t("check.usage", "sv")
    assert capsys.readouterr().err == f"{usage}\n"
    with pytest.raises(SystemExit):
        main(["verify", str(tmp_path)])
    said = capsys.readouterr().err.splitlines()
    assert said[0] == f"usage: {usage}"
    assert said[-1].startswith("python -m components.data.memberships: error: argument command: invalid choice")


# ----------------------------------------------------------------------------- until and old files

OLD_HEADER = "partnership_id,municipality_code,name_fi,name_sv,group,themes,status,since,source_url,note,period"
NEW_COLUMNS = "until,note_fi,note_sv,members_source_url"


def test_a_file_with_the_old_header_still_validates_and_reads_as_empty_new_columns(cities):
    # The header the bundled file had before until, note_fi and note_sv existed.
    text = f"{OLD_HEADER}\nmal,564,Oulu,Uleåborg,Oulun seutu,housing,active,2024-12-13,{URL},Signed.,2024–2035\n"
    result = validate(text, cities)
    assert result.problems == []
    row = result.rows.iloc[0]
    assert (row["until"], row["note_fi"], row["note_sv"], row["period"]) == ("", "", "", "2024–2035")
    assert row_note(row, "fi") == row_note(row, "sv") == row_note(row, "en") == "Signed."


def test_a_bad_until_is_reported_row_by_row_in_every_language(cities):
    rows = [
        f"ecosystem,905,Vaasa,Vasa,,innovation,active,2021-02-09,{URL},ok,2027-12-31,,,",
        f"ecosystem,609,Pori,,,innovation,active,2021-02-09,{URL},not a date,2027-13-01,,,",
        f"ecosystem,743,Seinäjoki,,,innovation,active,2021-02-09,{URL},ends before it begins,2020-12,,,",
        f"ecosystem,491,Mikkeli,,,innovation,active,2021-02,{URL},same month,2021-02,,,",
        f"ecosystem,272,Kokkola,,,innovation,active,2021-02-09,{URL},Finnish date,31.12.2027,,,",
        f"ecosystem,167,Joensuu,,,innovation,active,2021-02-09,{URL},bad list url,,,,list.pdf",
    ]
    result = validate("\n".join([f"{HEADER},{NEW_COLUMNS}", *rows]) + "\n", cities)
    assert problems_by_row(result) == {
        (3, "until", "2027-13-01", "bad_date"),
        (4, "until", "2020-12", "until_before_since"),
        (7, "members_source_url", "list.pdf", "bad_url"),
    }
    assert list(result.rows["until"]) == ["2027-12-31", "2021-02", "2027-12-31"]
    before = next(problem for problem in result.problems if problem.reason == "until_before_since")
    assert before.message("en") == "The end date “2020-12” is before the start date 2021-02-09."
    assert before.message("fi") == "Päättymispäivä ”2020-12” on ennen alkamispäivää 2021-02-09."
    assert before.message("sv") == "Slutdatumet ”2020-12” är före startdatumet 2021-02-09."


@pytest.mark.parametrize(
    ("since", "until", "kept"),
    [
        ("2027-12", "2027-12-15", True),  # a day inside the month it began: was lost as "before"
        ("2027-12", "2027-12", True),
        ("2027-12-15", "2027-12", True),  # the month it ends runs to its last day
        ("2027-12-15", "2027-12-14", False),
        ("2027-12", "2027-11-30", False),
        ("2027-12-01", "2027-11", False),
    ],
)
def test_until_is_compared_with_since_as_the_periods_count_days(cities, since, until, kept):
    row = f"ecosystem,905,Vaasa,Vasa,,innovation,active,{since},{URL},x,{until},,,"
    result = validate(f"{HEADER},{NEW_COLUMNS}\n{row}\n", cities)
    assert (len(result.rows), [p.reason for p in result.problems]) == ((1, []) if kept else (0, ["until_before_since"]))


def test_a_note_is_read_in_the_page_language_with_the_english_note_as_fallback():
    row = {"note": "Planned.", "note_fi": "Suunnitteilla.", "note_sv": ""}
    assert row_note(row, "fi") == "Suunnitteilla."
    assert row_note(row, "sv") == "Planned."  # no Swedish note: the English one
    assert row_note(row, "en") == "Planned."
    assert row_note({"note": ""}, "fi") == ""


@pytest.mark.parametrize(
    ("period", "kept"),
    [
        ("2024–2035", "2024–2035"),
        ("2024-2035", "2024–2035"),  # any dash, kept as the data writes it
        ("2024 — 2035", "2024–2035"),
        ("", ""),
        ("0000-0000", None),  # year 0 broke the page of a session that viewed it
        ("2035–2024", None),
        ("2024", None),
        ("next year", None),
        ("9999–9999", None),
    ],
)
def test_the_agreement_period_is_two_years_in_order(cities, period, kept):
    row = f"ecosystem,905,Vaasa,Vasa,,innovation,active,2021-02-09,{URL},x,,,,"
    header = f"{HEADER},{NEW_COLUMNS},period"
    result = validate(f'{header}\n{row},"{period}"\n', cities)
    if kept is None:
        assert [(p.row, p.column, p.reason) for p in result.problems] == [(2, "period", "bad_period")]
        assert result.problems[0].message("fi").startswith(f"”{period}” ei ole sopimuskausi")
        assert len(result.rows) == 0
    else:
        assert result.problems == [] and list(result.rows["period"]) == [kept]


def test_a_missing_data_file_names_itself_in_a_traceback_and_survives_a_process_boundary():
    error = DataUnavailableError("missing_file", Path("/srv/data/partnerships.csv"))
    assert error.args == ("missing_file", "/srv/data/partnerships.csv", "")
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.reason, copy.path, copy.detail) == ("missing_file", Path("/srv/data/partnerships.csv"), "")
    assert copy.message("en") == error.message("en")
