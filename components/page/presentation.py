"""Presentation mode: the map full screen, one partnership per step, steps a presenter's clicker
moves through (PageUp/PageDown), and the step's colours and slide picture beside the map.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.i18n import t
from components.data.catalog import Catalog
from components.data.population import headline_text
from components.model.cards import PartnershipCard, step_description
from components.model.filters import FilterState, day_in_words, shown_day
from components.model.wording import markdown_literal
from components.page import fact_sheet, table, views
from components.page.context import PanelContext
from components.page.layout import layout_css
from components.page.map import MAP_TOP_VARIABLE
from components.page.state import choose, present_tab, presented_tab, set_presenting
from components.render.slide import render

PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 0 2rem !important; max-width: 100% !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
h1 { font-size: 2.4rem !important; padding: 0 !important; }
/* Readable from the back of a room: captions at least 20 px. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
/* The downloads beside the map say in full what they give (Streamlit cuts a label with "..."). */
[class*="st-key-present_download"] button [data-testid="stMarkdownContainer"],
[class*="st-key-present_download"] button p { white-space: normal !important; overflow: visible !important; }
/* The map in words, for screen readers only: the large legend beside the map says it in sight,
   and the screen keeps its room for the map (components/page/map.py). */
.st-key-present_map_words { position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; }
/* A smaller screen (a laptop's 1366x768; also 1600x1100): the column beside the map held more
   than the screen's height and its captions ran below the bottom edge. Finland is tall: the map
   keeps its height in less width, and the column beside it gets the width to hold its lines in
   one or two rows. The text is smaller in px, on the wall still as large as 20 px of a 1920x1080
   picture on the same screen (1366/1920 of it). */
@media (max-width: 1700px), (max-height: 900px) {
  [data-testid="stHorizontalBlock"]:has(iframe[src*="st_folium"]) > [data-testid="stColumn"]:first-child {
    flex: 1 1 calc(58% - 16px) !important; width: calc(58% - 16px) !important; }
  [data-testid="stHorizontalBlock"]:has(iframe[src*="st_folium"]) > [data-testid="stColumn"]:last-child {
    flex: 1 1 calc(42% - 16px) !important; width: calc(42% - 16px) !important; }
  [data-testid="stMarkdownContainer"] p { font-size: 1.1rem; }
  .st-key-presentation_legend p { font-size: 18px !important; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1rem !important; }
  h1 { font-size: 2rem !important; }
}
</style>
"""


COMPARE_STEP = "compare"  # the last step: every partnership side by side (the Compare tab's grid)


def presentation_steps(catalog: Catalog) -> list[str | None]:
    """The steps a presenter goes through: all partnerships, then each one with members, then
    all of them side by side."""
    return [None, *(p.id for p in catalog.partnerships if p.members_known), COMPARE_STEP]


def current_step(state: FilterState, catalog: Catalog, comparing: bool = False) -> int:
    steps = presentation_steps(catalog)
    if comparing:
        return len(steps) - 1
    if len(state.partnerships) == 1 and state.partnerships[0] in steps[1:-1]:
        return steps.index(state.partnerships[0])
    return 0


def comparing() -> bool:
    """Whether this presentation shows its compare step (its link: `present=1&tab=compare`)."""
    return presented_tab() == COMPARE_STEP


def _go_to_step(step: str | None) -> None:
    """A step shows one partnership (or all), whatever theme or city was chosen before."""
    compare = step == COMPARE_STEP
    choose("partnerships", [step] if step and not compare else [])
    choose("themes", [])
    choose("city", [])
    present_tab(COMPARE_STEP if compare else None)


def presentation_header(panel: PanelContext, rows: pd.DataFrame) -> None:
    """Title of the step, where we are, previous/next (PageUp/PageDown, as clickers send)."""
    st.html(PRESENTATION_CSS)  # constant CSS of our own
    dataset, state = panel.data, panel.state
    lang, catalog = state.lang, dataset.catalog
    steps = presentation_steps(catalog)
    step = current_step(state, catalog, comparing())
    pid = None if steps[step] == COMPARE_STEP else steps[step]
    title = t("compare.slide_title" if comparing() else "present.all", lang)
    title = catalog.partnership(pid).name(lang) if pid else title
    heading, counter, previous, following, leave = st.columns([7, 1, 2.2, 2.2, 1.4], vertical_alignment="center")
    heading.title(title, anchor=False)
    counter.markdown(f"**{t('present.step', lang, step=step + 1, steps=len(steps))}**")
    previous.button(
        t("present.previous", lang),
        on_click=_go_to_step,
        args=(steps[step - 1],),
        disabled=step == 0,
        shortcut="PageUp",
        icon=":material/arrow_back:",
        key="present_previous",
    )
    following.button(
        t("present.next", lang),
        on_click=_go_to_step,
        args=(steps[(step + 1) % len(steps)],),
        disabled=step == len(steps) - 1,
        shortcut="PageDown",
        icon=":material/arrow_forward:",
        key="present_next",
        type="primary",
    )
    leave.button(t("present.exit", lang), on_click=set_presenting, args=(False,), key="present_exit")
    in_force = views.in_force_rows(dataset, state)  # the step counts what is in force on the view's day
    description = step_description(dataset.memberships, catalog, pid, lang, in_force, shown_day(state))
    if state.day:  # another day than today: said first, so the room does not read it as today's
        description = f"{day_in_words(state.day, lang)} · {description}"
    st.markdown(f"**{description}**")
    presentation_keys()
    if pid and catalog.partnership(pid).discrepancy is not None:
        st.caption(markdown_literal(catalog.partnership(pid).discrepancy.in_language(lang)))


