"""A partnership's dated events as a membership sees them (components/model/events.py): which apply
to it, which one its start is and how that start is written; the catalog's strict checks of an
event (kind, source, scope); and the downloads' since_event column."""

from __future__ import annotations

import copy
import io
import tomllib

import pytest
from pydantic import ValidationError

from components.data import memberships
from components.data.catalog import CATALOG_PATH, Catalog, Event
from components.data.memberships import PARTNERSHIPS_PATH, check_file, event_scope_problems
from components.model.events import applies_to, named_start, signing_not_found, start_event, start_kind
from components.render import exports


def event(**fields) -> Event:
    base = {"date": "2024-09-23", "kind": "negotiation-result", "source": "S11", "fi": "f", "sv": "s", "en": "e"}
    return Event(**{**base, **fields})


def test_an_event_applies_to_its_group_its_municipality_or_with_no_scope_to_all():
    assert applies_to(event(), "Oulun seutu", "564") and applies_to(event(), "", "091")
    assert applies_to(event(group="Oulun seutu"), "Oulun seutu", "564")
    assert not applies_to(event(group="Oulun seutu"), "Helsingin seutu", "091")
    assert applies_to(event(municipality="179"), "", "179")
    assert not applies_to(event(municipality="179"), "", "837")


def test_the_start_is_the_event_of_that_day_that_applies_scoped_before_whole(dataset):
    catalog = dataset.catalog
    # Oulu region: since the signing 13.12.2024 (S12), its own group's event.
    assert start_event(catalog, "mal", "Oulun seutu", "564", "2024-12-13").source == "S12"
    assert start_kind(catalog, "mal", "Oulun seutu", "564", "2024-12-13") == "signing"
    # Helsinki region: since 23.9.2024, the negotiation result of all seven (S11); its own of
    # 17.9.2024 is another day.
    assert start_kind(catalog, "mal", "Helsingin seutu", "091", "2024-09-23") == "negotiation-result"
    # A signing of another group on that day is not this membership's start.
    assert start_kind(catalog, "mal", "Turun seutu", "853", "2024-12-13") == ""
    assert start_kind(catalog, "strategic", "", "091", "2023-11-16") == "first-meeting"
    assert start_kind(catalog, "urban-policy-group", "", "091", "2023-10") == "appointment"
    assert start_kind(catalog, "vitality", "", "179", "") == ""  # no start given
    assert start_kind(catalog, "ecosystem", "", "179", "2021-02-10") == ""  # no event that day


def test_a_scoped_event_wins_over_the_whole_partnerships_on_the_same_day(dataset):
    catalog = dataset.catalog.model_copy(deep=True)
    mal = catalog.partnership("mal")
    own = event(date="2024-09-23", kind="signing", source="S12", group="Lahden seutu")
    changed = mal.model_copy(update={"events": (*mal.events, own)})
    catalog = Catalog.model_validate(
        {**catalog.model_dump(), "partnerships": [changed if p.id == "mal" else p for p in catalog.partnerships]}
    )
    assert start_kind(catalog, "mal", "Lahden seutu", "398", "2024-09-23") == "signing"
    assert start_kind(catalog, "mal", "Turun seutu", "853", "2024-09-23") == "negotiation-result"


@pytest.mark.parametrize(
    ("since", "kind", "lang", "expected"),
    [
        ("2024-09-23", "negotiation-result", "fi", "neuvottelutulos 23.9.2024"),
        ("2024-09-23", "negotiation-result", "sv", "förhandlingsresultat 23.9.2024"),
        ("2024-09-23", "negotiation-result", "en", "negotiation result 23.9.2024"),
        ("2024-12-13", "signing", "fi", "allekirjoitettu 13.12.2024"),
        ("2024-12-13", "signing", "sv", "undertecknat 13.12.2024"),
        ("2024-12-13", "signing", "en", "signed 13.12.2024"),
        ("2023-10", "appointment", "fi", "asetettu 10/2023"),
        ("2024-05-01", "", "fi", "1.5.2024"),  # no event: the date alone
        ("", "", "en", ""),
    ],
)
def test_a_start_is_named_after_its_event(since, kind, lang, expected):
    assert named_start(since, kind, lang) == expected


