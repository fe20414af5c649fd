"""Status not known, wherever a membership shows: on 1.1.2028 the urban policy cooperation
group's term is past its earliest end (April 2027, the parliamentary elections; facts U11), so its
23 municipalities stay on the map and in every list, marked "status not known since 1.4.2027" —
in the cards, a city's details, the heading, the table, every download and the timeline."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import openpyxl
import pytest

from components.base.i18n import LANGUAGES, counted, t
from components.data.periods import NOT_KNOWN_COLUMN
from components.model.cards import partnership_cards
from components.model.details import city_details, not_known_text
from components.model.filters import FilterState, apply, in_force_only
from components.model.map import prepare_geometry
from components.model.wording import format_date
from components.render import exports, html_map, timeline
from components.render.map import map_view
from tests.helpers.facts import NEW_YEAR_2028

GROUP = "urban-policy-group"
MEMBERS = 23  # U11, S7
EARLIEST_END = "2027-04-01"


def mark(lang: str) -> str:
    return t("status_not_known.mark", lang, date=format_date(EARLIEST_END, lang))


@pytest.fixture(scope="module")
def in_2028(dataset):
    return apply(dataset.memberships, FilterState(lang="en", day=NEW_YEAR_2028))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_card_and_the_heading_count_them(dataset, lang):
    shown = apply(dataset.memberships, in_force_only(FilterState(lang=lang, day=NEW_YEAR_2028)))
    cards = {c.partnership_id: c for c in partnership_cards(dataset.memberships, dataset.catalog, lang, in_force=shown)}
    assert cards[GROUP].on_map and cards[GROUP].members == MEMBERS
    assert t("status_not_known.card", lang, count=MEMBERS) in cards[GROUP].facts
    assert all(
        t("status_not_known.card", lang, count=MEMBERS) not in c.facts for pid, c in cards.items() if pid != GROUP
    )
    expected = t(
        "status_not_known.headline",
        lang,
        memberships=t("status_not_known.memberships", lang, count=MEMBERS),
        municipalities=counted("municipalities", MEMBERS, lang),
    )
    assert not_known_text(shown, lang) == expected
    today = apply(dataset.memberships, in_force_only(FilterState(lang=lang, day=date(2026, 12, 7))))
    assert not_known_text(today, lang) == ""
    today_cards = partnership_cards(dataset.memberships, dataset.catalog, lang, in_force=today)
    assert not any("status_not_known" in fact or mark(lang) in fact for c in today_cards for fact in c.facts)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_citys_details_say_it_on_the_day(dataset, lang):
    helsinki = city_details(dataset.memberships, dataset.catalog, "091", lang, NEW_YEAR_2028).blocks
    (group,) = [block for block in helsinki if block.partnership_id == GROUP]
    assert group.status == f"{t('status.active', lang)}, {mark(lang)}"
    assert not any(mark(lang) in block.status for block in helsinki if block.partnership_id != GROUP)
    before = city_details(dataset.memberships, dataset.catalog, "091", lang, date(2027, 3, 31)).blocks
    assert not any(mark(lang) in block.status for block in before)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_table_and_every_download_say_it(dataset, in_2028, lang):
    catalog = dataset.catalog
    exported = exports.export_rows(in_2028, catalog, lang)
    group = exported["partnership_id"] == GROUP
    assert group.sum() == MEMBERS
    assert set(exported.loc[group, "status_label"]) == {f"{t('status.active', lang)}, {mark(lang)}"}
    assert set(exported.loc[group, NOT_KNOWN_COLUMN]) == {EARLIEST_END}
    assert set(exported.loc[~group, NOT_KNOWN_COLUMN]) == {""}
    assert not any(mark(lang) in label for label in exported.loc[~group, "status_label"])
    table = exports.table_view(exported, lang)
    assert (table[t("column.status", lang)] == f"{t('status.active', lang)}, {mark(lang)}").sum() == MEMBERS
    for delimiter in (",", ";"):
        text = exports.to_csv(exported, delimiter).decode("utf-8-sig")
        records = list(csv.DictReader(io.StringIO(text), delimiter=delimiter))
        unknown = [r for r in records if r[NOT_KNOWN_COLUMN] == EARLIEST_END]
        assert len(unknown) == MEMBERS and {r["partnership_id"] for r in unknown} == {GROUP}
        assert {r["status_label"] for r in unknown} == {f"{t('status.active', lang)}, {mark(lang)}"}
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(exported, catalog, "x", lang))).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    column, labels = header.index(NOT_KNOWN_COLUMN), header.index("status_label")
    cells = [(row[column], row[labels]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [label for day, label in cells if day == EARLIEST_END] == [
        f"{t('status.active', lang)}, {mark(lang)}"
    ] * MEMBERS
    points = prepare_geometry(dataset.cities, None)
    features = json.loads(exports.to_geojson(exported, points.by_code))["features"]
    assert sum(f["properties"][NOT_KNOWN_COLUMN] == EARLIEST_END for f in features) == MEMBERS
    assert sum(f["properties"][NOT_KNOWN_COLUMN] is None for f in features) == len(features) - MEMBERS
    page = html_map.interactive_map(in_2028, catalog, points, lang, "x").decode("utf-8")
    assert page.count(mark(lang)) >= MEMBERS  # the members table, and the tooltips' marks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_map_marks_and_draws_them(dataset, in_2028, lang):
    points = prepare_geometry(dataset.cities, None)
    view = map_view(in_2028, dataset.catalog, points.by_code, lang)
    data = json.loads(view.data)
    labels = {spec.partnership_id: spec.label for spec in view.plan.layers}
    name = dataset.catalog.partnership(GROUP).name(lang)
    assert labels[GROUP] == t("status_not_known.layer", lang, name=name, count=MEMBERS)  # the legend says it
    assert labels["mal"].endswith(")") and t("status_not_known.bar", lang) not in labels["mal"]
    assert sum(marks.get(GROUP) == f" ({mark(lang)})" for marks in data["marks"].values()) == MEMBERS
    assert sum(GROUP in pids for pids in data["notKnown"].values()) == MEMBERS
    assert {pid for pids in data["notKnown"].values() for pid in pids} == {GROUP}
    today = apply(dataset.memberships, FilterState(lang=lang, day=date(2026, 12, 7)))
    assert json.loads(map_view(today, dataset.catalog, points.by_code, lang).data)["notKnown"] == {}


def test_the_timeline_draws_the_bar_solid_to_the_earliest_end(dataset):
    bars = timeline.timeline_bars(dataset.memberships, dataset.catalog, "fi")
    frame = timeline.chart_frame(bars, date(2026, 12, 7)).set_index("partnership_id")
    assert frame.loc[GROUP, "x_known"] == EARLIEST_END and frame.loc[GROUP, "not_known"]
    assert not frame.loc[GROUP, "open_ended"]
    assert frame.loc[GROUP, "span"] == "asetettu 10/2023; tilanne ei tiedossa 1.4.2027 alkaen"  # named after its event
    assert not frame.drop(index=GROUP)["not_known"].any()
    spec = json.dumps(timeline.timeline_chart(bars, date(2026, 12, 7), "fi").to_dict(), default=str)
    assert '"tilanne ei tiedossa"' in spec  # the words at the bar's earliest end
