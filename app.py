"""The partnership map: who in Finland works with the state in which urban-policy partnership.

This file only wires the components together: load (cached) -> state -> filter -> render.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import page
from components.assets import install_leaflet_assets
from components.boundaries import BoundaryResult, configured_source, load_boundaries
from components.data import Dataset, DataUnavailableError, data_dir, load_dataset
from components.details import city_details
from components.filters import apply
from components.i18n import default_language, t
from components.map import MapGeometry, prepare_geometry


@st.cache_resource(show_spinner=False)
def dataset(directory: str) -> Dataset:
    install_leaflet_assets()
    return load_dataset(Path(directory))


@st.cache_resource(show_spinner=False, ttl=600)  # a failed download is retried after 10 minutes
def boundaries(source: str | None) -> BoundaryResult:
    return load_boundaries(source or "off")


@st.cache_resource(show_spinner=False)
def map_geometry(_data: Dataset, _borders: BoundaryResult, source: str | None, has_polygons: bool) -> MapGeometry:
    # The underscored arguments are not hashed; the source and mode identify the result.
    return prepare_geometry(_data.cities, _borders.polygons, token=f"{source}|{has_polygons}")


presenting = page.presentation_requested()
st.set_page_config(
    page_title=t("app.title", default_language()),
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
page.restore_from_url(data)
page.take_map_click(data)
page.sidebar(data)
state = page.current_state()
page.mirror_to_url(state)
lang = state.lang
page.accessibility()
selected = apply(data.memberships, state)
geometry = map_geometry(data, borders, borders.source, borders.polygons is not None)
on_map = apply(data.memberships, state.without_city())  # the map stays explorable around a chosen city

if state.present:
    page.presentation_header(data, state, selected)
    page.map_panel(on_map, data, geometry, state, borders.polygons is not None, height=page.PRESENTATION_MAP_HEIGHT)
    st.stop()

st.title(t("app.title", lang), anchor=False)
st.caption(t("app.subtitle", lang))
page.notices(st.session_state[page.KEY_NOTICES], borders.message(lang), data.problems, lang)
page.upload_banner(lang)
page.headline(selected, lang)

map_column, details_column = st.columns([3, 2], gap="medium")
with map_column:
    page.map_panel(on_map, data, geometry, state, borders.polygons is not None, height=page.MAP_HEIGHT)
with details_column:
    page.city_panel(
        city_details(data.memberships, data.catalog, state.city, lang) if state.city else None,
        lang,
    )

# Only the open tab runs (on_change="rerun"): the others cost nothing on a filter change.
table_tab, overlap_tab, sources_tab, upload_tab = st.tabs(
    [t("tabs.table", lang), t("overlap.tab", lang), t("tabs.sources", lang), t("upload.tab", lang)],
    key="main_tabs",  # keeps the open tab when an upload adds a banner above
    on_change="rerun",
)
if table_tab.open:
    with table_tab:
        page.table_and_downloads(selected, data, state, geometry, page.filter_summary(state, data))
if overlap_tab.open:
    with overlap_tab:
        page.overlap_view(selected, data.catalog, lang)
if sources_tab.open:
    with sources_tab:
        page.overview(data.memberships, data.catalog, lang)
if upload_tab.open:
    with upload_tab:
        page.upload_panel(bundled, lang)
