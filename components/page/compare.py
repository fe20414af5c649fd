"""The Compare tab (and presentation mode's compare step): the small multiples of
components/render/compare.py on the page. A click on a small map, or the button with its name
(the keyboard's way), opens that partnership in the main view; the grid downloads as a slide."""

from __future__ import annotations

from collections.abc import Collection
from functools import partial

import pandas as pd
import streamlit as st

from components.base.i18n import t
from components.data.memberships import Dataset
from components.data.population import Population
from components.model.filters import FilterState
from components.model.funding import where_given
from components.model.map import MapGeometry
from components.model.wording import data_as_of, markdown_literal
from components.page import map_into_view, views
from components.page.context import PanelContext
from components.page.keys import KEY_COMPARE_CHART_, KEY_COMPARE_VERSION
from components.page.state import choose, present_tab
from components.render.compare import MAP_HEIGHT_PX, PRESENT_MAP_HEIGHT_PX, SELECTION, SmallMap, grid_alt, render_slide

# A grid that wraps: two small maps a row on a phone, three on a tablet, four on a laptop, five
# or seven on wider screens and seven in presentation mode (one row at 1920x1080). Our own constants only; no data.
GRID_CSS = """
<style>
.st-key-compare_grid, .st-key-compare_grid_present { --columns: 4; --gap: 1rem; flex-wrap: wrap !important;
  align-items: stretch !important; gap: var(--gap) !important; }
/* The maps of a row line up whatever their titles' lengths: each map at the foot of its cell. */
[class*="st-key-compare_map_"] { height: 100%; }
[class*="st-key-compare_map_"] > div:has([data-testid="stVegaLiteChart"]) { margin-top: auto; }
.st-key-compare_grid_present { --columns: 7; }
.st-key-compare_grid > div, .st-key-compare_grid_present > div { min-width: 0;
  flex: 0 0 calc((100% - (var(--columns) - 1) * var(--gap)) / var(--columns)) !important;
  width: calc((100% - (var(--columns) - 1) * var(--gap)) / var(--columns)) !important; }
/* A small map is at most about 220 px wide (its height is fixed): wide screens get more a row. */
@media (min-width: 1400px) { .st-key-compare_grid { --columns: 5; } }
@media (min-width: 1800px) { .st-key-compare_grid { --columns: 7; } }
@media (max-width: 1100px) { .st-key-compare_grid { --columns: 3; } }
@media (max-width: 640px) { .st-key-compare_grid { --columns: 2; --gap: 0.5rem; } }
[class*="st-key-compare_open_"] button { font-weight: 600; min-height: 2.6rem; }
[class*="st-key-compare_open_"] button p { white-space: normal; }
</style>
"""


def open_partnership(partnership_id: str) -> None:
    """Show one partnership in the main view, as its card or the Partnership filter would (when
    presenting: that partnership's step); the main map, above the tabs, comes into view."""
    choose("partnerships", [partnership_id])
    present_tab(None)
    st.session_state[KEY_COMPARE_VERSION] = st.session_state.get(KEY_COMPARE_VERSION, 0) + 1
    map_into_view.ask()


def _take_click(key: str, shown: Collection[str]) -> None:
    """A click on a small map: its chart's selection names the partnership (only one of the
    maps drawn counts)."""
    selection = ((st.session_state.get(key) or {}).get("selection") or {}).get(SELECTION) or []
    for picked in selection:
        partnership_id = picked.get("partnership_id") if isinstance(picked, dict) else None
        if partnership_id in shown:
            open_partnership(partnership_id)
            return


def compare_grid(
    rows: pd.DataFrame,
    dataset: Dataset,
    geometry: MapGeometry,
    state: FilterState,
    population: Population | None = None,
    present: bool = False,
) -> list[SmallMap]:
    """The small maps of the partnerships in `rows`, each under its title; returns them."""
    lang = state.lang
    height = PRESENT_MAP_HEIGHT_PX if present else MAP_HEIGHT_PX
    charts = views.small_map_charts(rows, dataset, geometry, state, population, height)
    if not charts:
        st.info(t("compare.empty", lang))
        return []
    st.html(GRID_CSS)
    version = st.session_state.get(KEY_COMPARE_VERSION, 0)
    shown = {small_map.partnership_id for small_map, _ in charts}
    with st.container(horizontal=True, key="compare_grid_present" if present else "compare_grid", gap="medium"):
        for small_map, spec in charts:
            pid = small_map.partnership_id
            with st.container(key=f"compare_map_{pid}", gap="small"):
                # The title is a button too: the keyboard's way to the partnership.
                st.button(
                    markdown_literal(small_map.name),
                    key=f"compare_open_{pid}",
                    on_click=open_partnership,
                    args=(pid,),
                    width="stretch",
                )
                st.caption(markdown_literal(" · ".join(small_map.title_lines(lang)[1:])))
                key = f"{KEY_COMPARE_CHART_}{pid}_{version}"
                st.vega_lite_chart(
                    spec,
                    width="stretch",
                    key=key,
                    on_select=partial(_take_click, key, shown),
                    selection_mode=SELECTION,
                )
    st.caption(grid_alt([small_map for small_map, _ in charts], lang))
    return [small_map for small_map, _ in charts]


def compare_panel(panel: PanelContext, rows: pd.DataFrame) -> None:
    """The Compare tab: what it shows, the grid, and the grid as a slide (PNG, SVG)."""
    lang = panel.lang
    map_into_view.follow()
    st.write(t("compare.intro", lang))
    st.caption(markdown_literal(where_given(panel.data.funding, panel.data.catalog, lang)))
    maps = compare_grid(rows, panel.data, panel.geometry, panel.state, panel.population)
    if maps:
        slide_downloads(panel, maps)


def presentation_grid(panel: PanelContext, rows: pd.DataFrame) -> None:
    """Presentation mode's compare step: the grid in one row, and its slide to download."""
    map_into_view.forget()  # presenting: a choice opens its step, nothing to scroll to
    maps = compare_grid(rows, panel.data, panel.geometry, panel.state, panel.population, present=True)
    if maps:
        slide_downloads(panel, maps)


def slide_downloads(panel: PanelContext, maps: list[SmallMap]) -> None:
    """The grid as a slide picture; drawn when a button is pressed, never on a rerun."""
    geometry, lang, summary = panel.geometry, panel.lang, panel.summary
    as_of = data_as_of(panel.data.catalog, lang)
    pictures = (("png", "image/png", t("compare.png", lang)), ("svg", "image/svg+xml", t("compare.svg", lang)))
    for column, (extension, mime, label) in zip(st.columns(2), pictures, strict=True):
        column.download_button(
            label,
            data=partial(render_slide, maps, geometry, lang, summary, extension, origin=panel.origin, as_of=as_of),
            file_name=panel.file_name(extension, what="partnerships-compared"),
            mime=mime,
            on_click="ignore",
            key=f"compare_download_{extension}",
            icon=":material/download:",
        )
