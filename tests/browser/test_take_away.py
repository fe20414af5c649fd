"""What people take away, downloaded from the page as a person does: files made from an uploaded
list say so in their names and inside; the published data's files do not; a Finnish page offers
the CSV for Excel, separated by semicolons."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from PIL import Image

from harness.browser import open_app, open_tab, wait_for_shapes
from tests.helpers.facts import MEMBERSHIP_ROWS
from tests.helpers.servers import app_server
from tests.helpers.uploads import HELSINKI_STRATEGIC, edited

UPLOAD_NAME = "kumppanuudet muokattu.csv"
ORIGIN = f"Uploaded list “{UPLOAD_NAME}”: {MEMBERSHIP_ROWS} rows, checked"
BUTTONS = {
    "csv": "CSV (scripts, GIS)",
    "xlsx": "Excel workbook",
    "geojson": "GeoJSON (GIS)",
    "png": "Picture for slides (PNG)",
    "svg": "Picture for slides (SVG)",
    "html": "Download interactive map (HTML)",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server("off", tmp_path_factory.mktemp("cache")) as url:
        yield url


def downloads(page) -> dict[str, tuple[str, bytes]]:
    """Every download of the table tab: its file name and bytes, by extension."""
    files = {}
    for extension, label in BUTTONS.items():
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=label).click()
        files[extension] = (download.value.suggested_filename, download.value.path().read_bytes())
    return files


def says_it_is_uploaded(extension: str, raw: bytes) -> bool:
    """Whether the file says, in its own place, that it shows an uploaded list."""
    if extension == "csv":
        records = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        return all(record.get("origin", "").startswith(ORIGIN) for record in records)
    if extension == "geojson":
        features = json.loads(raw)["features"]
        return all(str(feature["properties"].get("origin")).startswith(ORIGIN) for feature in features)
    if extension == "xlsx":
        about = openpyxl.load_workbook(io.BytesIO(raw))["About"]
        return any(str(row[1].value).startswith(ORIGIN) for row in about.iter_rows())
    if extension == "png":
        return ORIGIN in Image.open(io.BytesIO(raw)).info.get("Description", "")
    return ORIGIN in raw.decode("utf-8")  # svg (its description), html (its heading)


def test_published_downloads_keep_their_names_and_say_nothing_of_an_upload(page, server):
    open_app(page, server + "/?lang=en&tab=table")
    files = downloads(page)
    for extension, (name, raw) in files.items():
        assert name.startswith("partnerships_all_") and name.endswith(f".{extension}"), name
        assert not says_it_is_uploaded(extension, raw) and b"Uploaded list" not in raw, extension
    assert "Open this view in the app" in files["html"][1].decode()


def test_every_download_of_an_uploaded_list_says_so(page, server, tmp_path):
    upload = tmp_path / UPLOAD_NAME
    upload.write_bytes(edited({HELSINKI_STRATEGIC: {"note": "Changed in the upload."}}))
    open_app(page, server + "/?lang=en")
    open_tab(page, page.get_by_role("tab", name="Check an updated list"))
    page.locator('input[type="file"]').set_input_files(str(upload))
    page.get_by_role("button", name=f"View the uploaded data ({MEMBERSHIP_ROWS} rows)").click()
    page.get_by_text("The map and tables show the uploaded file").wait_for()
    assert wait_for_shapes(page, MEMBERSHIP_ROWS) == MEMBERSHIP_ROWS
    open_tab(page, page.get_by_role("tab", name="Table and downloads"))
    files = downloads(page)
    for extension, (name, raw) in files.items():
        assert name.startswith("partnerships_uploaded_all_"), name
        assert says_it_is_uploaded(extension, raw), extension
    assert "Open this view in the app" not in files["html"][1].decode()  # nothing could reopen the list


def test_a_finnish_page_offers_the_csv_for_excel_with_semicolons(page, server):
    open_app(page, server + "/?lang=fi&tab=table")
    page.get_by_text("Exceliin tarkoitettu CSV (puolipistein eroteltu)").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="CSV Exceliin (puolipisteet)").click()
    assert download.value.suggested_filename.endswith("_semicolon.csv")
    text = download.value.path().read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert records[0][:3] == ["partnership_id", "partnership", "municipality_code"]
    assert len(records) == MEMBERSHIP_ROWS + 1 and {len(r) for r in records} == {len(records[0])}
    assert records[1][2] == "091"
