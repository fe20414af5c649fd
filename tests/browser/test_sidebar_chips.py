"""The sidebar's chosen values in Debian's Chromium at 1366x768: a chip shows its whole name
(Streamlit cut it at 160 px: "100,000–249,999 inha…"), on two lines where it must, and the box
of chips holds all five size classes without scrolling."""

from __future__ import annotations

import pytest

from components.data.population import SIZE_CLASS_IDS, size_class_label
from harness.browser import LAPTOP, new_page, open_app, open_sidebar
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, require
from tests.helpers.servers import app_server

SIDEBAR_CLOSED_JS = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0"
# Each chip of the size filter: its name, whether its text is cut, and whether it lies inside
# the box of chips as it shows (not scrolled out of it).
CHIPS_JS = """box => { const shown = box.getBoundingClientRect();
  return [...box.querySelectorAll('[data-tag]')].map(chip => { const text = chip.querySelector('span');
    const r = chip.getBoundingClientRect();
    return {name: text.textContent, cut: text.scrollWidth > text.clientWidth || text.scrollHeight > text.clientHeight,
            inside: r.top >= shown.top - 0.5 && r.bottom <= shown.bottom + 0.5}; }); }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # The size filter needs population figures.
    polygons, population = str(require(REFERENCE_MUNICIPALITIES)), str(require(POPULATION))
    with app_server(polygons, tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=population) as url:
        yield url


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_chosen_size_class_shows_its_whole_name(browser, server, lang):
    page = new_page(browser, viewport=LAPTOP)
    try:
        open_app(page, f"{server}/?lang={lang}&size={','.join(SIZE_CLASS_IDS)}")
        if page.evaluate(SIDEBAR_CLOSED_JS):  # closed on arrival below 1400 px: a person opens it
            open_sidebar(page)
        box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelectTagsContainer"]').filter(
            has_text=size_class_label(SIZE_CLASS_IDS[-1], lang)
        )
        chips = box.evaluate(CHIPS_JS)
    finally:
        page.context.close()
    assert [chip["name"] for chip in chips] == [size_class_label(class_id, lang) for class_id in SIZE_CLASS_IDS]
    assert [chip["name"] for chip in chips if chip["cut"] or not chip["inside"]] == []
