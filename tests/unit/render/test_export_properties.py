"""Properties of the exports (hypothesis): a file read back gives the cells it was made from,
whatever the text holds (separators, quotes, line breaks, formula characters, any script)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from components.render import exports
from tests.helpers.spreadsheets import split_every_way

# Text a cell may hold: any character but the surrogates and NUL, which no file format carries.
CELL = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=30)
FRAMES = st.integers(1, 4).flatmap(
    lambda width: st.lists(st.lists(CELL, min_size=width, max_size=width), min_size=1, max_size=8).map(
        lambda rows: pd.DataFrame(rows, columns=[f"c{i}" for i in range(width)])
    )
)


@settings(max_examples=100, deadline=None)
@given(frame=FRAMES, delimiter=st.sampled_from([",", ";"]))
def test_the_csv_read_back_gives_its_cells_made_inert(frame, delimiter):
    raw = exports.to_csv(frame, delimiter)
    expected = [list(frame.columns), *([str(exports.neutralise(v)) for v in row] for row in frame.values.tolist())]
    read = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))
    assert read == expected
    assert split_every_way(raw.decode("utf-8-sig")) == expected  # a spreadsheet splitting on all three


@settings(max_examples=30, deadline=None)
@given(frame=FRAMES)
def test_the_workbook_read_back_gives_its_cells_as_text(fixture_dataset, frame):
    printable = frame.map(lambda v: "".join(c for c in v if c >= " " or c in "\t\n"))  # XML 1.0 text
    raw = exports.to_xlsx(printable, fixture_dataset.catalog, "x", "en")
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["Rows"]
    rows = sheet.iter_rows(min_row=2, max_row=len(frame) + 1, max_col=len(frame.columns))
    cells = [["" if cell.value is None else cell.value for cell in row] for row in rows]
    assert cells == printable.values.tolist()
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)  # never a formula
