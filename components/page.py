"""Streamlit widgets and panels. Each function renders one part of the page; the state lives in
st.session_state under the widget keys below and in the URL (components.filters)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import charts, exports, page_layout, static_map, upload, upload_review
from components import population as people
from components.assets import publish
from components.builtin_texts import uploader_css, uploader_key
from components.cards import partnership_cards, step_description
from components.catalog import STATUSES, Catalog
from components.data import THEME_SEPARATOR, Dataset, Problem, format_problem
from components.details import CityDetails, overview_markdown, sources_markdown, status_label
from components.filters import (
    TRUE_VALUES,
    FilterState,
    Notice,
    apply,
    available_themes,
    from_query_params,
    to_query_params,
)
from components.i18n import LANGUAGES, column_in_language, counted, default_language, t
from components.map import (
    BASEMAPS,
    LayerPlan,
    MapGeometry,
    add_map_css,
    base_map,
    basemap_layer,
    display_names,
    frame_height_css,
    layer_plan,
    map_script,
    partnership_layers,
)
from components.style import CAPTION_INK, FOCUS_RING, partnership_colour
from components.targets import TARGET_CSS
from components.upload import UploadCheck

# Widget keys: one per filter, so a link, a click and a widget all change the same value.
KEY_LANG = "lang"
KEY_PARTNERSHIPS = "partnerships"
KEY_THEMES = "themes"
KEY_STATUSES = "statuses"
KEY_REGIONS = "regions"
KEY_CITY = "city"
KEY_PRESENT = "present"
KEY_BASEMAP = "basemap"
KEY_MAP = "map"
KEY_NOTICES = "_url_notices"
KEY_LAST_CLICK = "_last_map_click"
KEY_STARTED = "_started"


def restore_from_url(dataset: Dataset) -> None:
    """On a session's first run, put the link's filters into the widgets."""
    if st.session_state.get(KEY_STARTED):
        return
    state, notices = from_query_params(st.query_params.to_dict(), dataset.catalog, dataset.cities)
    _put_state(state)
    st.session_state[KEY_BASEMAP] = BASEMAPS[0]
    st.session_state[KEY_NOTICES] = notices
    st.session_state[KEY_STARTED] = True


def _put_state(state: FilterState) -> None:
    st.session_state[KEY_LANG] = state.lang
    st.session_state[KEY_PARTNERSHIPS] = list(state.partnerships)
    st.session_state[KEY_THEMES] = list(state.themes)
    st.session_state[KEY_STATUSES] = list(state.statuses)
    st.session_state[KEY_REGIONS] = list(state.regions)
    st.session_state[KEY_CITY] = state.city
    st.session_state[KEY_PRESENT] = state.present


def take_map_click(dataset: Dataset) -> None:
    """A click on a city (returned by st_folium on the previous run) selects that city."""
    returned = st.session_state.get(KEY_MAP) or {}
    drawing = returned.get("last_active_drawing") if isinstance(returned, Mapping) else None
    if not drawing or drawing == st.session_state.get(KEY_LAST_CLICK):
        return
    st.session_state[KEY_LAST_CLICK] = drawing
    code = str((drawing.get("properties") or {}).get("municipality_code", ""))
    if code in set(dataset.cities["municipality_code"]):
        st.session_state[KEY_CITY] = code


def current_state() -> FilterState:
    return FilterState(
        lang=st.session_state[KEY_LANG],
        partnerships=tuple(st.session_state[KEY_PARTNERSHIPS]),
        themes=tuple(st.session_state[KEY_THEMES]),
        statuses=tuple(st.session_state[KEY_STATUSES]),
        regions=tuple(st.session_state[KEY_REGIONS]),
        city=st.session_state[KEY_CITY],
        present=st.session_state[KEY_PRESENT],
    )


def mirror_to_url(state: FilterState, extra: Mapping[str, str] | None = None) -> None:
    """Keep the address bar equal to the view, so copying it shares exactly this view (`extra`:
    the rest of the view, e.g. the open tab)."""
    wanted = {**to_query_params(state), **(extra or {})}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def _reset_filters() -> None:
    _put_state(FilterState(lang=st.session_state[KEY_LANG], present=st.session_state[KEY_PRESENT]))


def _relabel_chosen_values() -> None:
    """After a language switch, give the chosen values back to their widgets: the browser keeps
    a choice's label as it was drawn, and only a value set from here is drawn anew (in the new
    language). The values themselves, and so the view and the link, stay as they were."""
    for key in (KEY_PARTNERSHIPS, KEY_THEMES, KEY_STATUSES, KEY_REGIONS, KEY_CITY):
        st.session_state[key] = st.session_state[key]


def drop_stale_themes(catalog: Catalog) -> None:
    """A theme of a partnership that was just deselected would match nothing: drop it."""
    themes = available_themes(catalog, st.session_state[KEY_PARTNERSHIPS])
    st.session_state[KEY_THEMES] = [theme for theme in st.session_state[KEY_THEMES] if theme in themes]


def sidebar(dataset: Dataset) -> None:
    """Language, filters, reset and background map, in that order."""
    catalog, cities = dataset.catalog, dataset.cities
    lang = st.session_state[KEY_LANG]
    with st.sidebar:
        st.radio(
            t("filters.language", lang),
            LANGUAGES,
            key=KEY_LANG,
            format_func=lambda code: t("language.name", code),
            horizontal=True,
            on_change=_relabel_chosen_values,
        )
        lang = st.session_state[KEY_LANG]
        st.header(t("filters.title", lang))
        st.multiselect(
            t("filters.partnership", lang),
            catalog.partnership_ids,
            key=KEY_PARTNERSHIPS,
            format_func=lambda pid: catalog.partnership(pid).name(lang),
            placeholder=t("filters.all_partnerships", lang),
        )
        st.multiselect(
            t("filters.theme", lang),
            available_themes(catalog, st.session_state[KEY_PARTNERSHIPS]),
            key=KEY_THEMES,
            format_func=lambda theme: catalog.theme_label(theme, lang),
            placeholder=t("filters.all_themes", lang),
        )
        st.multiselect(
            t("filters.status", lang),
            STATUSES,
            key=KEY_STATUSES,
            format_func=lambda status: status_label(status, lang),
            placeholder=t("filters.all_statuses", lang),
        )
        regions = _region_names(cities, lang)
        st.multiselect(
            t("filters.region", lang),
            list(regions),
            key=KEY_REGIONS,
            format_func=regions.get,
            placeholder=t("filters.all_regions", lang),
        )
        names = _city_names(cities, lang)
        st.selectbox(
            t("filters.city", lang),
            list(names),
            key=KEY_CITY,
            format_func=names.get,
            index=None,
            placeholder=t("filters.city_placeholder", lang),
        )
        st.button(t("filters.reset", lang), on_click=_reset_filters, icon=":material/restart_alt:")
        st.button(t("present.start", lang), on_click=_set_presenting, args=(True,), icon=":material/slideshow:")
        st.divider()
        st.radio(
            t("filters.basemap", lang),
            BASEMAPS,
            key=KEY_BASEMAP,
            format_func=lambda choice: t(f"map.basemap_{choice}", lang),
            help=t("filters.basemap_help", lang),
        )


# Names per language: the cities never change while the server runs (uploads reuse them).
@st.cache_resource(show_spinner=False)
def _region_names(_cities: pd.DataFrame, lang: str) -> dict[str, str]:
    cities = _cities
    column = column_in_language("region", lang)
    pairs = cities[["region_code", column]].drop_duplicates().sort_values(column)
    return dict(zip(pairs["region_code"], pairs[column], strict=True))


@st.cache_resource(show_spinner=False)
def _city_names(_cities: pd.DataFrame, lang: str) -> dict[str, str]:
    cities = _cities
    labels = {}
    for city in cities.to_dict("records"):
        name, other = display_names(city, lang)
        labels[city["municipality_code"]] = f"{name} ({other})" if other else name
    return dict(sorted(labels.items(), key=lambda item: item[1]))


def notices(
    url_notices: list[Notice],
    boundary_message: str | None,
    problems: list[Problem],
    lang: str,
    population_message: str | None = None,
) -> None:
    for notice in url_notices:
        st.info(t(f"url.{notice.reason}", lang, parameter=notice.parameter, value=notice.value), icon="🔗")
    if boundary_message:
        st.info(boundary_message, icon=":material/map:")
    if population_message:
        st.info(population_message, icon=":material/groups:")
    if problems:
        st.warning(t("data.problems", lang, count=len(problems)))
        st.dataframe(
            pd.DataFrame({t("column.problem", lang): [format_problem(p, lang) for p in problems]}),
            hide_index=True,
        )


def headline_counts(rows: pd.DataFrame) -> dict[str, int]:
    themes = {theme for text in rows["themes"] for theme in text.split(THEME_SEPARATOR) if theme}
    return {
        "cities": rows["municipality_code"].nunique(),
        "partnerships": rows["partnership_id"].nunique(),
        "themes": len(themes),
    }


def headline(rows: pd.DataFrame, lang: str, population: people.Population | None = None) -> None:
    # One line of text, not st.metric cards: the cards' code (number formatting, charts) is a
    # separate download that holds back the first drawing of the map by about 0.3 s.
    counts = headline_counts(rows)
    st.markdown(" · ".join(f"{t(f'headline.{name}', lang)} **{count}**" for name, count in counts.items()))
    if population is not None and (coverage := people.covered(rows, population)) is not None:
        st.markdown(people.headline_text(coverage, population, lang))
        for note in people.without_figure_notes(coverage, population, lang):
            st.caption(note)


MAP_HEIGHT = 720  # st_folium's first height; the frame then takes its height from the window:
PRESENTATION_MAP_HEIGHT = 760
MAP_ROOM, MAP_ROOM_PHONE = 120, 240  # px of the window kept for the page around the map
PRESENTATION_MAP_ROOM = 190  # the presentation header above the map


# The frame's height rules, built from the constants above only (they go into the page as CSS).
def map_frame_css() -> str:
    return frame_height_css(MAP_ROOM, MAP_ROOM_PHONE)


def presentation_frame_css() -> str:
    return frame_height_css(PRESENTATION_MAP_ROOM, PRESENTATION_MAP_ROOM)


def data_token() -> str:
    """Which memberships the page shows: the bundled ones, or an upload (by its content)."""
    check: UploadCheck | None = st.session_state.get(KEY_UPLOAD)
    return f"upload:{check.digest}" if upload_review.shown(check) else "bundled"


@st.cache_resource(show_spinner=False, max_entries=1024)
def _view_rows(_dataset: Dataset, key: tuple) -> pd.DataFrame:
    return apply(_dataset.memberships, key[1])


def view_rows(dataset: Dataset, state: FilterState) -> pd.DataFrame:
    """The membership rows of a view, filtered once per view and shared by every session that
    shows it (read-only: nothing changes a frame in place)."""
    return _view_rows(dataset, (data_token(), replace(state, lang="", present=False)))


@st.cache_resource(show_spinner=False, max_entries=512)
def _layer_plan(_rows: pd.DataFrame, _dataset: Dataset, _geometry: MapGeometry, key: tuple) -> LayerPlan:
    """The layers' data for one selection, built once and shared by every session that asks
    for the same view (read-only). `key` names the view; the underscored inputs follow from it."""
    return layer_plan(_rows, _dataset.catalog, _geometry.by_code, key[1].lang)


@st.cache_resource(show_spinner=False)
def _map_script_url(_geometry: MapGeometry, token: str) -> str:
    """The drawing code and its geometry store, as static files written once per geometry
    (`token` names it); returns the code's address."""
    return publish(map_script(publish(_geometry.store, ".geojson")), ".js")


