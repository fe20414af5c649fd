"""An upload shows what it would change before it changes the map (components/data/upload_diff.py):
the bundled file with three rows broken names the three memberships that would vanish."""

from __future__ import annotations

import csv
import io
from concurrent.futures import Future

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from components.data import upload, upload_diff
from components.data.memberships import (
    DATA_DIR,
    MAX_COLUMNS,
    MAX_SUGGESTED_CHARS,
    MAX_SUGGESTIONS,
    PARTNERSHIPS_PATH,
    Problem,
    ValidationContext,
    closest,
    load_dataset,
    validate_partnerships,
)
from components.data.upload import check_upload
from tests.helpers.uploads import (
    BUNDLED_LINES,
    HELSINKI_STRATEGIC,
    JYVASKYLA_VITALITY,
    PORI_GROWTH,
    THREE_BROKEN,
    edited,
)


@pytest.fixture(scope="module")
def bundled():
    return load_dataset(DATA_DIR)


@pytest.fixture(autouse=True)
def checked_here(monkeypatch):
    """The check's work in this process, not the worker's: what is compared is the same, and
    mutation testing sees which test reaches which function only in this process. The worker
    itself is tested in test_upload.py, test_input_limits.py and the page tests."""

    class Here:
        def submit(self, function, *args):
            done = Future()
            done.set_result(function(*args))
            return done

    monkeypatch.setattr(upload, "_checker", Here)


def test_the_bundled_file_uploaded_as_it_is_changes_nothing(bundled):
    check = check_upload(PARTNERSHIPS_PATH.read_bytes(), "same.csv", bundled)
    assert check.result.is_clean and check.comparison.unchanged
    assert upload_diff.summary(check.comparison, "en").startswith("The file's valid rows are the same")


def test_three_broken_rows_name_the_three_memberships_that_would_vanish(bundled):
    check = check_upload(edited(THREE_BROKEN), "broken.csv", bundled)
    assert len(check.memberships) == len(bundled.memberships) - 3
    assert [(c.kind, c.partnership_id, c.municipality_code, c.row) for c in check.comparison.changes] == [
        ("rejected", "growth-cities", "609", PORI_GROWTH),
        ("rejected", "strategic", "091", HELSINKI_STRATEGIC),
        ("rejected", "vitality", "179", JYVASKYLA_VITALITY),
    ]
    table = upload_diff.comparison_table(check.comparison, _names(bundled, "en"), "en")
    assert list(table["Municipality"]) == ["Pori", "Helsinki", "Jyväskylä"]
    assert list(table["Change"]) == ["Missing: row rejected"] * 3
    details = dict(zip(table["Municipality"], table["Details"], strict=True))
    assert details["Jyväskylä"].startswith(f"Row {JYVASKYLA_VITALITY} was rejected: Unknown partnership “vitalty”")
    assert "“2024-13-45” is not a date" in details["Pori"]
    summary = upload_diff.summary(check.comparison, "en")
    assert "Missing: row rejected: 3 · Removed: 0 · Changed: 0 · Added: 0" in summary
    # In Finnish the table names them too, by their Finnish partnership names.
    finnish = upload_diff.comparison_table(check.comparison, _names(bundled, "fi"), "fi")
    assert list(finnish["Kunta"]) == ["Pori", "Helsinki", "Jyväskylä"]
    assert set(finnish["Muutos"]) == {"Puuttuu: rivi hylätty"}


def test_the_problems_name_the_municipality_and_partnership_of_their_row_and_suggest_the_known_id(bundled):
    check = check_upload(edited(THREE_BROKEN), "broken.csv", bundled)
    labels = upload_diff.row_labels(check.comparison.row_keys, _names(bundled, "en"))
    problems = upload.problems_table(check.result.problems, "en", labels)
    by_row = {row: (town, partnership, text) for row, town, partnership, text in _rows(problems)}
    names = {p.id: p.name("en") for p in bundled.catalog.partnerships}
    assert by_row[str(HELSINKI_STRATEGIC)][:2] == ("Helsinki", names["strategic"])
    assert by_row[str(JYVASKYLA_VITALITY)][:2] == ("Jyväskylä", names["vitality"])
    assert by_row[str(PORI_GROWTH)][:2] == ("Pori", names["growth-cities"])
    # The known id stands beside the value, not at the end of the long reason (cut off on screen).
    suggested = dict(zip(problems["Row"], problems["Did you mean"], strict=True))
    assert suggested[str(JYVASKYLA_VITALITY)] == "vitality"
    assert list(problems.columns).index("Did you mean") == list(problems.columns).index("Value") + 1
    assert "Did you mean" not in by_row[str(JYVASKYLA_VITALITY)][2]
    (vitalty,) = [p for p in check.result.problems if p.row == JYVASKYLA_VITALITY]
    assert vitalty.message("fi").endswith("Tarkoititko ”vitality”?")
    assert vitalty.message("sv").endswith("Menade du ”vitality”?")


