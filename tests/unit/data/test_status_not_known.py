"""Uncertain ends: a term that ends with something without a day (a government's term) has an
earliest end (`until_earliest`); from its first day on, a membership with no known end is
"status not known" — shown and marked, neither in force nor gone (components.data.periods)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from components.data import periods
from components.data.periods import ENDED, IN_FORCE, NOT_BEGUN, NOT_KNOWN, Period, period_of

APRIL_2027 = date(2027, 4, 1)  # the first day of "2027-04": the earliest end of the group's term


@pytest.mark.parametrize(
    ("day", "state"),
    [
        (date(2023, 9, 30), NOT_BEGUN),  # "2023-10" begins on its first day
        (date(2023, 10, 1), IN_FORCE),
        (date(2027, 3, 31), IN_FORCE),  # the day before the earliest end
        (APRIL_2027, NOT_KNOWN),  # the day of it: a month counts from its first day
        (date(2027, 5, 1), NOT_KNOWN),
        (date(2028, 1, 1), NOT_KNOWN),
    ],
)
def test_the_state_of_a_term_without_an_end_day(day, state):
    period = period_of("2023-10", "", "", "active", "2027-04")
    assert period.earliest_end == APRIL_2027 and period.uncertain_end == APRIL_2027
    assert period.state_on(day) == state
    assert period.in_force_on(day) == (state == IN_FORCE)
    assert period.shown_on(day) == (state in (IN_FORCE, NOT_KNOWN))


def test_a_known_end_decides_over_the_earliest_one():
    """With `until` (or an agreement period) given, the end is known: in force to it, then ended."""
    period = period_of("2023-10", "2027-06-30", "", "active", "2027-04")
    assert period.uncertain_end is None
    assert period.state_on(date(2027, 5, 1)) == IN_FORCE
    assert period.state_on(date(2027, 6, 30)) == IN_FORCE
    assert period.state_on(date(2027, 7, 1)) == ENDED
    assert period_of("2024-09-23", "", "2024–2035", "active", "2027-04").state_on(date(2028, 1, 1)) == IN_FORCE


def test_planned_and_undated_rows_with_an_earliest_end():
    """A planned row follows the same rule (and stays planned); a row with neither start nor end
    (undated, "date not given") is not known from its earliest end on too; an undated row
    without one is in force on any day."""
    planned = period_of("", "", "", "planned", "2027-04")
    assert planned.planned and planned.undated
    assert planned.state_on(date(2027, 3, 31)) == IN_FORCE
    assert planned.state_on(APRIL_2027) == NOT_KNOWN
    undated = Period(None, None)
    assert undated.undated and undated.state_on(date(2099, 1, 1)) == IN_FORCE
    assert period_of("2023-10", "", "", "active").state_on(date(2099, 1, 1)) == IN_FORCE  # no earliest end


def test_a_days_rows_are_shown_and_marked():
    rows = pd.DataFrame(
        {
            "partnership_id": ["group", "open", "ended", "future"],
            "since": ["2023-10", "2023-11-16", "2021-02-09", "2029-01"],
            "until": ["", "", "2027-12-31", ""],
            "period": ["", "", "2021–2027", ""],
            "status": ["active"] * 4,
            "until_earliest": ["2027-04", "", "", ""],
        },
        index=[5, 6, 7, 8],
    )
    day = date(2028, 1, 1)
    assert periods.states(rows, day).tolist() == [NOT_KNOWN, IN_FORCE, ENDED, NOT_BEGUN]
    assert periods.in_force(rows, day).tolist() == [True, True, False, False]  # shown: not silently gone
    assert periods.not_known(rows, day).tolist() == [True, False, False, False]
    assert rows[periods.not_known(rows, day)].index.tolist() == [5]  # a mask, as the callers use it
    marked = periods.with_not_known_since(rows, day)
    assert marked[periods.NOT_KNOWN_COLUMN].tolist() == ["2027-04-01", "", "", ""]
    assert list(marked.index) == [5, 6, 7, 8]
    earlier = periods.with_not_known_since(rows, date(2027, 3, 31))
    assert earlier[periods.NOT_KNOWN_COLUMN].tolist() == ["", "", "", ""]


def test_the_urban_policy_group_on_the_bundled_data(dataset):
    """Today (7.12.2026) in force; on 1.5.2027 and 1.1.2028 its 23 municipalities not known (U11)."""
    rows = dataset.memberships
    group = rows["partnership_id"] == "urban-policy-group"
    assert periods.not_known(rows, date(2026, 12, 7)).sum() == 0
    for day in (date(2027, 5, 1), date(2028, 1, 1)):
        not_known = periods.not_known(rows, day)
        assert not_known.tolist() == group.tolist() and not_known.sum() == 23
        assert periods.in_force(rows, day)[group].all()
