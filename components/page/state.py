"""Where the view's state lives, and the one call that reads it for a run: current_state().

The filters (components.model.filters) live in st.session_state under their widgets' keys, so a link,
a click on the map and a widget all change the same value; the address bar mirrors them, so
copying it shares exactly this view. The other session keys are the page's own bookkeeping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import streamlit as st

from components.base.i18n import LANGUAGES
from components.data import periods
from components.data.memberships import Dataset, UploadedList
from components.data.upload import UploadCheck, check_upload
from components.model.filters import FILTER_BY_NAME, FILTERS, FilterState, Vocabulary, chosen, chosen_day, shown_day
from components.model.link import DEFAULT_TAB, PRESENTED_TABS, Notice, read_link, tab_labels, to_query_params
from components.model.map import BASEMAPS
from components.page.keys import (
    KEY_BASEMAP,
    KEY_DAY,
    KEY_LANG,
    KEY_LAST_CLICK,
    KEY_MAP,
    KEY_MAP_POINTS,
    KEY_NOTICES,
    KEY_PRESENT,
    KEY_PRESENTED_TAB,
    KEY_SHEET,
    KEY_STARTED,
    KEY_TABS,
    KEY_TODAY,
    KEY_UPLOAD,
    KEY_UPLOAD_SHOWN,
    KEY_UPLOADER_,
    KEY_UPLOADER_VERSION,
)


def current_state(vocabulary: Vocabulary) -> FilterState:
    """The state of this run's view. In this order: on a session's first run the link's filters
    and tab go into the widgets; a click on the map chooses its city; values the other filters
    now rule out are dropped; then the address bar is made to match (with the open tab)."""
    _restore_from_url(vocabulary)
    _follow_the_calendar()
    _take_map_click(vocabulary)
    _drop_ruled_out(vocabulary)
    state = _read()  # the widgets' values are in the session before they are drawn
    _mirror_to_url(state, presented_tab() if state.present else open_tab())
    return state


def url_notices() -> list[Notice]:
    return st.session_state[KEY_NOTICES]


def _restore_from_url(vocabulary: Vocabulary) -> None:
    """On a session's first run, put the link's filters into the widgets and open its tab."""
    if st.session_state.get(KEY_STARTED):
        return
    link = read_link(st.query_params.to_dict(), vocabulary)
    _put(link.state)
    st.session_state[KEY_BASEMAP] = BASEMAPS[0]
    st.session_state[KEY_NOTICES] = list(link.notices)
    if link.tab is not None:
        st.session_state[KEY_TABS] = tab_labels(link.state.lang)[link.tab]
        if link.tab in PRESENTED_TABS and link.state.present:
            st.session_state[KEY_PRESENTED_TAB] = link.tab
    st.session_state[KEY_STARTED] = True


def _follow_the_calendar() -> None:
    """A date control left on today stays on today: past midnight it moves to the new today
    (else yesterday would read as a chosen day, and the link would keep it)."""
    today, last_run = periods.today(), st.session_state.get(KEY_TODAY)
    if last_run is not None and last_run != today and st.session_state.get(KEY_DAY) == last_run:
        st.session_state[KEY_DAY] = today
    st.session_state[KEY_TODAY] = today


def _put(state: FilterState) -> None:
    st.session_state[KEY_LANG] = state.lang
    for spec in FILTERS:
        st.session_state[spec.key] = spec.to_widget(spec.values(state))
    st.session_state[KEY_DAY] = shown_day(state)  # the control always shows a day: today by default
    st.session_state[KEY_PRESENT] = state.present
    st.session_state[KEY_SHEET] = state.sheet


def _read() -> FilterState:
    return FilterState(
        lang=st.session_state[KEY_LANG],
        **{spec.name: spec.from_widget(st.session_state[spec.key]) for spec in FILTERS},
        day=chosen_day(st.session_state.get(KEY_DAY)),  # today, or a cleared control: None
        present=st.session_state[KEY_PRESENT],
        sheet=bool(st.session_state.get(KEY_SHEET)),
    )


def map_key(has_polygons: bool) -> str:
    return KEY_MAP if has_polygons else KEY_MAP_POINTS


def _take_map_click(vocabulary: Vocabulary) -> None:
    """A click on a city (returned by st_folium on the previous run) selects that city."""
    returned = st.session_state.get(KEY_MAP) or st.session_state.get(KEY_MAP_POINTS) or {}
    drawing = returned.get("last_active_drawing") if isinstance(returned, Mapping) else None
    if not drawing or drawing == st.session_state.get(KEY_LAST_CLICK):
        return
    st.session_state[KEY_LAST_CLICK] = drawing
    code = str((drawing.get("properties") or {}).get("municipality_code", ""))
    if code in set(vocabulary.cities["municipality_code"]):
        choose("city", [code])


def _drop_ruled_out(vocabulary: Vocabulary) -> None:
    """A value the other filters now rule out would match nothing (a theme of a partnership that
    was just deselected): drop it."""
    already = chosen(_read())
    for spec in FILTERS:
        if spec.ruled_out is not None:
            offered = set(spec.offered(vocabulary, already, st.session_state[KEY_LANG]))
            choose(spec.name, [value for value in already[spec.name] if value in offered])


def _mirror_to_url(state: FilterState, tab: str) -> None:
    """Keep the address bar equal to the view, with its open tab."""
    wanted = to_query_params(state, tab)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def current_link(state: FilterState) -> str:
    """The address of this view, as the browser shows it (for the XLSX about sheet)."""
    base = (st.context.url or "").split("?")[0]
    query = "&".join(f"{key}={value}" for key, value in to_query_params(state).items())
    return f"{base}?{query}" if base else f"?{query}"


# ----------------------------------------------------------------------------- changes (widget callbacks)


def choose(name: str, values: Iterable[str]) -> None:
    """Set one filter (by its FilterSpec name) to `values`."""
    spec = FILTER_BY_NAME[name]
    st.session_state[spec.key] = spec.to_widget(values)


def reset_filters() -> None:
    """Every filter back to "all" and the day back to today; the language and presentation mode stay."""
    _put(FilterState(lang=st.session_state[KEY_LANG], present=st.session_state[KEY_PRESENT]))


def relabel_chosen_values() -> None:
    """After a language switch, give the chosen values back to their widgets: the browser keeps
    a choice's label as it was drawn, and only a value set from here is drawn anew (in the new
    language). The values themselves, and so the view and the link, stay as they were."""
    for spec in FILTERS:
        st.session_state[spec.key] = st.session_state[spec.key]
    st.session_state[KEY_DAY] = st.session_state.get(KEY_DAY)  # its format follows the language
    # The background map's options are labelled in the language too: left to the browser, it
    # lost the choice (no option checked) and then sent none (the tiles gone, light checked).
    st.session_state[KEY_BASEMAP] = st.session_state.get(KEY_BASEMAP, BASEMAPS[0])


def show_sheet(on: bool) -> None:
    """The fact sheet in place of the map, or back: a whole page's change, asked for by a button
    in the view's fragment (see start_presenting)."""
    st.session_state[KEY_SHEET] = on
    st.rerun()


