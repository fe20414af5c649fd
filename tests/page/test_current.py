"""How current the data is (issue #33 item 6): the Sources tab says when each source was last
checked, the data's own date and what changed in the data, in the page language; Vaasa's details
say its focus areas were not found; Eastern Finland's disagreement is on the page; and the
Swedish page names Ijo, Itis, Laukas and Virmo everywhere. Run headless with Streamlit's AppTest
on the bundled data, and through the functions the page's downloads call."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest

from components.base.i18n import t
from components.model.filters import FilterState, apply
from components.page.keys import KEY_CITY
from components.render import exports, html_map
from components.render.slide import footer_text
from harness.load_client import drawn_layers
from tests.helpers.apptest import block_fact, map_args, membership_blocks, run_app, shown

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process

# The bundled data's date: the newest `checked` of data/catalog.toml (the audit of 2026-12-07).
AS_OF = {"fi": "7.12.2026", "sv": "7.12.2026", "en": "7.12.2026"}
SWEDISH = {"139": "Ijo", "142": "Itis", "410": "Laukas", "503": "Virmo"}
FINNISH = {"139": "Ii", "142": "Iitti", "410": "Laukaa", "503": "Mynämäki"}


def page_texts(app) -> list[str]:
    return [shown(box.value) for box in (*app.markdown, *app.caption, *app.text, *app.warning)]


@pytest.mark.parametrize(
    ("lang", "checked", "data_as_of", "title"),
    [
        ("fi", "tarkistettu 7.12.2026", "Tiedot 7.12.2026 tilanteen mukaan", "Mitä tiedoissa on muuttunut"),
        ("sv", "kontrollerad 7.12.2026", "Uppgifter per 7.12.2026", "Vad som har ändrats i uppgifterna"),
        ("en", "checked 7.12.2026", "Data as of 7.12.2026", "What changed in the data"),
    ],
)
def test_the_sources_tab_says_how_current_the_data_is(monkeypatch, dataset, lang, checked, data_as_of, title):
    app = run_app(monkeypatch, lang=lang)  # the Sources tab is open on arrival
    texts = page_texts(app)
    # Each source with when it was last checked, next to its publisher and date.
    (jyvaskyla,) = [line for text in texts for line in text.splitlines() if line.startswith("- **S26**")]
    assert f"3.2.2025 · {checked}" in jyvaskyla
    (mikkeli,) = [line for text in texts for line in text.splitlines() if line.startswith("- **S4**")]
    assert t("current.checked", lang, date="28.11.2026") in mikkeli  # S4: read by the first audit only
    # The data's own date.
    assert any(text.startswith(data_as_of) for text in texts)
    # What changed, newest first, in the page language, each entry with its round and sources.
    assert f"**{title}**" in texts
    (changes,) = [text for text in texts if "Ii = Ijo" in text]
    entries = changes.splitlines()
    assert len(entries) == len(dataset.changes) == 16
    assert entries[0].startswith(f"- **{AS_OF[lang]}**") and entries[-1].startswith("- **")
    days = [dataset.changes[i].date for i in range(len(entries))]
    assert days == sorted(days, reverse=True) and days[-1] == "2026-11-28"
    assert dataset.changes[0].text(lang) in entries[0]
    (rovaniemi,) = [entry for entry in entries if "S25" in entry]
    assert t("current.change_sources", lang, ids="S25, S24") in rovaniemi
    assert t("current.round_audit", lang, date=AS_OF[lang]) in rovaniemi


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fi", "virallista muotoilua ei löytynyt"),
        ("sv", "officiell formulering hittades inte"),
        ("en", "official wording not found"),
    ],
)
def test_vaasas_details_say_its_focus_areas_were_not_found(monkeypatch, lang, line):
    app = run_app(monkeypatch, lang=lang, city="905")  # Vaasa
    focus = [block_fact(block, t("timeline.focus_areas", lang)) for block in membership_blocks(app).values()]
    assert [text for text in focus if text] == [line]
    # A member with focus areas shows them, not the notice.
    app = run_app(monkeypatch, lang=lang, city="698")  # Rovaniemi
    (focus,) = [
        block_fact(b, t("timeline.focus_areas", lang)) for b in membership_blocks(app).values() if "Arktinen" in b
    ]
    assert "Arktinen matkailu" in focus and t("current.focus_not_found", lang) not in focus


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_eastern_finlands_disagreement_is_on_the_page(monkeypatch, dataset, lang):
    # Facts U10: TEM's page speaks of the partnership in the present tense; the release says planned.
    said = dataset.catalog.partnership("east-finland").discrepancy.in_language(lang)
    assert {"fi": "preesensissä", "sv": "presens", "en": "present tense"}[lang] in said
    app = run_app(monkeypatch, lang=lang, city="167")  # Joensuu
    assert any(said in shown(warning.value) for warning in app.warning)


def test_the_swedish_page_names_ijo_itis_laukas_and_virmo_everywhere(monkeypatch, dataset):
    app = run_app(monkeypatch, lang="sv")
    # The map: the tooltips' names and the labels.
    args = map_args(app)
    assert set(SWEDISH) <= {code for codes in drawn_layers(args).values() for code in codes}
    tooltips = args["feature_group"]  # the layers' script: each city's tooltip name and label
    for code, name in SWEDISH.items():
        # The Swedish name first, the Finnish one after it in brackets, as for Tammerfors (Tampere).
        assert f'"{code}":"<b>{name}<\\/b> ({FINNISH[code]})' in tooltips, name
        assert f"<b>{FINNISH[code]}<\\/b>" not in tooltips, FINNISH[code]
    # The search: the municipality choice.
    options = app.selectbox(key=KEY_CITY).options
    for code, name in SWEDISH.items():
        assert any(option.startswith(name) for option in options), name
        assert not any(option.startswith(FINNISH[code]) for option in options), FINNISH[code]
    # The table.
    app.session_state["main_tabs"] = t("tabs.table", "sv")
    app.run()
    table = app.dataframe[0].value
    assert set(SWEDISH.values()) <= set(table["Kommun"])
    assert not set(FINNISH.values()) & set(table["Kommun"])
    # The downloads (CSV and XLSX) the table tab offers, made as the page makes them.
    exported = exports.export_rows(apply(dataset.memberships, FilterState(lang="sv")), dataset.catalog, "sv")
    swedish = dict(zip(exported["municipality_code"], exported["name_sv"], strict=False))
    assert {code: swedish[code] for code in SWEDISH} == SWEDISH
    csv_text = exports.to_csv(exported, delimiter=";").decode("utf-8-sig")
    for code, name in SWEDISH.items():
        assert f'"{code}";"{FINNISH[code]}";"{name}"' in csv_text
    workbook = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, dataset.catalog, "alla", "sv")))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    column = rows[0].index("name_sv")
    assert set(SWEDISH.values()) <= {row[column] for row in rows[1:]}
    assert not set(FINNISH.values()) & {row[column] for row in rows[1:]}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_download_states_the_datas_date(dataset, lang):
    rows = apply(dataset.memberships, FilterState(lang=lang, partnerships=("ecosystem",)))
    exported = exports.export_rows(rows, dataset.catalog, lang)
    assert set(exported["data_as_of"]) == {"2026-12-07"}
    for delimiter in (",", ";"):
        text = exports.to_csv(exported, delimiter=delimiter).decode("utf-8-sig")
        records = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        assert len(records) == len(rows) and {record["data_as_of"] for record in records} == {"2026-12-07"}
    workbook = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, dataset.catalog, "-", lang)))
    about = {row[0]: row[1] for row in workbook.worksheets[1].iter_rows(values_only=True)}
    assert about[t("current.data_as_of_label", lang)] == "2026-12-07"
    header, first = list(workbook.worksheets[0].iter_rows(values_only=True))[:2]
    assert first[header.index("data_as_of")] == "2026-12-07"
    geometries = {code: {"type": "Point", "coordinates": [25.0, 62.0]} for code in exported["municipality_code"]}
    features = json.loads(exports.to_geojson(exported, geometries))["features"]
    assert {feature["properties"]["data_as_of"] for feature in features} == {"2026-12-07"}
    as_of = t("current.data_as_of", lang, date=AS_OF[lang])
    assert as_of in footer_text(lang, True, as_of=as_of)
    page = html_map.interactive_map(rows, dataset.catalog, _geometry(dataset), lang, "-").decode("utf-8")
    assert f'<footer><p class="meta">{as_of}</p></footer>' in page


def _geometry(dataset):
    from components.model.map import prepare_geometry

    return prepare_geometry(dataset.cities, None)


def test_an_uploaded_lists_rows_carry_no_data_date(dataset):
    from datetime import datetime

    from components.data.memberships import UploadedList

    uploaded = UploadedList("list.csv", 3, datetime(2026, 12, 7, 12, 0))
    exported = exports.export_rows(dataset.memberships.head(3), dataset.catalog, "en", uploaded=uploaded)
    assert set(exported["data_as_of"]) == {""}