def _rows(problems):
    return problems[["Row", "Municipality", "Partnership", "Problem"]].itertuples(index=False)


def _names(dataset, lang):
    return upload_diff.Names.of(ValidationContext.build(dataset.catalog, dataset.cities), lang)


def test_added_removed_and_changed_memberships_with_the_columns_that_differ(bundled):
    tampere = {
        "partnership_id": "vitality",
        "municipality_code": "837",
        "status": "planned",
        "source_url": "https://tem.fi/x",
        "themes": "competence",
    }
    raw = edited({PORI_GROWTH: {"since": "2025-01-01", "note": "moved"}}, drop=(HELSINKI_STRATEGIC,), extra=(tampere,))
    comparison = check_upload(raw, "edited.csv", bundled).comparison
    kinds = {(c.kind, c.partnership_id, c.municipality_code) for c in comparison.changes}
    assert kinds == {
        ("removed", "strategic", "091"),
        ("changed", "growth-cities", "609"),
        ("added", "vitality", "837"),
    }
    (changed,) = comparison.of_kind("changed")
    assert [column for column, _, _ in changed.differences] == ["since", "note"]
    assert changed.differences[0][2] == "2025-01-01"
    text = upload_diff.details(changed, "en")
    assert text.startswith("since: 2024") and "→ 2025-01-01; note: " in text and text.endswith("→ moved")
    (added,) = comparison.of_kind("added")
    assert added.row == len(BUNDLED_LINES)  # the last line: one dropped, one added


def test_misspelt_theme_and_status_get_the_closest_known_id(bundled):
    raw = edited({JYVASKYLA_VITALITY: {"themes": "competense"}, PORI_GROWTH: {"status": "activ"}})
    messages = {p.row: p.message("en") for p in check_upload(raw, "x.csv", bundled).result.problems}
    assert messages[JYVASKYLA_VITALITY].endswith("Did you mean “competence”?")
    assert messages[PORI_GROWTH].endswith("Did you mean “active”?")


def test_suggestions_are_only_made_for_short_values_and_close_matches():
    assert closest("vitalty", ("vitality", "mal")) == "vitality"
    assert closest("zzzz", ("vitality", "mal")) == ""
    assert closest("vitalty" * 10, ("vitality", "mal")) == ""  # longer than MAX_SUGGESTED_CHARS
    at_limit = "v" * MAX_SUGGESTED_CHARS
    assert closest(at_limit[:-1] + "w", (at_limit,)) == at_limit  # at the limit: still compared
    past = at_limit + "v"
    assert closest(past[:-1] + "w", (past,)) == ""  # one past it: not compared at all


def test_a_file_gets_at_most_max_suggestions_each_value_looked_up_once_in_any_case(bundled):
    context = ValidationContext.build(bundled.catalog, bundled.cities)
    statuses = ("active", "planned")
    assert context.suggest("ACTIV", statuses) == context.suggest("activ", statuses) == "active"
    assert context.suggest("ss", ("ss",)) == "ss"
    assert context.suggest("ß", ("ss",)) == ""  # a value of its own, though "SS" in capitals
    for number in range(MAX_SUGGESTIONS - len(context.suggestions)):
        assert context.suggest(f"plannd{number}", statuses) == "planned"
    assert len(context.suggestions) == MAX_SUGGESTIONS
    assert context.suggest("plannd", statuses) == ""  # one past the limit: no more looking up
    assert context.suggest("activ", statuses) == "active"  # one already looked up is kept


def test_a_file_refused_as_a_whole_compares_as_nothing_read(bundled):
    check = check_upload(b",".join(b"c%d" % i for i in range(MAX_COLUMNS + 1)), "wide.csv", bundled)
    assert check.comparison.row_keys == {}
    assert {c.kind for c in check.comparison.changes} == {"removed"}


