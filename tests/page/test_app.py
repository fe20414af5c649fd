"""The page, run headless with Streamlit's AppTest: filters and links give the right rows and
the right layers in the st_folium component's arguments."""

from __future__ import annotations

import errno
import functools
import json
import re
import runpy
import socket
import time

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from components.base.i18n import t
from components.model.link import TABS
from components.page import resources, views
from components.page.first_run import REST_BUTTON
from components.render import assets
from harness.load_client import drawn_layers, headline
from tests.helpers.apptest import block_fact, layer_codes, map_args, membership_blocks, run_app, shown
from tests.helpers.filter_examples import FILTER_EXAMPLES
from tests.helpers.paths import FIXTURE_DATA, POPULATION, REFERENCE_MUNICIPALITIES, ROOT, require


def geometry_store(args: dict) -> dict:
    """The geometry store the map's code file points to (both are files under static/)."""
    generated = ROOT / "static" / "generated"
    (code,) = [link for link in args["js_links"] if link.startswith("/app/static/generated/")]
    text = (generated / code.rsplit("/", 1)[1]).read_text(encoding="utf-8")
    (url,) = re.findall(r'finmap\.fetchStore\("/app/static/generated/([0-9a-f]+\.geojson)"\)', text)
    return json.loads((generated / url).read_text(encoding="utf-8"))


def metrics(app: AppTest) -> list[str]:
    """The headline's numbers: municipalities, partnerships, themes."""
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    return list(line.values())


@pytest.fixture(scope="module")
def bundled():
    """What the page shows when nothing is filtered, counted from the bundled data itself."""
    from components.data.memberships import load_dataset

    rows = load_dataset(ROOT / "data").memberships
    return {
        "codes": set(rows["municipality_code"]),
        "partnerships": rows["partnership_id"].nunique(),
        "themes": len({theme for themes in rows["themes"] for theme in themes.split(";") if theme}),
        "urban_policy_group": int((rows["partnership_id"] == "urban-policy-group").sum()),
    }


def test_default_view_shows_every_partnership_in_english(monkeypatch, bundled):
    app = run_app(monkeypatch)
    assert app.title[0].value == "State–city partnerships in Finland"
    assert metrics(app) == [str(len(bundled["codes"])), str(bundled["partnerships"]), str(bundled["themes"])]
    args = map_args(app)
    assert args["returned_objects"] == ["last_active_drawing"]
    assert re.fullmatch(r"/app/static/generated/[0-9a-f]+\.js", args["js_links"][0])  # our drawing code
    assert args["js_links"][1:] == ["/app/static/leaflet/leaflet.js"]
    assert f"Urban policy cooperation group ({bundled['urban_policy_group']})" in args["layer_control"]
    assert layer_codes(app) == bundled["codes"]
    assert app.query_params == {"lang": "en"}


def test_a_link_restores_partnership_and_language(monkeypatch):
    app = run_app(monkeypatch, partnership="vitality", lang="sv")
    assert app.title[0].value == "Partnerskap mellan staten och städerna"
    assert metrics(app) == ["3", "1", "2"]
    assert layer_codes(app) == {"179", "297", "398"}
    assert "Livskraftspartnerskap (3)" in map_args(app)["layer_control"]
    assert app.multiselect(key="partnerships").value == ["vitality"]


def test_choosing_a_partnership_changes_layers_and_url(monkeypatch):
    app = run_app(monkeypatch)
    app.multiselect(key="partnerships").set_value(["east-finland"]).run()
    assert layer_codes(app) == {"167", "405", "153"}
    assert app.query_params == {"lang": "en", "partnership": "east-finland"}
    assert metrics(app)[0] == "3"


