"""Every export opened with the library a user's tool would use: the csv module (as Excel reads
CSV), openpyxl (XLSX), pyogrio/GDAL (GeoJSON), Pillow (PNG)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import openpyxl
import pandas as pd
import pyogrio
import pytest
import shapely
from PIL import Image

from components.base.colours import TABLE_HEADER, UPLOADED_INK
from components.base.i18n import t
from components.data.boundaries import load_boundaries
from components.data.memberships import REQUIRED_COLUMNS, UploadedList, join_cities, validate_partnerships
from components.data.population import Population
from components.model.filters import FilterState, apply
from components.model.funding import funding_table
from components.model.map import prepare_geometry
from components.model.wording import uploaded_line
from components.render import exports, slide
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require

URL = "https://tem.fi/kaupunkipolitiikka-temaattiset-kumppanuudet"
HOSTILE_NOTES = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\tleading tab",
    "\rleading return",
    "<img src=x onerror=alert(1)>",
]

STORED_NOTES = [note.strip() for note in HOSTILE_NOTES]


@pytest.fixture(scope="module")
def hostile_rows(fixture_dataset):
    """Rows whose notes look like formulas, loaded through the same validator as uploads."""
    header = ",".join(REQUIRED_COLUMNS)
    codes = ["091", "049", "837", "092", "564", "853", "179"]
    lines = [header]
    for code, note in zip(codes, HOSTILE_NOTES, strict=True):
        quoted = '"' + note.replace('"', '""') + '"'
        lines.append(f"ecosystem,{code},,,,innovation,active,2024-05,{URL},{quoted}")
    result = validate_partnerships("\n".join(lines).encode(), fixture_dataset.catalog, fixture_dataset.cities)
    assert result.problems == [] and len(result.rows) == len(HOSTILE_NOTES)
    return join_cities(result.rows, fixture_dataset.cities)


@pytest.fixture(scope="module")
def polygons(fixture_dataset, tmp_path_factory):
    borders = load_boundaries(str(require(REFERENCE_MUNICIPALITIES)), cache_dir=tmp_path_factory.mktemp("c"))
    return prepare_geometry(fixture_dataset.cities, borders.polygons)


def test_csv_is_utf8_with_bom_and_formulas_are_inert(fixture_dataset, hostile_rows):
    exported = exports.export_rows(hostile_rows, fixture_dataset.catalog, "fi")
    raw = exports.to_csv(exported)
    assert raw.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert len(records) == len(HOSTILE_NOTES)
    notes = [record["note"] for record in records]
    # The validator trims surrounding whitespace, so the tab and CR notes arrive trimmed.
    for note, original in zip(notes, STORED_NOTES, strict=True):
        if original.startswith(exports.FORMULA_STARTS):
            assert note == "'" + original
        else:
            assert note == original  # the text itself is kept, only made inert
    assert not any(note.startswith(exports.FORMULA_STARTS) for note in notes)
    assert records[0]["name_fi"] == "Helsinki" and records[0]["name_sv"] == "Helsingfors"
    assert records[0]["partnership"] == "Ekosysteemisopimukset (yliopistokaupungit)"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value):
    assert exports.neutralise(value) == "'" + value
    row = exports.to_csv(pd.DataFrame({"note": [value]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(row, newline="")))[1] == ["'" + value]


def test_csv_of_the_filtered_rows_keeps_scandinavian_letters(fixture_dataset):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("mal",), regions=("13",)))
    records = list(
        csv.DictReader(
            io.StringIO(exports.to_csv(exports.export_rows(rows, fixture_dataset.catalog, "sv")).decode("utf-8-sig"))
        )
    )
    assert {record["name_fi"] for record in records} == {"Jyväskylä"}
    assert {record["region"] for record in records} == {"Mellersta Finland"}
    assert {record["period"] for record in records} == {"2024–2035"}


def test_xlsx_has_rows_header_widths_and_an_about_sheet_with_inert_formulas(fixture_dataset, hostile_rows):
    exported = exports.export_rows(hostile_rows, fixture_dataset.catalog, "en")
    raw = exports.to_xlsx(
        exported, fixture_dataset.catalog, "Ecosystem agreements", "en", "http://127.0.0.1:8501/?lang=en"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Rows", "About"]
    sheet = workbook["Rows"]
    header = [cell.value for cell in sheet[1]]
    assert header == list(exported.columns)
    note_column = header.index("note") + 1
    notes = [sheet.cell(row=row, column=note_column) for row in range(2, 2 + len(HOSTILE_NOTES))]
    assert [cell.value for cell in notes] == STORED_NOTES  # the same text, stored as text
    assert all(cell.data_type == "s" for cell in notes)  # not one formula ("f")
    assert sheet.freeze_panes == "A2"
    widths = {key: dim.width for key, dim in sheet.column_dimensions.items()}
    assert widths["A"] >= len("partnership_id") and max(widths.values()) < 61  # capped at 60 (+ padding)
    about = {row[0].value: row[1].value for row in workbook["About"].iter_rows() if row[0].value}
    assert about["Filter"] == "Ecosystem agreements"
    assert about["Rows"] == str(len(HOSTILE_NOTES))
    assert about["Link to this view"] == "http://127.0.0.1:8501/?lang=en"
    assert about["S1"].endswith(
        "tem.fi/sv/-/genom-nya-former-for-partnerskap-starks-stadernas-och-statens-samarbete-kring-bland-annat-gangbrottsligheten-rorligheten-och-kompetensen"
    )
    # What the source is, in the page language, with its publisher and date.
    assert about["S1"].startswith("Ministry of Economic Affairs and Employment release 23.5.2024, Swedish version")
    assert "Työ- ja elinkeinoministeriö (TEM) · published 24.5.2024 — https://" in about["S1"]


def test_geojson_is_rfc7946_and_readable_by_gdal(fixture_dataset, polygons, tmp_path):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("strategic", "east-finland")))
    raw = exports.to_geojson(exports.export_rows(rows, fixture_dataset.catalog, "en"), polygons.by_code)
    collection = json.loads(raw)
    assert "crs" not in collection
    assert len(collection["features"]) == 8
    path = tmp_path / "rows.geojson"
    path.write_bytes(raw)
    frame = pyogrio.read_dataframe(path)
    assert len(frame) == 8 and frame.crs.to_epsg() == 4326
    assert set(frame["municipality_code"]) == {"091", "049", "837", "092", "564", "853", "405", "153"}
    assert set(frame.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    west, south, east, north = frame.total_bounds
    assert 19 < west < east < 32 and 59 < south < north < 71  # lon/lat order, not lat/lon
    import shapely

    # RFC 7946: exterior rings counter-clockwise.
    for geometry in frame.geometry:
        for part in getattr(geometry, "geoms", [geometry]):
            assert shapely.is_ccw(part.exterior)


def test_geojson_with_points_when_there_are_no_boundaries(fixture_dataset):
    points = prepare_geometry(fixture_dataset.cities, None)
    collection = json.loads(
        exports.to_geojson(
            exports.export_rows(fixture_dataset.memberships, fixture_dataset.catalog, "fi"), points.by_code
        )
    )
    assert len(collection["features"]) == len(fixture_dataset.memberships)
    assert {f["geometry"]["type"] for f in collection["features"]} == {"Point"}


def test_geojson_turns_every_exterior_ring_counter_clockwise_and_keeps_text_as_text():
    clockwise = [[24.0, 60.0], [24.0, 61.0], [25.0, 61.0], [25.0, 60.0], [24.0, 60.0]]
    shapes = {
        "091": {"type": "Polygon", "coordinates": [clockwise]},
        "049": {"type": "MultiPolygon", "coordinates": [[clockwise]]},
    }
    frame = pd.DataFrame({"municipality_code": ["091", "049"], "name_sv": ["Helsingfors", "Esbo"], "note": ["", "ä"]})
    raw = exports.to_geojson(frame, shapes)
    assert "ä".encode() in raw  # UTF-8, not \\u escapes
    collection = json.loads(raw)
    assert collection["type"] == "FeatureCollection"
    assert [feature["properties"]["note"] for feature in collection["features"]] == [None, "ä"]
    polygon, multi = (shapely.geometry.shape(feature["geometry"]) for feature in collection["features"])
    assert shapely.is_ccw(polygon.exterior) and shapely.is_ccw(multi.geoms[0].exterior)


def test_file_names_say_what_they_contain():
    state = FilterState(partnerships=("growth-cities", "mal"), regions=("01",), city="106")
    assert exports.export_filename(state, "csv", date(2026, 11, 27)) == (
        "partnerships_growth-cities+mal_region-01_city-106_2026-11-27.csv"
    )
    assert exports.export_filename(FilterState(), "xlsx", date(2026, 1, 2)) == "partnerships_all_2026-01-02.xlsx"


@pytest.mark.parametrize("mode", ["polygons", "points"])
def test_png_for_slides_is_1920x1080_and_not_blank(fixture_dataset, polygons, mode):
    geometry = polygons if mode == "polygons" else prepare_geometry(fixture_dataset.cities, None)
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("growth-cities",)))
    raw = slide.render(rows, fixture_dataset.catalog, geometry, "sv", "Medelstora växande städer", "png")
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    assert image.size == (1920, 1080)
    colours = image.getcolors(maxcolors=1_000_000)
    assert len(colours) > 50  # a drawing, not an empty canvas
    green = sum(
        count for count, rgb in colours if abs(rgb[0] - 0) < 60 and rgb[1] > 120 and rgb[2] > 90 and rgb[2] < 180
    )
    assert green > 500  # the growth cities in their web-map colour (#009E73)
    assert "Partnerskap mellan staten och städerna" in Image.open(io.BytesIO(raw)).info["Title"]


def test_svg_carries_title_legend_and_text_alternative(fixture_dataset, polygons):
    raw = slide.render(
        fixture_dataset.memberships, fixture_dataset.catalog, polygons, "fi", "Kaikki kumppanuudet", "svg"
    )
    text = raw.decode("utf-8")
    assert text.startswith("<?xml") and "<svg" in text
    assert "Valtion ja kaupunkien kumppanuudet" in text
    municipalities = fixture_dataset.memberships["municipality_code"].nunique()
    assert f"Suomen kartta, jolla näkyy {municipalities} kuntaa" in text


# ----------------------------------------------------------------------------- one type per column

UPLOADED = UploadedList("my list.csv", 7, datetime(2026, 12, 7, 14, 3))


def test_dates_are_whole_days_with_their_precision_whatever_the_rows(fixture_dataset):
    rows = fixture_dataset.memberships.head(3).copy()
    rows["since"] = ["2024-05", "2024-09-23", ""]
    rows["until"] = ["2027-02", "", "2027-12-15"]
    rows["period"] = ["", "2024–2035", "2021–2027"]
    exported = exports.export_rows(rows, fixture_dataset.catalog, "en")
    assert list(exported["since"]) == ["2024-05-01", "2024-09-23", ""]
    assert list(exported["since_precision"]) == ["month", "day", ""]
    # A month ends on its last day; with no until, the agreement period's last year ends it.
    assert list(exported["until"]) == ["2027-02-28", "2035-12-31", "2027-12-15"]
    assert list(exported["until_precision"]) == ["month", "year", "day"]
    assert list(exported["period"]) == ["", "2024–2035", "2021–2027"]
    shown = exports.table_view(exported, "en")[t("column.since", "en")]
    assert list(shown) == ["5/2024", "23.9.2024", ""]  # the table says what the source says, as the page writes dates


def test_geojson_fields_have_one_type_whether_published_or_uploaded(fixture_dataset, polygons, tmp_path):
    """GDAL reads a field's type from its values: months among days made `since` text in the
    published file and a date in an upload's (all days). Now both are dates."""
    published = fixture_dataset.memberships
    upload = validate_partnerships(
        exports.to_csv(published[[*REQUIRED_COLUMNS, "until", "period"]]).decode("utf-8-sig").encode(),
        fixture_dataset.catalog,
        fixture_dataset.cities,
    )
    uploaded_rows = join_cities(upload.rows, fixture_dataset.cities)
    uploaded_rows = uploaded_rows[uploaded_rows["since"].str.len() == 10]  # only whole days, as an upload may
    types = []
    for name, rows, uploaded in (("published", published, None), ("uploaded", uploaded_rows, UPLOADED)):
        path = tmp_path / f"{name}.geojson"
        path.write_bytes(
            exports.to_geojson(
                exports.export_rows(rows, fixture_dataset.catalog, "en", uploaded=uploaded), polygons.by_code
            )
        )
        info = pyogrio.read_info(path)
        types.append(dict(zip(info["fields"], info["dtypes"], strict=True)))
    assert types[0]["since"] == types[1]["since"] == "datetime64[ms]" or types[0]["since"].startswith("datetime64")
    shared = set(types[0]) & set(types[1])
    assert {field: types[0][field] for field in shared} == {field: types[1][field] for field in shared}


