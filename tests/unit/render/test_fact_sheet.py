"""The fact sheet: its HTML for the page and print, its PDF (read back with pypdf, as a reader's
search would), and the briefing pack."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from components.base.i18n import LANGUAGES, t
from components.data.memberships import Dataset
from components.model.fact_sheet import fact_sheet, pack_codes
from components.model.filters import FilterState
from components.model.wording import format_date
from components.page.fact_sheet import make_pack
from components.render import fact_pdf
from components.render.fact_sheet import sheet_html
from components.render.locator import locator_png, locator_svg
from tests.helpers.html_maps import HOSTILE, geometry_for, hostile_catalog

DAY = date(2026, 12, 7)
KUOPIO, HELSINKI = "297", "091"


@pytest.fixture(scope="module")
def geometry(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


def pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    # Lines wrap: the text read back as one line, so a phrase broken over two still matches.
    return len(reader.pages), " ".join("\n".join(page.extract_text() for page in reader.pages).split())


def flat(text: str) -> str:
    return " ".join(text.split())


def sheet_of(dataset, code, lang, population=None):
    return fact_sheet(dataset, code, lang, DAY, population)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", [KUOPIO, HELSINKI])
def test_the_pdf_is_one_page_with_every_membership_its_dates_population_and_source_addresses(
    dataset, geometry, shared_population, code, lang
):
    sheet = sheet_of(dataset, code, lang, shared_population)
    pages, text = pdf_text(fact_pdf.sheet_pdf(sheet, locator_png(sheet, geometry)))
    assert pages == 1
    assert flat(sheet.title) in text
    for block in sheet.details.blocks:
        for fact in (block.partnership, block.start, block.end):
            assert flat(fact) in text, fact
    assert flat(sheet.population[0]) in text and "%" in sheet.population[0]
    # Every address written out (wrapped lines may break an address anywhere: compare without spaces).
    squeezed = text.replace(" ", "")
    assert sheet.sources and all(source.url.replace(" ", "") in squeezed for source in sheet.sources)
    assert flat(sheet.view_day) in text and flat(sheet.data_as_of) in text


def test_the_pdf_embeds_its_font_and_keeps_scandinavian_letters_as_text(dataset, geometry):
    sheet = sheet_of(dataset, "092", "sv")  # Vantaa, Vanda
    pdf = fact_pdf.sheet_pdf(sheet, locator_png(sheet, geometry))
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {font["/BaseFont"] for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert all("DejaVu" in str(name) for name in fonts) and fonts
    assert all("/FontFile2" in font["/DescendantFonts"][0]["/FontDescriptor"] for font in _fonts(reader))
    _, text = pdf_text(pdf)
    assert "Källor" in text and "Början" in text


def _fonts(reader):
    return [font.get_object() for page in reader.pages for font in page["/Resources"]["/Font"].values()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_html_sheet_has_every_fact_dates_in_the_page_format_and_addresses(dataset, geometry, lang):
    sheet = sheet_of(dataset, KUOPIO, lang)
    html = sheet_html(sheet, locator_svg(sheet, geometry))
    text = flat(_visible_text(html))
    mal = next(block for block in sheet.details.blocks if block.partnership_id == "mal")
    assert mal.start == t("events.start_negotiation-result", lang, date=format_date("2024-09-23", lang))
    for block in sheet.details.blocks:
        for fact in (block.partnership, block.status, block.start, block.end, block.themes, *block.partners):
            assert flat(fact) in text, fact
    assert all(source.url in text for source in sheet.sources)
    assert "@page" in html and "A4" in html  # made for print
    assert 'src="data:image/svg+xml;base64,' in html  # the locator map travels inside the page


def test_a_hostile_name_is_text_in_the_html_and_the_pdf(dataset, geometry):
    payload = HOSTILE[0]
    rows = dataset.memberships.copy()
    rows.loc[rows["municipality_code"] == KUOPIO, "name_fi"] = payload
    rows.loc[rows["municipality_code"] == "402", "name_fi"] = f"<img src=x onerror=alert(2)> {payload}"  # a partner
    hostile = replace(dataset, memberships=rows, catalog=hostile_catalog(dataset.catalog))  # and every title
    sheet = sheet_of(hostile, KUOPIO, "fi")
    html = sheet_html(sheet, locator_svg(sheet, geometry))
    assert payload not in html and "<img src=x" not in html
    assert not [text for text in HOSTILE if "<" in text and text in html]  # the catalog's payloads too
    assert len(re.findall(r"<img\b", html)) == 1  # the locator map alone
    assert flat(payload) in flat(_visible_text(html))
    _, text = pdf_text(fact_pdf.sheet_pdf(sheet, locator_png(sheet, geometry)))
    assert flat(payload) in text


def test_the_pack_of_the_strategic_partnership_is_a_cover_and_six_sheets_largest_first(
    dataset, geometry, shared_population
):
    state = FilterState(lang="en", partnerships=("strategic",))
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "strategic"]
    codes = pack_codes(rows, shared_population)
    assert codes[:3] == ["091", "049", "837"]  # Helsinki, Espoo, Tampere
    pack = make_pack(dataset, geometry, shared_population, codes, state, "Strategic partnership")
    reader = PdfReader(io.BytesIO(pack))
    assert len(reader.pages) == 1 + 6
    headings = [page.extract_text().splitlines()[0] for page in reader.pages[1:]]
    names = [dataset.cities.set_index("municipality_code").loc[code, "name_fi"] for code in codes]
    assert headings == [t("sheet.heading", "en", name=name) for name in names]
    assert t("sheet.page", "en", page=7, pages=7) in reader.pages[6].extract_text()
    assert t("pack.title", "en") in reader.pages[0].extract_text()


def test_without_population_the_pack_is_in_alphabetical_order(dataset: Dataset):
    rows = dataset.memberships[dataset.memberships["partnership_id"] == "vitality"]
    assert pack_codes(rows) == ["179", "297", "398"]  # Jyväskylä, Kuopio, Lahti


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs) -> None:
        self._style = tag == "style"

    def handle_endtag(self, tag) -> None:
        self._style = False

    def handle_data(self, data) -> None:
        if not self._style:
            self.parts.append(data)


def _visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_locator_map_draws_the_partners_in_their_colours_over_finland(dataset, geometry):
    from matplotlib.image import imread

    from components.base.colours import CONTEXT_FILL, FILL_OPACITY, over, partnership_colour, rgb

    sheet = sheet_of(dataset, KUOPIO, "fi")
    pixels = imread(io.BytesIO(locator_png(sheet, geometry)))[..., :3]

    def share_near(colour: str) -> float:
        return float((abs(pixels - rgb(colour)).max(axis=-1) < 0.04).mean())

    # Finland's grey (the picture drawn once), and each partnership's members in its fill on it.
    assert share_near(CONTEXT_FILL) > 0.15
    for pid in ("mal", "urban-policy-group"):  # (vitality: its partners are in the group too)
        assert share_near(over(partnership_colour(pid), FILL_OPACITY, CONTEXT_FILL)) > 0.0005, pid