def test_theme_options_follow_partnerships_and_reset_clears(monkeypatch, bundled):
    app = run_app(monkeypatch, partnership="strategic", theme="gang-crime", region="Uusimaa")
    themes = app.multiselect(key="themes")
    assert themes.options == ["Preventing gang crime", "Early childhood education workforce shortage"]
    assert themes.value == ["gang-crime"]
    assert layer_codes(app) == {"091", "049", "092"}
    app.button[0].click().run()
    assert app.multiselect(key="partnerships").value == [] and app.multiselect(key="regions").value == []
    assert layer_codes(app) == bundled["codes"]
    assert "partnership" not in app.query_params


def test_bad_link_parameters_are_ignored_with_a_notice(monkeypatch):
    app = run_app(monkeypatch, partnership="strategic,<b>x</b>", colour="red")
    texts = [shown(info.value) for info in app.info]
    assert any("“colour” is not known" in text for text in texts)
    assert any("“<b>x</b>”" in text for text in texts)
    assert layer_codes(app) == {"091", "049", "837", "092", "564", "853"}


def test_choosing_a_city_shows_its_memberships_and_the_discrepancy(monkeypatch, bundled):
    app = run_app(monkeypatch, city="286", lang="fi")  # Kouvola
    assert app.header[0].value == "Kouvola"
    blocks = membership_blocks(app)
    assert list(blocks) == ["growth-cities", "urban-policy-group"]
    assert blocks["growth-cities"].startswith("**Keskisuurten kasvukaupunkien kumppanuus**")
    assert blocks["urban-policy-group"].startswith("**Kaupunkipolitiikan yhteistyöryhmä**")
    assert "**Lähteet eivät täsmää.**" in blocks["growth-cities"]
    # The row's note in the page language (note_fi).
    assert "Ei mainita ruotsinkielisessä tiedotteessa" in block_fact(blocks["growth-cities"], "Huomio")
    assert metrics(app) == ["1", "2", "2"]
    # The map stays explorable: all partnership layers, with the city highlighted.
    assert layer_codes(app) == bundled["codes"]


def test_a_click_on_the_map_selects_the_city(monkeypatch):
    app = run_app(monkeypatch)
    app.session_state["map"] = {"last_active_drawing": {"type": "Feature", "properties": {"municipality_code": "167"}}}
    app.run()
    assert app.selectbox(key="city").value == "167"
    assert app.query_params == {"lang": "en", "city": "167"}
    assert app.header[0].value == "Joensuu"


def test_polygons_from_official_boundaries(monkeypatch):
    app = run_app(monkeypatch, boundaries=str(require(REFERENCE_MUNICIPALITIES)), partnership="mal")
    args = map_args(app)
    # Every shape is fetched once from a static file (the geometry store), not sent inline.
    store = geometry_store(args)
    assert sum(feature["properties"]["context"] for feature in store["features"]) == 309
    assert "coordinates" not in args["feature_group"] and "coordinates" not in args["script"]
    assert set(drawn_layers(args)) == {"mal"}
    assert app.caption[1].value.startswith("Official municipal boundaries")


