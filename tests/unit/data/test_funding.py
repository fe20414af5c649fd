"""data/funding.csv's check: every rejected row reported with its reason in the user's language,
every good row kept, hostile text kept as text, and the bounded input of the memberships."""

from __future__ import annotations

import subprocess
import sys

import pytest

from components.base.i18n import LANGUAGES
from components.data.funding import FUNDING_COLUMNS, FundingRules, groups_of, load_funding, validate_funding
from components.data.memberships import MAX_ROWS, format_problem, load_dataset
from tests.helpers.paths import ROOT

HEADER = ",".join(FUNDING_COLUMNS)
GOOD = "east-finland,,,12000000,,mihin,till vad,what for,,S15,2025-10-09,yes"


@pytest.fixture(scope="module")
def rules():
    dataset = load_dataset(ROOT / "data")
    groups = groups_of(dataset.memberships.to_dict("records"))
    return FundingRules(dataset.catalog, groups, frozenset(dataset.cities["municipality_code"]))


def check(text: str, rules):
    result = validate_funding(text.encode("utf-8"), rules)
    assert len(result.figures) + len({p.row for p in result.problems if p.row}) == result.rows_in_file
    return result


def reasons(result):
    return {(p.row, p.column, p.reason) for p in result.problems}


def test_every_bad_row_is_reported_and_the_good_ones_kept(rules):
    text = "\n".join(
        [
            HEADER,
            GOOD,
            "east-finland,,,12 000 000,,a,b,c,,S15,,no",  # grouped digits: refused, not guessed
            "east-finland,,,12.5,,a,b,c,,S15,,no",
            "east-finland,,,-5,,a,b,c,,S15,,no",
            "nosuch,,,1000,,a,b,c,,S15,,no",
            "mal,,,1000,,a,b,c,,S99,,no",
            "mal,Nowhere region,,1000,,a,b,c,,S11,,no",
            "mal,,999,1000,,a,b,c,,S11,,no",
            "mal,,,1000,not-given,a,b,c,,S11,,no",
            "mal,,,,,a,b,c,,S11,,no",
            "mal,,,1000,roughly,a,b,c,,S11,,no",
            "mal,,,1000,,a,b,c,2031–2020,S11,,no",
            "mal,,,1000,,a,b,c,,S11,2024-13,no",
            "mal,,,1000,,a,b,c,,S11,,maybe",
            "mal,,,1000,,,b,c,,S11,,no",
            "mal,Helsingin seutu,091,1000,at-least,a,b,c,2024–2035,S11,9.10.2025,",
        ]
    )
    result = check(text, rules)
    assert reasons(result) == {
        (3, "amount_eur", "funding.bad_amount"),
        (4, "amount_eur", "funding.bad_amount"),
        (5, "amount_eur", "funding.bad_amount"),
        (6, "partnership_id", "unknown_partnership"),
        (7, "source", "funding.unknown_source"),
        (8, "group", "funding.unknown_group"),
        (9, "municipality_code", "unknown_municipality"),
        (10, "amount_eur", "funding.amount_not_given"),
        (11, "amount_eur", "funding.amount_missing"),
        (12, "qualifier", "funding.bad_qualifier"),
        (13, "period", "bad_period"),
        (14, "date", "bad_date"),
        (15, "context", "funding.bad_context"),
        (16, "purpose_fi", "missing_value"),
    }
    first, last = result.figures
    assert (first.amount_eur, first.context, first.source) == (12_000_000, True, "S15")
    assert (last.group, last.municipality_code, last.qualifier, last.date) == (
        "Helsingin seutu",
        "091",
        "at-least",
        "2025-10-09",
    )


def test_every_funding_problem_reads_in_every_language(rules):
    result = check(f"{HEADER}\nnosuch,,,x,maybe,a,b,c,,S99,,maybe\nmal,,,,,a,b,c,,S11,,", rules)
    for lang in LANGUAGES:
        for problem in result.problems:
            text = format_problem(problem, lang)
            assert "{" not in text and problem.reason not in text


def test_hostile_text_is_kept_as_text(rules):
    hostile = '=HYPERLINK("http://evil.example","x")'
    script = "<script>alert(1)</script>"
    result = check(f'{HEADER}\nmal,,,1000,,"{hostile.replace(chr(34), chr(34) * 2)}",{script},**x**,,S11,,', rules)
    (figure,) = result.figures
    assert (figure.purpose_fi, figure.purpose_sv, figure.purpose_en) == (hostile, script, "**x**")


def test_missing_columns_reject_the_file_and_name_them(rules):
    result = validate_funding(b"partnership_id,amount_eur\nmal,1000", rules)
    (problem,) = result.problems
    assert problem.reason == "missing_columns" and "purpose_fi" in problem.params["columns"]
    assert result.figures == ()


def test_the_input_is_bounded_like_the_memberships(rules):
    rows = "\n".join([GOOD] * (MAX_ROWS + 1))
    result = validate_funding(f"{HEADER}\n{rows}".encode(), rules)
    assert [p.reason for p in result.problems] == ["limit.too_many_rows"] and result.figures == ()


def test_a_folder_without_funding_has_no_figures_and_no_problem(rules, tmp_path):
    result = load_funding(tmp_path / "funding.csv", rules)
    assert result.figures == () and result.problems == []


def test_a_broken_funding_row_is_listed_among_the_datas_problems_by_its_file(tmp_path):
    for name in ("catalog.toml", "cities.geojson", "partnerships.csv"):
        (tmp_path / name).write_bytes((ROOT / "data" / name).read_bytes())
    (tmp_path / "funding.csv").write_text(f"{HEADER}\n{GOOD}\nmal,,,lots,,a,b,c,,S11,,no\n", encoding="utf-8")
    dataset = load_dataset(tmp_path)
    (problem,) = dataset.problems
    assert (problem.row, problem.column, problem.reason) == (3, "funding.csv: amount_eur", "funding.bad_amount")
    assert [figure.amount_eur for figure in dataset.funding] == [12_000_000]


def test_the_command_line_checks_the_bundled_file_and_fails_a_broken_one(tmp_path):
    command = [sys.executable, "-m", "components.data", "funding"]
    clean = subprocess.run([*command, "data/funding.csv"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert clean.returncode == 0 and "no problems" in clean.stdout
    broken = tmp_path / "funding.csv"
    broken.write_text(f"{HEADER}\nmal,,,1000,,a,b,c,,S99,,no\n", encoding="utf-8")
    env = {"FINMAP_LANG": "fi", "PATH": ""}
    failed = subprocess.run([*command, str(broken)], cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    assert failed.returncode == 1 and "Tuntematon lähde ”S99”" in failed.stdout