def map_panel(
    rows: pd.DataFrame,
    dataset: Dataset,
    geometry: MapGeometry,
    state: FilterState,
    polygons: bool,
    height: int,
    under_map: Callable[[], None] | None = None,
) -> None:
    """The map: a fixed base map, and the layers of `rows` swapped in without a remount;
    under it, what it shows in words (the map is never the only way to the information)."""
    lang = state.lang
    plan = _layer_plan(rows, dataset, geometry, (data_token(), state.without_city(), geometry.token))
    unfiltered = state.without_city() == FilterState(lang=lang, present=state.present)
    layers = partnership_layers(
        rows,
        dataset.catalog,
        geometry.by_code,
        lang,
        selected_city=state.city,
        plan=plan,
        whole_country=unfiltered and not state.present,
        present=state.present,
    )
    fmap = base_map(_map_script_url(geometry, geometry.token))
    add_map_css(fmap)
    st_folium(
        fmap,
        key=KEY_MAP,
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
    st.caption(t("map.caption_polygons" if polygons else "map.caption_points", lang))
    st.caption(_alt_text(rows, dataset, (data_token(), state)))


@st.cache_resource(show_spinner=False, max_entries=512)
def _alt_text(_rows: pd.DataFrame, _dataset: Dataset, key: tuple) -> str:
    return static_map.alt_text(_rows, _dataset.catalog, key[1].lang, filter_summary(key[1], _dataset))


def city_panel(details: CityDetails | None, lang: str, population: people.Population | None = None) -> None:
    if details is None:
        st.caption(t("details.hint", lang))
        return
    st.subheader(details.name, anchor=False)
    if details.other_name:
        st.caption(details.other_name)
    st.text(f"{t('details.region', lang)}: {details.region}")
    if population is not None:
        for line in people.details_lines(details.code, population, lang):
            st.text(line)
    st.dataframe(
        details.memberships,
        hide_index=True,
        column_config={
            t(key, lang): st.column_config.LinkColumn(t(key, lang))
            for key in ("column.source", "timeline.members_source")
        },
    )
    for partnership, note in details.notes:
        st.text(f"{partnership}: {note}")
    for partnership, focus, source in details.focus_areas:
        st.text(f"{t('timeline.focus_areas', lang)} – {partnership}: {focus}")
        if source:
            st.caption(f"{t('timeline.focus_source', lang)}: {source}")
    for partnership, text in details.discrepancies:
        st.warning(f"**{t('details.sources_disagree', lang)} – {partnership}.** {text}", icon="⚖️")


def overview(dataset: Dataset, lang: str, population: people.Population | None = None) -> None:
    st.subheader(t("overview.title", lang), anchor=False)
    st.markdown(_overview_markdown(dataset, population, (data_token(), lang, people.token(population))))
    if population is not None and population.available:
        st.caption(population.attribution(lang))
    st.markdown(f"**{t('column.sources', lang)}**")
    st.markdown(sources_markdown(dataset.catalog, lang))


@st.cache_resource(show_spinner=False, max_entries=64)
def _overview_markdown(_dataset: Dataset, _population: people.Population | None, key: tuple) -> str:
    return overview_markdown(_dataset.memberships, _dataset.catalog, key[1], _population)


def current_link(state: FilterState) -> str:
    """The address of this view, as the browser shows it (for the XLSX about sheet)."""
    base = (st.context.url or "").split("?")[0]
    query = "&".join(f"{key}={value}" for key, value in to_query_params(state).items())
    return f"{base}?{query}" if base else f"?{query}"


def table_and_downloads(
    rows: pd.DataFrame,
    dataset: Dataset,
    state: FilterState,
    geometry: MapGeometry,
    summary: str,
    population: people.Population | None = None,
) -> None:
    """The filtered rows as a sortable table, and downloads of exactly those rows. Files are
    made only when a button is pressed (deferred), never on every rerun."""
    lang = state.lang
    catalog = dataset.catalog
    # once: the table and the downloads share it
    exported = exports.export_rows(rows, catalog, lang, population)
    if population is not None and (coverage := people.covered(rows, population)) is not None:
        st.caption(
            t("population.table_caption", lang, covered=coverage.text(lang), source=population.attribution(lang))
        )
    st.dataframe(
        exports.table_display(exports.table_view(exported, lang), lang),
        hide_index=True,
        column_config={t("column.source", lang): st.column_config.LinkColumn(t("column.source", lang))},
    )
    st.markdown(f"**{t('export.heading', lang)}**")
    link = current_link(state)
    buttons = [
        ("csv", "text/csv", lambda: exports.to_csv(exported)),
        ("xlsx", XLSX_MIME, lambda: exports.to_xlsx(exported, catalog, summary, lang, link, population=population)),
        ("geojson", "application/geo+json", lambda: exports.to_geojson(exported, geometry.by_code)),
        (
            "png",
            "image/png",
            lambda: static_map.render(rows, catalog, geometry, lang, summary, "png", population=population),
        ),
        (
            "svg",
            "image/svg+xml",
            lambda: static_map.render(rows, catalog, geometry, lang, summary, "svg", population=population),
        ),
    ]
    for column, (extension, mime, make) in zip(st.columns(len(buttons)), buttons, strict=True):
        column.download_button(
            t(f"export.{extension}", lang),
            data=make,
            file_name=exports.export_filename(state, extension),
            mime=mime,
            on_click="ignore",
            key=f"download_{extension}",
            icon=":material/download:",
        )


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def filter_summary(state: FilterState, dataset: Dataset) -> str:
    return exports.filter_summary(
        state, dataset.catalog, _region_names(dataset.cities, state.lang), _city_names(dataset.cities, state.lang)
    )


KEY_UPLOAD = "_upload_check"
KEY_UPLOADER_VERSION = "_uploader_version"


def session_dataset(dataset: Dataset) -> Dataset:
    """The bundled dataset, or, once the user chose to view a usable upload, the same with its rows."""
    check: UploadCheck | None = st.session_state.get(KEY_UPLOAD)
    if not upload_review.shown(check):
        return dataset
    return replace(dataset, memberships=check.memberships, problems=[], rows_in_file=check.result.rows_in_file)


def _uploader_key() -> str:
    return f"upload_{st.session_state.get(KEY_UPLOADER_VERSION, 0)}"


def _take_upload(dataset: Dataset) -> None:
    uploaded = st.session_state.get(_uploader_key())
    if uploaded is None:
        st.session_state.pop(KEY_UPLOAD, None)
        return
    st.session_state.pop(upload_review.KEY_SHOWN, None)  # a new file is viewed only when chosen
    st.session_state[KEY_UPLOAD] = upload.check_upload(uploaded.getvalue(), uploaded.name, dataset)


def _drop_upload() -> None:
    st.session_state.pop(KEY_UPLOAD, None)
    st.session_state[KEY_UPLOADER_VERSION] = st.session_state.get(KEY_UPLOADER_VERSION, 0) + 1


def upload_banner(lang: str) -> None:
    """Says when the page shows an uploaded file. Always one container, empty or not, so the
    elements below keep their place and the map is not remounted by an upload."""
    banner = st.container()
    check: UploadCheck | None = st.session_state.get(KEY_UPLOAD)
    if upload_review.shown(check):
        banner.warning(
            t("upload.showing", lang, name=check.file_name, rows=counted("rows", len(check.memberships), lang)),
            icon="📄",
        )
        banner.button(t("upload.back", lang), on_click=_drop_upload, key="upload_back")


def upload_panel(dataset: Dataset, lang: str) -> None:
    """The uploader, the check's summary and every problem, downloadable."""
    st.write(t("upload.intro", lang, limit=upload.MAX_UPLOAD_MB))
    # Our own CSS, made from the locale files; no data-derived text goes through it.
    st.markdown(uploader_css(), unsafe_allow_html=True)
    st.container(key=uploader_key(lang)).file_uploader(
        t("upload.label", lang),
        type=["csv", "txt"],
        key=_uploader_key(),
        on_change=_take_upload,
        args=(dataset,),
        max_upload_size=upload.MAX_UPLOAD_MB,
    )
    check: UploadCheck | None = st.session_state.get(KEY_UPLOAD)
    if check is None:
        return
    result = check.result
    if result.is_clean:
        st.success(t("upload.clean", lang, name=check.file_name, count=len(result.rows)))
        upload_review.review(check, dataset, lang, _drop_upload)
        return
    st.error(
        t(
            "upload.summary",
            lang,
            name=check.file_name,
            accepted=counted("rows_accepted", len(result.rows), lang),
            rejected=counted("rows_rejected", result.rows_rejected, lang),
            problems=counted("problems", len(result.problems), lang),
        )
    )
    if not check.usable:
        st.info(t("upload.nothing_usable", lang))
    upload_review.problems(check, dataset, lang)
    upload_review.review(check, dataset, lang, _drop_upload)


def overlap_view(rows: pd.DataFrame, catalog: Catalog, lang: str) -> None:
    if rows.empty:
        return
    matrix = charts.membership_matrix(rows, catalog, lang)
    several = matrix.loc[matrix["count"] > 1, "municipality_code"].nunique()
    st.write(t("overlap.intro", lang))
    st.markdown(f"**{t('overlap.several', lang, count=several)}**")
    with st.container(key="overlap_matrix"):  # a wide matrix scrolls in its own box, not the page
        st.altair_chart(charts.matrix_chart(matrix, lang), width="content", height="content", theme=None)
    left, right = st.columns(2)
    per_partnership = charts.partnership_counts(rows, catalog, lang)
    with left:
        st.markdown(f"**{t('overlap.per_partnership', lang)}**")
        colours = [partnership_colour(pid) for pid in per_partnership["partnership_id"]]
        st.altair_chart(charts.bar_chart(per_partnership, lang, colours), width="stretch")
    with right:
        st.markdown(f"**{t('overlap.per_theme', lang)}**")
        st.altair_chart(charts.bar_chart(charts.theme_counts(rows, catalog, lang), lang), width="stretch")


# ----------------------------------------------------------------------------- presentation


def presentation_requested() -> bool:
    """Whether this run presents: from the session once started, else from the link (the page
    configuration must be known before anything else is drawn)."""
    if st.session_state.get(KEY_STARTED):
        return bool(st.session_state.get(KEY_PRESENT))
    return str(st.query_params.get("present", "")).lower() in TRUE_VALUES


def page_language() -> str:
    """The language of this run, known before anything is drawn (the browser tab's title is
    set first): from the session once started (a switch is in it already), else from the link."""
    if st.session_state.get(KEY_STARTED):
        return st.session_state[KEY_LANG]
    requested = str(st.query_params.get("lang", "")).lower()
    return requested if requested in LANGUAGES else default_language()


def presentation_steps(catalog: Catalog) -> list[str | None]:
    """The steps a presenter goes through: all partnerships, then each one with members."""
    return [None, *(p.id for p in catalog.partnerships if p.members_known)]


def current_step(state: FilterState, catalog: Catalog) -> int:
    steps = presentation_steps(catalog)
    if len(state.partnerships) == 1 and state.partnerships[0] in steps:
        return steps.index(state.partnerships[0])
    return 0


def _go_to_step(step: str | None) -> None:
    st.session_state[KEY_PARTNERSHIPS] = [step] if step else []
    st.session_state[KEY_THEMES] = []
    st.session_state[KEY_CITY] = None


def _set_presenting(on: bool) -> None:
    st.session_state[KEY_PRESENT] = on


# ----------------------------------------------------------------------------- accessibility


def base_css() -> str:
    """Our own CSS, from the palette alone (no data): captions dark enough for WCAG AA contrast,
    a focus ring that shows, and pointer targets of at least 24 px (components.targets)."""
    return f"""
<style>
[data-testid="stCaptionContainer"] {{ color: {CAPTION_INK} !important; opacity: 1 !important; }}
:focus-visible {{ outline: 3px solid {FOCUS_RING} !important; outline-offset: 2px !important; }}
button kbd {{ color: inherit !important; opacity: 1 !important; }}
{TARGET_CSS}
</style>
"""


def accessibility() -> None:
    # <html lang> and the map frame's accessible name are set from inside the map (labelPage in
    # components/map_layers.js), with every view.
    st.markdown(base_css(), unsafe_allow_html=True)


PRESENTATION_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 0 2rem !important; max-width: 100% !important; }
[data-testid="stMarkdownContainer"] p { font-size: 1.35rem; }
h1 { font-size: 2.4rem !important; padding: 0 !important; }
/* Readable from the back of a room: captions at least 20 px. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { font-size: 1.25rem !important; }
</style>
"""


def presentation_header(dataset: Dataset, state: FilterState, rows: pd.DataFrame) -> None:
    """Title of the step, where we are, previous/next (PageUp/PageDown, as clickers send)."""
    # Constant CSS of our own; no data-derived text goes through unsafe_allow_html.
    st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    lang, catalog = state.lang, dataset.catalog
    steps = presentation_steps(catalog)
    step = current_step(state, catalog)
    pid = steps[step]
    title = catalog.partnership(pid).name(lang) if pid else t("present.all", lang)
    heading, counter, previous, following, leave = st.columns([7, 1, 2.2, 2.2, 1.4], vertical_alignment="center")
    heading.title(title, anchor=False)
    counter.markdown(f"**{t('present.step', lang, step=step + 1, steps=len(steps))}**")
    previous.button(
        t("present.previous", lang),
        on_click=_go_to_step,
        args=(steps[step - 1],),
        disabled=step == 0,
        shortcut="PageUp",
        icon=":material/arrow_back:",
        key="present_previous",
    )
    following.button(
        t("present.next", lang),
        on_click=_go_to_step,
        args=(steps[(step + 1) % len(steps)],),
        disabled=step == len(steps) - 1,
        shortcut="PageDown",
        icon=":material/arrow_forward:",
        key="present_next",
        type="primary",
    )
    leave.button(t("present.exit", lang), on_click=_set_presenting, args=(False,), key="present_exit")
    st.markdown(f"**{step_description(dataset.memberships, catalog, pid, lang)}**")
    page_layout.presentation_keys()
    if pid and catalog.partnership(pid).discrepancy is not None:
        st.caption(catalog.partnership(pid).discrepancy.in_language(lang))


def presentation_side(
    dataset: Dataset,
    state: FilterState,
    rows: pd.DataFrame,
    geometry: MapGeometry,
    population: people.Population | None = None,
) -> None:
    """Beside the map (Finland is tall, the screen wide): the step's colours in large type, and
    the slide picture of the step to download."""
    lang, catalog = state.lang, dataset.catalog
    pid = presentation_steps(catalog)[current_step(state, catalog)]
    cards = partnership_cards(dataset.memberships, catalog, lang, population=population)
    page_layout.presentation_legend([card for card in cards if pid is None or card.partnership_id == pid])
    # The people covered beside the map, not above it: the map starts higher on the screen.
    if population is not None and (coverage := people.covered(rows, population)) is not None:
        st.markdown(people.headline_text(coverage, population, lang))
    st.download_button(
        t("layout.slide_download", lang),
        data=lambda: static_map.render(
            rows, catalog, geometry, lang, filter_summary(state, dataset), "png", population=population
        ),
        file_name=exports.export_filename(state, "png"),
        mime="image/png",
        on_click="ignore",
        key="present_download",
        icon=":material/download:",
    )
