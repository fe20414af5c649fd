"""In a real browser, an upload shows its problems and what it would change before it changes the
map; the map changes only when the user chooses to view the uploaded data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import MAP_FRAME, app_server, chromium
from tests.test_browser import open_app, wait_for_shapes, wait_ready
from tests.test_upload_diff import HELSINKI_STRATEGIC, JYVASKYLA_VITALITY, PORI_GROWTH, THREE_BROKEN, _edited

BUNDLED_SHAPES = 132


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server("off", tmp_path_factory.mktemp("cache")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1100}, accept_downloads=True)
    opened = context.new_page()
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def _download(page, name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("button", name=name).click()
    return download.value.path().read_text(encoding="utf-8-sig")


def _mark_map(page) -> None:
    page.frame(url=re.compile("st_folium")).evaluate("() => { window.__finmap_mark = 'same map'; }")


def _same_map(page) -> bool:
    return page.frame(url=re.compile("st_folium")).evaluate("() => window.__finmap_mark") == "same map"


def test_three_broken_rows_are_shown_and_compared_and_the_map_waits_for_the_choice(page, server, tmp_path):
    upload = tmp_path / "three-broken.csv"
    upload.write_bytes(_edited(THREE_BROKEN))
    open_app(page, server)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    page.get_by_role("tab", name="Check an updated list").click()
    _mark_map(page)
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("129 rows accepted, 3 rejected, 3 problems.").wait_for(timeout=30_000)
    page.get_by_text("Nothing on the map has changed yet.").wait_for()
    page.get_by_text("Missing: row rejected: 3 · Removed: 0 · Changed: 0 · Added: 0").wait_for()

    problems = _download(page, "Download the problems (CSV)")
    for row, town in ((HELSINKI_STRATEGIC, "Helsinki"), (JYVASKYLA_VITALITY, "Jyväskylä"), (PORI_GROWTH, "Pori")):
        assert re.search(rf"^{row},{town},", problems, re.MULTILINE), problems
    assert "Did you mean “vitality”?" in problems
    comparison = _download(page, "Download the comparison (CSV)").splitlines()
    assert comparison[0] == "Change,Partnership,Municipality,Row in the file,Details"
    vanishing = [line.split(",")[2] for line in comparison[1:]]
    assert vanishing == ["Pori", "Helsinki", "Jyväskylä"]

    # Still the bundled data: all shapes, no banner, the same map.
    page.wait_for_timeout(1000)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    assert page.get_by_text("The map and tables show the uploaded file").count() == 0
    assert _same_map(page)

    page.get_by_role("button", name="View the uploaded data (129 rows)").click()
    assert wait_for_shapes(page, BUNDLED_SHAPES - 3) == BUNDLED_SHAPES - 3
    page.get_by_text("The map and tables show the uploaded file").wait_for()
    expect(page.get_by_role("button", name="View the uploaded data (129 rows)")).to_have_count(0)
    assert _same_map(page)
    assert page.dialogs == []


def test_going_back_keeps_the_bundled_data_and_a_new_upload_waits_again(page, server, tmp_path):
    upload = tmp_path / "three-broken.csv"
    upload.write_bytes(_edited(THREE_BROKEN))
    open_app(page, server)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    page.get_by_role("tab", name="Check an updated list").click()
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_role("button", name="Go back (keep the bundled data)").click()
    wait_ready(page)
    expect(page.get_by_text("129 rows accepted")).to_have_count(0)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    # The same file again is a new upload: it waits for the choice again.
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_text("Nothing on the map has changed yet.").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert wait_for_shapes(page, BUNDLED_SHAPES) == BUNDLED_SHAPES
    assert page.locator(MAP_FRAME).count() == 1