# ----------------------------------------------------------------------------- made from an upload


def test_every_file_from_an_uploaded_list_says_so_and_published_files_do_not(fixture_dataset, polygons):
    rows = fixture_dataset.memberships.head(7)
    catalog = fixture_dataset.catalog
    line = "Uploaded list “my list.csv”: 7 rows, checked 7.12.2026 14:03. Not the published data."
    fi_line = "Tuotu luettelo ”my list.csv”: 7 riviä, tarkistettu 7.12.2026 14.03. Ei julkaistu aineisto."
    for uploaded in (UPLOADED, None):
        exported = exports.export_rows(rows, catalog, "en", uploaded=uploaded)
        records = list(csv.DictReader(io.StringIO(exports.to_csv(exported).decode("utf-8-sig"))))
        geojson = json.loads(exports.to_geojson(exported, polygons.by_code))
        workbook = openpyxl.load_workbook(
            io.BytesIO(exports.to_xlsx(exported, catalog, "All", "en", "http://127.0.0.1:8501/", uploaded=uploaded))
        )
        about = {row[0].value: row[1].value for row in workbook["About"].iter_rows() if row[0].value}
        if uploaded:
            assert {record["origin"] for record in records} == {line}
            assert {feature["properties"]["origin"] for feature in geojson["features"]} == {line}
            assert about["Data"] == line
            assert about["Link to this view"].startswith("None: an uploaded list is kept only")
            assert "127.0.0.1" not in str(about)
            fi = exports.export_rows(rows, catalog, "fi", uploaded=uploaded)
            assert set(fi["origin"]) == {fi_line}
        else:
            assert "origin" not in records[0] and "origin" not in geojson["features"][0]["properties"]
            assert "Data" not in about and about["Link to this view"] == "http://127.0.0.1:8501/"


