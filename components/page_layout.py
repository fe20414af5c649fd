"""The page around the map: a compact heading, the partnership cards (legend and filter), where
a city's details appear, the open tab as part of the link, and small browser scripts that keep
the page usable on a phone and with a presentation clicker."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import streamlit as st

from components.cards import PartnershipCard
from components.details import markdown_literal
from components.filters import FILTER_BY_NAME, TRUE_VALUES, Notice
from components.i18n import LANGUAGES, t
from components.map_first import REST_BUTTON
from components.style import CARD_CHOSEN, FALLBACK_COLOUR, FALLBACK_LINE, PARTNERSHIP_COLOURS, partnership_line

KEY_PARTNERSHIPS = FILTER_BY_NAME["partnerships"].key  # the cards choose partnerships, as the filter does
KEY_CITY = FILTER_BY_NAME["city"].key
KEY_TABS = "main_tabs"
KEY_TAB_RESTORED = "_tab_restored"
KEY_LAST_FILTERS = "_last_filters"

# The tabs under the map, by the name they have in a link, with their label's locale key.
TABS = {
    "sources": "tabs.sources",
    "table": "tabs.table",
    "overlaps": "overlap.tab",
    "compare": "compare.tab",
    "timeline": "timeline_view.tab",
    "upload": "upload.tab",
}
DEFAULT_TAB = "sources"
# Presentation mode draws no tabs, but its last step shows the compare tab's grid: that step
# keeps its tab here (a session value of its own; the tabs' widget value is dropped while they
# are not drawn), and its link says `tab=compare` as the tab's would.
KEY_PRESENTED_TAB = "_presented_tab"
PRESENTED_TABS = ("compare",)

# 640 px, in the CSS and the sidebar script below, is Streamlit's own breakpoint between a phone
# layout (stacked columns, sidebar over the page) and a wide one.

LAYOUT_CSS = """
<style>
/* Little space above the heading, just the header bar's (with the sidebar's button): the map
   starts high on a laptop screen (not when presenting). */
[data-testid="stMainBlockContainer"]:has(.st-key-page_heading) {
  padding-top: 3.5rem !important; padding-bottom: 3rem !important; }
.st-key-page_heading h1 { font-size: 1.6rem !important; padding: 0 !important; line-height: 1.25 !important; }
.st-key-page_heading [data-testid="stMarkdownContainer"] p { margin-bottom: 0; }
/* Cards: compact, the partnership's colour as a thick left edge, the chosen ones tinted
   (layout_css). */
.st-key-partnership_cards [data-testid="stVerticalBlockBorderWrapper"],
.st-key-partnership_cards [class*="st-key-card_"] { padding: 0.35rem 0.6rem !important; gap: 0 !important; }
.st-key-partnership_cards [data-testid="stCaptionContainer"] { padding-left: 2rem; }
/* The presentation legend: large type, a swatch before each name. */
.st-key-presentation_legend p { font-size: 22px !important; line-height: 1.3; margin: 0; }
[class*="st-key-legend_"] p::before { content: ""; display: inline-block; width: 1.1em; height: 1.1em;
  margin-right: 0.4em; vertical-align: -0.15em; border: 2px solid; border-radius: 2px; }
