"""Hardening and faults: server settings, no data through unsafe HTML, clear pages for broken
bundled data."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

from tests.helpers.paths import ROOT

PYTHON_SOURCES = [ROOT / "app.py", *sorted((ROOT / "components").rglob("*.py"))]


def test_streamlit_settings_are_hardened():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] in (False, "none")
    assert 0 < config["server"]["maxUploadSize"] <= 5
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableStaticServing"] is True
    # A table's own CSV download writes formulas as they are: only our inert downloads remain.
    assert config["client"]["disableDataExport"] is True


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
                yield path, node, constants


def _takes_no_data(call: ast.AST, path: Path) -> bool:
    """A call, in the file at `path`, of a builder without parameters: it cannot carry data."""
    import importlib
    import inspect

    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and not call.args and not call.keywords):
        return False
    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    builder = getattr(module, call.func.id, None)
    return callable(builder) and not inspect.signature(builder).parameters


# Builders of HTML from data that escape every text themselves, each with the test file that feeds
# it hostile text (names, titles, notes) and checks that it stays text.
ESCAPING_BUILDERS = {
    "sheet_html": ROOT / "tests" / "unit" / "render" / "test_fact_sheet.py",
    "day_keys_html": ROOT / "tests" / "unit" / "page" / "test_day_keys.py",
}


def _escaping_builder(call: ast.AST) -> bool:
    if not isinstance(call, ast.Call):
        return False
    name = getattr(call.func, "attr", getattr(call.func, "id", ""))
    test = ESCAPING_BUILDERS.get(name)
    return test is not None and "hostile" in test.read_text(encoding="utf-8") and name in test.read_text()


def test_no_data_derived_text_goes_through_unsafe_html():
    calls = list(_unsafe_html_calls())
    assert len(calls) >= 2, "the constant CSS and the language script are expected here"
    for path, call, constants in calls:
        (argument,) = call.args[:1]
        is_constant = (isinstance(argument, ast.Constant) and isinstance(argument.value, str)) or (
            isinstance(argument, ast.Name) and argument.id in constants
        )
        assert is_constant or _takes_no_data(argument, path) or _escaping_builder(argument), (
            f"{path.name}:{call.lineno} passes non-constant text with unsafe_allow_html or st.html"
        )
