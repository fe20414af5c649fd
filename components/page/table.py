"""The Table tab: the rows on screen, which a tick highlights on the map, and their downloads
(CSV, XLSX, GeoJSON, the slide picture, and the interactive map as one HTML file).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.base.i18n import t
from components.data.population import covered
from components.model.filters import is_filtered, shown_day
from components.page import fact_sheet, linked, views
from components.page.context import PanelContext
from components.page.state import current_link
from components.render import exports, html_map, slide

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel set to these languages splits CSV on semicolons (their decimal mark is a comma).
SEMICOLON_LANGUAGES = ("fi", "sv")


def table_and_downloads(panel: PanelContext, rows: pd.DataFrame, highlight: linked.Highlight | None = None) -> None:
    """The filtered rows as a sortable table, and downloads of exactly those rows. Files are
    made only when a button is pressed (deferred), never on every rerun. Ticked rows highlight
    their municipalities on the map (components.page.linked), said under the table."""
    dataset, state, geometry, population, summary = (
        panel.data,
        panel.state,
        panel.geometry,
        panel.population,
        panel.summary,
    )
    lang, catalog = panel.lang, dataset.catalog
    # once: the table and the downloads share it
    uploaded, funding = panel.uploaded, dataset.funding
    exported = exports.export_rows(rows, catalog, lang, population, uploaded=uploaded, funding=funding)
    if population is not None and (coverage := covered(rows, population)) is not None:
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
    origin = panel.origin

    def picture(fmt: str) -> bytes:
        return slide.render(rows, catalog, geometry, lang, summary, fmt, population=population, origin=origin)

    # (label key, file extension, variant of the name, MIME type, what makes the file)
    buttons = [
        ("csv", "csv", "", "text/csv", lambda: exports.to_csv(exported)),
        *(
            [("csv_excel", "csv", "semicolon", "text/csv", lambda: exports.to_csv(exported, delimiter=";"))]
            if lang in SEMICOLON_LANGUAGES
            else []
        ),
        (
            "xlsx",
            "xlsx",
            "",
            XLSX_MIME,
            lambda: exports.to_xlsx(
                exported, catalog, summary, lang, link, population=population, uploaded=uploaded, funding=funding
            ),
        ),
        ("geojson", "geojson", "", "application/geo+json", lambda: exports.to_geojson(exported, geometry.by_code)),
        ("png", "png", "", "image/png", lambda: picture("png")),
        ("svg", "svg", "", "image/svg+xml", lambda: picture("svg")),
    ]
    for column, (label, extension, variant, mime, make) in zip(st.columns(len(buttons)), buttons, strict=True):
        column.download_button(
            t(f"export.{label}", lang),
            data=make,
            file_name=panel.file_name(extension, variant=variant),
            mime=mime,
            on_click="ignore",
            key=f"download_{label}",
            icon=":material/download:",
        )
    # Which file suits which tool, beside the buttons.
    st.caption(
        " ".join(
            [
                t("export.which_file", lang),
                *([t("export.which_file_excel", lang)] if lang in SEMICOLON_LANGUAGES else []),
            ]
        )
    )
    interactive_map_download(panel, key="download_html")
    fact_sheet.pack_download(panel)


def interactive_map_download(panel: PanelContext, key: str) -> None:
    """The map of this view as one HTML file that opens from disk with no network
    (components/render/html_map.py): the rows the map shows, around the chosen city, fitted as the map
    is. Made only when pressed."""
    dataset, state, lang = panel.data, panel.state, panel.lang
    on_map = views.rows(dataset, state.without_city(), panel.population)
    link = current_link(state)
    st.download_button(
        t("html_map.download", lang),
        data=lambda: html_map.interactive_map(
            on_map,
            dataset.catalog,
            panel.geometry,
            lang,
            panel.summary,
            population=panel.population,
            selected_city=state.city,
            whole_country=not is_filtered(state.without_city()) and not state.present,
            link=link,
            day=shown_day(state),  # "As of": the day whose memberships the file shows
            uploaded=panel.uploaded,
            funding=dataset.funding,
        ),
        file_name=panel.file_name("html"),
        mime="text/html",
        on_click="ignore",
        key=key,
        icon=":material/download:",
    )
