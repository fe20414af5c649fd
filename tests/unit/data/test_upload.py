"""The upload check's own steps, in this process: the part that runs in the worker, and the
worker's start. The check end to end is in test_upload_diff.py and test_input_limits.py."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future

import pytest

from components.base.i18n import counted
from components.data import upload
from components.data.memberships import DATA_DIR, Problem, load_dataset
from tests.helpers.uploads import BUNDLED_LINES, HELSINKI_STRATEGIC, THREE_BROKEN, edited


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA_DIR)


def test_the_worker_validates_and_compares_with_the_bundled_rules(bundled):
    result, comparison, packed = upload._validate_and_compare(edited(THREE_BROKEN), bundled)
    assert packed == b""  # three problems: all kept as they are
    assert result.rows_in_file == len(bundled.memberships)
    assert result.rows_rejected == 3
    assert {problem.row for problem in result.problems} >= {HELSINKI_STRATEGIC}
    assert [(c.kind, c.row) for c in comparison.changes if c.partnership_id == "strategic"] == [
        ("rejected", HELSINKI_STRATEGIC)
    ]


def test_a_file_with_no_rows_compares_as_nothing_read(bundled):
    result, comparison, _packed = upload._validate_and_compare(b"", bundled)
    assert result.rows_in_file == 0 and result.problems
    assert comparison.row_keys == {}
    assert {c.kind for c in comparison.changes} == {"removed"}
    assert len(comparison.changes) == len(bundled.memberships)


def test_warm_up_starts_the_worker_once(monkeypatch):
    submitted = []

    class Worker:
        def submit(self, function):
            submitted.append(function)

    monkeypatch.setattr(upload, "_worker", None)
    monkeypatch.setattr(upload, "_checker", Worker)
    upload.warm_up()
    assert submitted == [int]
    monkeypatch.setattr(upload, "_worker", Worker())
    upload.warm_up()
    assert submitted == [int]


def test_the_problems_table_names_each_rows_membership_in_the_page_language():
    problems = [
        Problem(None, None, None, "empty_file"),
        Problem(5, "status", "maybe", "bad_status"),
        Problem(9, "since", "2024-13", "bad_date"),
    ]
    table = upload.problems_table(problems, "sv", labels={5: ("Helsingfors", "MAL-avtal")})
    assert table.to_dict("list") == {
        "Rad": ["Hela filen", "5", "9"],
        "Kommun": ["", "Helsingfors", ""],
        "Partnerskap": ["", "MAL-avtal", ""],
        "Kolumn": ["", "status", "since"],
        "Värde": ["", "maybe", "2024-13"],
        "Problem": [problem.message("sv") for problem in problems],
    }
    assert list(upload.problems_table(problems, "sv")) == ["Rad", "Kolumn", "Värde", "Problem"]


def test_a_suggestion_stands_in_its_own_column_named_in_the_page_language():
    problems = [
        Problem(4, "status", "activ", "bad_status", {"suggestion": "active"}),
        Problem(9, "since", "2024-13", "bad_date"),
    ]
    table = upload.problems_table(problems, "fi")
    assert list(table) == ["Rivi", "Sarake", "Arvo", "Tarkoititko", "Ongelma"]
    assert table["Tarkoititko"].tolist() == ["active", ""]
    assert table["Ongelma"].tolist() == [problem.reason_text("fi") for problem in problems]


def test_a_check_is_named_by_the_files_content(bundled):
    raw = edited(THREE_BROKEN)
    check = upload.check_upload(raw, "a.csv", bundled)
    assert (check.file_name, check.digest) == ("a.csv", hashlib.sha256(raw).hexdigest())


def test_a_file_over_the_upload_limit_is_refused_unread_and_one_at_it_is_read(bundled, monkeypatch):
    raw = b"x" * (upload.MAX_UPLOAD_BYTES + 1)
    check = upload.check_upload(raw, "big.csv", bundled)
    assert (check.file_name, check.digest) == ("big.csv", hashlib.sha256(raw).hexdigest())
    assert [problem.reason for problem in check.result.problems] == ["too_large"]
    assert (check.result.rows_in_file, len(check.result.rows), len(check.memberships)) == (0, 0, 0)

    class Here:  # the worker's work in this process: it only says the file was read
        def submit(self, function, *args):
            done = Future()
            done.set_result(function(*args))
            return done

    monkeypatch.setattr(upload, "_checker", Here)
    at_limit = upload.check_upload(raw[:-1], "limit.csv", bundled)
    assert "too_large" not in [problem.reason for problem in at_limit.result.problems]


def test_a_check_keeps_the_first_problems_and_the_rest_packed_for_the_download(bundled, monkeypatch):
    """A list of many wrong rows: the server keeps KEPT_PROBLEMS problems as objects (what the page
    lists) and the rest in one compressed block; the counts and the download have them all."""
    wrong = {line: {"status": "maybe", "since": "31.2.2024"} for line in range(2, len(BUNDLED_LINES) + 1)}
    raw = edited(wrong, extra=tuple({"partnership_id": "vitalty", "municipality_code": "9999"} for _ in range(400)))
    found = upload.validate_partnerships(raw, bundled.catalog, bundled.cities).problems
    assert len(found) > 2 * upload.KEPT_PROBLEMS

    class Here:  # the worker's work in this process, so the test sees what crosses back
        def submit(self, function, *args):
            done = Future()
            done.set_result(function(*args))
            return done

    monkeypatch.setattr(upload, "_checker", Here)
    check = upload.check_upload(raw, "wrong.csv", bundled)
    assert check.result.problems == found[: upload.KEPT_PROBLEMS]
    assert check.all_problems() == found
    assert check.result.problem_count == len(found) and not check.result.is_clean
    assert check.result.counts_text("en")["problems"] == counted("problems", len(found), "en")
    assert len(check.packed_problems) < len(raw)


def test_a_check_with_few_problems_keeps_them_all_and_packs_nothing(bundled):
    check = upload.check_upload(edited(THREE_BROKEN), "three.csv", bundled)
    assert check.packed_problems == b""
    assert check.all_problems() is check.result.problems and check.result.problem_count == 3
