"""The fact sheet printed from a real browser (print media, A4): one page, for Kuopio, Helsinki
and the municipality with the longest sheet, in each language; and the details beside the map
readable on a phone, nothing scrolling sideways."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from components.base.i18n import LANGUAGES
from components.data.memberships import load_dataset
from components.model.fact_sheet import fact_sheet, shown_length
from harness.browser import LAPTOP, PHONE, new_page, open_app
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, ROOT, require
from tests.helpers.servers import app_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    polygons, population = str(require(REFERENCE_MUNICIPALITIES)), str(require(POPULATION))
    with app_server(polygons, tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=population) as url:
        yield url


def longest_sheet(lang: str) -> str:
    """The municipality whose sheet has the most text in `lang` (the one most likely to spill)."""
    dataset = load_dataset(ROOT / "data")
    codes = sorted(set(dataset.memberships["municipality_code"]))

    return max(codes, key=lambda code: shown_length(fact_sheet(dataset, code, lang, date(2026, 12, 7))))


def printed_pages(browser, url: str) -> int:
    page = new_page(browser, viewport=LAPTOP)
    page.goto(url)
    page.wait_for_selector(".fact-sheet img", timeout=60_000)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    page.close()
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_sheet_prints_on_one_a4_page(browser, server, lang):
    for code in ("297", "091", longest_sheet(lang)):
        assert printed_pages(browser, f"{server}/?lang={lang}&city={code}&sheet=1") == 1, code


@pytest.mark.parametrize("width", [390, 320])
def test_the_details_do_not_scroll_sideways_on_a_phone(browser, server, width):
    page = new_page(browser, viewport={"width": width, "height": PHONE["height"]}, has_touch=True, is_mobile=True)
    open_app(page, f"{server}/?lang=fi&city=091")
    blocks = page.locator('[class*="st-key-membership_"]')
    blocks.first.wait_for(timeout=60_000)
    assert blocks.count() == 4
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('[class*="st-key-membership_"], [class*="st-key-membership_"] *')]
            .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > innerWidth + 1)
            .map(e => e.className || e.tagName)"""
    )
    assert too_wide == []
    text = blocks.nth(1).inner_text()  # the MAL block: every fact as text
    for fact in ("Tila:", "Alku:", "Loppu:", "Ryhmä: Helsingin seutu", "Kumppanit:", "Teemat:", "Lähteet:"):
        assert fact in text
    page.close()
