"""The cached views keep one convention (components/page/views.py): the inputs a view is computed
from are underscored (not hashed), and one hashed argument, a ViewKey, names the view."""

from __future__ import annotations

import ast

from tests.helpers.paths import ROOT


def cached_functions() -> list[ast.FunctionDef]:
    tree = ast.parse((ROOT / "components" / "page" / "views.py").read_text(encoding="utf-8"))
    return [
        node
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and any("cache_resource" in ast.unparse(d) for d in node.decorator_list)
    ]


def test_every_cached_view_is_named_by_a_view_key_alone():
    functions = cached_functions()
    tree = ast.parse((ROOT / "components" / "page" / "views.py").read_text(encoding="utf-8"))
    public = {node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    assert {"_rows", "_map_data", "_alt_text"} <= {function.name for function in functions}
    # Each cached view is reached through its public function of the same name, which makes the key.
    assert {function.name.removeprefix("_") for function in functions} <= public
    for function in functions:
        *inputs, key = function.args.args
        assert all(argument.arg.startswith("_") for argument in inputs), function.name
        assert (key.arg, ast.unparse(key.annotation)) == ("key", "ViewKey"), function.name
        (decorator,) = function.decorator_list
        assert "hash_funcs=KEY_HASH" in ast.unparse(decorator), function.name


def test_a_view_key_is_hashed_by_everything_it_names():
    from datetime import date

    from components.model.filters import FilterState
    from components.page.views import KEY_HASH, ViewKey

    (hash_key,) = KEY_HASH.values()
    key = ViewKey("data", FilterState(lang="fi", partnerships=("mal",)), ("geometry",), date(2028, 1, 1))
    assert hash_key(key) == hash_key(
        ViewKey("data", FilterState(lang="fi", partnerships=("mal",)), ("geometry",), date(2028, 1, 1))
    )
    for other in (
        ViewKey("upload", key.state, key.tokens, key.day),
        ViewKey(key.data, FilterState(lang="sv", partnerships=("mal",)), key.tokens, key.day),
        ViewKey(key.data, FilterState(lang="fi", partnerships=("mal", "vitality")), key.tokens, key.day),
        ViewKey(key.data, key.state, ("geometry", "en"), key.day),
        ViewKey(key.data, key.state, key.tokens, date(2028, 1, 2)),
    ):
        assert hash_key(other) != hash_key(key), other


def _caches(path) -> list[bool]:
    """Each use of st.cache_resource / st.cache_data in a file (bare or called): per session?"""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    per_session = {
        id(node.func)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and any(word.arg == "scope" and ast.unparse(word.value) == "'session'" for word in node.keywords)
    }
    return [
        id(node) in per_session
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and ast.unparse(node) in {"st.cache_resource", "st.cache_data"}
    ]


def test_only_views_and_resources_cache_across_sessions():
    files = [ROOT / "app.py", *sorted((ROOT / "components").rglob("*.py"))]
    cached = {path.name for path in files if not all(_caches(path))}
    assert cached == {"views.py", "resources.py"}
    # The one session's own: the upload check, let go as the session disconnects.
    assert {path.name for path in files if any(_caches(path))} == {"state.py"}


def test_a_view_is_named_by_its_arguments_and_never_by_the_session():
    """Every input of a cached view comes in as an argument, the rows' data token too (a
    Dataset.token): a view that read the session would name its key from what its caller never
    passed, and two sessions could share a view of other rows."""
    source = (ROOT / "components" / "page" / "views.py").read_text(encoding="utf-8")
    assert "session_state" not in source and "components.page.state" not in source
    tree = ast.parse(source)
    view_key = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "view_key")
    assert view_key.args.args[0].arg == "data"  # the rows' token, from the caller
