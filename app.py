"""The partnership map: who in Finland works with the state in which urban-policy partnership.

This file only wires the components together: load (cached) -> state -> filter -> render.
"""

from __future__ import annotations

import streamlit as st

from components import compare, linked, map_first, page, page_layout, presentation, timeline_panel, views
from components.boundaries import configured_source
from components.data import DataUnavailableError, data_dir
from components.details import city_details
from components.exports import filter_summary
from components.i18n import default_language, t
from components.resources import boundaries, dataset, filter_vocabulary, map_geometry, population
from components.state import current_state, page_language, presentation_requested, session_dataset, url_notices

presenting = presentation_requested()
st.set_page_config(
    page_title=t("app.title", page_language()),
    page_icon="static/favicon.svg",
    layout="wide",
    # "auto": open on a wide screen, closed on a phone (where it would cover the map).
    initial_sidebar_state="collapsed" if presenting else "auto",
)

directory = str(data_dir())
try:
    bundled = dataset(directory)
except DataUnavailableError as error:
    st.error(error.message(default_language()), icon=":material/error:")
    st.stop()
words = filter_vocabulary(directory)  # the filters' values and their names
data = session_dataset(bundled)
borders = boundaries(configured_source())
figures = population(bundled)  # people per municipality, or the reason there are none

state = current_state(words)  # from the link on arrival, then the widgets and the map's clicks
lang = state.lang
selected = views.rows(data, state)
on_map = views.rows(data, state.without_city())  # the map stays explorable around a chosen city
geometry = map_geometry(data, borders, borders.source, borders.polygons is not None)
has_polygons = borders.polygons is not None
arriving = map_first.first_run()  # presentation mode draws its whole page at once

if state.present and presentation.comparing():  # the last step: the partnerships side by side
    presentation.presentation_header(data, state, selected)
    compare.presentation_grid(on_map, data, geometry, state, words, figures)
    page.sidebar(words, state)
    page.accessibility()
    st.stop()
if state.present:
    header = st.container()
    map_column, side_column = st.columns([4, 1], gap="medium")
    with map_column:
        page.map_panel(on_map, data, words, geometry, state, has_polygons, height=page.PRESENTATION_MAP_HEIGHT)
    with header:
        presentation.presentation_header(data, state, selected)
    with side_column:
        presentation.presentation_side(data, words, state, selected, geometry, figures)
    page.sidebar(words, state)
    page.accessibility()
    st.stop()

# Municipalities chosen in the table or the overlap charts, outlined on the map; one of them
# opens its details without changing the filters (the table being ticked stays as it is).
highlight = linked.current(on_map)
details_code = state.city or linked.details_code(highlight)


def under_map() -> None:
    if details_code:  # on a phone the details follow far below the map: say so right under it
        page_layout.details_cue(lang)
    linked.status(highlight, data.memberships, lang, where="map")


# The layout first, then the map: its update is the first to reach the browser, and it draws
# while the rest of the page follows.
heading = st.container(key="page_heading", gap="small")
map_column, details_column = st.columns([5, 2], gap="medium")  # the map first, the cards beside
with map_column:
    page.map_panel(
        on_map,
        data,
        words,
        geometry,
        state,
        has_polygons,
        height=page.MAP_HEIGHT,
        under_map=under_map,
        highlighted=linked.codes(highlight),
    )
with page_layout.heading(heading, t("app.title", lang), t("layout.tagline", lang)):
    page.notices(url_notices(), borders.message(lang), data.problems, lang, figures.message(lang))
    page.follow_boundary_download(borders.source)
    page.upload_banner(lang)
    page.headline(selected, state, figures)
page.accessibility()
if arriving:  # a session's first page: the heading and the map; the rest once the map has drawn
    with details_column:
        map_first.hold_the_rest(lang)
    page_layout.close_sidebar_on_phone(state.without_city())
    st.stop()
page.sidebar(words, state)  # first of the rest: the filters' code is the largest part to load
with details_column:
    if details_code:  # beside the map on a wide screen, right under it on a phone
        page.city_panel(city_details(data.memberships, data.catalog, details_code, lang), lang, figures)
        if state.city:
            page_layout.close_details_button(lang)
        else:
            linked.close_details_button(lang)
    # The cards count the memberships in force on the view's day, whatever the filters.
    page_layout.cards_panel(views.partnership_cards(data, state, figures), lang)

# Only the open tab runs (on_change="rerun"): the others cost nothing on a filter change. The
# tab open on arrival is the light one (text); the table's code loads when it is opened.
page_layout.keep_tab_in_language(page_layout.open_tab(), lang)
sources_tab, table_tab, overlap_tab, compare_tab, timeline_tab, upload_tab = st.tabs(
    list(page_layout.tab_labels(lang).values()),  # in the order of page_layout.TABS
    key=page_layout.KEY_TABS,  # keeps the open tab when an upload adds a banner above
    on_change="rerun",
)
if sources_tab.open:
    with sources_tab:
        st.caption(t("app.subtitle", lang))  # the heading has only a short tagline
        page.overview(data, lang, figures)
if table_tab.open:
    with table_tab:
        page.table_and_downloads(selected, data, state, geometry, filter_summary(state, words), figures, highlight)
if overlap_tab.open:
    with overlap_tab:
        page.overlap_view(selected, data.catalog, lang)
        linked.status(highlight, data.memberships, lang, where="overlaps")  # under what is clicked
if compare_tab.open:
    with compare_tab:
        compare.compare_panel(on_map, data, geometry, state, words, figures)
if timeline_tab.open:
    with timeline_tab:
        timeline_panel.timeline_view(data, state)
if upload_tab.open:
    with upload_tab:
        page.upload_panel(bundled, lang)

# Last, so that its coming and going moves nothing above it.
page_layout.close_sidebar_on_phone(state.without_city())
