"""The partnership map: who in Finland works with the state in which urban-policy partnership.

This file only wires the components together: load (cached) -> state -> filter -> render. A
filter, a card, a click on the map or a choice in a table reruns only the view (`the_view`, a
Streamlit fragment); the language, the open tab, an upload and presentation mode rerun the page.
"""

from __future__ import annotations

from typing import NamedTuple

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.base.i18n import default_language, t
from components.data.boundaries import configured_source
from components.data.memberships import DataUnavailableError, data_dir
from components.model.details import city_details
from components.model.filters import applied, shown_day
from components.model.link import tab_labels
from components.page import (
    cards,
    compare,
    details,
    fact_sheet,
    first_run,
    keys,
    layout,
    linked,
    notices,
    overlaps,
    overview,
    presentation,
    resources,
    search,
    sidebar,
    table,
    timeline,
    upload,
    views,
)
from components.page.context import Loaded, PanelContext
from components.page.map import MAP_HEIGHT, PRESENTATION_MAP_HEIGHT, map_panel
from components.page.state import (
    current_state,
    keep_tab_in_language,
    open_tab,
    page_language,
    presentation_requested,
    session_dataset,
    url_notices,
)


class Places(NamedTuple):
    """Where the view draws: containers the page makes before it. When the view reruns alone,
    its elements are redrawn in these places and the rest of the page stays."""

    counts: DeltaGenerator  # in the heading, under the title
    search: DeltaGenerator  # in the heading, beside the title (under it on a phone)
    map: DeltaGenerator
    details: DeltaGenerator  # beside the map on a wide screen, under it on a phone
    tabs: dict[str, DeltaGenerator]  # the open tab, by name, when it shows the view (table, overlaps...)


def main() -> None:
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
        bundled = resources.dataset(directory)
    except DataUnavailableError as error:
        st.error(error.message(default_language()), icon=":material/error:")
        st.stop()
    vocabulary = resources.filter_vocabulary(directory)  # the filters' values and their names
    data = session_dataset(bundled)
    borders = resources.boundaries(configured_source())
    # An upload has the bundled cities: one geometry for both.
    geometry = resources.map_geometry(
        bundled,
        borders,
        borders.source,
        borders.polygons is not None,
        bundled.token,
        resources.boundaries_token(borders.source),
    )
    loaded = Loaded(bundled, data, vocabulary, borders, geometry, resources.population(bundled))

    state = current_state(vocabulary)  # from the link on arrival, then the widgets and the map's clicks
    arriving = first_run.first_run()  # presentation mode draws its whole page at once
    if state.sheet:  # the chosen city's fact sheet, a page made for print
        fact_sheet.sheet_page(PanelContext(loaded, applied(state, loaded.population)))
        layout.accessibility()
    elif state.present:  # a size class narrows only with population figures (applied)
        presentation_page(PanelContext(loaded, applied(state, loaded.population)))
    else:
        explore_page(loaded, state.lang, arriving)


def presentation_page(panel: PanelContext) -> None:
    selected = views.rows(panel.data, panel.state, panel.population)
    # The map stays explorable around a chosen city.
    on_map = views.rows(panel.data, panel.state.without_city(), panel.population)
    if presentation.comparing():  # the last step: the partnerships side by side
        presentation.presentation_header(panel, selected)
        compare.presentation_grid(panel, on_map)
    else:
        header = st.container()
        map_column, side_column = st.columns([4, 1], gap="medium")
        with side_column:  # the map's captions under the step's legend: the map reaches the screen's edge
            side, map_notes = st.container(), st.container()
        with map_column:
            map_panel(panel, on_map, height=PRESENTATION_MAP_HEIGHT, notes=map_notes)
        with header:
            presentation.presentation_header(panel, selected)
        with side:
            presentation.presentation_side(panel, selected)
    sidebar.sidebar(panel.vocabulary, panel.state, panel.population)
    layout.accessibility()


