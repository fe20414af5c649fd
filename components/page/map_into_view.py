"""Bringing the main map into view after a choice made far below it: a small map of the Compare
tab, a bar of the timeline, viewing an uploaded list. The map that changed was off-screen, and
nothing said it had changed; now the page scrolls up to it.

A choice asks for it in its callback (`ask`); the panel drawn after it does it once (`follow`).
"""

from __future__ import annotations

import streamlit as st

from components.page.keys import KEY_MAP_INTO_VIEW, KEY_MAP_INTO_VIEW_RUNS

_SCROLL_TO_MAP_JS = """
<script>
(function () {
  const frame = window.parent.document.querySelector('iframe[src*="st_folium"]');
  if (frame) frame.scrollIntoView({block: 'start', behavior: 'instant'});
})();
</script>
"""


def ask() -> None:
    """Called by a choice's callback: the next drawing of the page brings the map into view."""
    st.session_state[KEY_MAP_INTO_VIEW] = True


def forget() -> None:
    """A choice that has nothing to scroll to (presenting: it opens its step)."""
    st.session_state.pop(KEY_MAP_INTO_VIEW, None)


def follow() -> None:
    """Bring the map into view if a choice asked for it since the last time."""
    if not st.session_state.pop(KEY_MAP_INTO_VIEW, False):
        return
    runs = st.session_state.get(KEY_MAP_INTO_VIEW_RUNS, 0) + 1
    st.session_state[KEY_MAP_INTO_VIEW_RUNS] = runs
    with st.container(key=f"map_into_view_{runs}"):  # a new element each time, so the script runs again
        st.html(_SCROLL_TO_MAP_JS, unsafe_allow_javascript=True, width=1)
