"""A choice made far below the map brings the map that changed into view (Debian's Chromium, no
host but 127.0.0.1, a laptop's window): a bar of the timeline, and viewing an uploaded list. The
map used to change off-screen, with nothing on the screen saying so. (The Compare tab's small
maps: tests/browser/test_compare.py.)"""

from __future__ import annotations

import re

import pytest

from harness.browser import LAPTOP, MAP_FRAME, open_app, open_tab, script_run, wait_for_drawn, wait_for_shapes
from tests.helpers.facts import MEMBERS, MEMBERSHIP_ROWS
from tests.helpers.uploads import THREE_BROKEN, edited

CHART = ".st-key-timeline_chart"


@pytest.fixture
def viewport():
    return LAPTOP


def map_in_view(page) -> bool:
    """The map frame crosses the middle of the window: it is what a person sees."""
    frame = page.locator(MAP_FRAME).bounding_box()
    return frame["y"] < LAPTOP["height"] / 2 < frame["y"] + frame["height"]


def test_choosing_a_timeline_bar_brings_the_map_into_view(page, server):
    open_app(page, f"{server}/?tab=timeline")
    wait_for_drawn(page)
    mark = page.locator(f'{CHART} path[aria-label^="Ecosystem agreements (university cities):"]').first
    mark.scroll_into_view_if_needed()
    assert not map_in_view(page)  # the chart is far below the map
    box = mark.bounding_box()
    with script_run(page):
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"partnership=ecosystem(&|$)"), timeout=20_000)
    assert wait_for_shapes(page, MEMBERS["ecosystem"]) == MEMBERS["ecosystem"]
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('{MAP_FRAME}').getBoundingClientRect();
            return r.top < {LAPTOP["height"] / 2} && r.bottom > {LAPTOP["height"] / 2}; }}""",
        timeout=10_000,
    )
    assert map_in_view(page)


def test_viewing_an_uploaded_list_brings_the_map_into_view(page, server, tmp_path):
    upload = tmp_path / "three-broken.csv"
    upload.write_bytes(edited(THREE_BROKEN))
    open_app(page, server)
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    open_tab(page, page.get_by_role("tab", name="Check an updated list"))
    page.locator('input[type="file"]').set_input_files(str(upload))
    view = page.get_by_role("button", name=f"View the uploaded data ({MEMBERSHIP_ROWS - 3} rows)")
    view.wait_for(timeout=30_000)
    view.scroll_into_view_if_needed()
    assert not map_in_view(page)
    with script_run(page):
        view.click()
    assert wait_for_shapes(page, MEMBERSHIP_ROWS - 3) == MEMBERSHIP_ROWS - 3
    page.wait_for_function(
        f"""() => {{ const r = document.querySelector('{MAP_FRAME}').getBoundingClientRect();
            return r.top < {LAPTOP["height"] / 2} && r.bottom > {LAPTOP["height"] / 2}; }}""",
        timeout=10_000,
    )
    assert map_in_view(page)
