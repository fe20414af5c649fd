"""Fact sheets as PDF, made on the server with fpdf2: one A4 page a municipality, and the
briefing pack (a cover with the map of the selection, then the sheets, numbered). Text stays
text (selectable, searchable) in an embedded DejaVu Sans, which has å, ä and ö; the fonts come
with matplotlib, so nothing is fetched and no system library is needed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from components.base.colours import CAPTION_INK, TEXT_INK, rgb_bytes
from components.base.i18n import t
from components.base.web import is_web_address
from components.model.details import WHEN_FACTS, MembershipBlock, block_facts
from components.model.fact_sheet import FactSheet, shown_length

FONT_DIR = Path(mpl.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
MARGIN_MM = 12
MAP_WIDTH_MM = 50
# The body's type size, tried from the first down until a sheet fits its one page.
BODY_SIZES_PT = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)
# Where the trials start, by the characters a sheet shows (model.fact_sheet.shown_length): measured
# on every municipality in each language, so that most sheets need one trial, not four.
FIRST_SIZE_BY_LENGTH = ((2_300, 9.5), (2_650, 9.0), (3_560, 8.0), (10**9, 7.5))
INK = rgb_bytes(TEXT_INK)
GREY = rgb_bytes(CAPTION_INK)


@dataclass(frozen=True)
class Cover:
    """The briefing pack's first page."""

    title: str
    selection: str  # the filter in words
    view_day: str
    data_as_of: str
    contents: str  # the municipalities, in the pack's order
    sources: str  # who published what the sheets rest on
    map_png: bytes


class _Document(FPDF):
    def __init__(self, lang: str, numbered: bool) -> None:
        super().__init__(format="A4", unit="mm")
        self.lang, self.numbered = lang, numbered
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, MARGIN_MM + 4)
        self.set_lang(lang)
        self.set_creator(t("sheet.made_by", lang))
        self.set_text_color(*INK)

    def footer(self) -> None:
        if not self.numbered:
            return
        self.set_y(-MARGIN_MM)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 4, t("sheet.page", self.lang, page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(*INK)


def _paragraph(pdf: FPDF, text: str, size: float, bold: bool = False, colour=INK, link: str = "") -> None:
    if not text:
        return
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, size * 0.45, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)
    pdf.set_text_color(*INK)


def _block(pdf: FPDF, block: MembershipBlock, lang: str, size: float, left: float) -> None:
    top = pdf.get_y()
    pdf.set_left_margin(left + 3)
    pdf.set_x(left + 3)
    _paragraph(pdf, block.partnership, size + 1, bold=True)
    facts = block_facts(block, lang)
    _paragraph(pdf, " · ".join(f"{label}: {value}" for label, value in facts[:WHEN_FACTS]), size)
    sources = " · ".join(source.label for source in block.sources)
    for label, value in [*facts[WHEN_FACTS:], (t("details.sources", lang), sources)]:
        if value:
            _paragraph(pdf, f"{label}: {value}", size)
    bottom = pdf.get_y()
    pdf.set_fill_color(*rgb_bytes(block.colour))
    if bottom > top:  # the partnership's colour as a bar beside its block, as on the page
        pdf.rect(left, top, 1.6, bottom - top, style="F")
    pdf.set_left_margin(left)
    pdf.ln(size * 0.3)