def test_file_names_of_an_uploaded_list_say_uploaded():
    state = FilterState(partnerships=("mal",), lang="sv")
    day = date(2026, 12, 7)
    assert exports.export_filename(state, "csv", day, uploaded=True) == "partnerships_uploaded_mal_2026-12-07.csv"
    assert (
        exports.export_filename(state, "csv", day, variant="semicolon") == "partnerships_mal_2026-12-07_semicolon.csv"
    )
    assert "uploaded" not in exports.export_filename(state, "csv", day)


def test_an_uploaded_file_name_is_one_short_line_in_the_files(fixture_dataset):
    long_name = "a\nb\tc" + "x" * 200 + ".csv"
    line = uploaded_line(UploadedList(long_name, 1, datetime(2026, 1, 2, 9, 5)), "en")
    assert "\n" not in line and "\t" not in line
    assert "“a b c" in line and "…”" in line and "1 row," in line and "2.1.2026 09:05" in line


def test_an_uploaded_column_named_like_ours_never_overwrites_it(fixture_dataset):
    rows = fixture_dataset.memberships.head(2).copy()
    rows["origin"] = ["mine", "mine"]
    rows["since_precision"] = ["x", "y"]
    exported = exports.export_rows(rows, fixture_dataset.catalog, "en", uploaded=UPLOADED)
    assert set(exported["origin"]) == {uploaded_line(UPLOADED, "en")}
    assert set(exported["since_precision"]) <= {"day", "month", "year", ""}
    assert list(exported["origin_uploaded"]) == ["mine", "mine"]
    assert list(exported["since_precision_uploaded"]) == ["x", "y"]


