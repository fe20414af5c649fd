"""The CSV and the workbook as a spreadsheet opens them: LibreOffice's import dialog (tab, comma and
semicolon all ticked, its default) and LibreOffice Calc itself, headless."""

from __future__ import annotations

import pytest

from components.data.population import load_population
from components.render import exports
from tests.helpers.paths import POPULATION, require
from tests.helpers.spreadsheets import EVERY_SEPARATOR, convert, sheet_rows, split_every_way

HOSTILE_HEADER = '=HYPERLINK("http://evil.example")'  # an uploaded list's extra column, as named


def rows_in(lang: str, dataset):
    """Every bundled row with population figures, in `lang`, and an extra column whose name and
    values look like formulas (as an uploaded list may carry)."""
    population = load_population(str(require(POPULATION)), required_codes=dataset.cities["municipality_code"])
    frame = exports.export_rows(dataset.memberships, dataset.catalog, lang, population)
    frame[HOSTILE_HEADER] = "=1+1"
    return frame


@pytest.fixture(scope="module", params=["fi", "sv", "en"])
def exported(request, dataset):
    return rows_in(request.param, dataset)


@pytest.fixture(scope="module")
def exported_fi(dataset):
    """One language for the LibreOffice runs (a few seconds each): the files' structure is the same in all."""
    return rows_in("fi", dataset)


def as_text(frame):
    """The frame's cells as the CSV writes them: text, formulas made inert."""
    return [
        [str(exports.neutralise(str(column))) for column in frame.columns],
        *([str(exports.neutralise(value)) for value in record] for record in frame.itertuples(index=False, name=None)),
    ]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_every_row_keeps_its_columns_when_split_on_tab_comma_and_semicolon(exported, delimiter):
    records = split_every_way(exports.to_csv(exported, delimiter).decode("utf-8-sig"))
    assert len(records) == len(exported) + 1
    widths = {len(record) for record in records}
    assert widths == {len(exported.columns)}, widths
    assert records == as_text(exported)
    assert any(";" in themes for themes in exported["themes"])  # the case that used to split


def test_libreoffice_reads_both_csv_files_cell_by_cell(exported_fi, tmp_path):
    exported = exported_fi
    files = []
    for name, delimiter in (("comma", ","), ("semicolon", ";")):
        files.append(tmp_path / f"{name}.csv")
        files[-1].write_bytes(exports.to_csv(exported, delimiter))
    # Quoted fields kept as text: every cell exactly as written, codes with their zeros.
    for converted in convert(files, "xlsx", tmp_path / "text", EVERY_SEPARATOR.format(quoted_as_text="true")):
        cells = [["" if cell is None else str(cell) for cell in row] for row in sheet_rows(converted)]
        assert cells == as_text(exported), converted.name
    # LibreOffice's defaults: numbers are recognised (a code loses its zero, as the page says),
    # and still every field stays in its own column.
    for converted in convert(files, "xlsx", tmp_path / "default", EVERY_SEPARATOR.format(quoted_as_text="false")):
        rows = sheet_rows(converted)
        header = rows[0]
        assert header[-1] == "'" + HOSTILE_HEADER  # text, not a live formula
        assert len(rows) == len(exported) + 1 and {len(row) for row in rows} == {len(exported.columns)}
        status, source = header.index("status"), header.index("source_url")
        assert {row[status] for row in rows[1:]} == set(exported["status"])
        assert all(str(row[source]).startswith("https://") for row in rows[1:])
        assert {row[-1] for row in rows[1:]} == {"'=1+1"}


def test_the_workbook_keeps_codes_as_text_when_calc_opens_it(exported_fi, dataset, tmp_path):
    exported = exported_fi
    workbook = tmp_path / "rows.xlsx"
    workbook.write_bytes(exports.to_xlsx(exported, dataset.catalog, "All", "en"))
    (resaved,) = convert([workbook], "xlsx", tmp_path / "calc")  # opened and saved by Calc
    rows = sheet_rows(resaved)
    header = [str(cell) for cell in rows[0]]
    assert header == [str(column) for column in exported.columns]
    for column in ("municipality_code", "region_code"):
        at = header.index(column)
        assert [row[at] for row in rows[1:]] == list(exported[column])  # "091" stays "091"
    people = header.index("population")
    assert [row[people] for row in rows[1:]] == [None if n == "" else n for n in exported["population"]]
    assert {row[-1] for row in rows[1:]} == {"=1+1"}  # stored as text, never run