def _sheet_page(pdf: _Document, sheet: FactSheet, locator_png: bytes | None, size: float) -> None:
    """The sheet on a new page; without `locator_png` (a trial of its size) the map's room is kept."""
    lang, details = sheet.lang, sheet.details
    pdf.add_page()
    _paragraph(pdf, t("sheet.heading", lang, name=details.name), size + 7, bold=True)
    names = details.name + (f" · {details.other_name}" if details.other_name else "")
    meta = " · ".join((names, f"{t('details.region', lang)}: {details.region}", *sheet.population))
    _paragraph(pdf, meta, size - 0.5, colour=GREY)
    _paragraph(pdf, f"{sheet.view_day} · {sheet.data_as_of}", size - 0.5, colour=GREY)
    pdf.ln(2)
    top = pdf.get_y()
    if locator_png is not None:
        pdf.image(io.BytesIO(locator_png), x=MARGIN_MM, y=top, w=MAP_WIDTH_MM)
    map_bottom = top + MAP_WIDTH_MM * 3.9 / 2.4
    pdf.set_xy(MARGIN_MM, map_bottom + 1)
    pdf.set_font(FONT, "", size - 2)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(MAP_WIDTH_MM, (size - 2) * 0.45, t("sheet.locator", lang, name=details.name), align="L")
    caption_bottom = pdf.get_y()
    pdf.set_text_color(*INK)
    left = MARGIN_MM + MAP_WIDTH_MM + 5
    pdf.set_left_margin(left)
    pdf.set_xy(left, top)
    for block in details.blocks:
        _block(pdf, block, lang, size, left)
    pdf.set_left_margin(MARGIN_MM)
    pdf.set_xy(MARGIN_MM, max(pdf.get_y(), caption_bottom) + 2)
    _paragraph(pdf, t("sheet.sources", lang), size, bold=True)
    for number, source in enumerate(sheet.sources, start=1):
        text = f"{number}. {source.label}: {source.url}" if source.label != source.url else f"{number}. {source.url}"
        _paragraph(pdf, text, size - 1.5, link=source.url if is_web_address(source.url) else "")
    pdf.ln(1)
    _paragraph(pdf, f"{t('sheet.made_by', lang)} · {sheet.data_as_of}", size - 2, colour=GREY)


def _fitted_size(sheet: FactSheet, trial: _Document | None = None) -> float:
    """The largest body size at which the sheet is one page, tried in `trial` (a document for
    trials only, shared by a pack's sheets: its fonts are read once)."""
    trial = trial or _Document(sheet.lang, numbered=False)
    length = shown_length(sheet)
    first = next(size for limit, size in FIRST_SIZE_BY_LENGTH if length <= limit)
    for size in (size for size in BODY_SIZES_PT if size <= first):
        before = trial.page_no()
        _sheet_page(trial, sheet, None, size)
        if trial.page_no() == before + 1:
            return size
    return BODY_SIZES_PT[-1]


def sheet_pdf(sheet: FactSheet, locator_png: bytes) -> bytes:
    """One municipality's fact sheet: one A4 page."""
    pdf = _Document(sheet.lang, numbered=False)
    pdf.set_title(sheet.title)
    _sheet_page(pdf, sheet, locator_png, _fitted_size(sheet))
    return bytes(pdf.output())


def _cover_page(pdf: _Document, cover: Cover) -> None:
    pdf.add_page()
    _paragraph(pdf, cover.title, 18, bold=True)
    pdf.ln(1)
    for line in (cover.selection, f"{cover.view_day} · {cover.data_as_of}"):
        _paragraph(pdf, line, 10, colour=GREY)
    pdf.ln(2)
    width = 95
    pdf.image(io.BytesIO(cover.map_png), x=(pdf.w - width) / 2, w=width)
    pdf.ln(2)
    _paragraph(pdf, cover.contents, 8.5)
    pdf.ln(1)
    _paragraph(pdf, cover.sources, 7, colour=GREY)


def pack_pdf(cover: Cover, sheets: list[tuple[FactSheet, bytes]], lang: str) -> bytes:
    """The briefing pack: the cover, then each fact sheet on a page of its own, numbered."""
    pdf = _Document(lang, numbered=True)
    pdf.set_title(cover.title)
    _cover_page(pdf, cover)
    trial = _Document(lang, numbered=False)
    for sheet, locator in sheets:
        _sheet_page(pdf, sheet, locator, _fitted_size(sheet, trial))
    return bytes(pdf.output())
