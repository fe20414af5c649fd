"""The fact sheet as HTML for the page and the browser's print: one A4 page with the heading,
the locator map, one block a membership and the sources with their addresses written out.
Every text from data is escaped here (html.escape): a name from an uploaded list stays text."""

from __future__ import annotations

from base64 import b64encode
from html import escape

from components.base.colours import CAPTION_INK, TEXT_INK
from components.base.i18n import t
from components.model.details import WHEN_FACTS, MembershipBlock, block_facts
from components.model.fact_sheet import FactSheet, shown_length

# Print: A4 with 12 mm margins; only the sheet is printed (the page's own controls and
# Streamlit's frame are hidden, and its scrolling boxes let the sheet flow onto the paper).
SHEET_CSS = f"""
<style>
.fact-sheet {{ color: {TEXT_INK}; font-size: 14px; line-height: 1.35; max-width: 186mm; }}
/* !important: Streamlit's own heading sizes would win over the sheet's. */
.fact-sheet h1 {{ font-size: 1.6em !important; margin: 0 0 0.1em 0; padding: 0 !important;
  line-height: 1.2 !important; }}
.fact-sheet .fs-meta, .fact-sheet .fs-foot {{ color: {CAPTION_INK}; font-size: 0.9em; margin: 0; }}
.fact-sheet .fs-body {{ display: flex; gap: 5mm; align-items: flex-start; margin-top: 3mm; }}
.fact-sheet .fs-map {{ flex: 0 0 52mm; }}
.fact-sheet .fs-map img {{ width: 52mm; height: auto; display: block; }}
.fact-sheet p, .fact-sheet li, .fact-sheet ol {{ font-size: inherit !important; line-height: inherit; }}
.fact-sheet .fs-map p {{ font-size: 0.8em; color: {CAPTION_INK}; margin: 1mm 0 0 0; }}
.fact-sheet .fs-blocks {{ flex: 1 1 auto; min-width: 0; }}
.fact-sheet .fs-block {{ border-left: 2mm solid; padding: 0 0 0 2.5mm; margin: 0 0 2.5mm 0; overflow-wrap: anywhere; }}
.fact-sheet .fs-block h2 {{ font-size: 1.1em !important; margin: 0; padding: 0 !important;
  line-height: 1.3 !important; }}
.fact-sheet .fs-block p {{ margin: 0; }}
.fact-sheet .fs-label {{ font-weight: 600; }}
.fact-sheet .fs-sources {{ margin-top: 2mm; font-size: 0.85em; overflow-wrap: anywhere; }}
.fact-sheet .fs-sources h2 {{ font-size: 1em !important; margin: 0; padding: 0 !important; }}
.fact-sheet .fs-sources ol {{ margin: 0; padding-left: 5mm; }}
@media (max-width: 640px) {{
  .fact-sheet .fs-body {{ flex-direction: column; }}
}}
@page {{ size: A4 portrait; margin: 12mm; }}
@media print {{
  .fact-sheet {{ font-size: 8.5pt; line-height: 1.3; width: 186mm; max-width: 186mm; }}
  .fact-sheet .fs-body {{ flex-direction: row; }}
  header, [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"], .st-key-sheet_controls, #finmap-shell,
  .st-key-sheet_controls_pdf {{ display: none !important; }}
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"], .stApp {{
    position: static !important; overflow: visible !important; height: auto !important; padding: 0 !important;
    margin: 0 !important; max-width: none !important; }}
}}
</style>
"""


# Print type sizes by how much a sheet says (shown characters): the longest sheets (the six
# largest cities, four memberships each) take a smaller size to stay on one page. Measured
# with Chromium's print of every municipality in each language (tests/browser/test_fact_sheet.py).
PRINT_SIZES_PT = ((3_000, 8.5), (3_800, 7.6), (10**9, 7.0))


def print_size(sheet: FactSheet) -> float:
    length = shown_length(sheet)
    return next(size for limit, size in PRINT_SIZES_PT if length <= limit)


def _fact(label: str, value: str) -> str:
    return f'<p><span class="fs-label">{escape(label)}:</span> {escape(value)}</p>' if value else ""


def block_html(block: MembershipBlock, lang: str) -> str:
    facts = block_facts(block, lang)
    when = " · ".join(f"{label}: {value}" for label, value in facts[:WHEN_FACTS])
    facts = [
        f"<p>{escape(when)}</p>",
        *(_fact(label, value) for label, value in facts[WHEN_FACTS:]),
        _fact(t("details.sources", lang), " · ".join(source.label for source in block.sources)),
    ]
    return (
        f'<div class="fs-block" style="border-left-color: {escape(block.colour)}">'
        f"<h2>{escape(block.partnership)}</h2>{''.join(facts)}</div>"
    )


def sheet_html(sheet: FactSheet, locator: str) -> str:
    """The sheet as an HTML fragment with its style; `locator` is the locator map's SVG text
    (our own drawing, no text in it)."""
    lang, details = sheet.lang, sheet.details
    names = escape(details.name) + (f" · {escape(details.other_name)}" if details.other_name else "")
    meta = " · ".join(escape(part) for part in (f"{t('details.region', lang)}: {details.region}", *sheet.population))
    # An image, not inline SVG: the page's HTML sanitiser drops the drawing's references.
    caption = t("sheet.locator", lang, name=details.name)
    picture = b64encode(locator.encode()).decode()
    svg = f'<img src="data:image/svg+xml;base64,{picture}" alt="{escape(caption)}">'
    sources = "".join(
        f"<li>{escape(source.label)}: {escape(source.url)}</li>"
        if source.label != source.url
        else f"<li>{escape(source.url)}</li>"
        for source in sheet.sources
    )
    return (
        f"{SHEET_CSS}<style>@media print {{ .fact-sheet {{ font-size: {print_size(sheet)}pt; }} }}</style>"
        f'<article class="fact-sheet" lang="{escape(lang)}">'
        f"<h1>{escape(t('sheet.heading', lang, name=details.name))}</h1>"
        f'<p class="fs-meta">{names} · {meta}</p>'
        f'<p class="fs-meta">{escape(sheet.view_day)} · {escape(sheet.data_as_of)}</p>'
        f'<div class="fs-body"><figure class="fs-map" style="margin:0">{svg}'
        f"<p>{escape(caption)}</p></figure>"
        f'<div class="fs-blocks">{"".join(block_html(block, lang) for block in details.blocks)}</div></div>'
        f'<section class="fs-sources"><h2>{escape(t("sheet.sources", lang))}</h2><ol>{sources}</ol></section>'
        f'<p class="fs-foot">{escape(t("sheet.made_by", lang))} · {escape(sheet.data_as_of)}</p>'
        "</article>"
    )
