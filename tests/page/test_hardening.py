"""Hardening and faults: server settings, no data through unsafe HTML, clear pages for broken
bundled data."""

from __future__ import annotations

import shutil

import pytest
from streamlit.testing.v1 import AppTest

from components.data.catalog import DATA_DIR
from harness.load_client import headline
from tests.helpers.apptest import open_page
from tests.helpers.paths import ROOT


def run_with_data(monkeypatch, directory) -> AppTest:
    import streamlit as st

    st.cache_resource.clear()
    monkeypatch.setenv("FINMAP_DATA_DIR", str(directory))
    return open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))


@pytest.fixture
def data_copy(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def test_a_missing_data_file_gives_a_clear_page_not_a_traceback(monkeypatch, data_copy):
    (data_copy / "cities.geojson").unlink()
    app = run_with_data(monkeypatch, data_copy)
    assert not app.exception
    assert [e.value for e in app.error] == [
        "The data file cities.geojson is missing, so the map cannot be shown. "
        "Restore it from the project (git checkout data/) and reload."
    ]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cities.geojson", b'{"type": "FeatureCollection", "features": [{"type": '),
        ("catalog.toml", b"[[partnerships]\nid="),
    ],
)
def test_a_corrupt_data_file_gives_a_clear_page(monkeypatch, data_copy, name, content):
    (data_copy / name).write_bytes(content)
    app = run_with_data(monkeypatch, data_copy)
    assert not app.exception
    (error,) = app.error
    assert error.value.startswith(f"The data file {name} cannot be read")


def test_a_corrupt_partnerships_file_shows_its_problems(monkeypatch, data_copy):
    (data_copy / "partnerships.csv").write_bytes(b"PK\x03\x04\x00\x00 this is a spreadsheet, not a CSV")
    app = run_with_data(monkeypatch, data_copy)
    assert not app.exception
    assert any("1 problem was found in the data" in w.value for w in app.warning)
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    assert list(line.values()) == ["0", "0", "0"]


def test_views_cached_from_another_data_directory_are_never_shown(monkeypatch, data_copy):
    """The views are cached across sessions under the data they come from: a process (or a test
    run) that showed another directory's data first must not show its rows for the bundled data."""
    from components.data.memberships import load_dataset
    from components.model.details import headline_counts
    from components.model.filters import FilterState, apply

    (data_copy / "partnerships.csv").write_bytes(b"PK\x03\x04\x00\x00 this is a spreadsheet, not a CSV")
    run_with_data(monkeypatch, data_copy)  # caches that data's (empty) views; nothing clears them
    monkeypatch.setenv("FINMAP_DATA_DIR", str(DATA_DIR))
    app = open_page(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60))
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    expected = headline_counts(apply(load_dataset(DATA_DIR).memberships, FilterState(lang="en")))
    assert [int(value) for value in line.values()] == list(expected.values())
    assert expected["cities"] > 60
