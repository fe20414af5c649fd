"""The page around the map: the compact heading with its counts, and the page's own styles
(layout, WCAG target sizes, Streamlit's built-in texts in the page language).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.colours import (
    CAPTION_INK,
    CARD_CHOSEN,
    FALLBACK_COLOUR,
    FALLBACK_LINE,
    FOCUS_RING,
    PARTNERSHIP_COLOURS,
    TEXT_INK,
    partnership_line,
)
from components.base.i18n import t
from components.data.memberships import Dataset
from components.data.population import Population, headline_text, without_figure_notes
from components.model.details import not_known_text
from components.model.filters import FilterState, day_in_words
from components.model.wording import markdown_literal
from components.page import views
from components.page.keys import REST_BUTTON
from components.page.targets import TARGET_CSS
from components.render.map import frame_height_css

# px of the window kept for the page around the map. Here, not in components/page/map.py, so the
# page's shell (components/page/shell.py) can put the frame's height in the first answer without
# loading the map component outside a script run (it registers itself only inside one).
MAP_ROOM, MAP_ROOM_PHONE = 120, 240


def headline(rows: pd.DataFrame, dataset: Dataset, state: FilterState, population: Population | None = None) -> None:
    """The counts of the view's `rows` in one line, under the day when one other than today is
    chosen ("In force on 1.1.2028"), so a screenshot of the page is not read as today's."""
    lang, day = state.lang, state.day
    if day:
        st.markdown(f"**{day_in_words(day, lang)}**")
    # One line of text, not st.metric cards: the cards' code (number formatting, charts) is a
    # separate download that holds back the first drawing of the map by about 0.3 s.
    counts = views.headline_counts(rows, dataset, state)
    st.markdown(" · ".join(f"{t(f'headline.{name}', lang)} **{count}**" for name, count in counts.items()))
    if not_known := not_known_text(rows, lang):  # shown on the map, but past a term's earliest end
        st.markdown(f"**{markdown_literal(not_known)}**")
    if population is not None and (coverage := views.coverage(rows, dataset, state, population)) is not None:
        st.markdown(headline_text(coverage, population, lang))
        for note in without_figure_notes(coverage, population, lang):
            st.caption(note)


def map_frame_css() -> str:
    """The map frame's height rules, built from the constants above only (they go into the page
    as CSS)."""
    return frame_height_css(MAP_ROOM, MAP_ROOM_PHONE)


def base_css() -> str:
    """Our own CSS, from the palette alone (no data): captions dark enough for WCAG AA contrast,
    a focus ring that shows, and pointer targets of at least 24 px (components.page.targets)."""
    return f"""
<style>
[data-testid="stCaptionContainer"] {{ color: {CAPTION_INK} !important; opacity: 1 !important; }}
:focus-visible {{ outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important; }}
button kbd {{ color: inherit !important; opacity: 1 !important; }}
/* A disabled control's label stays readable: the caption under it says why it is disabled. */
[data-testid="stWidgetLabel"][disabled] {{ color: {TEXT_INK} !important; }}
/* So do its chosen values (a link's size waiting for population figures). */
[data-testid="stMultiSelect"]:has(input:disabled) [data-tag] {{
  background: {CARD_CHOSEN} !important; border: 1px solid {TEXT_INK}; }}
[data-testid="stMultiSelect"]:has(input:disabled) [data-tag] span {{ color: {TEXT_INK} !important; }}
{TARGET_CSS}
</style>
"""


def accessibility() -> None:
    # <html lang> and the map frame's accessible name are set from inside the map (labelPage in
    # components/render/map_layers.js), with every view. st.html, not st.markdown(unsafe_allow_html): the
    # latter loads a 184 KB HTML-in-Markdown parser with the page, for a <style> block.
    st.html(base_css())