def set_presenting(on: bool) -> None:
    st.session_state[KEY_PRESENT] = on


def start_presenting() -> None:
    """The presentation button sits in the view's fragment (app.py), whose widgets rerun only
    the view: presenting changes the whole page, so ask for a whole run."""
    set_presenting(True)
    st.rerun()


# ----------------------------------------------------------------------------- before the first drawing


def presentation_requested() -> bool:
    """Whether this run presents: from the session once started, else from the link (the page
    configuration must be known before anything else is drawn)."""
    if st.session_state.get(KEY_STARTED):
        return bool(st.session_state.get(KEY_PRESENT))
    return read_link(st.query_params.to_dict()).state.present


def page_language() -> str:
    """The language of this run, known before anything is drawn (the browser tab's title is
    set first): from the session once started (a switch is in it already), else from the link."""
    if st.session_state.get(KEY_STARTED):
        return st.session_state[KEY_LANG]
    return read_link(st.query_params.to_dict()).state.lang


# ----------------------------------------------------------------------------- the open tab


def open_tab() -> str:
    """The tab open now, by its link name, whatever language its label was in."""
    label = st.session_state.get(KEY_TABS)
    for lang in LANGUAGES:
        for tab, text in tab_labels(lang).items():
            if text == label:
                return tab
    return DEFAULT_TAB