def test_a_signing_not_found_is_said_where_other_groups_have_one(dataset):
    catalog = dataset.catalog
    assert signing_not_found(catalog, "mal", "Helsingin seutu", "091")
    assert not signing_not_found(catalog, "mal", "Oulun seutu", "564")
    assert not signing_not_found(catalog, "ecosystem", "", "179")  # all signed 9.2.2021 (S10)
    assert not signing_not_found(catalog, "strategic", "", "091")  # no signing to speak of


def raw_catalog() -> dict:
    with CATALOG_PATH.open("rb") as handle:
        return tomllib.load(handle)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "celebration"}, "unknown event kind 'celebration'"),
        ({"source": "S999"}, "unknown source 'S999'"),
        ({"municipality": "Oulu"}, "three-digit code"),
        ({"group": "Oulun seutu", "municipality": "564"}, "not both"),
        ({"date": "13.12.2024"}, "not a date"),
    ],
)
def test_a_bad_event_is_a_clear_error(change, message):
    data = copy.deepcopy(raw_catalog())
    mal = next(p for p in data["partnerships"] if p["id"] == "mal")
    mal["events"][0].update(change)
    with pytest.raises(ValidationError, match=message):
        Catalog.model_validate(data)


def test_every_event_needs_a_kind():
    data = copy.deepcopy(raw_catalog())
    del data["partnerships"][0]["events"][0]["kind"]
    with pytest.raises(ValidationError, match="kind"):
        Catalog.model_validate(data)


def test_an_event_for_a_group_or_municipality_without_rows_is_a_problem(dataset):
    assert event_scope_problems(dataset.catalog, dataset.memberships) == []
    data = copy.deepcopy(raw_catalog())
    mal = next(p for p in data["partnerships"] if p["id"] == "mal")
    mal["events"][0]["group"] = "Porin seutu"
    eco = next(p for p in data["partnerships"] if p["id"] == "ecosystem")
    eco["events"][-1]["municipality"] = "091"  # Helsinki is in the ecosystem: fine
    eco["events"][0]["municipality"] = "005"  # Alajärvi is not
    problems = event_scope_problems(Catalog.model_validate(data), dataset.memberships)
    assert [(p.column, p.value, p.reason) for p in problems] == [
        ("group", "Porin seutu", "events.group_unknown"),
        ("municipality_code", "005", "events.municipality_unknown"),
    ]
    assert problems[0].message("en") == (
        "The event of 2024-09-16 in the partnership “mal” is for the group “Porin seutu”, "
        "which has no row in that partnership."
    )
    assert "ryhmää ”Porin seutu”" in problems[0].message("fi")
    assert "kommunen ”005”" in problems[1].message("sv")


def test_the_command_line_check_holds_the_published_file_to_its_events_and_no_other(tmp_path, monkeypatch):
    """The published rows without Jyväskylä's ecosystem row, whose event the catalog dates: clean
    as any other list (an upload may hold fewer rows), a problem as the published file."""
    lines = PARTNERSHIPS_PATH.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith("ecosystem,179,")]
    assert len(kept) == len(lines) - 1
    fewer = tmp_path / "partnerships.csv"
    fewer.write_text("".join(kept), encoding="utf-8")
    out = io.StringIO()
    assert check_file(fewer, "en", out=out) == 0
    assert out.getvalue() == f"{fewer}: {len(kept) - 1} rows, no problems.\n"
    monkeypatch.setattr(memberships, "PARTNERSHIPS_PATH", fewer)
    out = io.StringIO()
    assert check_file(fewer, "en", out=out) == 1
    assert "is for the municipality “179”, which has no row in that partnership." in out.getvalue()
    assert out.getvalue().splitlines()[-1] == f"{fewer}: {len(kept) - 1} rows accepted, 0 rejected, 1 problem."


def test_the_downloads_say_which_event_each_start_is(dataset):
    rows = dataset.memberships
    exported = exports.export_rows(rows, dataset.catalog, "en")
    by_key = exported.set_index(["partnership_id", "municipality_code"])["since_event"]
    assert by_key[("mal", "564")] == "signing"
    assert by_key[("mal", "091")] == "negotiation-result"
    assert by_key[("strategic", "091")] == "first-meeting"
    assert by_key[("vitality", "179")] == ""
    assert list(exported.columns).index("since_event") == list(exported.columns).index("since_precision") + 1