@pytest.mark.parametrize(
    ("column", "value"),
    [("until", "2030-12-31"), ("period", "2024–2030"), ("status", "planned"), ("group", "Satakunta")],
)
def test_a_change_in_any_one_compared_column_is_a_change_of_that_column(bundled, column, value):
    comparison = check_upload(edited({PORI_GROWTH: {column: value}}), "one.csv", bundled).comparison
    (changed,) = comparison.changes
    assert (changed.kind, changed.partnership_id, changed.municipality_code) == ("changed", "growth-cities", "609")
    assert [(name, new) for name, _, new in changed.differences] == [(column, value)]


def test_a_row_with_a_field_too_many_is_rejected_by_its_row_not_shown_as_removed(bundled):
    lines = list(BUNDLED_LINES)
    lines[PORI_GROWTH - 1] += ",one too many"
    check = check_upload("\n".join(lines).encode(), "long.csv", bundled)
    assert [(p.row, p.reason) for p in check.result.problems] == [(PORI_GROWTH, "wrong_field_count")]
    assert [(c.kind, c.municipality_code, c.row) for c in check.comparison.changes] == [
        ("rejected", "609", PORI_GROWTH)
    ]


# ----------------------------------------------------------------------------- properties


def _valid_file(lines: list[str], drop: set[int], notes: dict[int, str]) -> bytes:
    """The bundled file (lines, header first) with some data lines dropped and some notes changed."""
    rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
    out = io.StringIO()
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for index, row in enumerate(rows):
        if index not in drop:
            writer.writerow(row | ({"note": notes[index]} if index in notes else {}))
    return out.getvalue().encode()


def _compared(bundled, older: bytes, newer: bytes) -> upload_diff.Comparison:
    rules = ValidationContext.build(bundled.catalog, bundled.cities)
    before = validate_partnerships(older, bundled.catalog, bundled.cities)
    after = validate_partnerships(newer, bundled.catalog, bundled.cities)
    return upload_diff.compare(before.rows, after, upload_diff.row_keys(newer, rules))


EDITS = st.builds(
    lambda drop, notes: (set(drop), dict(notes)),
    st.lists(st.integers(0, len(BUNDLED_LINES) - 2), max_size=6),
    st.dictionaries(st.integers(0, len(BUNDLED_LINES) - 2), st.sampled_from(["a", "b", "Changed."]), max_size=6),
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=EDITS, second=EDITS)
def test_a_list_compared_with_itself_is_unchanged_and_a_with_b_mirrors_b_with_a(bundled, first, second):
    a, b = _valid_file(BUNDLED_LINES, *first), _valid_file(BUNDLED_LINES, *second)
    assert _compared(bundled, a, a).unchanged
    forth, back = _compared(bundled, a, b), _compared(bundled, b, a)
    mirror = {upload_diff.ADDED: upload_diff.REMOVED, upload_diff.REMOVED: upload_diff.ADDED}
    forth_kinds = {(mirror.get(c.kind, c.kind), c.partnership_id, c.municipality_code) for c in forth.changes}
    assert forth_kinds == {(c.kind, c.partnership_id, c.municipality_code) for c in back.changes}
    forth_changed = {(c.partnership_id, c.municipality_code): c.differences for c in forth.of_kind("changed")}
    for change in back.of_kind("changed"):
        swapped = tuple((column, new, old) for column, old, new in change.differences)
        assert forth_changed[(change.partnership_id, change.municipality_code)] == swapped


def test_the_comparison_table_is_in_the_page_language_with_the_row_where_there_is_one():
    names = upload_diff.Names({"mal": "MAL-avtal"}, {"091": "Helsingfors"})
    comparison = upload_diff.Comparison(
        [
            upload_diff.Change("removed", "mal", "091"),
            upload_diff.Change("changed", "mal", "091", row=7, differences=(("status", "active", ""),)),
            upload_diff.Change("added", "vitality", "049", row=8),
        ]
    )
    table = upload_diff.comparison_table(comparison, names, "sv")
    assert table.to_dict("list") == {
        "Ändring": ["Tas bort", "Ändras", "Läggs till"],
        "Partnerskap": ["MAL-avtal", "MAL-avtal", "vitality"],
        "Kommun": ["Helsingfors", "Helsingfors", "049"],
        "Rad i filen": ["", "7", "8"],
        "Uppgifter": ["Inte i filen.", "status: active → (tom)", "Inte i appens data."],
    }


