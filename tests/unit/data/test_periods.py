"""When a membership is in force (components/data/periods.py): stored dates to days, agreement periods,
the in-force rule, and the stand-in for today."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components.data import periods
from components.data.periods import Period, first_day, in_force, last_day, parse_day, period_end, period_of


@pytest.mark.parametrize(
    ("stored", "first", "last"),
    [
        ("2024-09-23", date(2024, 9, 23), date(2024, 9, 23)),
        ("2023-10", date(2023, 10, 1), date(2023, 10, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # a leap year's February
        ("2027", date(2027, 1, 1), date(2027, 12, 31)),
        ("", None, None),
        (None, None, None),
        (float("nan"), None, None),
        ("2024-13", None, None),
        ("not a date", None, None),
    ],
)
def test_a_stored_date_spans_its_month_or_year(stored, first, last):
    assert first_day(stored) == first
    assert last_day(stored) == last


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2024–2035", date(2035, 12, 31)),
        ("2021-2027", date(2027, 12, 31)),
        ("2021 — 2027", date(2027, 12, 31)),
        ("0000-0000", None),  # year 0 is no day: no end, not an error that stops the page
        ("2035–2024", None),
        ("", None),
    ],
)
def test_an_agreement_period_ends_with_its_last_year(period, end):
    assert period_end(period) == end


@pytest.mark.parametrize("period", ["", "2024", "from 2024", "2024–"])
def test_a_period_without_two_years_gives_no_end(period):
    assert period_end(period) is None


def test_until_wins_over_the_period_and_the_period_ends_an_open_row():
    assert period_of("2021-02-09", "2027-06-30", "2021–2027").end == date(2027, 6, 30)
    assert period_of("2024-09-23", "", "2024–2035").end == date(2035, 12, 31)
    assert period_of("2024-05-23", "", "").open_ended


def test_in_force_on_a_day():
    running = Period(date(2024, 9, 23), date(2035, 12, 31))
    assert not running.in_force_on(date(2024, 9, 22))
    assert running.in_force_on(date(2024, 9, 23))
    assert running.in_force_on(date(2035, 12, 31))
    assert not running.in_force_on(date(2036, 1, 1))
    assert Period(None, None).undated and Period(None, None).in_force_on(date(1900, 1, 1))
    assert Period(date(2030, 1, 1), None).in_force_on(date(2099, 1, 1))


def test_in_force_keeps_undated_and_planned_rows_and_drops_ended_ones():
    rows = pd.DataFrame(
        {
            "partnership_id": ["ecosystem", "mal", "vitality", "east-finland", "future"],
            "since": ["2021-02-09", "2024-09-23", "", "", "2029-01"],
            "until": ["2027-12-31", "", "", "", ""],
            "period": ["2021–2027", "2024–2035", "", "", ""],
            "status": ["active", "active", "active", "planned", "active"],
        },
        index=[10, 11, 12, 13, 14],
    )
    kept = in_force(rows, date(2028, 1, 1))
    assert list(kept.index) == [10, 11, 12, 13, 14]
    assert rows.loc[kept, "partnership_id"].tolist() == ["mal", "vitality", "east-finland"]
    assert rows.loc[in_force(rows, date(2025, 1, 1)), "partnership_id"].tolist() == [
        "ecosystem",
        "mal",
        "vitality",
        "east-finland",
    ]
    marked = periods.periods(rows)
    assert [p.undated for p in marked] == [False, False, True, True, False]
    assert [p.planned for p in marked] == [False, False, False, True, False]


def test_in_force_on_the_bundled_data(dataset):
    """On 1.1.2028 the ecosystem agreements (valid until 31.12.2027) are gone and nothing else."""
    rows = dataset.memberships
    before = rows.loc[in_force(rows, date(2027, 12, 31)), "partnership_id"]
    after = rows.loc[in_force(rows, date(2028, 1, 1)), "partnership_id"]
    assert "ecosystem" in set(before)
    assert set(before) - set(after) == {"ecosystem"}
    assert len(before) - len(after) == (rows["partnership_id"] == "ecosystem").sum()


@pytest.mark.parametrize(
    ("text", "day"),
    [("2028-01-01", date(2028, 1, 1)), (" 2024-02-29 ", date(2024, 2, 29)), ("2023-02-29", None), ("2028-1-1", None)],
)
def test_a_link_day_is_exactly_iso(text, day):
    assert parse_day(text) == day


@pytest.mark.parametrize("text", ["28.1.2028", "2028-01", "tomorrow", "", "2028-01-01T00:00"])
def test_other_spellings_of_a_day_are_not_a_link_day(text):
    assert parse_day(text) is None


def test_today_can_be_fixed_by_the_environment(monkeypatch):
    monkeypatch.setenv(periods.TODAY_VARIABLE, "2026-06-30")
    assert periods.today() == date(2026, 6, 30)
    monkeypatch.setenv(periods.TODAY_VARIABLE, "yesterday")
    assert periods.today() == date.today()
    monkeypatch.delenv(periods.TODAY_VARIABLE)
    assert periods.today() == date.today()


@pytest.mark.parametrize(
    ("day", "months", "later"),
    [
        (date(2026, 11, 28), 18, date(2028, 5, 28)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),  # February is shorter
        (date(2027, 11, 30), 3, date(2028, 2, 29)),  # a leap year's
        (date(2025, 1, 1), 18, date(2026, 7, 1)),
        (date(2025, 12, 31), 0, date(2025, 12, 31)),
    ],
)
def test_months_after_keeps_the_day_or_takes_the_month_end(day, months, later):
    assert periods.months_after(day, months) == later


def test_ends_within_counts_from_today_to_the_same_day_months_later():
    ecosystem = Period(date(2021, 2, 9), date(2027, 12, 31))
    assert periods.ends_within(ecosystem, date(2026, 11, 28), 18)
    assert periods.ends_within(ecosystem, date(2026, 7, 1), 18)  # counted up to 1.1.2028
    assert not periods.ends_within(ecosystem, date(2026, 6, 30), 18)  # up to 30.12.2027 only
    assert periods.ends_within(ecosystem, date(2026, 7, 31), 17)  # up to 31.12.2027, the day it ends
    assert periods.ends_within(ecosystem, date(2027, 12, 31), 18)  # ends today
    assert not periods.ends_within(ecosystem, date(2028, 1, 1), 18)  # already ended
    assert not periods.ends_within(Period(date(2024, 5, 23), None), date(2026, 11, 28), 1200)  # open-ended
    assert not periods.ends_within(Period(None, None), date(2026, 11, 28), 18)
