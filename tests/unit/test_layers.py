"""The layers are the folders (docs/architecture.md): each package under components/ imports only
from the packages before it, only the page imports Streamlit, and tests share code through
tests/helpers/ alone. Checked on the source, imports inside functions included."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import ROOT

LAYERS = ("base", "data", "model", "render", "page")  # each may import from those before it
STREAMLIT = ("streamlit", "streamlit_folium")


def imported_modules(path: Path) -> list[str]:
    """Every module a file imports, absolute (from-imports name their module and each name)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found += [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "components" and len(parts) > 1 and parts[1] in LAYERS else None


def upward_imports(path: Path, layer: str) -> list[str]:
    allowed = set(LAYERS[: LAYERS.index(layer) + 1])
    return [module for module in imported_modules(path) if (other := layer_of(module)) and other not in allowed]


def code_files() -> list[Path]:
    return sorted((ROOT / "components").rglob("*.py"))


def test_every_module_lives_in_a_layer():
    outside = [path.relative_to(ROOT).as_posix() for path in code_files() if path.parent == ROOT / "components"]
    assert outside == ["components/__init__.py"]
    assert {path.parent.name for path in code_files()} - {"components"} == set(LAYERS)


def test_no_module_imports_from_a_layer_above_its_own():
    upward = {
        path.relative_to(ROOT).as_posix(): found
        for path in code_files()
        if path.parent.name in LAYERS and (found := upward_imports(path, path.parent.name))
    }
    assert upward == {}


def test_the_rule_finds_an_upward_import(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("from components.page.state import choose\n\ndef f():\n    from components.render import map\n")
    assert upward_imports(probe, "model") == [
        "components.page.state",
        "components.page.state.choose",
        "components.render",
        "components.render.map",
    ]
    assert upward_imports(probe, "page") == []


def test_only_the_page_layer_and_app_import_streamlit():
    importers = {
        path.relative_to(ROOT).as_posix()
        for path in [*code_files(), *sorted((ROOT / "bench").glob("*.py"))]
        if any(module.split(".")[0] in STREAMLIT for module in imported_modules(path))
    }
    page = {path.relative_to(ROOT).as_posix() for path in code_files() if path.parent.name == "page"}
    in_components = {name for name in importers if name.startswith("components/")}
    assert in_components and in_components <= page


def test_tests_share_code_through_the_helpers_only():
    tests = ROOT / "tests"
    reaching = {
        path.relative_to(ROOT).as_posix(): module
        for path in sorted(tests.rglob("*.py"))
        for module in imported_modules(path)
        if module.startswith("tests.") and not module.startswith("tests.helpers")
    }
    assert reaching == {}


def test_no_relative_imports_so_the_layer_rule_sees_every_import():
    relative = [
        f"{path.relative_to(ROOT).as_posix()}:{node.lineno}"
        for path in [ROOT / "app.py", *code_files(), *sorted((ROOT / "tests").rglob("*.py"))]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level > 0
    ]
    assert relative == []
