"""The app run by Streamlit's AppTest as a browser would run it: the first run, then the rest."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from components.page.first_run import REST_BUTTON
from harness.load_client import drawn_layers
from tests.helpers.paths import ROOT


def run_app(monkeypatch=None, boundaries: str = "off", **query) -> AppTest:
    if monkeypatch is not None:
        monkeypatch.setenv("FINMAP_BOUNDARIES", boundaries)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    open_page(app)
    # The stack trace too: the message alone is redacted by Streamlit.
    assert not app.exception, [(e.value, e.stack_trace) for e in app.exception]
    return app


def open_page(app: AppTest) -> AppTest:
    """A session's arrival as in a browser: the first run (heading and map), then the rerun the
    map asks for once it has drawn (components/page/first_run.py), which draws the whole page."""
    app.run()
    rest = [button for button in app.button if button.key == REST_BUTTON]
    if rest:
        rest[0].click().run()
    return app


def shown(markdown: object) -> str:
    """The text a Markdown box shows: text from outside arrives escaped (\\[, \\: ...)."""
    return re.sub(r"\\(.)", r"\1", str(markdown))


def layer_codes(app: AppTest) -> set[str]:
    return {code for codes in drawn_layers(map_args(app)).values() for code in codes}


def map_args(app: AppTest) -> dict:
    (component,) = app.get("component_instance")
    return json.loads(component.proto.json_args)


def membership_blocks(app: AppTest) -> dict[str, str]:
    """The city details' membership blocks as a person reads them: partnership id -> the text of
    every element in its block (Markdown unescaped), one element a line."""
    blocks = {}

    def walk(node) -> None:
        block_id = getattr(getattr(node, "proto", None), "id", "") or ""
        if isinstance(block_id, str) and "-membership_" in block_id:
            blocks[block_id.rsplit("-membership_", 1)[1]] = "\n".join(element_texts(node))
            return
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app.main)
    return blocks


def element_texts(node) -> list[str]:
    """The shown text of every element under `node`, in order."""
    children = getattr(node, "children", None)
    if children:
        return [text for child in children.values() for text in element_texts(child)]
    value = getattr(node, "value", None)
    return [shown(value)] if isinstance(value, str) else []


def block_fact(block: str, label: str) -> str:
    """The value of the line `label: value` of a membership block ("" when it has none)."""
    for line in block.splitlines():
        if line.startswith(f"{label}: "):
            return line.removeprefix(f"{label}: ").rstrip()
    return ""
