"""Downloads of exactly the rows on screen: CSV for Excel, XLSX, and GeoJSON for GIS.

Text cells that begin with = + - @, a tab or a carriage return are run as formulas by
spreadsheet programs (OWASP "CSV injection"); they are prefixed with an apostrophe in CSV and
written as plain strings in XLSX.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pandas as pd
import shapely
import xlsxwriter
from pandas.io.formats.style import Styler

from components.base.colours import TABLE_HEADER, UPLOADED_INK
from components.base.i18n import column_in_language, format_count, name_column, t
from components.data import periods
from components.data.catalog import Catalog
from components.data.memberships import REQUIRED_COLUMNS, UploadedList, row_notes
from components.data.population import Population, covered, covered_by_partnership, figures_for, source_name
from components.model.events import named_start, start_kind
from components.model.filters import FilterState, Vocabulary, file_name_parts, in_words
from components.model.funding import figures_of, funding_table, funding_text
from components.model.wording import not_known_words, source_line, status_label, theme_labels, uploaded_line

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_FILENAME_PART = 60
DATE_COLUMNS = ("since", "until", "period")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def export_rows(
    rows: pd.DataFrame,
    catalog: Catalog,
    lang: str,
    population: Population | None = None,
    uploaded: UploadedList | None = None,
    funding: tuple = (),
) -> pd.DataFrame:
    """The rows as analysts get them: the data's own columns (stable names for scripts and GIS)
    plus readable labels in the page language, and each municipality's population when there
    are figures (an integer, empty where there is none). Rows of an uploaded list carry an
    `origin` column that says so.

    One type per column whatever the rows: `since` and `until` are whole days (a month given as
    "2024-05" starts on its first day and ends on its last; with no `until`, an agreement period
    "2024–2035" ends on 31.12.2035), with `since_precision` and `until_precision` saying how
    exactly the source gives them; a GIS reads them as dates (components.data.periods)."""
    joined = (
        *REQUIRED_COLUMNS,
        *DATE_COLUMNS,
        periods.NOT_KNOWN_COLUMN,
        *("region_code", "region_fi", "region_sv", "region_en", "geometry"),
    )
    extra = [column for column in rows.columns if column not in joined]
    since, until, period = (periods.text_column(rows, name) for name in DATE_COLUMNS)
    not_known = periods.text_column(rows, periods.NOT_KNOWN_COLUMN)
    spans = periods.periods(rows)  # the one reading of the dates: start and end as days
    out = pd.DataFrame(
        {
            "partnership_id": rows["partnership_id"].astype(str),
            "partnership": [catalog.partnership(pid).name(lang) for pid in rows["partnership_id"]],
            "municipality_code": rows["municipality_code"].astype(str),
            "name_fi": rows["name_fi"].astype(str),
            "name_sv": rows["name_sv"].astype(str),
            "region_code": rows["region_code"].astype(str),
            "region": rows[column_in_language("region", lang)].astype(str),
            "group": rows["group"].astype(str),
            "themes": rows["themes"].astype(str),
            "theme_labels": [theme_labels(themes, catalog, lang) for themes in rows["themes"]],
            "status": rows["status"].astype(str),
            # "Active, status not known since 1.4.2027" where the view's day is past a term's
            # earliest end (the table shows this label too); the day itself in its own column.
            "status_label": [
                ", ".join(filter(None, [status_label(status, lang), not_known_words(since, lang)]))
                for status, since in zip(rows["status"], not_known, strict=True)
            ],
            periods.NOT_KNOWN_COLUMN: not_known,
            "since": [_iso(span.start) for span in spans],
            "since_precision": [periods.precision(value) for value in since],
            # The kind of the catalog event the start is ("negotiation-result", "signing"), or "".
            "since_event": [
                start_kind(catalog, pid, group, code, day)
                for pid, group, code, day in zip(
                    rows["partnership_id"], rows["group"], rows["municipality_code"], since, strict=True
                )
            ],
            # The end as given, or the last day of the agreement period ("2024–2035": a year).
            "until": [_iso(span.end) for span in spans],
            "until_precision": [
                periods.precision(end) or ("year" if span.end else "") for end, span in zip(until, spans, strict=True)
            ],
            "period": period,
            # Rows whose source gives no dates count as in force on every day: say so, row by row.
            "date_note": [t("in_force.not_given", lang) if span.undated else "" for span in spans],
            "source_url": rows["source_url"].astype(str),
            "note": rows["note"].astype(str),
            # The data's own date on every row, so it travels with any part of the file; an
            # uploaded list's rows are not of that date (their `origin` says what they are).
            "data_as_of": "" if uploaded is not None else catalog.data_as_of,
            # The figures of each row's partnership, group or municipality with what for, period
            # and source (components.model.funding), or "not given"; never a sum.
            "funding": [
                funding_text(figures_of(funding, pid, group, code), lang)
                for pid, group, code in zip(
                    rows["partnership_id"], rows["group"], rows["municipality_code"], strict=True
                )
            ],
        },
        index=rows.index,
    )
    if population is not None and population.available:
        # The figure and its publisher and reference date travel together, row by row.
        figures = figures_for(out["municipality_code"], population)
        at = out.columns.get_loc("region_code")
        out.insert(at, "population", ["" if n is None else n for n in figures])
        out.insert(at + 1, "population_source", ["" if n is None else population.attribution(lang) for n in figures])
    if uploaded is not None:
        out["origin"] = uploaded_line(uploaded, lang)
    for column in extra:
        # An uploaded list's own column keeps its values; one named like ours gets a suffix, so
        # it never overwrites a column this function made (e.g. "origin" or "since_precision").
        name = column if column not in out.columns else f"{column}_uploaded"
        out[name] = rows[column].astype(str).to_numpy()
    return out.reset_index(drop=True)


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def as_given(day: str, precision: str) -> str:
    """An exported date as its source gives it: "2024-05-01" of precision "month" is "2024-05"."""
    return {"month": day[:7], "year": day[:4]}.get(precision, day)


def table_view(exported: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The on-screen table of export_rows() output: readable columns, headers in the page language."""
    with_population = (
        {t("population.column", lang): pd.array(exported["population"].replace("", None), dtype="Int64")}
        if "population" in exported
        else {}
    )
    return pd.DataFrame(
        {
            t("column.partnership", lang): exported["partnership"],
            t("column.municipality", lang): exported[name_column(lang)],
            t("column.code", lang): exported["municipality_code"],
            **with_population,
            t("column.region", lang): exported["region"],
            t("column.group", lang): exported["group"],
            t("column.themes", lang): exported["theme_labels"],
            t("column.status", lang): exported["status_label"],
            t("column.since", lang): [
                note or named_start(as_given(day, precision), kind, lang)
                for day, precision, kind, note in zip(
                    exported["since"],
                    exported["since_precision"],
                    exported["since_event"],
                    exported["date_note"],
                    strict=True,
                )
            ],
            t("column.note", lang): row_notes(exported, lang),
            t("funding.column", lang): exported["funding"],
            t("column.source", lang): exported["source_url"],
        }
    )


