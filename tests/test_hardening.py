"""Hardening and faults: server settings, no data through unsafe HTML, clear pages for broken
bundled data."""

from __future__ import annotations

import ast
import shutil
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from components.data.catalog import DATA_DIR
from harness.load_client import headline
from tests.conftest import ROOT
from tests.test_app import open_page

PAGE_SOURCES = sorted((ROOT / "components" / "page").glob("*.py"))
PYTHON_SOURCES = [ROOT / "app.py", *sorted((ROOT / "components").rglob("*.py"))]


def test_streamlit_settings_are_hardened():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in (False, "none")
    assert 0 < config["server"]["maxUploadSize"] <= 5
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is True


def _unsafe_html_calls():
    for path in PYTHON_SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            unsafe = any(
                k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                for k in node.keywords
            )
            if unsafe or name == "html":
                yield path.name, node, constants


def _takes_no_data(call: ast.AST) -> bool:
    """A call of a page.py or page_layout.py builder that has no parameters: it cannot carry data."""
    import inspect

    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and not call.args and not call.keywords):
        return False
    import importlib

    page_modules = [importlib.import_module(f"components.page.{path.stem}") for path in PAGE_SOURCES]
    builder = next((getattr(m, call.func.id) for m in page_modules if hasattr(m, call.func.id)), None)
    return callable(builder) and not inspect.signature(builder).parameters


def test_no_data_derived_text_goes_through_unsafe_html():
    calls = list(_unsafe_html_calls())
    assert len(calls) >= 2, "the constant CSS and the language script are expected here"
    for file_name, call, constants in calls:
        (argument,) = call.args[:1]
        is_constant = (isinstance(argument, ast.Constant) and isinstance(argument.value, str)) or (
            isinstance(argument, ast.Name) and argument.id in constants
        )
        assert is_constant or _takes_no_data(argument), (
            f"{file_name}:{call.lineno} passes non-constant text with unsafe_allow_html or st.html"
        )


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
