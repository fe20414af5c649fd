"""data/changes.toml, what changed in the data: validated on load like the catalog (a full date,
a known round, texts in fi/sv/en, sources the catalog has), newest first, and a data folder
without one loads with no list; a broken one stops the page with a clear message."""

from __future__ import annotations

import shutil

import pytest

from components.data.changes import ChangesError, check_changes, load_changes
from components.data.memberships import DataUnavailableError, load_dataset
from tests.helpers.paths import FIXTURE_DATA


def entry(**fields):
    return {
        "date": "2026-12-07",
        "round": "audit-2026-12-07",
        "sources": ["S1"],
        "fi": "a",
        "sv": "b",
        "en": "c",
    } | fields


def test_entries_come_newest_first_and_in_the_written_order_within_a_day(fixture_dataset):
    raw = {"change": [entry(date="2026-11-28", en="old"), entry(en="first"), entry(en="second")]}
    changes = check_changes(raw, fixture_dataset.catalog)
    assert [change.en for change in changes] == ["first", "second", "old"]
    assert changes[0].text("sv") == "b"


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"sources": ["S1", "S99"]}, "change.0.sources: unknown source 'S99'"),
        ({"round": "audit-2027"}, "change.0.round"),
        ({"date": "2026-12"}, "not a day (YYYY-MM-DD): '2026-12'"),
        ({"date": "2026-02-30"}, "change.0.date"),
        ({"sv": " "}, "change.0.sv"),
        ({"note": "x"}, "change.0.note"),
    ],
)
def test_a_bad_entry_is_rejected_with_where_and_why(fixture_dataset, fields, said):
    with pytest.raises(ChangesError) as raised:
        check_changes({"change": [entry(), entry(**fields)][::-1]}, fixture_dataset.catalog)
    assert said in str(raised.value)


def test_every_rejected_entry_is_reported(fixture_dataset):
    raw = {"change": [entry(sources=["S98"]), entry(), entry(sources=["S99"])]}
    with pytest.raises(ChangesError) as raised:
        check_changes(raw, fixture_dataset.catalog)
    assert str(raised.value).splitlines() == [
        "change.0.sources: unknown source 'S98'",
        "change.2.sources: unknown source 'S99'",
    ]
    missing = {"change": [{"date": "2026-12-07", "round": "release"}]}
    with pytest.raises(ChangesError) as raised:
        check_changes(missing, fixture_dataset.catalog)
    assert {line.split(":")[0] for line in str(raised.value).splitlines()} == {
        "change.0.sources",
        "change.0.fi",
        "change.0.sv",
        "change.0.en",
    }


def test_a_folder_without_a_list_loads_with_none(tmp_path, fixture_dataset):
    assert load_changes(tmp_path / "changes.toml", fixture_dataset.catalog) == ()
    assert fixture_dataset.changes == ()  # the fixture folder keeps no list


def test_a_broken_list_stops_the_page_with_the_reason(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, folder)
    (folder / "changes.toml").write_text(
        '[[change]]\ndate = "2026-12-07"\nround = "release"\nsources = ["S404"]\nfi = "a"\nsv = "b"\nen = "c"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataUnavailableError) as raised:
        load_dataset(folder)
    assert raised.value.path.name == "changes.toml"
    message = raised.value.message("fi")
    assert "changes.toml" in message and "unknown source 'S404'" in message
    (folder / "changes.toml").write_text("[[change]\n", encoding="utf-8")
    with pytest.raises(DataUnavailableError):
        load_dataset(folder)
