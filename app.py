"""The partnership map: who in Finland works with the state in which urban-policy partnership.

This file only wires the components together: load (cached) -> state -> filter -> render.
"""

from __future__ import annotations

import streamlit as st

from components import page, page_layout
from components.boundaries import configured_source
from components.data import DataUnavailableError, data_dir
from components.details import city_details
from components.i18n import default_language, t
from components.resources import boundaries, dataset, map_geometry, population

presenting = page.presentation_requested()
st.set_page_config(
    page_title=t("app.title", page.page_language()),
    page_icon="static/favicon.svg",
    layout="wide",
    # "auto": open on a wide screen, closed on a phone (where it would cover the map).
    initial_sidebar_state="collapsed" if presenting else "auto",
)

try:
    bundled = dataset(str(data_dir()))
except DataUnavailableError as error:
    st.error(error.message(default_language()), icon=":material/error:")
    st.stop()
data = page.session_dataset(bundled)
borders = boundaries(configured_source())
figures = population(bundled)  # people per municipality, or the reason there are none
page.restore_from_url(data)
page_layout.restore_tab(st.query_params.to_dict(), st.session_state[page.KEY_NOTICES], st.session_state[page.KEY_LANG])
page.take_map_click(data)
page.drop_stale_themes(data.catalog)
state = page.current_state()  # the widgets' values are in the session before they are drawn
tab = page_layout.open_tab()
page.mirror_to_url(state, {} if state.present else page_layout.tab_query(tab))
lang = state.lang
selected = page.view_rows(data, state)
geometry = map_geometry(data, borders, borders.source, borders.polygons is not None)
on_map = page.view_rows(data, state.without_city())  # the map stays explorable around a chosen city
has_polygons = borders.polygons is not None

if state.present:
    header = st.container()
    map_column, side_column = st.columns([4, 1], gap="medium")
    with map_column:
        page.map_panel(on_map, data, geometry, state, has_polygons, height=page.PRESENTATION_MAP_HEIGHT)
    with header:
        page.presentation_header(data, state, selected)
    with side_column:
        page.presentation_side(data, state, selected, geometry, figures)
    page.sidebar(data)
    page.accessibility()
    st.stop()

# The layout first, then the map: its update is the first to reach the browser, and it draws
# while the rest of the page follows.
heading = st.container(key="page_heading", gap="small")
map_column, details_column = st.columns([5, 2], gap="medium")  # the map first, the cards beside
with map_column:
    # On a phone a chosen city's details follow far below the map: say so right under it.
    cue = (lambda: page_layout.details_cue(lang)) if state.city else None
    page.map_panel(on_map, data, geometry, state, has_polygons, height=page.MAP_HEIGHT, under_map=cue)
with page_layout.heading(heading, t("app.title", lang), t("layout.tagline", lang)):
    page.notices(st.session_state[page.KEY_NOTICES], borders.message(lang), data.problems, lang, figures.message(lang))
    page.upload_banner(lang)
    page.headline(selected, lang, figures)
with details_column:
    if state.city:  # beside the map on a wide screen, right under it on a phone
        page.city_panel(city_details(data.memberships, data.catalog, state.city, lang), lang, figures)
        page_layout.close_details_button(lang)
    page_layout.cards_panel(data.memberships, data.catalog, lang, figures)
page.sidebar(data)
page.accessibility()

# Only the open tab runs (on_change="rerun"): the others cost nothing on a filter change. The
# tab open on arrival is the light one (text); the table's code loads when it is opened.
page_layout.keep_tab_in_language(tab, lang)
sources_tab, table_tab, overlap_tab, upload_tab = st.tabs(
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
        page.table_and_downloads(selected, data, state, geometry, page.filter_summary(state, data), figures)
if overlap_tab.open:
    with overlap_tab:
        page.overlap_view(selected, data.catalog, lang)
if upload_tab.open:
    with upload_tab:
        page.upload_panel(bundled, lang)

# Last, so that its coming and going moves nothing above it.
page_layout.close_sidebar_on_phone(state.without_city())