/* Wide tables and charts scroll in their own box, never the whole page. */
.st-key-overlap_matrix { overflow-x: auto; max-width: 100%; }
[data-testid="stMain"] { overflow-x: hidden; }
@media (min-width: 641px) {
  .st-key-details_below { display: none; }
  /* Narrow side margins: the width goes to the map. */
  [data-testid="stMainBlockContainer"]:has(.st-key-page_heading) {
    padding-left: 1.5rem !important; padding-right: 1.5rem !important; }
}
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"]:has(.st-key-page_heading) { padding: 3.75rem 0.75rem 2rem 0.75rem !important; }
  .st-key-page_heading h1 { font-size: 1.3rem !important; }
  .st-key-page_tagline { display: none; }  /* the Sources tab has the full text */
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
    presentation legend's swatches. Built from our own constants only (components.style), never
    from data: it goes into the page as a style sheet."""
    fallback, fallback_line = FALLBACK_COLOUR, FALLBACK_LINE
    rules = [
        f".st-key-{REST_BUTTON} {{ display: none !important; }}",  # pressed by the map (components.map_first)
        f'.st-key-partnership_cards [class*="st-key-card_"]:has(input:checked) {{ background: {CARD_CHOSEN}; }}',
        f'[class*="st-key-card_"] {{ border-left: 0.5rem solid {fallback} !important;'
        f" box-shadow: inset 2px 0 0 {fallback_line}; }}",
        f'[class*="st-key-legend_"] p::before {{ background: {fallback}; border-color: {fallback_line}; }}',
    ]
    for pid, colour in PARTNERSHIP_COLOURS.items():
        line = partnership_line(pid)
        rules.append(
            f".st-key-card_{pid} {{ border-left-color: {colour} !important; box-shadow: inset 2px 0 0 {line}; }}"
        )
        rules.append(f".st-key-legend_{pid} p::before {{ background: {colour}; border-color: {line}; }}")
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


# ----------------------------------------------------------------------------- cards


def _card_key(partnership_id: str) -> str:
    return f"pick_{partnership_id}"


def _toggle_partnership(partnership_id: str) -> None:
    chosen = list(st.session_state[KEY_PARTNERSHIPS])
    if st.session_state[_card_key(partnership_id)]:
        chosen.append(partnership_id) if partnership_id not in chosen else None
    else:
        chosen = [pid for pid in chosen if pid != partnership_id]
    st.session_state[KEY_PARTNERSHIPS] = chosen


def cards_panel(cards: Sequence[PartnershipCard], lang: str) -> None:
    """One card per partnership: a checkbox named after it (choosing filters the map, as the
    Partnership filter does), its colour as the card's edge, and its facts under the name
    (components/cards.py: partnership_cards). The chosen ones follow the Partnership filter."""
    chosen = set(st.session_state[KEY_PARTNERSHIPS])
    with st.container(key="partnership_cards", gap="small"):
        st.markdown(f"**{t('cards.title', lang)}**")
        for card in cards:
            # The filter may have changed in the sidebar since the last run: follow it.
            st.session_state[_card_key(card.partnership_id)] = card.partnership_id in chosen
            with st.container(border=True, key=f"card_{card.partnership_id}", gap=None):
                st.checkbox(
                    card.name,
                    key=_card_key(card.partnership_id),
                    on_change=_toggle_partnership,
                    args=(card.partnership_id,),
                    disabled=not card.on_map,
                )
                st.caption(card.caption)


def _close_details() -> None:
    st.session_state[KEY_CITY] = None


def details_cue(lang: str) -> None:
    """On a phone the details come after the map and its captions: say so, right under the map
    (hidden on wide screens, where they are beside it)."""
    with st.container(key="details_below"):
        st.markdown(f"**{t('layout.details_below', lang)}**")


def close_details_button(lang: str) -> None:
    st.button(t("layout.close_details", lang), on_click=_close_details, icon=":material/close:", key="close_details")


# ----------------------------------------------------------------------------- the open tab


def tab_labels(lang: str) -> dict[str, str]:
    return {tab: t(key, lang) for tab, key in TABS.items()}


def open_tab() -> str:
    """The tab open now, by its link name, whatever language its label was in."""
    label = st.session_state.get(KEY_TABS)
    for lang in LANGUAGES:
        for tab, text in tab_labels(lang).items():
            if text == label:
                return tab
    return DEFAULT_TAB


def restore_tab(params: Mapping[str, str | list[str]], notices: list[Notice], lang: str) -> None:
    """On a session's first run, open the tab the link names; an unknown name is ignored with
    the usual notice."""
    if st.session_state.get(KEY_TAB_RESTORED):
        return
    st.session_state[KEY_TAB_RESTORED] = True
    raw = params.get("tab")
    if raw is None:
        return
    value = (raw[-1] if isinstance(raw, list) else raw).strip().lower()
    if value in TABS:
        st.session_state[KEY_TABS] = tab_labels(lang)[value]
        if value in PRESENTED_TABS and str(params.get("present", "")).lower() in TRUE_VALUES:
            st.session_state[KEY_PRESENTED_TAB] = value
    else:
        notices.append(Notice("tab", value[:40], "unknown_value"))


def tab_query(tab: str) -> dict[str, str]:
    """The tab's part of the link: nothing for the default tab, so a plain link stays plain."""
    return {} if tab == DEFAULT_TAB else {"tab": tab}


