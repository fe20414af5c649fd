"""The days people ask the map about, offered beside the date control: today, the end of this
year, the first day of next year and the end of the government's term.

The government's term ends with the regular parliamentary elections, every four years (2023,
2027, ...). The Election Act (714/1998, as amended in 2010) holds them on the third Sunday of
April, or on the Sunday before Easter when that Sunday is Easter Day or the Sunday after it:
2.4.2023, 18.4.2027 (vaalit.fi, "Schedule for the 2027 parliamentary elections"). An early
dissolution would need the day written down here instead.
"""

from __future__ import annotations

from datetime import date, timedelta

REGULAR_ELECTION_YEAR = 2023  # one year of the four-year cycle
ELECTION_CYCLE_YEARS = 4


def easter_day(year: int) -> date:
    """Easter Day of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def parliamentary_election_day(year: int) -> date:
    """The day of the regular parliamentary elections in `year` (the Election Act's rule)."""
    first = date(year, 4, 1)
    third_sunday = first + timedelta(days=(6 - first.weekday()) % 7 + 14)
    easter = easter_day(year)
    if third_sunday in (easter, easter + timedelta(days=7)):
        return easter - timedelta(days=7)
    return third_sunday


def government_term_end(today: date) -> date:
    """The day the government's term ends: the next regular parliamentary elections, today
    included."""
    year = today.year + (REGULAR_ELECTION_YEAR - today.year) % ELECTION_CYCLE_YEARS
    if parliamentary_election_day(year) < today:
        year += ELECTION_CYCLE_YEARS
    return parliamentary_election_day(year)


def quick_days(today: date) -> dict[str, date]:
    """The days to offer, by name, in order; a day that another name already offers (today on
    31 December) is offered once, under the first name."""
    days = {
        "today": today,
        "year_end": date(today.year, 12, 31),
        "next_year": date(today.year + 1, 1, 1),
        "term_end": government_term_end(today),
    }
    offered: dict[str, date] = {}
    for name, day in days.items():
        if day not in offered.values():
            offered[name] = day
    return offered