def keep_tab_in_language(tab: str, lang: str) -> str:
    """After a language switch the open tab's label changes: keep the same tab open."""
    label = tab_labels(lang)[tab]
    if st.session_state.get(KEY_TABS) != label:
        st.session_state[KEY_TABS] = label
    return label


def presented_tab() -> str:
    """The tab a presentation step shows (the default tab: the map). Presentation mode draws no
    tabs (the tabs' widget value is dropped while they are not drawn), so its step keeps its tab
    in a session value of its own."""
    return st.session_state.get(KEY_PRESENTED_TAB) or DEFAULT_TAB


def present_tab(tab: str | None) -> None:
    if tab in PRESENTED_TABS:
        st.session_state[KEY_PRESENTED_TAB] = tab
    else:
        st.session_state.pop(KEY_PRESENTED_TAB, None)


# ----------------------------------------------------------------------------- the rows shown


@st.cache_resource(scope="session", show_spinner=False)
def this_sessions_upload() -> dict[str, UploadCheck]:
    """Where the session's upload check is kept: not in st.session_state, which Streamlit keeps
    for two minutes after the session's browser has gone (for a reconnect) and forgets only when
    a later session closes. A session-scoped resource is let go as the session disconnects, and
    the check with it (tests/unit/page/test_upload_session.py)."""
    return {}


def upload_check() -> UploadCheck | None:
    return this_sessions_upload().get(KEY_UPLOAD)


def keep_upload(check: UploadCheck | None) -> None:
    """The session's upload check from now on (None: no upload)."""
    if check is None:
        this_sessions_upload().pop(KEY_UPLOAD, None)
    else:
        this_sessions_upload()[KEY_UPLOAD] = check


def file_uploader_key() -> str:
    return f"{KEY_UPLOADER_}{st.session_state.get(KEY_UPLOADER_VERSION, 0)}"


def check_again_after_reconnect(dataset: Dataset) -> None:
    """A browser that comes back to its session after a broken connection finds the check let go
    (above) and its file still in the uploader: checked again, so the page is as it was."""
    uploaded = st.session_state.get(file_uploader_key())
    if uploaded is not None and upload_check() is None:
        keep_upload(check_upload(uploaded.getvalue(), uploaded.name, dataset))


def upload_shown(check: UploadCheck | None) -> bool:
    """Whether the page shows this upload: usable, and chosen by the user. The one place the
    page asks whether an upload is on the map; until the user chooses, it keeps the bundled data."""
    return check is not None and check.usable and st.session_state.get(KEY_UPLOAD_SHOWN) == check.digest


def view_upload(check: UploadCheck) -> None:
    st.session_state[KEY_UPLOAD_SHOWN] = check.digest


def session_dataset(dataset: Dataset) -> Dataset:
    """The bundled dataset, or, once the user chose to view a usable upload, the same with its rows."""
    check_again_after_reconnect(dataset)
    check = upload_check()
    if not upload_shown(check):
        return dataset
    return replace(
        dataset,
        memberships=check.memberships,
        problems=[],
        rows_in_file=check.result.rows_in_file,
        token=f"upload:{check.digest}",
        uploaded=UploadedList(check.file_name, len(check.memberships), check.checked_at),
    )