def presented_tab() -> str:
    """The tab a presentation step shows (the default tab: the map)."""
    return st.session_state.get(KEY_PRESENTED_TAB) or DEFAULT_TAB


def present_tab(tab: str | None) -> None:
    if tab in PRESENTED_TABS:
        st.session_state[KEY_PRESENTED_TAB] = tab
    else:
        st.session_state.pop(KEY_PRESENTED_TAB, None)


def keep_tab_in_language(tab: str, lang: str) -> str:
    """After a language switch the open tab's label changes: keep the same tab open."""
    label = tab_labels(lang)[tab]
    if st.session_state.get(KEY_TABS) != label:
        st.session_state[KEY_TABS] = label
    return label


# ----------------------------------------------------------------------------- browser scripts

# Below this window width the sidebar starts closed, so the map gets at least half of a laptop's
# first screen (at 1366x768 the open sidebar and the cards left it a third); the cards beside
# the map are the legend and the partnership filter, and the sidebar opens from its edge button.
SIDEBAR_OPEN_FROM = 1400

# After a filter change on a narrow screen, close the sidebar so the map shows again.
_CLOSE_SIDEBAR_JS = """
<script>
(function () {
  if (window.innerWidth > 640) return;
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  const sidebar = document.querySelector('[data-testid="stSidebar"]');
  if (button && sidebar && sidebar.getBoundingClientRect().right > 0) button.click();
})();
</script>
"""


# On arrival (a session's first run), close the sidebar on a window narrower than
# SIDEBAR_OPEN_FROM; a phone's is closed already (initial_sidebar_state="auto").
_CLOSE_SIDEBAR_ON_ARRIVAL_JS = """
<script>
(function () {
  if (window.innerWidth >= OPEN_FROM || window.innerWidth <= 640) return;
  const close = (tries) => {
    const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (button && sidebar && sidebar.getBoundingClientRect().right > 0) button.click();
    else if (tries > 0) setTimeout(() => close(tries - 1), 100);
  };
  close(20);
})();
</script>
"""


def close_sidebar_on_arrival_script() -> str:
    """The arrival script with its width; built from our constants only, never from data."""
    return _CLOSE_SIDEBAR_ON_ARRIVAL_JS.replace("OPEN_FROM", str(SIDEBAR_OPEN_FROM))


def close_sidebar_on_phone(filters: tuple) -> None:
    """On arrival, close the sidebar on a laptop-sized window; when the filters differ from the
    last run's (a choice was made), close it on a phone."""
    previous = st.session_state.get(KEY_LAST_FILTERS)
    st.session_state[KEY_LAST_FILTERS] = filters
    if previous is None:
        with st.container(key="close_sidebar_on_arrival"):
            st.html(close_sidebar_on_arrival_script(), unsafe_allow_javascript=True, width=1)
        return
    if previous == filters:
        return
    runs = st.session_state.get("_sidebar_closes", 0) + 1
    st.session_state["_sidebar_closes"] = runs
    with st.container(key=f"close_sidebar_{runs}"):  # a new element each time, so the script runs again
        st.html(_CLOSE_SIDEBAR_JS, unsafe_allow_javascript=True, width=1)


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


def presentation_keys() -> None:
    st.html(_PRESENTATION_KEYS_JS, unsafe_allow_javascript=True, width=1)


def presentation_legend(cards: list[PartnershipCard]) -> None:
    """The colours of the step in large type beside their names (the map's own legend is small
    on a projector). Names as plain Markdown text; the swatches come from layout_css()."""
    st.html(layout_css())  # the swatches' colours (presentation mode draws no page heading)
    with st.container(key="presentation_legend", gap="small"):
        for card in cards:
            if card.on_map:
                with st.container(key=f"legend_{card.partnership_id}"):
                    st.markdown(markdown_literal(f"{card.name} ({card.members})"))
