"""What the page says above the map when something is missing or was ignored: link parameters
it could not use, boundaries or population it could not load, rows of the data it rejected;
and, while boundaries download, a poll that redraws the map once they arrive.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.colours import CAPTION_INK
from components.base.i18n import t
from components.data.boundaries import BoundaryResult
from components.data.memberships import Problem, format_problem
from components.data.population import Population
from components.data.sources import is_url
from components.model.filters import FILTER_BY_NAME, FilterState, Vocabulary, in_words, unapplied
from components.model.link import Notice
from components.model.wording import markdown_literal, markdown_text
from components.page.resources import boundaries_loading


def notices(url_notices: list[Notice], problems: list[Problem], lang: str) -> None:
    for notice in url_notices:
        st.info(markdown_text(f"url.{notice.reason}", lang, parameter=notice.parameter, value=notice.value), icon="🔗")
    if problems:
        st.warning(t("data.problems", lang, count=len(problems)))
        st.dataframe(
            pd.DataFrame({t("column.problem", lang): [format_problem(p, lang) for p in problems]}),
            hide_index=True,
        )


def missing_sources_summary(boundaries: BoundaryResult, population: Population, lang: str) -> str | None:
    """What the page says in plain words when the official boundaries or the population figures
    are missing (or the boundaries are still downloading), None when nothing is missing. "Could
    not be downloaded" where every source that failed is an address, "loaded" where one is a file."""
    if boundaries.reason == "loading":
        return boundaries.message(lang)
    failed = [result.source for result in (boundaries, population) if result.reason]
    if not failed:
        return None
    which = "both" if len(failed) == 2 else "boundaries" if boundaries.reason else "population"
    downloaded = all(source and is_url(source) for source in failed)
    return t(MISSING_SOURCES_SUMMARIES[which][not downloaded], lang)


MISSING_SOURCES_SUMMARIES = {  # what is missing: (downloaded, loaded from a file)
    "both": ("calm.sources.both_download", "calm.sources.both_load"),
    "boundaries": ("calm.sources.boundaries_download", "calm.sources.boundaries_load"),
    "population": ("calm.sources.population_download", "calm.sources.population_load"),
}


def missing_sources_css() -> str:
    """One line of small type with a rule at its left, no box: as tall as the population line
    it stands for (so the map starts no lower than with the figures), at least 24 px to press.
    Built from our own constants only (components.base.colours), never from data."""
    return f"""<style>
/* Its container gives back the space below it as a line of Markdown does (Streamlit's -1rem). */
.st-key-missing_sources {{ margin-bottom: -1rem; }}
.st-key-missing_sources details {{ border: 0 !important; border-left: 3px solid {CAPTION_INK} !important;
  border-radius: 0 !important; }}
.st-key-missing_sources summary {{ padding: 0 0.5rem !important; min-height: 24px; }}
.st-key-missing_sources summary p {{ font-size: 0.875rem !important; line-height: 1.3 !important; }}
</style>"""


def missing_sources(boundaries: BoundaryResult, population: Population, lang: str) -> None:
    """One short notice in plain words when the boundaries or the population are missing, the
    technical reasons behind its disclosure: the page a new user gets with no network says what
    it shows instead, and the map below it moves down by one line, not by two banners."""
    summary = missing_sources_summary(boundaries, population, lang)
    if summary is None:
        return
    loading = boundaries.reason == "loading"
    icon = ":material/downloading:" if loading else ":material/cloud_off:"
    with st.container(key="missing_sources"):
        st.html(missing_sources_css())
        details = st.expander(summary, icon=icon)
    with details:
        # These messages may quote a source's address or its server's answer: shown as text.
        if loading and boundaries.source:
            st.markdown(markdown_text("calm.sources.from", lang, source=boundaries.source))
        for result in (boundaries, population):
            if result.reason and result.reason != "loading":
                st.markdown(markdown_literal(result.message(lang)))
        if not loading:
            st.caption(t("calm.sources.again", lang))


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
