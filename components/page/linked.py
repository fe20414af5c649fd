"""Linked selection: rows ticked in the table, a cell of the overlap matrix or a bar of the
counts highlight those municipalities on the map, and one highlighted municipality opens its
details beside the map.

Each selecting widget reports its choice through a callback, which runs before the script: the
map, drawn first, already shows the new highlight in the same run. The highlight is a set of
municipality codes (Highlight), kept in the session (components.page.state); the map draws it as one
more layer (components/render/map.py, map_layers.js `linked`), which never remounts the map.

The selection -> codes functions are plain and tested without Streamlit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.base.i18n import name_column, t
from components.data.memberships import THEME_SEPARATOR
from components.model.wording import markdown_literal
from components.page.keys import KEY_HIGHLIGHT, KEY_SELECTION_VERSIONS, SELECTION_KEYS
from components.render.overlaps import BAR_SELECTION, MATRIX_SELECTION

SOURCES = tuple(SELECTION_KEYS)  # table, matrix, partnership, theme
# Where a highlight was chosen, in words (locale keys, by source).
SOURCE_WORDS = {
    "table": "linked.from_table",
    "matrix": "linked.from_matrix",
    "partnership": "linked.from_partnership",
    "theme": "linked.from_theme",
}
NAMES_LISTED = 10  # up to this many highlighted municipalities are named in the status line


@dataclass(frozen=True)
class Highlight:
    codes: tuple[str, ...]  # municipality codes, sorted, each once
    source: str  # which widget chose them (one of SOURCES)


# ----------------------------------------------------------------------------- selection -> codes


def _unique(codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({str(code) for code in codes if code}))


def codes_from_table_rows(table_codes: Sequence[str], positions: Iterable[int]) -> tuple[str, ...]:
    """The municipalities of the ticked rows. Streamlit reports rows by their position in the
    data as given (whatever the reader's sorting), so `table_codes` is the table's code column
    in that order; a position outside it (a stale selection) is ignored."""
    return _unique(table_codes[position] for position in positions if 0 <= position < len(table_codes))


def codes_from_matrix_cells(cells: Iterable[Mapping]) -> tuple[str, ...]:
    """The municipalities of the chosen matrix cells (each cell names its municipality_code)."""
    return _unique(cell.get("municipality_code", "") for cell in cells)


def codes_in_partnerships(rows: pd.DataFrame, partnership_ids: Iterable[str]) -> tuple[str, ...]:
    """The municipalities of `rows` in any of the chosen partnerships (bars of the counts)."""
    wanted = set(partnership_ids)
    return _unique(rows.loc[rows["partnership_id"].isin(wanted), "municipality_code"])


def codes_with_themes(rows: pd.DataFrame, themes: Iterable[str]) -> tuple[str, ...]:
    """The municipalities of `rows` with a membership on any of the chosen themes."""
    wanted = set(themes)
    has_theme = rows["themes"].map(lambda text: bool(wanted & set(text.split(THEME_SEPARATOR))))
    return _unique(rows.loc[has_theme, "municipality_code"])


def chosen_points(selection: Mapping | None, param: str) -> list[Mapping]:
    """The points of a chart's point selection `param`, from Streamlit's selection state
    ({"selection": {param: [{field: value, ...}, ...]}}), each a mapping of field to value."""
    points = ((selection or {}).get("selection") or {}).get(param) or []
    return [point for point in points if isinstance(point, Mapping)]


def chosen_values(points: Iterable[Mapping], field: str) -> list[str]:
    """The chosen values of `field` (a bar's partnership_id or theme)."""
    return [str(point[field]) for point in points if field in point]


# ----------------------------------------------------------------------------- the highlight shown


def still_shown(highlight: Highlight | None, shown_codes: Iterable[str]) -> Highlight | None:
    """The highlight, less the municipalities the view no longer shows (a filter changed); none
    once nothing of it is left."""
    if highlight is None:
        return None
    shown = set(shown_codes)
    codes = tuple(code for code in highlight.codes if code in shown)
    if codes == highlight.codes:
        return highlight
    return Highlight(codes, highlight.source) if codes else None


def details_code(highlight: Highlight | None) -> str | None:
    """The municipality whose details open: the highlight's only one."""
    return highlight.codes[0] if highlight is not None and len(highlight.codes) == 1 else None


def codes(highlight: Highlight | None) -> tuple[str, ...]:
    return () if highlight is None else highlight.codes


def status_text(highlight: Highlight, names: Mapping[str, str], lang: str) -> str:
    """What is highlighted, in words: how many, chosen where, and their names (up to
    NAMES_LISTED), for everyone who does not see the map's outlines."""
    count = t("linked.count", lang, count=len(highlight.codes))
    source = t(SOURCE_WORDS[highlight.source], lang)
    if len(highlight.codes) > NAMES_LISTED:
        return t("linked.status_many", lang, count=count, source=source)
    listed = ", ".join(sorted((names.get(code, code) for code in highlight.codes), key=str.casefold))
    return t("linked.status", lang, count=count, source=source, names=listed)


# ----------------------------------------------------------------------------- in the session


def current(shown_rows: pd.DataFrame) -> Highlight | None:
    """This run's highlight, kept to the municipalities `shown_rows` (the map's rows) hold."""
    before = st.session_state.get(KEY_HIGHLIGHT)
    after = still_shown(before, shown_rows["municipality_code"])
    if after != before:
        _set(after)
    return after


def _set(highlight: Highlight | None) -> None:
    """Replace the highlight. The widget that chose the one before loses its selection (its key
    changes), so no table or chart shows a choice the map no longer does."""
    before = st.session_state.get(KEY_HIGHLIGHT)
    if before is not None and (highlight is None or highlight.source != before.source):
        versions = dict(st.session_state.get(KEY_SELECTION_VERSIONS, {}))
        versions[before.source] = versions.get(before.source, 0) + 1
        st.session_state[KEY_SELECTION_VERSIONS] = versions
    st.session_state[KEY_HIGHLIGHT] = highlight


def _take(source: str, chosen: tuple[str, ...]) -> None:
    _set(Highlight(chosen, source) if chosen else None)


def clear() -> None:
    _set(None)


def widget_key(source: str, *identity: object) -> str:
    """The selecting widget's key: new when its data (`identity`) changes, so a selection never
    outlives the rows it was made on, and new when the highlight it made is replaced or cleared."""
    version = st.session_state.get(KEY_SELECTION_VERSIONS, {}).get(source, 0)
    digest = hashlib.sha1(repr(identity).encode("utf-8")).hexdigest()[:12]
    return f"{SELECTION_KEYS[source]}_{version}_{digest}"


def table_selection(table: pd.DataFrame) -> dict:
    """st.dataframe's arguments that make `table` (export_rows order, with municipality_code)
    choose the highlight: ticked rows highlight their municipalities."""
    table_codes = tuple(table["municipality_code"])
    key = widget_key("table", table_codes, tuple(table["partnership_id"]))

    def take() -> None:
        _take("table", codes_from_table_rows(table_codes, st.session_state[key]["selection"]["rows"]))

    return {"key": key, "on_select": take, "selection_mode": "multi-row"}


def matrix_selection(matrix: pd.DataFrame) -> dict:
    """st.altair_chart's arguments for the overlap matrix: a chosen cell highlights its
    municipality (Shift adds more)."""
    key = widget_key("matrix", tuple(matrix["municipality_code"]), tuple(matrix["partnership_id"]))

    def take() -> None:
        _take("matrix", codes_from_matrix_cells(chosen_points(st.session_state.get(key), MATRIX_SELECTION)))

    return {"key": key, "on_select": take, "selection_mode": [MATRIX_SELECTION]}


def bar_selection(source: str, rows: pd.DataFrame, field: str) -> dict:
    """st.altair_chart's arguments for a counts chart (source "partnership" with field
    partnership_id, or "theme" with field theme): a chosen bar highlights its municipalities."""
    find = codes_in_partnerships if source == "partnership" else codes_with_themes
    key = widget_key(source, tuple(rows["municipality_code"]), tuple(rows["partnership_id"]), tuple(rows["themes"]))

    def take() -> None:
        _take(source, find(rows, chosen_values(chosen_points(st.session_state.get(key), BAR_SELECTION), field)))

    return {"key": key, "on_select": take, "selection_mode": [BAR_SELECTION]}


# A tick in the table (under the map) opens a municipality's details beside the map, which
# makes that column, and so the page above the table, taller. The browser keeps what the reader
# looks at in place (CSS scroll anchoring) only if its anchor lies below the change: while the
# pointer or the focus is in a tab (the table, the charts), the map and the column beside it are
# no anchor, so the table or chart being clicked stays where it is; a click on the map keeps
# the map still, as before. (For the same reason the tabs say what is highlighted under what is
# clicked, never above it.)
ANCHOR_CSS = """<style>
[data-testid="stMainBlockContainer"]:has([data-testid="stTabPanel"]:hover, [data-testid="stTabPanel"]:focus-within)
  > [data-testid="stVerticalBlock"] > :has(iframe[src*="st_folium"]) { overflow-anchor: none; }
</style>"""


def status(highlight: Highlight | None, rows: pd.DataFrame, lang: str, where: str) -> None:
    """What is highlighted, in words, and a button that clears it. Always one container, empty
    or not, so what follows keeps its place in the page (a table is not drawn anew). Under the
    map (`where` "map", on every run) it also brings ANCHOR_CSS, which keeps a clicked table still."""
    if where == "map":
        st.html(ANCHOR_CSS)
    box = st.container(key=f"highlight_status_{where}")
    if highlight is None:
        return
    names = dict(zip(rows["municipality_code"], rows[name_column(lang)], strict=True))
    box.markdown(f"**{t('linked.heading', lang)}:** {markdown_literal(status_text(highlight, names, lang))}")
    box.button(t("linked.clear", lang), on_click=clear, key=f"clear_highlight_{where}", icon=":material/close:")


def close_details_button(lang: str) -> None:
    """Closing the details of the one highlighted municipality clears the highlight."""
    st.button(t("layout.close_details", lang), on_click=clear, icon=":material/close:", key="close_highlight_details")