def presentation_side(panel: PanelContext, rows: pd.DataFrame) -> None:
    """Beside the map (Finland is tall, the screen wide): the step's colours in large type, and
    the slide picture of the step to download."""
    dataset, state, geometry, population = panel.data, panel.state, panel.geometry, panel.population
    lang, catalog = state.lang, dataset.catalog
    pid = presentation_steps(catalog)[current_step(state, catalog)]
    cards = views.partnership_cards(dataset, state, population)
    presentation_legend([card for card in cards if pid is None or card.partnership_id == pid])
    if state.city:  # a municipality chosen on the map: its fact sheet is the next thing to show
        fact_sheet.sheet_button(lang)
    # The people covered beside the map, not above it: the map starts higher on the screen.
    if population is not None and (coverage := views.coverage(rows, dataset, state, population)) is not None:
        st.markdown(headline_text(coverage, population, lang))
    st.download_button(
        t("layout.slide_download", lang),
        data=lambda: render(
            rows, catalog, geometry, lang, panel.summary, "png", population=population, origin=panel.origin
        ),
        file_name=panel.file_name("png"),
        mime="image/png",
        on_click="ignore",
        key="present_download",
        icon=":material/download:",
    )
    table.interactive_map_download(panel, key="present_download_html")


# In presentation mode the clicker's PageUp/PageDown must work after a click in the map too.
# A click moves focus into the map's frame, whose key presses never reach the page: listen in
# the frame (same origin) and press the step buttons of the page.
_PRESENTATION_KEYS_JS = """
<script>
(function () {
  const press = (name) => {
    const button = document.querySelector('.st-key-present_' + name + ' button');
    if (button && !button.disabled) button.click();
  };
  const listen = () => {
    document.querySelectorAll('iframe').forEach((frame) => {
      let inner;
      try { inner = frame.contentWindow; inner.document; } catch (error) { return; }
      if (!inner || inner.__finmapStepKeys) return;
      inner.__finmapStepKeys = true;
      inner.addEventListener('keydown', (event) => {
        if (event.key === 'PageDown' || event.key === 'PageUp') {
          event.preventDefault();
          press(event.key === 'PageDown' ? 'next' : 'previous');
        }
      }, true);
    });
  };
  listen();
  if (!window.__finmapStepKeysTimer) window.__finmapStepKeysTimer = setInterval(listen, 1000);
})();
</script>
"""

# The map reaches to the screen's bottom edge from wherever the step's header leaves it (a step's
# notes take one line or five): where the map's frame starts, in px from the page's top, goes
# into a CSS variable its height is computed from (components/page/map.py: PRESENTATION_MAP_ROOM),
# again whenever the page's layout changes.
_MAP_TOP_JS = """
<script>
(function () {
  const place = () => {
    const frame = document.querySelector('iframe[src*="st_folium"]');
    const main = document.querySelector('[data-testid="stMain"]');
    if (!frame || !main || !document.querySelector('.st-key-present_next')) return;  // presenting only
    const top = Math.round(frame.getBoundingClientRect().top + main.scrollTop) + 'px';
    const root = document.documentElement.style;
    if (root.getPropertyValue('MAP_TOP_VARIABLE') !== top) root.setProperty('MAP_TOP_VARIABLE', top);
  };
  place();
  if (window.__finmapMapTop) return;
  window.__finmapMapTop = new ResizeObserver(place);
  const watch = () => {
    const block = document.querySelector('[data-testid="stMainBlockContainer"]');
    if (block && block !== window.__finmapMapTopBlock) {
      window.__finmapMapTopBlock = block;
      window.__finmapMapTop.observe(block);
    }
    place();
  };
  watch();
  setInterval(watch, 1000);
})();
</script>
""".replace("MAP_TOP_VARIABLE", MAP_TOP_VARIABLE)


def presentation_scripts() -> str:
    """The step keys and the map's top: our own code and constants, no data."""
    return _PRESENTATION_KEYS_JS + _MAP_TOP_JS


def presentation_keys() -> None:
    st.html(presentation_scripts(), unsafe_allow_javascript=True, width=1)


def presentation_legend(cards: list[PartnershipCard]) -> None:
    """The colours of the step in large type beside their names (the map's own legend is small
    on a projector). Names as plain Markdown text; the swatches come from layout_css()."""
    st.html(layout_css())  # the swatches' colours (presentation mode draws no page heading)
    with st.container(key="presentation_legend", gap="small"):
        for card in cards:
            if card.on_map:
                with st.container(key=f"legend_{card.partnership_id}"):
                    st.markdown(markdown_literal(f"{card.name} ({card.members})"))