def table_display(table: pd.DataFrame, lang: str) -> pd.DataFrame | Styler:
    """The table as shown: the population column in the page language's number format, still
    sorted by its numbers."""
    column = t("population.column", lang)
    if column not in table:
        return table
    return table.style.format(lambda n: format_count(n, lang), subset=[column], na_rep="")


def to_csv(frame: pd.DataFrame, delimiter: str = ",") -> bytes:
    """UTF-8 with BOM (so Excel shows å, ä, ö), formulas neutralised, header included. Every text
    field is quoted, so a spreadsheet that splits on tab, comma and semicolon at once (as
    LibreOffice's import does by default) keeps `themes` ("a;b") in one cell. `delimiter` ";"
    makes the file Excel opens in one click where the decimal mark is a comma (fi, sv)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([neutralise(str(column)) for column in frame.columns])
    for record in frame.itertuples(index=False, name=None):
        writer.writerow([neutralise(value) for value in record])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def filter_summary(state: FilterState, vocabulary: Vocabulary) -> str:
    """The filter in words, for titles and the XLSX about sheet."""
    return in_words(state, vocabulary, t("export.no_filter", state.lang))


def to_xlsx(
    frame: pd.DataFrame,
    catalog: Catalog,
    summary: str,
    lang: str,
    link: str = "",
    today: date | None = None,
    population: Population | None = None,
    uploaded: UploadedList | None = None,
    funding: tuple = (),
) -> bytes:
    """A workbook: the rows (header row, widths that fit, frozen header, autofilter), and a
    second sheet with the filter that produced them, the population they cover and the sources.
    Made from an uploaded list, the second sheet says so first, and offers no link (the list
    is not kept anywhere a link could reopen it). A third sheet lists the funding figures of the
    rows' partnerships with their sources, "not given" where none."""
    buffer = io.BytesIO()
    # strings_to_formulas=False: a cell "=1+1" stays the text "=1+1"; no URL or number guessing.
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False, "in_memory": True}
    with xlsxwriter.Workbook(buffer, options) as workbook:
        bold = workbook.add_format({"bold": True, "bg_color": TABLE_HEADER, "bottom": 1})
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        rows_sheet = workbook.add_worksheet(t("export.sheet_rows", lang))
        for column, name in enumerate(frame.columns):
            rows_sheet.write_string(0, column, str(name), bold)
            values = [str(value) for value in frame[name]]
            for row, (value, raw) in enumerate(zip(values, frame[name], strict=True), start=1):
                if type(raw) is int:  # population: a number, for sums in the spreadsheet
                    rows_sheet.write_number(row, column, raw)
                elif value == "":
                    rows_sheet.write_blank(row, column, None)  # empty, not a text of no letters
                else:
                    rows_sheet.write_string(row, column, value)
            width = max([len(str(name)), *(len(value) for value in values)])
            rows_sheet.set_column(column, column, min(max(width + 2, 8), 60))
        rows_sheet.freeze_panes(1, 0)
        if len(frame.columns):
            rows_sheet.autofilter(0, 0, max(len(frame), 1), len(frame.columns) - 1)

        about = workbook.add_worksheet(t("export.sheet_about", lang))
        about.set_column(0, 0, 24)
        about.set_column(1, 1, 100)
        lines = [
            (t("export.title", lang), t("app.title", lang)),
            *([(t("export.origin", lang), uploaded_line(uploaded, lang))] if uploaded else []),
            (t("export.filter", lang), summary),
            (t("export.rows", lang), str(len(frame))),
            (t("export.date", lang), (today or periods.today()).isoformat()),
            *([(t("current.data_as_of_label", lang), catalog.data_as_of)] if catalog.data_as_of else []),
            (t("export.link", lang), t("export.no_link_uploaded", lang) if uploaded else link),
        ]
        if population is not None and (coverage := covered(frame, population)) is not None:
            lines += [
                (t("population.covered", lang), coverage.text(lang)),
                *(
                    (f"{t('population.covered', lang)} – {catalog.partnership(pid).name(lang)}", each.text(lang))
                    for pid, each in covered_by_partnership(frame, population).items()
                ),
                (t("population.source_label", lang), population_source_text(population, lang)),
            ]
        lines += [
            ("", ""),
            (t("column.source_id", lang), t("column.source", lang)),
        ]
        lines += [
            (source_id, f"{source_line(source, lang)} — {source.url}") for source_id, source in catalog.sources.items()
        ]
        origin_format = workbook.add_format({"bold": True, "font_color": UPLOADED_INK, "text_wrap": True})
        for row, (label, value) in enumerate(lines):
            if uploaded is not None and row == 1:  # the upload, said where the eye lands first
                about.write_string(row, 0, label, bold)
                about.write_string(row, 1, value, origin_format)
                continue
            about.write_string(row, 0, label, bold if label else None)
            about.write_string(row, 1, value, wrap)
        if funding:  # the dataset's figures; the sheet lists those of the rows' partnerships
            shown = set(frame["partnership_id"]) if "partnership_id" in frame else set()
            _funding_sheet(workbook, funding_table(funding, catalog, lang, shown), bold, lang)
    return buffer.getvalue()


