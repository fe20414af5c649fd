"""The Overlaps tab: which municipalities take part in several partnerships (the matrix), and
counts per partnership and per theme; a cell or a bar chosen highlights its municipalities.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.colours import partnership_colour
from components.base.i18n import t
from components.data.catalog import Catalog
from components.page import linked
from components.render import overlaps


def overlap_view(rows: pd.DataFrame, catalog: Catalog, lang: str) -> None:
    """The matrix and the counts; a click on a cell or a bar highlights its municipalities on
    the map (components.page.linked)."""
    if rows.empty:
        return
    matrix = overlaps.membership_matrix(rows, catalog, lang)
    several = matrix.loc[matrix["count"] > 1, "municipality_code"].nunique()
    st.write(t("overlap.intro", lang))
    st.markdown(f"**{t('overlap.several', lang, count=several)}**")
    st.caption(t("linked.overlap_hint", lang))
    with st.container(key="overlap_matrix"):  # a wide matrix scrolls in its own box, not the page
        st.altair_chart(
            overlaps.matrix_chart(matrix, lang),
            width="content",
            height="content",
            theme=None,
            **linked.matrix_selection(matrix),
        )
    left, right = st.columns(2)
    per_partnership = overlaps.partnership_counts(rows, catalog, lang)
    with left:
        st.markdown(f"**{t('overlap.per_partnership', lang)}**")
        colours = [partnership_colour(pid) for pid in per_partnership["partnership_id"]]
        st.altair_chart(
            overlaps.bar_chart(per_partnership, lang, colours),
            width="stretch",
            **linked.bar_selection("partnership", rows, "partnership_id"),
        )
    with right:
        st.markdown(f"**{t('overlap.per_theme', lang)}**")
        st.altair_chart(
            overlaps.bar_chart(overlaps.theme_counts(rows, catalog, lang), lang),
            width="stretch",
            **linked.bar_selection("theme", rows, "theme"),
        )
