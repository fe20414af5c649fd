"""Each concept in one place, checked on the source: the drawing library only in the web map's
adapter, every colour in components/base/colours.py, every locale key used by the code."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from components.base.i18n import strings
from tests.helpers.paths import ROOT

COMPONENTS = ROOT / "components"
PYTHON = sorted([*COMPONENTS.rglob("*.py"), ROOT / "app.py"])
SOURCES = {path: path.read_text(encoding="utf-8") for path in [*PYTHON, *sorted(COMPONENTS.rglob("*.js"))]}

# Locale keys the code builds from a prefix and a name it holds elsewhere, e.g.
# t(f"problem.{reason}") with the reason "bad_date" raised in components/data/memberships.py. Such a key is
# used when its name appears in the code as a string of its own ("bad_date").
DYNAMIC_PREFIXES = (
    "boundaries.",  # a boundary source's failure reason
    "events.kind_",  # a dated event's kind
    "events.start_",  # a start named after its event
    "data.",  # why the data file cannot be read
    "export.",  # a download's format
    "headline.",  # a headline count's name
    "map.basemap_",  # a background map's name
    "population.",  # a population source's failure reason, or the line a view asks for
    "problem.limit.",  # an input limit's name (data._limit_problem)
    "upload_diff.kind_",  # a change's kind in the upload comparison
    "problem.",  # a validation problem's reason
    "static.geometry_",  # the slide picture's geometry mode
    "static.note_",
    "status.",  # a partnership's status
    "url.",  # why a link's parameter was ignored
)


def code_text() -> str:
    return "\n".join(SOURCES.values())


def test_only_the_web_map_adapter_and_the_page_that_renders_it_import_folium():
    importers = {
        path.relative_to(ROOT).as_posix()
        for path, text in SOURCES.items()
        if re.search(r"^\s*(import|from)\s+(folium|branca|streamlit_folium)\b", text, re.M)
    }
    assert importers == {"components/render/map.py", "components/page/map.py"}


def test_the_map_model_loads_no_drawing_library():
    # Also what it imports must not: the slide picture and the server's cache use the model alone.
    probe = "import sys, components.model.map; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    modules = set(ast.literal_eval(loaded.stdout.strip()))
    assert "shapely" in modules  # the probe sees what the model loads
    assert not modules & {"folium", "branca", "streamlit_folium", "matplotlib", "streamlit"}


def test_every_colour_is_defined_in_the_style_module():
    colour = re.compile(r"#[0-9A-Fa-f]{6}\b|#[0-9A-Fa-f]{3}\b|\brgba?\(|\bhsla?\(")
    found = {
        f"{path.name}:{number}": line.strip()
        for path, text in SOURCES.items()
        if path.name != "colours.py"
        for number, line in enumerate(text.splitlines(), 1)
        if colour.search(line)
    }
    assert found == {}


def key_is_used(key: str, text: str) -> bool:
    base = re.sub(r"\.(one|other)$", "", key)  # plural forms are asked for by their table's name
    if base.startswith("count."):  # counted("rows", n, lang) reads count.rows
        return re.search(rf"counted\(\s*\"{re.escape(base.removeprefix('count.'))}\"", text) is not None
    if f'"{base}"' in text or f"'{base}'" in text:
        return True
    prefix = next((prefix for prefix in DYNAMIC_PREFIXES if base.startswith(prefix)), None)
    name = base.removeprefix(prefix) if prefix else None
    return name is not None and (f'"{name}"' in text or f"'{name}'" in text)


def test_the_usage_check_finds_literal_dynamic_and_unused_keys():
    text = 't("app.title", lang)\nt(f"problem.{reason}")\nraise _error("bad_date")\ncounted("rows", 2, lang)'
    assert key_is_used("app.title", text) and key_is_used("problem.bad_date", text)
    assert key_is_used("count.rows.one", text)
    assert not key_is_used("problem.never_raised", text) and not key_is_used("count.themes.other", text)
    assert not key_is_used("details.nowhere", text)


def test_every_locale_key_is_used_by_the_code():
    text = code_text()
    unused = [key for key in strings("en") if not key_is_used(key, text)]
    assert unused == []


def test_the_page_and_map_styles_take_their_colours_from_the_style_module():
    from components.base.colours import CAPTION_INK, CARD_CHOSEN, CONTROL_BACKGROUND, LABEL_INK, TITLE_INK
    from components.page.builtin_texts import uploader_css
    from components.page.layout import layout_css
    from components.render.map import MAP_CSS

    assert f":has(input:checked) {{ background: {CARD_CHOSEN}; }}" in layout_css()  # a ticked card is tinted
    assert f"color: {CAPTION_INK};" in uploader_css()
    assert f"color: {LABEL_INK};" in MAP_CSS and "rgba(255, 255, 255, 0.85)" in MAP_CSS  # names on the map
    assert f"background: {CONTROL_BACKGROUND};\n  color: {TITLE_INK};" in MAP_CSS  # the "All of Finland" button
