"""The population-size filter (`?size=`), run headless with Streamlit's AppTest: with population
figures it narrows the map, the counts, the table and the downloads; without them (turned off,
or not loaded) its control is disabled and says why, and a link's size is kept, not applied, and
said so, in fi, sv and en."""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from components.base.i18n import LANGUAGES, t
from components.data.population import size_class_label
from harness.load_client import drawn_layers, headline
from tests.helpers.apptest import layer_codes, map_args, run_app
from tests.helpers.facts import MEMBERSHIP_ROWS
from tests.helpers.paths import POPULATION, require
from tests.helpers.servers import closed_port

pytestmark = pytest.mark.usefixtures("fresh_caches")  # the page's views are cached per process


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """file name -> what makes the file, for every download button the page draws (the page
    makes a file only when its button is pressed; here the test presses it)."""
    made: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def recording(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", recording)
    return made


def with_population(monkeypatch) -> None:
    monkeypatch.setenv("FINMAP_POPULATION", str(require(POPULATION)))


def counts(app) -> dict[str, str]:
    (line,) = [found for markdown in app.markdown if (found := headline(markdown.value))]
    return line


def codes_of_at_least(figures: dict[str, int], dataset, people: int) -> set[str]:
    return {code for code in set(dataset.memberships["municipality_code"]) if figures[code] >= people}


def test_a_size_link_narrows_the_map_counts_table_and_downloads(monkeypatch, dataset, shared_figures, downloads):
    with_population(monkeypatch)
    app = run_app(monkeypatch, lang="en", size="250k-plus", tab="table")
    largest = codes_of_at_least(shared_figures, dataset, 250_000)
    assert largest == {"091", "049", "837", "092"}  # Helsinki, Espoo, Tampere, Vantaa: not Oulu nor Turku
    control = app.multiselect(key="sizes")
    assert control.label == "Population size" and control.value == ["250k-plus"] and not control.disabled
    assert not app.info and app.query_params["size"] == "250k-plus"
    assert layer_codes(app) == largest
    expected_rows = dataset.memberships[dataset.memberships["municipality_code"].isin(largest)]
    assert counts(app)["Municipalities"] == "4"
    table = app.dataframe[0].value
    assert set(table["Code"]) == largest and len(table) == len(expected_rows)
    # The CSV download: the same rows, its name says the size.
    (name,) = [name for name in downloads if name.endswith(".csv")]
    assert "_size-250k-plus_" in name
    rows = list(csv.DictReader(io.StringIO(downloads[name]().decode("utf-8-sig"))))
    assert {row["municipality_code"] for row in rows} == largest and len(rows) == len(expected_rows)
    # Every other download is named by the size too (the workbook, the pictures, the map).
    assert {name.rsplit(".", 1)[1] for name in downloads if "_size-250k-plus_" in name} >= {"xlsx", "png", "html"}


def test_choosing_sizes_in_the_control_writes_them_into_the_link(monkeypatch, dataset, shared_figures):
    with_population(monkeypatch)
    app = run_app(monkeypatch, lang="fi")
    control = app.multiselect(key="sizes")
    assert control.options == [size_class_label(c, "fi") for c in ("under-20k", "20-50k", "50-100k", "100-250k")] + [
        size_class_label("250k-plus", "fi")
    ]
    control.set_value(["100-250k", "250k-plus"]).run()
    assert app.query_params["size"] == "100-250k,250k-plus"
    expected = codes_of_at_least(shared_figures, dataset, 100_000)
    assert layer_codes(app) == expected and counts(app)["Kunnat"] == str(len(expected))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_with_population_off_the_control_says_why_and_the_links_size_waits(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang, size="250k-plus")  # the tests' population is off
    control = app.multiselect(key="sizes")
    assert control.disabled and control.value == ["250k-plus"]
    assert t("size.turn_on", lang) in [caption.value for caption in app.caption]
    # Kept in the link, not applied, and said so.
    assert app.query_params["size"] == "250k-plus"
    assert sum(len(codes) for codes in drawn_layers(map_args(app)).values()) == MEMBERSHIP_ROWS
    notice = t("size.not_applied", lang, classes=size_class_label("250k-plus", lang))
    assert [info.value for info in app.info] == [notice]


def test_with_figures_that_did_not_load_the_control_says_so(monkeypatch):
    monkeypatch.setenv("FINMAP_POPULATION", f"http://127.0.0.1:{closed_port()}/wfs")
    app = run_app(monkeypatch, lang="sv", size="20-50k")
    assert app.multiselect(key="sizes").disabled
    captions = [caption.value for caption in app.caption]
    assert t("size.not_loaded", "sv") in captions and t("size.turn_on", "sv") not in captions
    assert app.query_params["size"] == "20-50k"
    notice = t("size.not_applied", "sv", classes=size_class_label("20-50k", "sv"))
    assert notice in [info.value for info in app.info]


def test_without_a_size_the_control_is_disabled_and_nothing_is_said_above_the_map(monkeypatch):
    app = run_app(monkeypatch, lang="en")
    assert app.multiselect(key="sizes").disabled and not app.info
    assert "size" not in app.query_params