def test_an_uploaded_file_name_keeps_60_characters_and_no_control_character():
    def shown(name):
        return uploaded_line(UploadedList(name, 2, datetime(2026, 1, 2, 9, 5)), "en")

    exact = "x" * 56 + ".csv"
    assert f"“{exact}”" in shown(exact)
    assert f"“{'x' * 57}.c…”" in shown("x" * 57 + ".csv")
    assert "“a b c.csv”" in shown("a\x00b\x7fc.csv")  # neither is a space to str.split()


def test_the_population_source_line_is_in_the_language_of_the_file():
    population = Population({"091": 1}, "/srv/private/vaesto.csv", year=2024)
    assert (
        exports.population_source_text(population, "fi") == "Tilastokeskus, väestö 31.12.2024 — vaesto.csv — CC BY 4.0"
    )


def test_a_date_is_exported_as_precisely_as_its_source_gives_it():
    assert exports.as_given("2024-05-01", "day") == "2024-05-01"
    assert exports.as_given("2024-05-01", "month") == "2024-05"
    assert exports.as_given("2024-05-01", "year") == "2024"


def funding_sheet(rows, dataset, lang: str):
    """The workbook's funding sheet for these rows, as openpyxl reads it."""
    exported = exports.export_rows(rows, dataset.catalog, lang, funding=dataset.funding)
    raw = exports.to_xlsx(exported, dataset.catalog, "", lang, funding=dataset.funding)
    return openpyxl.load_workbook(io.BytesIO(raw))[t("funding.sheet", lang)]


