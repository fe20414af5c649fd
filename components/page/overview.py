"""The Sources tab: each partnership in words, its members and the people covered, the
sources the data rests on (each with when it was last checked), the data's own date and what
changed in the data since the release.
"""

from __future__ import annotations

import streamlit as st

from components.base.i18n import t
from components.data.memberships import Dataset
from components.data.population import Population
from components.model.funding import funding_markdown
from components.model.wording import changes_markdown, data_as_of, markdown_literal
from components.page import views


def overview(dataset: Dataset, lang: str, population: Population | None = None) -> None:
    st.header(t("overview.title", lang), anchor=False)  # h2: under the page's h1, no level skipped
    st.markdown(views.overview_markdown(dataset, population, lang))
    if population is not None and population.available:
        st.caption(population.attribution(lang))
    st.markdown(f"**{t('funding.title', lang)}**")
    st.caption(t("funding.not_summed", lang))
    st.markdown(funding_markdown(dataset.funding, dataset.catalog, lang))
    st.markdown(f"**{t('column.sources', lang)}**")
    if as_of := data_as_of(dataset.catalog, lang):
        st.caption(markdown_literal(f"{as_of} ({t('current.data_as_of_how', lang)})"))
    st.markdown(views.sources_markdown(dataset, lang))
    st.markdown(f"**{t('current.changes_title', lang)}**")
    st.markdown(changes_markdown(dataset.changes, lang))