def _funding_sheet(workbook: xlsxwriter.Workbook, table: list[dict[str, str]], bold, lang: str) -> None:
    """The funding figures, one per line, then that they are not summed. Every cell is written as
    a string, as on the rows sheet: the workbook runs no formula from a string."""
    sheet = workbook.add_worksheet(t("funding.sheet", lang))
    header = list(table[0]) if table else []
    for column, name in enumerate(header):
        sheet.write_string(0, column, name, bold)
        sheet.set_column(column, column, 60 if column in (2, len(header) - 1) else 18)
    for row, record in enumerate(table, start=1):
        for column, value in enumerate(record.values()):
            sheet.write_string(row, column, str(value))
    sheet.write_string(len(table) + 2, 0, t("funding.not_summed", lang))


def population_source_text(population: Population, lang: str) -> str:
    """Publisher, reference date, where the figures were read and the licence (for the about sheet)."""
    return f"{population.attribution(lang)} — {source_name(population)} — CC BY 4.0"


def to_geojson(frame: pd.DataFrame, geometries: dict[str, dict]) -> bytes:
    """RFC 7946 GeoJSON: WGS84 lon/lat, no crs member, exterior rings counter-clockwise, one
    feature per row with the municipality's polygon (or point where there is none)."""
    features = []
    for record in frame.to_dict("records"):
        shape = shapely.geometry.shape(geometries[record["municipality_code"]])
        if shape.geom_type in ("Polygon", "MultiPolygon"):
            shape = shapely.orient_polygons(shape, exterior_cw=False)
        features.append(
            {
                "type": "Feature",
                "properties": {key: (None if value == "" else value) for key, value in record.items()},
                "geometry": shapely.geometry.mapping(shape),
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")


def export_filename(
    state: FilterState,
    extension: str,
    today: date | None = None,
    what: str = "partnerships",
    uploaded: bool = False,
    variant: str = "",
) -> str:
    """Says what is inside: e.g. partnerships_growth-cities+mal_region-01_2026-11-27.csv, and
    partnerships_uploaded_all_2026-12-07.csv when the rows come from an uploaded list (the same
    word in every language). `variant` tells two files of one type apart (e.g. "semicolon")."""
    parts = [
        what,
        *(["uploaded"] if uploaded else []),
        *(file_name_parts(state) or ["all"]),
        (today or periods.today()).isoformat(),
        *([variant] if variant else []),
    ]
    name = "_".join(re.sub(r"[^A-Za-z0-9+\-]", "", part)[:MAX_FILENAME_PART] for part in parts)
    return f"{name}.{extension}"
