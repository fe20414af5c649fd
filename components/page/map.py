"""The web map on the page: st_folium with the fixed base map and the view's layers, its height
in the window, and the caption under it. A click on a city comes back through the session
(components/page/state.py).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from components.base.i18n import t
from components.model.filters import is_filtered
from components.page import search, views
from components.page.context import PanelContext
from components.page.keys import KEY_BASEMAP
from components.page.layout import map_frame_css
from components.page.state import map_key
from components.render.map import add_map_css, base_map, basemap_layer, frame_height_css, partnership_layers

MAP_HEIGHT = 720  # st_folium's first height; the frame then takes its height from the window
PRESENTATION_MAP_HEIGHT = 760


# Presenting, the map reaches from under the step's header (its height varies with the step's
# notes: components/page/presentation.py measures where the map starts) to 16 px above the
# screen's bottom edge; its captions stand beside it.
MAP_TOP_VARIABLE = "--finmap-map-top"  # where the map starts on a presenter's page, in px
PRESENTATION_MAP_ROOM = f"var({MAP_TOP_VARIABLE}, 190px) + 16px"


# The frame's height rules, built from the constants at the top only (they go into the page as CSS).
def presentation_frame_css() -> str:
    return frame_height_css(PRESENTATION_MAP_ROOM, PRESENTATION_MAP_ROOM)


def map_panel(
    panel: PanelContext,
    rows: pd.DataFrame,
    height: int,
    under_map: Callable[[], None] | None = None,
    highlighted: tuple[str, ...] = (),
    notes: DeltaGenerator | None = None,
) -> None:
    """The map: a fixed base map, and the layers of `rows` swapped in without a remount;
    under it, what it shows in words (the map is never the only way to the information).
    `highlighted`: municipalities chosen in the table or the overlap charts (components.page.linked).
    `notes`: where the captions go instead of under the map (presenting: beside it)."""
    dataset, geometry, state, lang = panel.data, panel.geometry, panel.state, panel.lang
    plan = views.map_data(rows, dataset, geometry, state, panel.population)
    layers = partnership_layers(
        rows,
        dataset.catalog,
        geometry.by_code,
        lang,
        selected_city=state.city,
        view=plan,
        whole_country=not is_filtered(state.without_city()) and not state.present,
        present=state.present,
        highlighted=highlighted,
        selected_name=search.chosen_name(panel.vocabulary, state.city, lang),
        focus=None if state.present else search.focus(state.city),  # zoom to a city found with the search
    )
    fmap = base_map(views.map_script_url(geometry))
    add_map_css(fmap)
    st_folium(
        fmap,
        key=map_key(geometry.has_polygons),
        feature_group_to_add=[basemap_layer(st.session_state[KEY_BASEMAP], lang), *layers.groups],
        layer_control=layers.control,
        returned_objects=["last_active_drawing"],
        height=height,
        use_container_width=True,
    )
    if state.present:
        st.html(presentation_frame_css())
    else:
        st.html(map_frame_css())
    if under_map is not None:  # e.g. the phone's cue that a city's details follow below
        under_map()
    with notes if notes is not None else nullcontext():
        st.caption(t("map.caption_polygons" if panel.loaded.has_polygons else "map.caption_points", lang))
        # Presenting, the large legend beside the map says this in sight: the words stay for
        # screen readers, out of sight (components/page/presentation.py), so the screen holds all.
        with st.container(key="present_map_words") if state.present else nullcontext():
            st.caption(views.alt_text(rows, dataset, panel.vocabulary, state))
