"""The page a new user gets with no network (`make run`: boundaries and population from
Statistics Finland, unreachable): one short notice in plain words, the technical reason behind
its disclosure, and the map starting no lower than on the page that has both.

"No network" is both sources pointed at a closed port of 127.0.0.1; "online" is the shared
reference boundaries and population figures, read at test time."""

from __future__ import annotations

import pytest

from components.base.i18n import strings
from harness.browser import LAPTOP, MAP_FRAME, PHONE, new_page, open_app, wait_until
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, require
from tests.helpers.servers import app_server, closed_port

NOTICE = ".st-key-missing_sources"
SIZES = {"laptop": (LAPTOP, False), "phone": (PHONE, True)}


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    unreachable = f"http://127.0.0.1:{closed_port()}"
    settings = {"FINMAP_POPULATION": f"{unreachable}/population"}
    with app_server(f"{unreachable}/boundaries", tmp_path_factory.mktemp("cache"), **settings) as url:
        yield url


@pytest.fixture(scope="module")
def online(tmp_path_factory):
    settings = {"FINMAP_POPULATION": str(require(POPULATION))}
    with app_server(str(require(REFERENCE_MUNICIPALITIES)), tmp_path_factory.mktemp("cache"), **settings) as url:
        yield url


def settled_page(browser, url: str, size: str):
    """The whole page at `size`, once a boundary download that was still running has ended
    (the page redraws itself then)."""
    viewport, touch = SIZES[size]
    page = new_page(browser, viewport=viewport, has_touch=touch, is_mobile=touch)
    open_app(page, url)
    loading = strings("en")["boundaries.loading"]
    wait_until(page, "(text) => !document.body.innerText.includes(text)", loading, timeout=30_000)
    open_app(page, url)  # a fresh run with the download's outcome
    return page


def map_top(page) -> float:
    return page.locator(MAP_FRAME).bounding_box()["y"]


@pytest.mark.parametrize("size", SIZES)
def test_no_network_gives_one_plain_notice_and_the_map_no_lower(browser, offline, online, size):
    page = settled_page(browser, offline, size)
    english = strings("en")
    notice = page.locator(NOTICE)
    assert notice.inner_text().strip().endswith(english["calm.sources.both_download"])
    assert page.locator('[data-testid="stAlert"]').count() == 0  # no banners
    visible = page.locator('[data-testid="stMain"]').inner_text()
    assert "ConnectionError" not in visible and "(" not in notice.inner_text()
    offline_top = map_top(page)
    page.context.close()

    with_sources = settled_page(browser, online, size)
    assert with_sources.locator(NOTICE).count() == 0
    online_top = map_top(with_sources)
    with_sources.context.close()
    assert offline_top <= online_top, (offline_top, online_top)


def test_the_technical_reasons_are_behind_the_disclosure(browser, offline):
    page = settled_page(browser, offline, "laptop")
    page.locator(f"{NOTICE} summary").click()
    details = page.locator(f"{NOTICE} [data-testid='stExpanderDetails']")
    details.get_by_text("Official boundaries could not be downloaded (ConnectionError)").wait_for(timeout=10_000)
    assert "Population figures could not be downloaded (ConnectionError)" in details.inner_text()
    assert "FINMAP_BOUNDARIES" in details.inner_text()
    page.context.close()
