"""A session's first page: the heading and the map, then the rest once the map has drawn.

Streamlit's frontend builds a run's elements on the browser's main thread, which the map's
frame (same origin) shares, and the rest of the page (sidebar widgets, cards, tabs) loads widget
code of its own. With the whole page in the first run the map's first shape comes much later
than with the heading and the map alone (docs/performance.md has the figures), so the rest comes
after the map:

1. A session's first run draws the heading and the map as they will stay, keeps the sidebar's
   place with a line of text (so nothing moves when the filters arrive) and stops.
2. When the map has drawn its layers, its script (components/render/map_layers.js, `askForRest`)
   presses a hidden button of this page: any rerun draws the whole page.
3. If the map never says so (its script blocked or failed), a timer asks after FALLBACK_S.

A link's filters are applied in the first run already: the first map drawn is the link's view.
"""

from __future__ import annotations

import streamlit as st

from components.base.i18n import t
from components.page.keys import KEY_FALLBACK_ARMED, KEY_PAGE_DRAWN, REST_BUTTON

FIRST, WHOLE = "first", "whole"
REST_SELECTOR = f".st-key-{REST_BUTTON} button"  # how map_layers.js finds it (Streamlit's key class)
FALLBACK_S = 5.0  # seconds after which the rest comes anyway


def first_run() -> bool:
    """True on a session's first script run (the page is the heading and the map)."""
    first = KEY_PAGE_DRAWN not in st.session_state
    st.session_state[KEY_PAGE_DRAWN] = FIRST if first else WHOLE
    return first


def hold_the_rest(lang: str) -> None:
    """The end of a first run: the sidebar's place, the button the map presses, the timer."""
    with st.sidebar:
        st.caption(t("layout.loading_filters", lang))
    # Hidden by the layout CSS (components/page/layout.py); a press is only a rerun.
    st.button(t("layout.show_rest", lang), key=REST_BUTTON)
    _rest_anyway()


@st.fragment(run_every=FALLBACK_S)
def _rest_anyway() -> None:
    # Runs once inline in the first run (it only arms itself), then on the timer for as long as
    # the first page stays; the whole page has no such fragment, and the check guards the rest.
    if st.session_state.get(KEY_FALLBACK_ARMED) and st.session_state.get(KEY_PAGE_DRAWN) == FIRST:
        st.rerun()
    st.session_state[KEY_FALLBACK_ARMED] = True
