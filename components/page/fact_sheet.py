"""A municipality's fact sheet in the page (`?city=297&sheet=1`): one A4 page for the browser's
print, its PDF made on the server, the button beside the details that opens it, and the
briefing pack of the municipalities a view shows.
"""

from __future__ import annotations

import streamlit as st

from components.base.i18n import counted, name_column, t
from components.data import upload
from components.data.memberships import Dataset
from components.data.population import Population
from components.model.fact_sheet import MAX_PACK_SHEETS, FactSheet, fact_sheet, pack_codes
from components.model.filters import FilterState, apply, in_words, shown_day
from components.model.map import MapGeometry
from components.model.wording import markdown_text
from components.page import views
from components.page.context import PanelContext
from components.page.keys import KEY_PACK
from components.page.state import show_sheet
from components.render import fact_pdf, locator
from components.render import fact_sheet as sheet_render


def sheet_button(lang: str) -> None:
    """Beside a city's details: its fact sheet, in place of the map."""
    if st.button(t("sheet.button", lang), icon=":material/description:", key="open_sheet"):
        show_sheet(True)


def sheet_page(panel: PanelContext) -> None:
    """The chosen city's fact sheet, with a way back to the map and its PDF."""
    state, lang = panel.state, panel.lang
    with st.container(key="sheet_controls", horizontal=True):
        if st.button(t("sheet.back", lang), icon=":material/arrow_back:", key="close_sheet"):
            show_sheet(False)
    sheet = fact_sheet(panel.data, state.city, lang, shown_day(state), panel.population) if state.city else None
    if sheet is None:
        if state.city:
            cities = panel.vocabulary.cities
            names = cities.loc[cities["municipality_code"] == state.city, name_column(lang)]
            st.info(markdown_text("sheet.not_in_data", lang, name=names.iloc[0] if len(names) else state.city))
        else:
            st.info(t("sheet.no_city", lang))
        return
    geometry = panel.geometry
    with st.container(key="sheet_controls_pdf"):
        st.download_button(
            t("sheet.pdf", lang),
            data=lambda: sheet_pdf_off_thread(sheet, geometry),
            file_name=panel.file_name("pdf", what=f"fact-sheet-{sheet.code}"),
            mime="application/pdf",
            on_click="ignore",
            key="download_sheet_pdf",
            icon=":material/download:",
        )
        st.caption(t("sheet.print_hint", lang))
    st.html(sheet_render.sheet_html(sheet, locator.locator_svg(sheet, geometry)))


def make_sheet_pdf(sheet: FactSheet, geometry: MapGeometry) -> bytes:
    return fact_pdf.sheet_pdf(sheet, locator.locator_png(sheet, geometry))


def sheet_pdf_off_thread(sheet: FactSheet, geometry: MapGeometry) -> bytes:
    """The sheet's PDF made in the worker process (a second of work that would hold every other
    viewer's script), or here when the worker is busy: a person who pressed gets the file."""
    try:
        return upload.in_worker(make_sheet_pdf, sheet, geometry)
    except upload.WorkerBusyError:
        return make_sheet_pdf(sheet, geometry)


def pack_download(panel: PanelContext) -> None:
    """The briefing pack of the municipalities the view's map shows (its filters, not the chosen
    city): made in the worker process when the button is pressed (the script thread waits
    without holding the interpreter); over the cap, the message instead of the button."""
    lang = panel.lang
    rows = views.rows(panel.data, panel.state.without_city(), panel.population)
    codes = pack_codes(rows, panel.population)
    if not codes:
        return
    if len(codes) > MAX_PACK_SHEETS:
        limit = counted("fact_sheets", MAX_PACK_SHEETS, lang)
        st.info(t("pack.too_many", lang, limit=limit, municipalities=counted("municipalities", len(codes), lang)))
        return
    dataset, geometry, population, state = panel.data, panel.geometry, panel.population, panel.state
    selection = in_words(state.without_city(), panel.vocabulary, t("pack.all", lang))
    # The pack of this very view, kept for its download; another view's is dropped.
    wanted = (dataset.token, geometry.token, tuple(codes), state.without_city())
    made = st.session_state.get(KEY_PACK)
    if made is not None and made[0] != wanted:
        made = st.session_state[KEY_PACK] = None
    pressed = made is None and st.button(
        t("pack.button", lang, sheets=counted("fact_sheets", len(codes), lang)),
        icon=":material/picture_as_pdf:",
        help=t("pack.help", lang),
    )
    if pressed:
        try:
            with st.spinner(t("pack.making", lang)):
                pdf = upload.in_worker(make_pack, dataset, geometry, population, codes, state, selection)
        except upload.WorkerBusyError:
            st.warning(t("pack.busy", lang))
            return
        made = st.session_state[KEY_PACK] = (wanted, pdf)
    if made is not None:
        st.download_button(
            t("pack.download", lang, sheets=counted("fact_sheets", len(codes), lang)),
            data=made[1],
            file_name=panel.file_name("pdf", what="briefing-pack"),
            mime="application/pdf",
            on_click="ignore",
            key="download_pack",
            icon=":material/download:",
        )


def make_pack(
    dataset: Dataset,
    geometry: MapGeometry,
    population: Population | None,
    codes: list[str],
    state: FilterState,
    selection: str,
) -> bytes:
    """The briefing pack's PDF (in the worker process): a cover, then a sheet a municipality."""
    lang, day = state.lang, shown_day(state)
    sheets = [sheet for code in codes if (sheet := fact_sheet(dataset, code, lang, day, population)) is not None]
    # The cover's map shows the selection: the partnerships of the view's rows, not every
    # membership of the municipalities in it.
    shown = apply(dataset.memberships, state.without_city(), population)
    groups = tuple((pid, tuple(rows["municipality_code"])) for pid, rows in shown.groupby("partnership_id", sort=False))
    cover = pack_cover(geometry, sheets, lang, selection, groups)
    return fact_pdf.pack_pdf(cover, [(sheet, locator.locator_png(sheet, geometry)) for sheet in sheets], lang)


def pack_cover(
    geometry: MapGeometry,
    sheets: list[FactSheet],
    lang: str,
    selection: str,
    groups: tuple[tuple[str, tuple[str, ...]], ...],
) -> fact_pdf.Cover:
    """The pack's first page; `groups`: the selection's members by partnership, for its map."""
    first = sheets[0]
    names = ", ".join(sheet.details.name for sheet in sheets)
    labels = list(dict.fromkeys(source.label for sheet in sheets for source in sheet.sources))
    return fact_pdf.Cover(
        title=t("pack.title", lang),
        selection=t("pack.selection", lang, filter=selection),
        view_day=first.view_day,
        data_as_of=first.data_as_of,
        contents=t("pack.contents", lang, sheets=counted("fact_sheets", len(sheets), lang), names=names),
        sources=f"{t('sheet.sources', lang)}: " + " · ".join(labels),
        map_png=locator.selection_png(groups, geometry),
    )