def test_unreachable_boundaries_fall_back_to_points_with_a_reason(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    source = f"http://127.0.0.1:{port}/wfs"
    app = run_app(monkeypatch, boundaries=source)
    # The download runs in the background; the page says so and shows points, then the reason.
    deadline = time.monotonic() + 30
    while resources.boundaries_loading(source):
        assert time.monotonic() < deadline, "the download never ended"
        time.sleep(0.1)
    app.run()
    # One line in plain words; the reason behind its disclosure.
    (notice,) = app.expander
    assert notice.label == t("calm.sources.boundaries_download", "en")
    assert any("showing city points instead" in shown(markdown.value) for markdown in notice.markdown)
    assert not app.info
    store = geometry_store(map_args(app))
    assert {feature["geometry"]["type"] for feature in store["features"]} == {"Point"}


def test_presentation_mode_steps_through_partnerships_with_shareable_links(monkeypatch):
    app = run_app(monkeypatch, present="1", lang="fi")
    assert app.title[0].value == "Kaikki kumppanuudet"
    assert len(app.tabs) == 0  # no tables or tabs: the map fills the screen
    app.button(key="present_next").click().run()
    assert app.title[0].value == "Kuuden suurimman kaupungin strateginen kumppanuus"
    assert app.query_params == {"lang": "fi", "partnership": "strategic", "present": "1"}
    assert layer_codes(app) == {"091", "049", "837", "092", "564", "853"}
    app.button(key="present_previous").click().run()
    assert app.title[0].value == "Kaikki kumppanuudet" and "partnership" not in app.query_params
    app.button(key="present_exit").click().run()
    assert app.title[0].value == "Valtion ja kaupunkien kumppanuudet"
    assert "present" not in app.query_params and len(app.tabs) == len(TABS)


def test_table_tab_lists_exactly_the_filtered_rows(monkeypatch):
    app = run_app(monkeypatch, partnership="mal", region="Pirkanmaa", lang="sv")
    assert not app.dataframe  # the sources tab is open on arrival; the table waits for its tab
    app.session_state["main_tabs"] = "Tabell och nedladdningar"
    app.run()
    table = app.dataframe[0].value
    assert len(table) == 8
    assert set(table["Kommun"]) == {
        "Kangasala",
        "Lempäälä",
        "Nokia",
        "Orivesi",
        "Birkala",
        "Tammerfors",
        "Vesilahti",
        "Ylöjärvi",
    }
    assert set(table["Grupp"]) == {"Tampereen seutu"}


@pytest.fixture(autouse=True)
def fresh_caches():
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


def test_the_page_runs_on_the_data_folder_that_finmap_data_dir_names(monkeypatch, fixture_data):
    # The fixture folder (tests/fixtures/data): 14 municipalities in 7 partnerships.
    app = run_app(monkeypatch, lang="fi", city="405")  # Lappeenranta
    codes = set(fixture_data.memberships["municipality_code"])
    assert len(codes) == 14 and metrics(app)[:2] == ["1", "3"]  # the chosen city: 3 partnerships
    assert layer_codes(app) == codes  # every layer of the folder's data stays on the map
    # The city's details: the ecosystem row's end date, its note in Finnish and its focus areas.
    ecosystem = membership_blocks(app)["ecosystem"]
    assert block_fact(ecosystem, "Loppu") == "31.12.2027"
    assert "Allekirjoitettu 9.2.2021, voimassa 31.12.2027 saakka" in block_fact(ecosystem, "Huomio")
    focus_label = "Strategiset painopisteet 2021–2027 (vuoden 2021 teksti, lähteen kielellä)"
    assert block_fact(ecosystem, focus_label) == "Vihreä sähköistäminen"


def test_every_filter_has_its_widget_and_the_reset_clears_them_all(monkeypatch):
    from components.base.i18n import t
    from components.model.filters import FILTERS, FilterState
    from components.model.link import to_query_params

    link = to_query_params(FilterState(lang="fi", **FILTER_EXAMPLES))
    assert set(link) == {"lang", *(spec.param for spec in FILTERS)}  # the link sets every filter
    monkeypatch.setenv("FINMAP_POPULATION", str(require(POPULATION)))  # the size filter needs figures
    app = run_app(monkeypatch, **link)
    # None of its values was ignored. (Together they leave no row, so the page says that the
    # chosen city is not among what the other filters show: a notice of the view, not of the link.)
    excluded = t("city_excluded.text", "fi", city="", filters="").split(" ", 1)[1][:30]
    assert not [info.value for info in app.info if excluded not in info.value]
    for spec in FILTERS:
        widget = app.selectbox(key=spec.key) if spec.single else app.multiselect(key=spec.key)
        assert widget.label == t(spec.label, "fi")
        assert widget.value == spec.to_widget(link[spec.param].split(","))
    assert app.query_params == link
    (reset,) = [button for button in app.button if button.label == t("filters.reset", "fi")]
    reset.click().run()
    for spec in FILTERS:
        widget = app.selectbox(key=spec.key) if spec.single else app.multiselect(key=spec.key)
        assert widget.value in (None, [])
    assert app.query_params == {"lang": "fi"}


def test_a_theme_the_new_partnership_choice_rules_out_is_dropped(monkeypatch):
    app = run_app(monkeypatch, partnership="strategic", theme="gang-crime")
    assert app.multiselect(key="themes").value == ["gang-crime"]
    app.multiselect(key="partnerships").set_value(["mal"]).run()
    assert app.multiselect(key="themes").value == []
    assert app.multiselect(key="themes").options == ["Land use", "Housing", "Transport"]
    assert app.query_params == {"lang": "en", "partnership": "mal"}


def test_a_sessions_first_page_is_the_heading_and_the_linked_map_then_the_rest(monkeypatch):
    """components/page/first_run.py: the first run draws the heading and the map with the link's
    filters; the map's press of the hidden button brings the rest, with the same map."""
    monkeypatch.setenv("FINMAP_BOUNDARIES", "off")
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.query_params["partnership"] = "vitality"
    app.query_params["lang"] = "sv"
    app.run()
    assert not app.exception
    assert layer_codes(app) == {"179", "297", "398"}  # Jyväskylä, Kuopio, Lahti
    first_counts = metrics(app)
    assert first_counts[:2] == ["3", "1"]
    assert [caption.value for caption in app.sidebar.caption] == [t("layout.loading_filters", "sv")]
    assert not app.multiselect and not app.tabs and not app.checkbox
    first_args = map_args(app)
    app.button(key=REST_BUTTON).click().run()
    assert not app.exception
    assert app.multiselect(key="partnerships").value == ["vitality"]
    assert len(app.tabs) == len(TABS) and app.checkbox
    assert not [button for button in app.button if button.key == REST_BUTTON]
    assert map_args(app) == first_args  # the map as drawn: nothing to redraw
    assert metrics(app) == first_counts
    assert app.query_params == {"lang": "sv", "partnership": "vitality"}


def test_the_upload_checks_worker_process_does_not_draw_the_page(monkeypatch):
    """The upload check runs in a process started with spawn (components/data/upload.py), which runs
    the main module, app.py, again as __mp_main__: it drew the whole page there, data and all."""
    drawn = []
    monkeypatch.setattr(st, "set_page_config", lambda *args, **kwargs: drawn.append("page"))
    monkeypatch.setattr(resources, "dataset", lambda *args, **kwargs: drawn.append("data"))
    runpy.run_path(str(ROOT / "app.py"), run_name="__mp_main__")
    assert drawn == []


def test_a_full_disk_for_the_static_files_still_draws_the_map(monkeypatch, tmp_path):
    """static/generated/ full (or read-only): the drawing code and its shapes travel inside the
    page instead of as files, and the page is the page, not the error box."""

    def disk_full(path, text):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(assets, "write_atomically", disk_full)
    # An empty folder for the files, so they must be written (in static/ they exist already).
    monkeypatch.setattr(views, "publish", functools.partial(assets.publish, target=tmp_path / "generated"))
    views._map_script_url.clear()  # a cached address of an earlier test would hide the fault
    try:
        app = run_app(monkeypatch, lang="fi")
        args = json.dumps(map_args(app))
        assert "data:text/javascript;base64," in args and "/generated/" not in args
        assert metrics(app)  # the counts above the map: the page, not the error box
        assert not app.error
    finally:
        views._map_script_url.clear()


def test_two_data_folders_in_one_server_each_get_their_own_map_geometry(monkeypatch, bundled):
    """The map's geometry was cached by its boundary source alone: after a page on a small data
    folder, a page on the bundled data drew with the small folder's cities (KeyError '186')."""
    monkeypatch.setenv("FINMAP_DATA_DIR", str(FIXTURE_DATA))
    small = run_app(monkeypatch)
    assert layer_codes(small) < bundled["codes"]
    monkeypatch.setenv("FINMAP_DATA_DIR", str(ROOT / "data"))
    app = run_app(monkeypatch)
    assert layer_codes(app) == bundled["codes"]