def column_widths(sheet) -> dict[int, int]:
    """Column number -> the width it was given (xlsxwriter stores it with a fraction of padding)."""
    return {
        number: int(dimension.width)
        for dimension in sheet.column_dimensions.values()
        for number in range(dimension.min, dimension.max + 1)
    }


@pytest.mark.parametrize("partnerships", [("mal", "east-finland", "vitality"), ("east-finland",)])
def test_the_funding_sheet_is_the_table_under_a_bold_header_then_a_line_saying_it_is_not_summed(
    fixture_dataset, partnerships
):
    lang = "sv"  # the closing line in the file's language, not the English fallback
    rows = fixture_dataset.memberships[fixture_dataset.memberships["partnership_id"].isin(partnerships)]
    table = funding_table(fixture_dataset.funding, fixture_dataset.catalog, lang, partnerships)
    assert len(table) == len(partnerships)  # one figure or "not given" each; one row alone too
    sheet = funding_sheet(rows, fixture_dataset, lang)
    cells = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    header = list(table[0])
    assert cells[0] == header and header[0] == "Partnerskap"
    assert all(cell.font.b for cell in sheet[1])
    assert cells[1 : 1 + len(table)] == [list(record.values()) for record in table]
    assert all(cell.data_type == "s" for row in sheet.iter_rows(min_row=2) for cell in row if cell.value)
    # One empty line, then the figures' caveat in column A, and nothing after it.
    caveat = t("funding.not_summed", lang)
    assert cells[len(table) + 1 :] == [[""] * len(header), [caveat] + [""] * (len(header) - 1)]
    assert caveat.startswith("Siffrorna summeras inte")
    # The purpose and the note (long texts) are wide, the other columns narrow.
    wide = {3, len(header)}
    assert column_widths(sheet) == {number: 60 if number in wide else 18 for number in range(1, len(header) + 1)}


def test_a_workbook_without_rows_still_says_the_figures_are_not_summed(fixture_dataset):
    rows = fixture_dataset.memberships.iloc[0:0]
    sheet = funding_sheet(rows, fixture_dataset, "fi")
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert cells == [[None], [None], [t("funding.not_summed", "fi")]]  # no header, no figure


