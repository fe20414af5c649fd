"""Streamlit widgets and panels. Each function renders one part of the page; the state they show
and change lives in the session and the URL (components.state), the filters are described in
components.filters, and the views they draw are cached in components.views."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from components import charts, exports, html_map, linked, static_map, upload, upload_review, views
from components import population as people
from components.builtin_texts import uploader_css, uploader_key
from components.catalog import Catalog
from components.data import Dataset, Problem, format_problem
from components.details import CityDetails
from components.filters import (
    FILTERS,
    FIRST_DAY,
    LAST_DAY,
    FilterState,
    Notice,
    Vocabulary,
    chosen,
    day_in_words,
    is_filtered,
    shown_day,
)
from components.i18n import LANGUAGES, counted, t
from components.map import (
    BASEMAPS,
    add_map_css,
    base_map,
    basemap_layer,
    frame_height_css,
    partnership_layers,
)
from components.map_model import MapGeometry
from components.resources import boundaries_loading
from components.state import (
    KEY_BASEMAP,
    KEY_DAY,
    KEY_LANG,
    KEY_UPLOAD,
    KEY_UPLOADER_VERSION,
    current_link,
    map_key,
    relabel_chosen_values,
    reset_filters,
    start_presenting,
    upload_check,
)
from components.style import CAPTION_INK, FOCUS_RING, partnership_colour
from components.targets import TARGET_CSS

MAP_HEIGHT = 720  # st_folium's first height; the frame then takes its height from the window:
PRESENTATION_MAP_HEIGHT = 760
MAP_ROOM, MAP_ROOM_PHONE = 120, 240  # px of the window kept for the page around the map
PRESENTATION_MAP_ROOM = 190  # the presentation header above the map
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sidebar(words: Vocabulary, view: FilterState) -> None:
    """Language, filters, reset and background map, in that order (`view`: this run's state)."""
    language_choice(view.lang)
    filter_controls(words, view)


def language_choice(lang: str) -> None:
    """The sidebar's first control; a change redraws the whole page in the new language."""
    with st.sidebar:
        st.radio(
            t("filters.language", lang),
            LANGUAGES,
            key=KEY_LANG,
            format_func=lambda code: t("language.name", code),
            horizontal=True,
            on_change=relabel_chosen_values,
        )


def filter_controls(words: Vocabulary, view: FilterState) -> None:
    """The filters, reset, presentation and background map, under the language."""
    lang = view.lang
    with st.sidebar:
        st.header(t("filters.title", lang))
        already = chosen(view)
        for spec in FILTERS:
            widget = st.selectbox if spec.single else st.multiselect
            widget(
                t(spec.label, lang),
                spec.offered(words, already, lang),
                key=spec.key,
                format_func=spec.in_words(words, lang),
                placeholder=t(spec.placeholder, lang),
                **({"index": None} if spec.single else {}),
            )
        st.date_input(
            t("in_force.label", lang),
            key=KEY_DAY,
            min_value=FIRST_DAY,
            max_value=LAST_DAY,
            format=t("in_force.date_format", lang),
            help=t("in_force.help", lang),
        )
        st.button(t("filters.reset", lang), on_click=reset_filters, icon=":material/restart_alt:")
        st.button(t("present.start", lang), on_click=start_presenting, icon=":material/slideshow:")
        st.divider()
        st.radio(
            t("filters.basemap", lang),
            BASEMAPS,
            key=KEY_BASEMAP,
            format_func=lambda choice: t(f"map.basemap_{choice}", lang),
            help=t("filters.basemap_help", lang),
        )


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


BOUNDARY_POLL_S = 2.0  # how often a page looks whether the boundaries have arrived


def follow_boundary_download(source: str | None) -> None:
    """While the boundaries download, look every couple of seconds; when they have arrived,
    run the page again so the map switches from city points to polygons by itself."""
    if boundaries_loading(source):
        _rerun_when_boundaries_arrive(source)


@st.fragment(run_every=BOUNDARY_POLL_S)
def _rerun_when_boundaries_arrive(source: str | None) -> None:
    if not boundaries_loading(source):
        st.rerun()


def headline(rows: pd.DataFrame, state: FilterState, population: people.Population | None = None) -> None:
    """The counts of the view's `rows` in one line, under the day when one other than today is
    chosen ("In force on 1.1.2028"), so a screenshot of the page is not read as today's."""
    lang, day = state.lang, state.day
    if day:
        st.markdown(f"**{day_in_words(day, lang)}**")
    # One line of text, not st.metric cards: the cards' code (number formatting, charts) is a
    # separate download that holds back the first drawing of the map by about 0.3 s.
    counts = views.headline_counts(rows, state)
    st.markdown(" · ".join(f"{t(f'headline.{name}', lang)} **{count}**" for name, count in counts.items()))
    if population is not None and (coverage := views.coverage(rows, state, population)) is not None:
        st.markdown(people.headline_text(coverage, population, lang))
        for note in people.without_figure_notes(coverage, population, lang):
            st.caption(note)


# The frame's height rules, built from the constants at the top only (they go into the page as CSS).
def map_frame_css() -> str:
    return frame_height_css(MAP_ROOM, MAP_ROOM_PHONE)


def presentation_frame_css() -> str:
    return frame_height_css(PRESENTATION_MAP_ROOM, PRESENTATION_MAP_ROOM)


def map_panel(
    rows: pd.DataFrame,
    dataset: Dataset,
    words: Vocabulary,
    geometry: MapGeometry,
    state: FilterState,
    polygons: bool,
    height: int,
    under_map: Callable[[], None] | None = None,
    highlighted: tuple[str, ...] = (),
) -> None:
    """The map: a fixed base map, and the layers of `rows` swapped in without a remount;
    under it, what it shows in words (the map is never the only way to the information).
    `highlighted`: municipalities chosen in the table or the overlap charts (components.linked)."""
    lang = state.lang
    plan = views.map_data(rows, dataset, geometry, state)
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
    st.caption(t("map.caption_polygons" if polygons else "map.caption_points", lang))
    st.caption(views.alt_text(rows, dataset, words, state))


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
    st.markdown(views.overview_markdown(dataset, population, lang))
    if population is not None and population.available:
        st.caption(population.attribution(lang))
    st.markdown(f"**{t('column.sources', lang)}**")
    st.markdown(views.sources_markdown(dataset, lang))


def table_and_downloads(
    rows: pd.DataFrame,
    dataset: Dataset,
    state: FilterState,
    geometry: MapGeometry,
    summary: str,
    population: people.Population | None = None,
    highlight: linked.Highlight | None = None,
) -> None:
    """The filtered rows as a sortable table, and downloads of exactly those rows. Files are
    made only when a button is pressed (deferred), never on every rerun. Ticked rows highlight
    their municipalities on the map (components.linked), said under the table."""
    lang = state.lang
    catalog = dataset.catalog
    # once: the table and the downloads share it
    exported = exports.export_rows(rows, catalog, lang, population)
    if population is not None and (coverage := people.covered(rows, population)) is not None:
        st.caption(
            t("population.table_caption", lang, covered=coverage.text(lang), source=population.attribution(lang))
        )
    st.caption(t("linked.table_hint", lang))
    st.dataframe(
        exports.table_display(exports.table_view(exported, lang), lang),
        hide_index=True,
        column_config={t("column.source", lang): st.column_config.LinkColumn(t("column.source", lang))},
        **linked.table_selection(exported),
    )
    linked.status(highlight, dataset.memberships, lang, where="table")  # under the ticks: the table stays put
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
    interactive_map_download(dataset, state, geometry, summary, population, key="download_html")


def interactive_map_download(
    dataset: Dataset,
    state: FilterState,
    geometry: MapGeometry,
    summary: str,
    population: people.Population | None,
    key: str,
) -> None:
    """The map of this view as one HTML file that opens from disk with no network
    (components/html_map.py): the rows the map shows, around the chosen city, fitted as the map
    is. Made only when pressed."""
    lang = state.lang
    on_map = views.rows(dataset, state.without_city())
    link = current_link(state)
    st.download_button(
        t("html_map.download", lang),
        data=lambda: html_map.interactive_map(
            on_map,
            dataset.catalog,
            geometry,
            lang,
            summary,
            population=population,
            selected_city=state.city,
            whole_country=not is_filtered(state.without_city()) and not state.present,
            link=link,
            day=shown_day(state),  # "As of": the day whose memberships the file shows
        ),
        file_name=exports.export_filename(state, "html"),
        mime="text/html",
        on_click="ignore",
        key=key,
        icon=":material/download:",
    )


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
    check = upload_check()
    if upload_review.shown(check):
        banner.warning(
            t("upload.showing", lang, name=check.file_name, rows=counted("rows", len(check.memberships), lang)),
            icon="📄",
        )
        banner.button(t("upload.back", lang), on_click=_drop_upload, key="upload_back")


def upload_panel(dataset: Dataset, lang: str) -> None:
    """The uploader, the check's summary and every problem, downloadable."""
    upload.warm_up()  # the checking process starts while the user picks a file
    st.write(t("upload.intro", lang, limit=upload.MAX_UPLOAD_MB))
    # Our own CSS, made from the locale files; no data-derived text goes through it.
    st.html(uploader_css())
    st.container(key=uploader_key(lang)).file_uploader(
        t("upload.label", lang),
        type=["csv", "txt"],
        key=_uploader_key(),
        on_change=_take_upload,
        args=(dataset,),
        max_upload_size=upload.MAX_UPLOAD_MB,
    )
    check = upload_check()
    if check is None:
        return
    result = check.result
    if result.is_clean:
        st.success(t("upload.clean", lang, name=check.file_name, count=len(result.rows)))
        upload_review.review(check, dataset, lang, _drop_upload)
        return
    st.error(t("upload.summary", lang, name=check.file_name, **result.counts_text(lang)))
    if not check.usable:
        st.info(t("upload.nothing_usable", lang))
    upload_review.problems(check, dataset, lang)
    upload_review.review(check, dataset, lang, _drop_upload)


def overlap_view(rows: pd.DataFrame, catalog: Catalog, lang: str) -> None:
    """The matrix and the counts; a click on a cell or a bar highlights its municipalities on
    the map (components.linked)."""
    if rows.empty:
        return
    matrix = charts.membership_matrix(rows, catalog, lang)
    several = matrix.loc[matrix["count"] > 1, "municipality_code"].nunique()
    st.write(t("overlap.intro", lang))
    st.markdown(f"**{t('overlap.several', lang, count=several)}**")
    st.caption(t("linked.overlap_hint", lang))
    with st.container(key="overlap_matrix"):  # a wide matrix scrolls in its own box, not the page
        st.altair_chart(
            charts.matrix_chart(matrix, lang),
            width="content",
            height="content",
            theme=None,
            **linked.matrix_selection(matrix),
        )
    left, right = st.columns(2)
    per_partnership = charts.partnership_counts(rows, catalog, lang)
    with left:
        st.markdown(f"**{t('overlap.per_partnership', lang)}**")
        colours = [partnership_colour(pid) for pid in per_partnership["partnership_id"]]
        st.altair_chart(
            charts.bar_chart(per_partnership, lang, colours),
            width="stretch",
            **linked.bar_selection("partnership", rows, "partnership_id"),
        )
    with right:
        st.markdown(f"**{t('overlap.per_theme', lang)}**")
        st.altair_chart(
            charts.bar_chart(charts.theme_counts(rows, catalog, lang), lang),
            width="stretch",
            **linked.bar_selection("theme", rows, "theme"),
        )


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
    # components/map_layers.js), with every view. st.html, not st.markdown(unsafe_allow_html): the
    # latter loads a 184 KB HTML-in-Markdown parser with the page, for a <style> block.
    st.html(base_css())
