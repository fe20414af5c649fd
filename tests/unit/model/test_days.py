"""The days offered beside the date control (components/model/days.py): the election days are
the ones held (and, for 2027, announced by vaalit.fi), Easter moves them as the law says."""

from __future__ import annotations

from datetime import date

import pytest

from components.model.days import easter_day, government_term_end, parliamentary_election_day, quick_days


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2019, date(2019, 4, 21)), (2023, date(2023, 4, 9)), (2027, date(2027, 3, 28)), (2031, date(2031, 4, 13))],
)
def test_easter_day(year, easter):
    assert easter_day(year) == easter


@pytest.mark.parametrize(
    "held",
    # The third Sunday of April (2011, 2015, 2027); the Sunday before Easter when the third
    # Sunday is Easter Day (2019) or the Sunday after it (2023).
    [date(2011, 4, 17), date(2015, 4, 19), date(2019, 4, 14), date(2023, 4, 2), date(2027, 4, 18)],
)
def test_the_parliamentary_elections_fall_on_the_days_they_were_held(held):
    assert parliamentary_election_day(held.year) == held


def test_the_term_ends_with_the_next_regular_elections_election_day_included():
    assert government_term_end(date(2026, 11, 27)) == date(2027, 4, 18)
    assert government_term_end(date(2027, 4, 18)) == date(2027, 4, 18)
    assert government_term_end(date(2027, 4, 19)) == date(2031, 4, 6)  # Easter 13.4.2031
    assert government_term_end(date(2023, 1, 1)) == date(2023, 4, 2)


def test_the_quick_days_in_order_each_day_once():
    assert quick_days(date(2026, 11, 27)) == {
        "today": date(2026, 11, 27),
        "year_end": date(2026, 12, 31),
        "next_year": date(2027, 1, 1),
        "term_end": date(2027, 4, 18),
    }
    on_new_years_eve = quick_days(date(2026, 12, 31))
    assert list(on_new_years_eve) == ["today", "next_year", "term_end"]
