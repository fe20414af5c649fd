"""What the page says above the map when something is missing or was ignored: link parameters
it could not use, boundaries or population it could not load, rows of the data it rejected;
and, while boundaries download, a poll that redraws the map once they arrive.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.i18n import t
from components.data.boundaries import BoundaryResult
from components.data.memberships import Problem, format_problem
from components.data.population import Population
from components.model.filters import FILTER_BY_NAME, FilterState, Vocabulary, in_words, unapplied
from components.model.link import Notice
from components.model.wording import markdown_literal, markdown_text
from components.page.resources import boundaries_loading


def notices(
    url_notices: list[Notice],
    boundary_message: str | None,
    problems: list[Problem],
    lang: str,
    population_message: str | None = None,
) -> None:
    for notice in url_notices:
        st.info(markdown_text(f"url.{notice.reason}", lang, parameter=notice.parameter, value=notice.value), icon="🔗")
    # These messages may quote a source's address or its server's answer: shown as text.
    if boundary_message:
        st.info(markdown_literal(boundary_message), icon=":material/map:")
    if population_message:
        st.info(markdown_literal(population_message), icon=":material/groups:")
    if problems:
        st.warning(t("data.problems", lang, count=len(problems)))
        st.dataframe(
            pd.DataFrame({t("column.problem", lang): [format_problem(p, lang) for p in problems]}),
            hide_index=True,
        )


def unapplied_filters(state: FilterState, vocabulary: Vocabulary, population: Population | None) -> None:
    """Say which chosen values narrow nothing for want of population figures (a link's `size`
    is kept, not dropped: it applies again where the figures are)."""
    for name, values in unapplied(state, population).items():
        spec = FILTER_BY_NAME[name]
        named = ", ".join(map(spec.in_words(vocabulary, state.lang), values))
        st.info(t("size.not_applied", state.lang, classes=named), icon=":material/groups:")


def city_excluded(state: FilterState, selected: pd.DataFrame, vocabulary: Vocabulary) -> None:
    """A chosen municipality that the other filters leave out (Tampere with the vitality
    partnership): say so, instead of counts of 0 beside its details with no word why."""
    others = in_words(state.without_city(), vocabulary, "")
    if not state.city or not selected.empty or not others:
        return
    name = vocabulary.city_names[state.lang].get(state.city, state.city)
    said = markdown_text("city_excluded.text", state.lang, city=name, filters=others)
    st.info(said, icon=":material/filter_alt_off:")


BOUNDARY_POLL_S = 2.0  # how often a page looks whether the boundaries have arrived


def follow_boundary_download(shown: BoundaryResult) -> None:
    """While the boundaries download, look every couple of seconds; when they have arrived,
    run the page again so the map switches from city points to polygons by itself. Decided by
    what this run shows too: a download that ended between showing "downloading" and this
    check would otherwise leave that notice on the page for good."""
    if shown.reason == "loading" or boundaries_loading(shown.source):
        _rerun_when_boundaries_arrive(shown.source)


@st.fragment(run_every=BOUNDARY_POLL_S)
def _rerun_when_boundaries_arrive(source: str | None) -> None:
    if not boundaries_loading(source):
        st.rerun()
