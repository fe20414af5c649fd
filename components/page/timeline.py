"""The Timeline tab: what ends soon in words, the chart of the partnerships' periods (choosing a
bar filters the map to its partnership, and a group's bar to its group) and the same as a table."""

from __future__ import annotations

import streamlit as st

from components.base.i18n import t
from components.data import periods
from components.data.memberships import Dataset
from components.model.filters import FilterState
from components.model.funding import where_given
from components.model.wording import markdown_literal
from components.page import map_into_view
from components.page.keys import KEY_TIMELINE_CHART, KEY_TIMELINE_CHART_VERSION
from components.page.state import choose
from components.render import timeline

# A long word in a phone's narrow column ("päivämäärää") breaks rather than being cut off.
TABLE_CSS = "<style>.st-key-timeline_table td { overflow-wrap: anywhere; }</style>"


def _chart_key() -> str:
    # A new key after each choice: the chart comes back with nothing selected, so the same bar
    # can be chosen again after the filter changed elsewhere.
    return f"{KEY_TIMELINE_CHART}_{st.session_state.get(KEY_TIMELINE_CHART_VERSION, 0)}"


def _choose_bar() -> None:
    """The chosen bar's partnership becomes the partnership filter, and a group's bar also the
    group filter (the map, counts and link follow)."""
    chosen = timeline.chosen_bar(st.session_state.get(_chart_key()))
    if chosen is None:
        return
    partnership, group = chosen
    choose("partnerships", [partnership])
    choose("groups", [group] if group else [])
    st.session_state[KEY_TIMELINE_CHART_VERSION] = st.session_state.get(KEY_TIMELINE_CHART_VERSION, 0) + 1
    map_into_view.ask()  # the map that changed is far above the chart


def timeline_view(dataset: Dataset, state: FilterState) -> None:
    """Every partnership of the data (not only the filtered ones: the timeline is where one
    chooses), the chosen ones standing out."""
    lang = state.lang
    map_into_view.follow()
    today = periods.today()
    bars = timeline.timeline_bars(dataset.memberships, dataset.catalog, lang)
    st.write(t("timeline_view.intro", lang))
    st.caption(markdown_literal(where_given(dataset.funding, dataset.catalog, lang)))
    with st.container(key="timeline_ends_soon"):
        st.markdown(f"**{markdown_literal(timeline.ends_soon_text(bars, today, lang))}**")
    if bars.empty:
        return
    st.caption(f"{t('timeline_view.legend', lang)} {t('status_not_known.legend', lang)} {t('events.legend', lang)}")
    chart = timeline.timeline_chart(bars, today, lang, state.partnerships, state.groups, dataset.catalog)
    with st.container(key="timeline_chart"):
        st.altair_chart(
            chart,
            width="stretch",
            theme=None,
            on_select=_choose_bar,
            selection_mode=timeline.SELECTION,
            key=_chart_key(),
        )
    st.markdown(f"**{t('timeline_view.table', lang)}**")
    table = timeline.text_alternative(bars, lang)
    # st.table reads Markdown in its cells: every text, from data or not, goes in as literal text.
    with st.container(key="timeline_table"):
        st.html(TABLE_CSS)
        st.table(
            table.map(markdown_literal).rename(columns=markdown_literal),
            hide_index=True,
            alt=t("timeline_view.table", lang),
        )