def test_a_swedish_workbook_says_everything_in_swedish_on_sheets_that_read_well(dataset):
    """The workbook of an uploaded list in Swedish: the about sheet's every line (the upload said
    first, in its own ink), the rows sheet's bold header, widths, frozen header and autofilter,
    whole numbers as numbers and empty cells empty."""
    rows = dataset.memberships[dataset.memberships["partnership_id"].isin(["strategic", "vitality"])]
    figures = Population({"091": 1000, "049": 2000, "179": 500}, "test")
    uploaded = UploadedList("min lista.csv", 9, datetime(2026, 12, 7, 14, 3))
    exported = exports.export_rows(rows, dataset.catalog, "sv", figures, uploaded=uploaded)
    raw = exports.to_xlsx(
        exported, dataset.catalog, "Alla", "sv", "http://127.0.0.1:8501/", date(2027, 3, 1), figures, uploaded
    )
    workbook = openpyxl.load_workbook(io.BytesIO(raw))
    assert workbook.sheetnames == ["Rader", "Om"]
    rows_sheet, about = workbook.worksheets
    origin = "Uppladdad lista ”min lista.csv”: 9 rader, kontrollerad 7.12.2026 14:03. Inte de publicerade uppgifterna."
    share = "av Finlands befolkning"
    assert [(label.value, value.value) for label, value in about.iter_rows(max_row=13, max_col=2)] == [
        ("Titel", "Partnerskap mellan staten och städerna"),
        ("Data", origin),
        ("Filter", "Alla"),
        ("Rader", "9"),
        ("Datum", "2027-03-01"),
        ("Uppgifternas datum", dataset.catalog.data_as_of),
        (
            "Länk till denna vy",
            "Ingen länk: en uppladdad lista finns bara kvar i den webbläsarsession där den kontrollerades.",
        ),
        ("Befolkning sammanlagt", f"3\u00a0500 (100,0\u00a0% {share})"),
        (
            "Befolkning sammanlagt – Strategiskt partnerskap med de sex största städerna",
            f"3\u00a0000 (85,7\u00a0% {share})",
        ),
        ("Befolkning sammanlagt – Livskraftspartnerskap", f"500 (14,3\u00a0% {share})"),
        ("Befolkningens källa", "Statistikcentralen, befolkning 31.12.2024 — test — CC BY 4.0"),
        ("", ""),
        ("Id", "Källa"),
    ]
    assert about["A14"].value == "S1" and about["B14"].value.startswith("ANM:s pressmeddelande 23.5.2024")
    # The about sheet: bold labels (none on the empty line), values wrapped at the top, the upload
    # in bold dark orange; a label column of 24 and a value column of 100 characters.
    assert about["A1"].font.b and not about["A12"].font.b
    assert about["B1"].alignment.wrap_text and about["B1"].alignment.vertical == "top" and not about["B1"].font.b
    assert about["B2"].font.b and about["B2"].font.color.rgb == f"FF{UPLOADED_INK.lstrip('#').upper()}"
    assert about["B2"].alignment.wrap_text and not about["B3"].font.b
    assert [round(about.column_dimensions[c].width) for c in "AB"] == [25, 101]  # openpyxl adds 0.71
    # The rows sheet: a bold header on the header colour with a thin line under it, frozen, filtered.
    header = rows_sheet["A1"]
    assert (header.value, header.font.b, header.border.bottom.style) == ("partnership_id", True, "thin")
    assert header.fill.fgColor.rgb == f"FF{TABLE_HEADER.lstrip('#').upper()}"
    assert rows_sheet.freeze_panes == "A2" and rows_sheet.auto_filter.ref == f"A1:AH{len(rows) + 1}"
    index = {cell.value: cell.column for cell in rows_sheet[1]}
    groups = rows_sheet.column_dimensions.values()  # adjacent columns of one width are one group

    def width(name: str) -> int:
        return next(round(group.width) for group in groups if group.min <= index[name] <= group.max)

    assert [width(name) for name in ("partnership_id", "partnership", "note")] == [17, 54, 61]  # longest + 2, <= 60
    assert width("group") == 9  # an empty column of a short name is still 8 wide
    helsinki = [cell.value for cell in rows_sheet[2]]
    assert helsinki[:6] == [
        "strategic",
        "Strategiskt partnerskap med de sex största städerna",
        "091",
        "Helsinki",
        "Helsingfors",
        1000,
    ]
    assert rows_sheet["F2"].data_type == "n" and helsinki[9] is None  # a number; no group: empty


def test_the_workbook_is_made_in_memory_without_a_temporary_file(fixture_dataset, monkeypatch):
    """Nothing of a download is written to disk (docs/features.md): xlsxwriter's temporary files
    are refused here, and the workbook is still made."""
    import xlsxwriter.packager
    import xlsxwriter.worksheet

    def refused(*args, **kwargs):
        raise AssertionError("a temporary file was made")

    monkeypatch.setattr(xlsxwriter.packager.tempfile, "mkstemp", refused)
    monkeypatch.setattr(xlsxwriter.worksheet.tempfile, "mkstemp", refused)
    exported = exports.export_rows(fixture_dataset.memberships.head(3), fixture_dataset.catalog, "en")
    workbook = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, fixture_dataset.catalog, "All", "en")))
    assert workbook.worksheets[0].max_row == 4


def test_a_catalog_whose_sources_give_no_checked_day_states_no_data_date(dataset):
    catalog = dataset.catalog
    fields = catalog.model_dump(by_alias=True)
    for source in fields["sources"].values():
        source["checked"] = ""
    undated = type(catalog).model_validate(fields)  # made anew: a copy would keep the cached date
    exported = exports.export_rows(dataset.memberships.head(2), undated, "en")
    labels = [
        row[0].value
        for row in openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, undated, "All", "en")))[
            "About"
        ].iter_rows()
    ]
    dated = [
        row[0].value
        for row in openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, catalog, "All", "en")))[
            "About"
        ].iter_rows()
    ]
    assert undated.data_as_of == "" and t("current.data_as_of_label", "en") not in labels
    assert t("current.data_as_of_label", "en") in dated