def explore_page(loaded: Loaded, lang: str, arriving: bool) -> None:
    heading = st.container(key="page_heading", gap="small")
    with heading:  # the title and the counts, made before the map so the map is drawn first
        # The search beside the title, under it on a phone; its place is kept from the first paint.
        title_column, search_column = st.columns([3, 2], gap="medium")
        title_box, search_box = title_column.container(gap="small"), search_column.container(key="heading_search")
        counts_box = st.container(gap="small")
    with search_box:
        search.search_styles()
    map_column, details_column = st.columns([5, 2], gap="medium")  # the map first, the cards beside
    # Keyed: the page's first styles keep the map's place while its code loads (components/page/shell.py).
    map_box = map_column.container(key="map_box")
    # The tabs' place, empty on a session's first page. Streamlit names a fragment by where it is
    # called: the view is called after it on every page, so the first page's map is the rest's,
    # which then travels as a reference to it instead of a second time.
    tabs_box = st.container()
    # The title before the view: drawn after the map, it pushed the map down as it arrived.
    title = layout.heading(title_box, t("app.title", lang), t("layout.tagline", lang))
    if arriving:  # a session's first page: the heading and the map; the rest once the map has drawn
        the_view(loaded, Places(counts_box, search_box, map_box, details_column, {}), arriving=True)
    else:
        sidebar.language_choice(lang)
        # Only the open tab runs (on_change="rerun"): the others cost nothing on a filter change.
        # The tab open on arrival is the light one (text); the table's code loads when it is opened.
        keep_tab_in_language(open_tab(), lang)
        sources_tab, table_tab, overlap_tab, compare_tab, timeline_tab, upload_tab = tabs_box.tabs(
            list(tab_labels(lang).values()),  # in the order of TABS
            key=keys.KEY_TABS,  # keeps the open tab when an upload adds a banner above
            on_change="rerun",
        )
        view_tabs = {"table": table_tab, "overlap": overlap_tab, "compare": compare_tab, "timeline": timeline_tab}
        shown_tab = {name: tab for name, tab in view_tabs.items() if tab.open}
        the_view(loaded, Places(counts_box, search_box, map_box, details_column, shown_tab), arriving=False)
    with title:
        notices.missing_sources(loaded.boundaries, loaded.population, lang)
        notices.notices(url_notices(), loaded.data.problems, lang)
        notices.follow_boundary_download(loaded.boundaries)
        upload.upload_banner(lang)
    layout.accessibility()
    if arriving:
        with details_column:
            first_run.hold_the_rest(lang)
        return
    if sources_tab.open:
        with sources_tab:
            st.caption(t("app.subtitle", lang))  # the heading has only a short tagline
            overview.overview(loaded.data, lang, loaded.population)
    if upload_tab.open:
        with upload_tab:
            upload.upload_panel(loaded.bundled, lang)


@st.fragment(key="view")
def the_view(loaded: Loaded, places: Places, arriving: bool) -> None:
    """What a filter, a card, a click on the map or a choice in a table changes, and only that:
    their widgets rerun this function alone (the title, the language, the tabs, the Sources and
    Upload tabs and the page's styles stay as they are)."""
    data, population = loaded.data, loaded.population
    # Read here, not passed in: a fragment reruns with the arguments of the page's last whole run.
    chosen = current_state(loaded.vocabulary)
    state = applied(chosen, population)  # a size class narrows only with population figures
    panel = PanelContext(loaded, state)
    lang = state.lang
    selected = views.rows(data, state, population)
    on_map = views.rows(data, state.without_city(), population)  # the map stays explorable around a chosen city
    # Municipalities chosen in the table or the overlap charts, outlined on the map; one of them
    # opens its details without changing the filters (the table being ticked stays as it is).
    highlight = linked.current(on_map)
    details_code = state.city or linked.details_code(highlight)

    def under_map() -> None:
        if details_code:  # on a phone the details follow far below the map: say so right under it
            details.details_cue(lang)
        linked.status(highlight, data.memberships, lang, where="map")

    # The counts above the map first: drawn after it, they pushed it down as they arrived.
    with places.counts:
        layout.headline(selected, data, state, population)
        notices.unapplied_filters(chosen, loaded.vocabulary, population)
        notices.city_excluded(state, selected, loaded.vocabulary)
    with places.search:
        if arriving:  # its look: the box's code comes with the rest
            search.search_still(lang)
        else:
            search.search_box(loaded.vocabulary, state)
    with places.map:
        map_panel(panel, on_map, height=MAP_HEIGHT, under_map=under_map, highlighted=linked.codes(highlight))
    if not arriving:
        # First of the rest: the filters' code is the largest to load.
        sidebar.filter_controls(loaded.vocabulary, state, population)
        with places.details:
            if details_code:  # beside the map on a wide screen, right under it on a phone
                about = city_details(
                    data.memberships, data.catalog, details_code, lang, shown_day(state), funding=data.funding
                )
                with st.container(key=search.details_key(details_code)):  # what a choice brings into view
                    details.city_panel(about, lang, population)
                if state.city:
                    if about is not None:
                        fact_sheet.sheet_button(lang)
                    details.close_details_button(lang)
                else:
                    linked.close_details_button(lang)
            # The cards count the memberships in force on the view's day, whatever the filters.
            cards.cards_panel(views.partnership_cards(data, state, population), lang)
        tab_contents(panel, places.tabs, selected, on_map, highlight)
    # Last, so that their coming and going moves nothing above them.
    search.bring_details_into_view(state.city, arriving)
    sidebar.close_sidebar_on_phone(state.without_city())


def tab_contents(
    panel: PanelContext,
    tabs: dict[str, DeltaGenerator],
    selected: pd.DataFrame,
    on_map: pd.DataFrame,
    highlight: linked.Highlight | None,
) -> None:
    """The open tab, when it shows the view (only the open tab runs)."""
    data, lang = panel.data, panel.lang
    if "table" in tabs:
        with tabs["table"]:
            table.table_and_downloads(panel, selected, highlight)
    if "overlap" in tabs:
        with tabs["overlap"]:
            overlaps.overlap_view(selected, data.catalog, lang)
            linked.status(highlight, data.memberships, lang, where="overlaps")  # under what is clicked
    if "compare" in tabs:
        with tabs["compare"]:
            compare.compare_panel(panel, on_map)
    if "timeline" in tabs:
        with tabs["timeline"]:
            timeline.timeline_view(data, panel.state)


# Streamlit runs this file as __main__. The upload check's worker process (spawn) imports it
# as __mp_main__: it must not draw the page, nor load its data, there.
if __name__ == "__main__":
    main()
