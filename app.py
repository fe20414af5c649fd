"""The partnership map: who in Finland works with the state in which urban-policy partnership.

This file only wires the components together: load (cached) -> state -> filter -> render.
"""

from __future__ import annotations

import streamlit as st

from components import page
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
    initial_sidebar_state="collapsed" if presenting else "expanded",
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
page.take_map_click(data)
page.drop_stale_themes(data.catalog)
state = page.current_state()  # the widgets' values are in the session before they are drawn
page.mirror_to_url(state)
lang = state.lang
selected = page.view_rows(data, state)
geometry = map_geometry(data, borders, borders.source, borders.polygons is not None)
on_map = page.view_rows(data, state.without_city())  # the map stays explorable around a chosen city
has_polygons = borders.polygons is not None

if state.present:
    header = st.container()
    page.map_panel(on_map, data, geometry, state, has_polygons, height=page.PRESENTATION_MAP_HEIGHT)
    with header:
        page.presentation_header(data, state, selected, figures)
    page.sidebar(data)
    page.accessibility()
    st.stop()

# The layout first, then the map: its update is the first to reach the browser, and it draws
# while the rest of the page follows.
heading = st.container()
map_column, details_column = st.columns([3, 2], gap="medium")
with map_column:
    page.map_panel(on_map, data, geometry, state, has_polygons, height=page.MAP_HEIGHT)
with heading:
    st.title(t("app.title", lang), anchor=False)
    st.caption(t("app.subtitle", lang))
    page.notices(st.session_state[page.KEY_NOTICES], borders.message(lang), data.problems, lang, figures.message(lang))
    page.upload_banner(lang)
    page.headline(selected, lang, figures)
with details_column:
    page.city_panel(
        city_details(data.memberships, data.catalog, state.city, lang) if state.city else None,
        lang,
        figures,
    )
page.sidebar(data)
page.accessibility()

# Only the open tab runs (on_change="rerun"): the others cost nothing on a filter change. The
# tab open on arrival is the light one (text); the table's code loads when it is opened.
sources_tab, table_tab, overlap_tab, upload_tab = st.tabs(
    [t("tabs.sources", lang), t("tabs.table", lang), t("overlap.tab", lang), t("upload.tab", lang)],
    key="main_tabs",  # keeps the open tab when an upload adds a banner above
    on_change="rerun",
)
if sources_tab.open:
    with sources_tab:
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
