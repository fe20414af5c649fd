"""The tabs under the map, and the open tab as part of the link (`tab=`): which tab is open,
restoring it from a link, keeping it when the language changes, and the tab presentation mode
shows on its last step.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.base.i18n import LANGUAGES, t
from components.model.filters import TRUE_VALUES, Notice
from components.page.keys import KEY_PRESENTED_TAB, KEY_TAB_RESTORED, KEY_TABS

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


PRESENTED_TABS = ("compare",)


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
