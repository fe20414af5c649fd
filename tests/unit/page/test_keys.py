"""Every session key is named once, in components/page/keys.py, and no two mean the same key."""

from __future__ import annotations

import ast

from components.model.filters import FILTERS
from components.page import keys
from tests.helpers.paths import ROOT


def test_every_session_key_is_distinct_and_no_key_is_a_prefix_of_another():
    named = {name: value for name, value in vars(keys).items() if name.startswith("KEY_") or name == "REST_BUTTON"}
    values = [*named.values(), *keys.SELECTION_KEYS.values(), *keys.FILTER_KEYS]
    filter_keys = set(keys.FILTER_KEYS)
    assert len(set(values) - filter_keys) == len(values) - len(keys.FILTER_KEYS) - 2  # KEY_PARTNERSHIPS, KEY_CITY
    assert tuple(spec.key for spec in FILTERS) == keys.FILTER_KEYS and len(filter_keys) == len(FILTERS)
    prefixes = [value for name, value in named.items() if name.endswith("_")] + list(keys.SELECTION_KEYS.values())
    for prefix in prefixes:
        clashing = [value for value in set(values) if value != prefix and value.startswith(prefix)]
        assert clashing == [], prefix


def literal_session_keys(source: str) -> list[int]:
    """Lines where st.session_state is read or written with a key spelt as a literal string."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Subscript):
            owner, key = node.value, node.slice
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            owner, key = node.func.value, node.args[0]
        else:
            continue
        if ast.unparse(owner).endswith("session_state") and isinstance(key, ast.Constant):
            found.append(node.lineno)
    return found


def test_the_check_finds_a_literal_key():
    source = 'st.session_state["x"] = 1\nst.session_state.get("y")\nst.session_state[KEY_X]\nst.session_state.get(k)'
    assert literal_session_keys(source) == [1, 2]


def test_the_page_reads_and_writes_the_session_by_named_keys_only():
    """No st.session_state["..."] with a literal key outside keys.py: a key spelt twice drifts."""
    literal = {
        path.name: lines
        for path in [*sorted((ROOT / "components" / "page").glob("*.py")), ROOT / "app.py"]
        if path.name != "keys.py" and (lines := literal_session_keys(path.read_text(encoding="utf-8")))
    }
    assert literal == {}