LAYOUT_CSS = """
<style>
/* Little space above the heading, just the header bar's (with the sidebar's button): the map
   starts high on a laptop screen (not when presenting). */
[data-testid="stMainBlockContainer"]:has(.st-key-page_heading) {
  padding-top: 3.5rem !important; padding-bottom: 3rem !important; }
.st-key-page_heading h1 { font-size: 1.6rem !important; padding: 0 !important; line-height: 1.25 !important; }
.st-key-page_heading [data-testid="stMarkdownContainer"] p { margin-bottom: 0; }
/* The headings under the title are h2 (none skipped), at the size of a subheader. */
[data-testid="stMain"] h2 {
  font-size: 1.75rem !important; font-weight: 600 !important; padding: 0.75rem 0 1rem 0 !important; }
/* Cards: compact, the partnership's colour as a thick left edge, the chosen ones tinted
   (layout_css). */
.st-key-partnership_cards [data-testid="stVerticalBlockBorderWrapper"],
.st-key-partnership_cards [class*="st-key-card_"] { padding: 0.35rem 0.6rem !important; gap: 0 !important; }
.st-key-partnership_cards [data-testid="stCaptionContainer"] { padding-left: 2rem; }
/* A city's memberships: one block each, the partnership's colour as its left edge; long words
   and addresses wrap, so nothing scrolls sideways. */
[class*="st-key-membership_"] { border-left: 0.4rem solid; padding-left: 0.6rem; gap: 0.25rem !important;
  overflow-wrap: anywhere; }
/* The presentation legend: large type, a swatch before each name. */
.st-key-presentation_legend p { font-size: 22px !important; line-height: 1.3; margin: 0; }
[class*="st-key-legend_"] p::before { content: ""; display: inline-block; width: 1.1em; height: 1.1em;
  margin-right: 0.4em; vertical-align: -0.15em; border: 2px solid; border-radius: 2px; }
/* Wide tables and charts scroll in their own box, never the whole page. */
.st-key-overlap_matrix { overflow-x: auto; max-width: 100%; }
[data-testid="stMain"] { overflow-x: hidden; }
@media (min-width: 641px) {
  .st-key-details_below { display: none !important; }
  /* Narrow side margins: the width goes to the map. */
  [data-testid="stMainBlockContainer"]:has(.st-key-page_heading) {
    padding-left: 1.5rem !important; padding-right: 1.5rem !important; }
}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"]:has(.st-key-page_heading) { padding: 3.75rem 0.75rem 2rem 0.75rem !important; }
  .st-key-page_heading h1 { font-size: 1.3rem !important; }
  /* The Sources tab has the full text. Important: in the page's first styles (components/page/shell.py)
     this rule comes before Streamlit's own, which would otherwise win. */
  .st-key-page_tagline { display: none !important; }
  .st-key-page_heading [data-testid="stMarkdownContainer"] p { font-size: 0.875rem; }
  /* Seven tabs: on a phone they wrap into rows, all in sight, instead of scrolling behind an arrow. */
  .st-key-main_tabs [role="tablist"] { flex-wrap: wrap; column-gap: 1rem; row-gap: 0.25rem; }
  .st-key-main_tabs [data-testid="stTabsScrollLeft"], .st-key-main_tabs [data-testid="stTabsScrollRight"] {
    display: none !important; }
}
</style>
"""


def layout_css() -> str:
    """The page's layout CSS and each partnership's colours, for the cards' edges and the
    presentation legend's swatches. Built from our own constants only (components.base.colours), never
    from data: it goes into the page as a style sheet."""
    fallback, fallback_line = FALLBACK_COLOUR, FALLBACK_LINE
    rules = [
        f".st-key-{REST_BUTTON} {{ display: none !important; }}",  # pressed by the map (components.page.first_run)
        f'.st-key-partnership_cards [class*="st-key-card_"]:has(input:checked) {{ background: {CARD_CHOSEN}; }}',
        f'[class*="st-key-card_"] {{ border-left: 0.5rem solid {fallback} !important;'
        f" box-shadow: inset 2px 0 0 {fallback_line}; }}",
        f'[class*="st-key-membership_"] {{ border-left-color: {fallback}; }}',
        f'[class*="st-key-legend_"] p::before {{ background: {fallback}; border-color: {fallback_line}; }}',
    ]
    for pid, colour in PARTNERSHIP_COLOURS.items():
        line = partnership_line(pid)
        rules.append(
            f".st-key-card_{pid} {{ border-left-color: {colour} !important; box-shadow: inset 2px 0 0 {line}; }}"
        )
        rules.append(f".st-key-legend_{pid} p::before {{ background: {colour}; border-color: {line}; }}")
        rules.append(f".st-key-membership_{pid} {{ border-left-color: {colour} !important; }}")
    return LAYOUT_CSS.replace("</style>", "\n".join(rules) + "\n</style>")


def heading(box, title: str, tagline: str):
    """A small title and a one-line tagline in `box` (a container made before the map, so the
    map is drawn first); returns `box` for what follows them (notices, headline)."""
    with box:
        st.html(layout_css())
        st.title(title, anchor=False)
        with st.container(key="page_tagline"):
            st.caption(tagline)
    return box