def test_a_changed_value_is_shown_whole_up_to_its_limit_then_cut_to_it():
    limit = upload_diff.SHOWN_CHARS
    whole, longer = "a" * limit, "b" * (limit + 1)
    change = upload_diff.Change("changed", "mal", "091", row=2, differences=(("note", whole, longer),))
    assert upload_diff.details(change, "en") == f"note: {whole} → {'b' * (limit - 1)}…"


def test_names_and_the_summary_are_in_the_page_language(bundled):
    rules = ValidationContext.build(bundled.catalog, bundled.cities)
    swedish, finnish = upload_diff.Names.of(rules, "sv"), upload_diff.Names.of(rules, "en")
    assert (swedish.municipality("091"), swedish.partnership("mal")) == (
        "Helsingfors",
        bundled.catalog.partnership("mal").name("sv"),
    )
    assert (finnish.municipality("091"), finnish.partnership("mal")) == (
        "Helsinki",
        bundled.catalog.partnership("mal").name("en"),
    )
    assert (swedish.municipality("999"), swedish.partnership("nosuch")) == ("999", "nosuch")
    comparison = upload_diff.Comparison([upload_diff.Change("removed", "mal", "091")])
    assert upload_diff.summary(comparison, "sv") == (
        "Vad filen skulle ändra på kartan: Saknas: raden avvisad: 0 · Tas bort: 1 · Ändras: 0 · Läggs till: 0."
    )
    assert upload_diff.summary(upload_diff.Comparison([]), "sv").startswith("Filens giltiga rader är samma")


def test_a_rejected_row_says_why_in_the_page_language():
    problem = Problem(4, "status", "maybe", "bad_status")
    change = upload_diff.Change("rejected", "mal", "091", row=4, problems=(problem,))
    assert upload_diff.details(change, "sv") == f"Rad 4 avvisades: {problem.message('sv')}"
    assert problem.message("sv") != problem.message("en")


def test_each_row_means_the_membership_its_code_or_either_name_tells(bundled):
    """row_keys reads the partnership in lower case (or the closest known one) and the
    municipality from its code, else from its Finnish or Swedish name; a short row's missing cells
    are empty, a code that is no municipality's falls back to the names, an unknown name to none."""
    rules = ValidationContext.build(bundled.catalog, bundled.cities)
    raw = "\n".join(
        [
            "partnership_id,municipality_code,name_fi,name_sv",
            "Strategic,91,,",  # 2: code without its leading zero
            "strategic,,Helsinki,",  # 3: the Finnish name only
            "strategic,,,Helsingfors",  # 4: the Swedish name only
            "strategic,,Tampere",  # 5: a short row: no name_sv cell at all
            "foo-bar,999,Turku,",  # 6: no municipality 999: the name tells; an unknown partnership kept
            "strategic,1234,,Åbo",  # 7: a four-digit code is no code either
            "strategic,,Ei tällaista kuntaa,",  # 8: no such name: left out
        ]
    ).encode()
    keys = upload_diff.row_keys(raw, rules)
    assert keys == {
        2: ("strategic", "091"),
        3: ("strategic", "091"),
        4: ("strategic", "091"),
        5: ("strategic", "837"),
        6: ("foo-bar", "853"),
        7: ("strategic", "853"),
    }


def test_a_file_without_a_partnership_column_still_tells_its_municipalities(bundled):
    rules = ValidationContext.build(bundled.catalog, bundled.cities)
    keys = upload_diff.row_keys(b"municipality_code,name_fi\n091,\n,Tampere\n", rules)
    assert keys == {2: ("", "091"), 3: ("", "837")}


def test_a_changed_row_names_its_line_in_the_uploaded_file(bundled):
    """A changed membership points at the line the uploaded file has it on (header line 1), so the
    person can find it; after a dropped line, the lines below move up by one."""
    raw = "\n".join(BUNDLED_LINES).encode()
    edited_file = _valid_file(BUNDLED_LINES, drop={0}, notes={3: "Changed."})
    changed = [c for c in _compared(bundled, raw, edited_file).changes if c.kind == upload_diff.CHANGED]
    assert len(changed) == 1 and changed[0].row == 4  # data line 3 after line 0 was dropped
    assert changed[0].differences[0][0] == "note" and changed[0].differences[0][2] == "Changed."
