"""In a real browser, an upload shows its problems and what it would change before it changes the
map; the map changes only when the user chooses to view the uploaded data."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

from harness.browser import MAP_FRAME, map_frame, open_app, open_tab, script_run, wait_for_shapes
from tests.helpers.facts import MEMBERSHIP_ROWS as BUNDLED_SHAPES
from tests.helpers.servers import app_server
from tests.helpers.uploads import HELSINKI_STRATEGIC, JYVASKYLA_VITALITY, PORI_GROWTH, THREE_BROKEN, edited

ACCEPTED = BUNDLED_SHAPES - 3  # the rows of the three-broken file that pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """On city points: an upload is checked and drawn the same way on either geometry."""
    with app_server("off", tmp_path_factory.mktemp("cache")) as url:
        yield url


def _download(page, name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name=name).click()
    return download.value.path().read_text(encoding="utf-8-sig")


def _mark_map(page) -> None:
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")


def _same_map(page) -> bool:
    return map_frame(page).evaluate("() => window.__finmap_mark") == "same map"


def upload_tab_and_three_broken_rows(page, server, tmp_path):
    """The bundled map drawn and the upload tab open; the file with three broken rows to upload."""
    upload = tmp_path / "three-broken.csv"
    upload.write_bytes(edited(THREE_BROKEN))
    open_app(page, server)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    open_tab(page, page.get_by_role("tab", name="Check an updated list"))
    return upload


def test_three_broken_rows_are_shown_and_compared_and_the_map_waits_for_the_choice(page, server, tmp_path):
    upload = upload_tab_and_three_broken_rows(page, server, tmp_path)
    _mark_map(page)
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text(f"{ACCEPTED} rows accepted, 3 rejected, 3 problems.").wait_for(timeout=30_000)
    page.get_by_text("Nothing on the map has changed yet.").wait_for()
    page.get_by_text("Missing: row rejected: 3 · Removed: 0 · Changed: 0 · Added: 0").wait_for()

    problems = list(csv.reader(io.StringIO(_download(page, "Download the problems (CSV)"))))
    rows_and_towns = [(row, town) for row, town, *_ in problems[1:]]
    assert rows_and_towns == [
        (str(HELSINKI_STRATEGIC), "Helsinki"),
        (str(JYVASKYLA_VITALITY), "Jyväskylä"),
        (str(PORI_GROWTH), "Pori"),
    ]
    assert problems[0][problems[0].index("Value") + 1] == "Did you mean"  # beside the value, where it is seen
    assert problems[2][problems[0].index("Did you mean")] == "vitality"
    comparison = list(csv.reader(io.StringIO(_download(page, "Download the comparison (CSV)"))))
    assert comparison[0] == ["Change", "Partnership", "Municipality", "Row in the file", "Details"]
    vanishing = [record[2] for record in comparison[1:]]
    assert vanishing == ["Pori", "Helsinki", "Jyväskylä"]

    # Still the bundled data: all shapes, no banner, the same map. (A second for a change that
    # should not come: nothing to wait for when it does not.)
    page.wait_for_timeout(1000)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    assert page.get_by_text("The map and tables show the uploaded file").count() == 0
    assert _same_map(page)

    page.get_by_role("button", name=f"View the uploaded data ({ACCEPTED} rows)").click()
    assert wait_for_shapes(page, BUNDLED_SHAPES - 3) == BUNDLED_SHAPES - 3
    page.get_by_text("The map and tables show the uploaded file").wait_for()
    expect(page.get_by_role("button", name=f"View the uploaded data ({ACCEPTED} rows)")).to_have_count(0)
    assert _same_map(page)
    assert page.dialogs == []


def test_going_back_keeps_the_bundled_data_and_a_new_upload_waits_again(page, server, tmp_path):
    upload = upload_tab_and_three_broken_rows(page, server, tmp_path)
    page.locator('input[type="file"]').set_input_files(str(upload))
    with script_run(page):
        page.get_by_role("button", name="Go back (keep the bundled data)").click()
    expect(page.get_by_text(f"{ACCEPTED} rows accepted")).to_have_count(0)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    # The same file again is a new upload: it waits for the choice again.
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("Nothing on the map has changed yet.").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)  # a second for a change that should not come
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    assert page.locator(MAP_FRAME).count() == 1
