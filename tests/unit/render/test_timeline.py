"""The timeline (components/render/timeline.py): its bars from the data's periods, split into groups
only where their dates differ; what ends within the next 18 months, in words, in fi/sv/en; and
the chart's drawing data and selection."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components.base.i18n import t
from components.data.catalog import bundled_catalog
from components.data.periods import periods
from components.model.filters import FilterState
from components.model.link import TABS, to_query_params
from components.render.timeline import (
    SELECTION,
    chart_domain,
    chart_frame,
    ending_soon,
    ends_soon_text,
    text_alternative,
    timeline_bars,
    timeline_chart,
)

TODAY = date(2026, 11, 28)


def test_the_bundled_data_has_a_bar_per_partnership_and_per_mal_region_as_oulu_began_later(dataset):
    rows = dataset.memberships
    bars = timeline_bars(rows, dataset.catalog, "en")
    spans = periods(rows)
    # Each partnership's rows share one period in the bundled data, except MAL's: the Oulu region
    # began at its signing (13.12.2024, S12), the others at the negotiation result, so MAL is a
    # bar per city region. Catalog order; each bar from its rows' period.
    in_data = [pid for pid in dataset.catalog.partnership_ids if pid in set(rows["partnership_id"])]
    assert list(dict.fromkeys(bars["partnership_id"])) == in_data
    mal_regions = set(rows.loc[rows["partnership_id"] == "mal", "group"])
    assert set(bars.loc[bars["partnership_id"] == "mal", "group"]) == mal_regions and len(mal_regions) == 7
    assert (bars.loc[bars["partnership_id"] != "mal", "group"] == "").all()
    for bar in bars.itertuples(index=False):
        own = (rows["partnership_id"] == bar.partnership_id) & (bar.group == "" or rows["group"] == bar.group)
        assert spans[own].nunique() == 1
        period = spans[own].iloc[0]
        assert (bar.start, bar.end, bar.planned, bar.undated) == (
            period.start,
            period.end,
            period.planned,
            period.undated,
        )
        assert bar.municipalities == rows.loc[own, "municipality_code"].nunique()
        name = dataset.catalog.partnership(bar.partnership_id).name("en")
        assert bar.label == (f"{name} – {bar.group}" if bar.group else name)
    dated = bars[~bars["undated"]]
    assert set(dated["partnership_id"]) == {
        pid for pid in in_data if not spans[rows["partnership_id"] == pid].iloc[0].undated
    }
    # What the sources say: MAL runs to the agreement period's last year, the ecosystem
    # agreements to 31.12.2027; vitality has no dates, Eastern Finland is planned with none.
    by_id = bars.set_index(["partnership_id", "group"])
    assert by_id.loc[("mal", "Oulun seutu"), "start"] == date(2024, 12, 13)
    assert by_id.loc[("mal", "Oulun seutu"), "span"] == "signed 13.12.2024–31.12.2035"
    assert by_id.loc[("mal", "Turun seutu"), "span"] == "negotiation result 23.9.2024–31.12.2035"
    assert by_id.loc[("mal", "Turun seutu"), "end"] == date(2035, 12, 31)
    assert not by_id.loc[("mal", "Turun seutu"), "open_ended"]
    by_id = bars.set_index("partnership_id")
    assert by_id.loc["ecosystem", "end"] == date(2027, 12, 31)
    assert by_id.loc["growth-cities", "open_ended"] and by_id.loc["growth-cities", "start"] == date(2024, 5, 23)
    assert by_id.loc["vitality", "undated"] and not by_id.loc["vitality", "planned"]
    assert by_id.loc["east-finland", "undated"] and by_id.loc["east-finland", "planned"]
    # A month stays a month, the start is named after its event, and the term ends with the
    # government's: not known from April 2027 (U11).
    assert by_id.loc["urban-policy-group", "span"] == "appointed 10/2023; status not known since 1.4.2027"
    assert by_id.loc["urban-policy-group", "not_known_from"] == date(2027, 4, 1)
    assert not by_id.loc["urban-policy-group", "open_ended"]
    assert by_id.loc["ecosystem", "source_ids"] == ", ".join(dataset.catalog.partnership("ecosystem").sources)
    assert by_id.loc["ecosystem", "sources"][0].startswith("S1: ")


def made_up_rows() -> pd.DataFrame:
    """MAL regions that end on different days, and ecosystem cities of which one (without a
    group) has a later agreement than the rest."""
    rows = [
        ("mal", "091", "Helsingin seutu", "2024-09-23", "", "2024–2035"),
        ("mal", "049", "Helsingin seutu", "2024-09-23", "", "2024–2035"),
        ("mal", "837", "Tampereen seutu", "2024-09-23", "2027-12-31", "2024–2035"),
        ("mal", "853", "Turun seutu", "2025-01", "", "2024–2035"),
        ("ecosystem", "179", "", "2021-02-09", "2027-12-31", "2021–2027"),
        ("ecosystem", "564", "", "2021-02-09", "2027-12-31", "2021–2027"),
        ("ecosystem", "205", "Kajaani–Sotkamo", "2021-02-09", "2027-12-31", "2021–2027"),
        ("ecosystem", "405", "", "2022-06", "2028-06", ""),
        ("strategic", "092", "", "2023-11-16", "", ""),
    ]
    frame = pd.DataFrame(rows, columns=["partnership_id", "municipality_code", "group", "since", "until", "period"])
    return frame.assign(status="active")


def test_a_partnership_splits_into_its_groups_where_their_dates_differ():
    bars = timeline_bars(made_up_rows(), bundled_catalog(), "fi")
    mal = bars[bars["partnership_id"] == "mal"]
    assert mal["group"].tolist() == ["Helsingin seutu", "Tampereen seutu", "Turun seutu"]
    assert mal["label"].tolist() == [
        "MAL-sopimukset (maankäyttö, asuminen, liikenne) – Helsingin seutu",
        "MAL-sopimukset (maankäyttö, asuminen, liikenne) – Tampereen seutu",
        "MAL-sopimukset (maankäyttö, asuminen, liikenne) – Turun seutu",
    ]
    assert mal["end"].tolist() == [date(2035, 12, 31), date(2027, 12, 31), date(2035, 12, 31)]
    assert mal["start"].tolist() == [date(2024, 9, 23), date(2024, 9, 23), date(2025, 1, 1)]
    assert mal["municipalities"].tolist() == [2, 1, 1]
    assert mal["span"].tolist() == [
        "neuvottelutulos 23.9.2024–31.12.2035",  # the start is the negotiation result (S11)
        "neuvottelutulos 23.9.2024–31.12.2027",
        "1/2025–31.12.2035",  # no event on that day: the date alone
    ]
    # The ecosystem cities with no group but different dates: a bar per period, told apart by it;
    # the group that shares the ungrouped cities' dates is a bar of its own (it is an agreement).
    ecosystem = bars[bars["partnership_id"] == "ecosystem"]
    assert ecosystem["group"].tolist() == ["", "Kajaani–Sotkamo", ""]
    assert ecosystem["municipalities"].tolist() == [2, 1, 1]
    assert ecosystem["label"].tolist() == [
        "Ekosysteemisopimukset (yliopistokaupungit) (allekirjoitettu 9.2.2021–31.12.2027)",
        "Ekosysteemisopimukset (yliopistokaupungit) – Kajaani–Sotkamo",
        "Ekosysteemisopimukset (yliopistokaupungit) (6/2022–6/2028)",
    ]
    assert bars["bar_id"].is_unique
    # A partnership whose rows agree stays one bar.
    assert bars.loc[bars["partnership_id"] == "strategic", "group"].tolist() == [""]
    assert len(bars) == 7


def test_what_ends_within_18_months_of_a_fixed_today_is_named_with_its_date_and_members(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "en")
    soon = ending_soon(bars, TODAY)
    assert soon["partnership_id"].tolist() == ["ecosystem"]  # 31.12.2027 is within 28.5.2028
    assert ending_soon(bars, date(2025, 1, 1)).empty  # by 1.7.2026 nothing ends
    assert ending_soon(bars, date(2028, 1, 1)).empty  # the ecosystem agreements have ended


ECOSYSTEM_MEMBERS = 20  # tests/helpers/facts.py MEMBERS["ecosystem"]


@pytest.mark.parametrize(
    ("lang", "soon", "nothing"),
    [
        (
            "fi",
            "Päättyy seuraavien 18 kuukauden aikana (28.5.2028 mennessä): "
            "Ekosysteemisopimukset (yliopistokaupungit), 31.12.2027 (20 kuntaa).",
            "Mikään ei pääty seuraavien 18 kuukauden aikana (1.7.2026 mennessä). "
            "Seuraavaksi päättyy: Ekosysteemisopimukset (yliopistokaupungit), 31.12.2027 (20 kuntaa).",
        ),
        (
            "sv",
            "Upphör inom de följande 18 månaderna (senast 28.5.2028): "
            "Ekosystemavtal (universitetsstäder), 31.12.2027 (20 kommuner).",
            "Inget upphör inom de följande 18 månaderna (senast 1.7.2026). "
            "Upphör härnäst: Ekosystemavtal (universitetsstäder), 31.12.2027 (20 kommuner).",
        ),
        (
            "en",
            "Ending within the next 18 months (by 28.5.2028): "
            "Ecosystem agreements (university cities), 31.12.2027 (20 municipalities).",
            "Nothing ends within the next 18 months (by 1.7.2026). "
            "Next to end: Ecosystem agreements (university cities), 31.12.2027 (20 municipalities).",
        ),
    ],
)
def test_the_ends_soon_text_in_each_language(dataset, lang, soon, nothing):
    from tests.helpers.facts import MEMBERS

    assert MEMBERS["ecosystem"] == ECOSYSTEM_MEMBERS
    bars = timeline_bars(dataset.memberships, dataset.catalog, lang)
    assert ends_soon_text(bars, TODAY, lang) == soon
    assert ends_soon_text(bars, date(2025, 1, 1), lang) == nothing


def test_after_the_last_end_nothing_ends_and_nothing_is_next(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "en")
    assert ends_soon_text(bars, date(2036, 1, 1), "en") == "Nothing ends within the next 18 months (by 1.7.2037)."


def test_several_agreements_ending_soon_are_named_soonest_first():
    bars = timeline_bars(made_up_rows(), bundled_catalog(), "en")
    text = ends_soon_text(bars, date(2027, 1, 1), "en")
    assert text == (
        "Ending within the next 18 months (by 1.7.2028): "
        "MAL agreements (land use, housing, transport) – Tampereen seutu, 31.12.2027 (1 municipality); "
        "Ecosystem agreements (university cities) (signed 9.2.2021–31.12.2027), 31.12.2027 (2 municipalities); "
        "Ecosystem agreements (university cities) – Kajaani–Sotkamo, 31.12.2027 (1 municipality); "
        "Ecosystem agreements (university cities) (6/2022–6/2028), 30.6.2028 (1 municipality)."
    )


def test_the_chart_draws_open_ends_to_the_edge_and_undated_ones_on_today(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "en")
    left, right = chart_domain(bars, TODAY)
    assert left == date(2021, 1, 1)  # the ecosystem agreements began in 2021
    assert right > date(2035, 12, 31)  # MAL's end stops short of the edge open ends run to
    frame = chart_frame(bars, TODAY, chosen=("mal",)).set_index("partnership_id")
    assert frame.loc["strategic", "x_known"] == TODAY.isoformat()  # known to run until today
    assert frame.loc["strategic", "x_edge"] == right.isoformat()
    assert frame.loc["vitality", "x"] == TODAY.isoformat()
    assert set(frame.loc["mal", "x_known"]) == {"2035-12-31"}
    assert (frame["emphasis"] == (frame.index == "mal")).all()
    # Every source is a tooltip line of its own; the longest list sets how many lines there are.
    sources = dataset.catalog.partnership("ecosystem").sources
    assert [frame.loc["ecosystem", f"source_{i}"].split(":")[0] for i in range(len(sources))] == list(sources)


def test_the_chart_has_a_selection_and_each_bar_named_for_screen_readers(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "sv")
    spec = timeline_chart(bars, TODAY, "sv").to_dict()
    params = spec.get("params", []) + [param for layer in spec["layer"] for param in layer.get("params", [])]
    assert [param["name"] for param in params] == [SELECTION]
    assert params[0]["select"]["fields"] == ["partnership_id", "group"]
    assert len(params[0].get("views", [None])) == 1  # one layer: Vega-Lite draws nothing when it spans several
    rows = [row for values in spec["datasets"].values() for row in values]
    described = {row["description"] for row in rows if "description" in row}
    assert "Ekosystemavtal (universitetsstäder): undertecknat 9.2.2021–31.12.2027" in described
    assert "Livskraftspartnerskap: datum inte angivet" in described
    assert "Tematiskt partnerskap inom programmet för Östra Finland: planerat, datum inte angivet" in described
    today = [row["text"] for row in rows if "text" in row]
    assert today == ["I dag 28.11.2026"]


def test_the_text_alternative_has_a_line_per_bar(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "fi")
    table = text_alternative(bars, "fi")
    assert len(table) == len(bars)
    dates = t("timeline_view.column_dates", "fi")
    assert list(table.columns) == ["Kumppanuus", dates, "Kuntia", "Päivätyt tapahtumat", "Lähteet"]
    assert "päivämäärää ei ole annettu" in table.iloc[:, 1].tolist()


def test_the_timeline_is_a_tab_of_its_own_in_a_link():
    assert "timeline" in TABS
    assert to_query_params(FilterState(lang="en"), "timeline") == {"lang": "en", "tab": "timeline"}
    assert list(TABS)[-1] == "upload"  # new tabs before the uploader


def test_a_chosen_bar_names_its_partnership_and_group():
    from components.render.timeline import chosen_bar

    group_bar = {"selection": {SELECTION: [{"partnership_id": "mal", "group": "Turun seutu"}]}}
    assert chosen_bar(group_bar) == ("mal", "Turun seutu")
    assert chosen_bar({"selection": {SELECTION: [{"partnership_id": "ecosystem", "group": ""}]}}) == ("ecosystem", "")
    assert chosen_bar({"selection": {SELECTION: []}}) is None  # a click beside the bars
    assert chosen_bar({"selection": {}}) is None and chosen_bar(None) is None


def test_a_chosen_group_stands_out_with_its_partnerships_whole_bar():
    bars = timeline_bars(made_up_rows(), bundled_catalog(), "en")
    frame = chart_frame(bars, TODAY, chosen=("mal",), groups=("Turun seutu",))
    emphasised = frame.loc[frame["emphasis"], ["partnership_id", "group"]].values.tolist()
    assert emphasised == [["mal", "Turun seutu"]]
    whole = timeline_bars(
        made_up_rows().assign(until="", period="2024–2035", since="2024-09-23"), bundled_catalog(), "en"
    )
    frame = chart_frame(whole, TODAY, chosen=("mal",), groups=("Turun seutu",))
    assert frame.loc[frame["emphasis"], "partnership_id"].tolist() == ["mal"]  # one bar holds the group


def test_a_row_with_only_an_end_is_drawn_from_today_not_from_before_it():
    rows = pd.DataFrame(
        {
            "partnership_id": ["vitality", "strategic"],
            "municipality_code": ["091", "049"],
            "group": ["", ""],
            "since": ["", ""],
            "until": ["2027-06-30", "2025-06-30"],
            "period": ["", ""],
            "status": ["active", "active"],
        }
    )
    bars = timeline_bars(rows, bundled_catalog(), "en")
    assert bars["span"].tolist() == ["until 30.6.2025, start not given", "until 30.6.2027, start not given"]
    frame = chart_frame(bars, TODAY).set_index("partnership_id")
    assert (frame.loc["vitality", "x"], frame.loc["vitality", "x_known"]) == (TODAY.isoformat(), "2027-06-30")
    assert frame.loc["strategic", "x"] == frame.loc["strategic", "x_known"] == "2025-06-30"  # ended: no length


def test_each_event_is_a_marker_on_the_bars_it_applies_to(dataset):
    from components.render.timeline import marker_frame

    bars = timeline_bars(dataset.memberships, dataset.catalog, "fi")
    markers = marker_frame(bars, dataset.catalog, "fi", pd.Series([True] * len(bars)))
    on = {(row.group, row.event_date, row.event_kind) for row in markers.itertuples() if row.partnership_id == "mal"}
    regions = set(bars.loc[bars["partnership_id"] == "mal", "group"])
    # A group's event on its group's bar alone; the whole partnership's on every region's bar.
    assert {group for group, day, _ in on if day == "13.12.2024"} == {"Oulun seutu"}
    assert ("Oulun seutu", "13.12.2024", "allekirjoitus") in on
    assert {group for group, day, _ in on if day == "17.9.2024"} == {"Helsingin seutu"}
    assert {group for group, day, _ in on if day in ("16.9.2024", "21.10.2024")} == {"Tampereen seutu"}
    assert {group for group, day, kind in on if day == "23.9.2024" and kind == "neuvottelutulos"} == regions
    # Jyväskylä's update sits on the ecosystem bar, its tooltip naming the source and the scope.
    (update,) = markers[(markers["partnership_id"] == "ecosystem") & (markers["event_kind"] == "päivitys")].itertuples()
    assert (update.day, update.event_date) == ("2025-02-03", "3.2.2025")
    assert update.event_source.startswith("S26: ") and update.event_text.endswith("(179)")
    # A month is drawn on its first day.
    assert set(markers.loc[markers["partnership_id"] == "urban-policy-group", "day"]) == {"2023-10-01"}


def test_the_chart_draws_the_markers_with_their_tooltip_and_keeps_one_selection(dataset):
    bars = timeline_bars(dataset.memberships, dataset.catalog, "en")
    spec = timeline_chart(bars, TODAY, "en", catalog=dataset.catalog).to_dict()
    circles = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "circle"]
    assert len(circles) == 1
    titles = [tip["title"] for tip in circles[0]["encoding"]["tooltip"]]
    assert titles == ["Date", "Event", "What", "Source"]
    params = spec.get("params", []) + [param for layer in spec["layer"] for param in layer.get("params", [])]
    assert [param["name"] for param in params] == [SELECTION]
    assert len(params[0].get("views", [None])) == 1  # still one layer's
    rows = [row for values in spec["datasets"].values() for row in values]
    assert any(row.get("description") == "13.12.2024 signing: Oulu region agreement signed" for row in rows)
    # Without the catalog, no markers (the chart as it was).
    plain = timeline_chart(bars, TODAY, "en").to_dict()
    assert not [layer for layer in plain["layer"] if layer.get("mark", {}).get("type") == "circle"]
