"""When a membership is in force: the one place for its dates.

A membership row has `since` and `until` as stored by components.data.memberships (an ISO day "2024-09-23",
a month "2023-10", or empty), a `period` in words ("2024–2035", the agreement period when the
source gives years only) and a `status` ("active" or "planned"). Here they become a Period:
a month or a year counts from its first day when it begins and to its last day when it ends
(the same rule as the check that `until` is not before `since`), and an agreement period's last
year ends it when no `until` is given. The in-force rule, the timeline and the date control
all read periods from here.

A term that ends with something without a day (a government's term) has `until_earliest`, its
earliest end. It counts from its FIRST day: "2027-04" (the parliamentary elections of April 2027)
makes the status not known from 1.4.2027 on; on 31.3.2027 the membership is still in force. It
applies only while no end is known (no `until`, no agreement period): a known end decides.
On a given day a membership is in exactly one state (`Period.state_on`): not yet begun, in
force, status not known, or ended. A membership whose status is not known is shown (on the map,
in the lists, in the downloads) and marked as such wherever it is, never silently in force or gone.
"""

from __future__ import annotations

import calendar
import os
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

TODAY_VARIABLE = "FINMAP_TODAY"  # an ISO day that stands in for today (tests, rehearsed demos)
PERIOD_YEARS = re.compile(r"^\s*(\d{4})\s*[–—-]\s*(\d{4})\s*$")  # "2024–2035", any dash
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PERIOD_YEAR_RANGE = (1900, 2199)  # an agreement period outside these years is a typing error


def today() -> date:
    """Today, or the day in FINMAP_TODAY when it is set (a malformed value is ignored)."""
    return parse_day(os.environ.get(TODAY_VARIABLE, "")) or date.today()


def parse_day(text: str) -> date | None:
    """A day written exactly as YYYY-MM-DD (the `date=` link parameter), else None."""
    text = str(text).strip()
    if not ISO_DAY.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def first_day(value: str) -> date | None:
    """The first day a stored date can mean: "2023-10" -> 1.10.2023, "2024" -> 1.1.2024."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    return date(year, month or 1, day or 1)


def last_day(value: str) -> date | None:
    """The last day a stored date can mean: "2027-12" -> 31.12.2027, "2027" -> 31.12.2027."""
    parts = _parts(value)
    if parts is None:
        return None
    year, month, day = parts
    month = month or 12
    return date(year, month, day or calendar.monthrange(year, month)[1])


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))  # a real day (validation already ensures it)
    except ValueError:
        return None
    return int(year), int(month) if month else None, int(day) if day else None


def precision(value: str) -> str:
    """How exactly a stored date is given: "day", "month", "year", or "" when it is not."""
    parts = _parts(value)
    if parts is None:
        return ""
    return "day" if parts[2] else "month" if parts[1] else "year"


def period_years(period: str) -> tuple[int, int] | None:
    """An agreement period's first and last year ("2024–2035" -> (2024, 2035)), or None when it
    is not two years in order within PERIOD_YEAR_RANGE (the check of uploads and the data)."""
    match = PERIOD_YEARS.match(str(period or ""))
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    low, high = PERIOD_YEAR_RANGE
    return (first, last) if low <= first <= last <= high else None


def period_end(period: str) -> date | None:
    """The last day of an agreement period in years: "2024–2035" -> 31.12.2035."""
    years = period_years(period)
    return date(years[1], 12, 31) if years else None


NOT_BEGUN = "not_begun"
IN_FORCE = "in_force"
NOT_KNOWN = "status_not_known"  # on or after the earliest end of a term that has no known end
ENDED = "ended"
SHOWN_STATES = (IN_FORCE, NOT_KNOWN)  # what a day's view shows: in force, and not known (marked)
NOT_KNOWN_COLUMN = "status_not_known_since"  # a day's rows: from when their status is not known


@dataclass(frozen=True)
class Period:
    """When one membership runs. start/end None: not given (open at that side); earliest_end:
    the first day the status is not known, when the term ends without a day (until_earliest)."""

    start: date | None
    end: date | None
    planned: bool = False
    earliest_end: date | None = None

    @property
    def undated(self) -> bool:
        """Neither a start nor an end is known: counted as in force, marked "date not given"."""
        return self.start is None and self.end is None

    @property
    def open_ended(self) -> bool:
        return self.end is None

    @property
    def uncertain_end(self) -> date | None:
        """The day from which the status is not known: the earliest end while no end is known."""
        return self.earliest_end if self.end is None else None

    def state_on(self, day: date) -> str:
        """The membership's state on `day`: NOT_BEGUN, IN_FORCE, NOT_KNOWN or ENDED (the one rule;
        a side that is not given does not limit)."""
        if self.start is not None and day < self.start:
            return NOT_BEGUN
        if self.end is not None and day > self.end:
            return ENDED
        if self.uncertain_end is not None and day >= self.uncertain_end:
            return NOT_KNOWN
        return IN_FORCE

    def in_force_on(self, day: date) -> bool:
        """In force on `day`, its end known not to have come."""
        return self.state_on(day) == IN_FORCE

    def shown_on(self, day: date) -> bool:
        """Shown in `day`'s view: in force, or its status not known (then marked)."""
        return self.state_on(day) in SHOWN_STATES


def period_of(since: str, until: str, period: str = "", status: str = "", until_earliest: str = "") -> Period:
    return Period(
        start=first_day(since),
        end=last_day(until) or period_end(period),
        planned=str(status).lower() == "planned",
        earliest_end=first_day(until_earliest),
    )


def periods(rows: pd.DataFrame) -> pd.Series:
    """The Period of every row (index kept). Rows share a handful of date combinations, so each
    distinct one is worked out once."""
    columns = [text_column(rows, name) for name in ("since", "until", "period", "status", "until_earliest")]
    keys = list(zip(*columns, strict=True))
    known = {key: period_of(*key) for key in set(keys)}
    return pd.Series([known[key] for key in keys], index=rows.index, dtype=object)


def states(rows: pd.DataFrame, day: date) -> pd.Series:
    """Every row's state on `day` (Period.state_on; index kept)."""
    return pd.Series([p.state_on(day) for p in periods(rows)], index=rows.index, dtype=object)


def in_force(rows: pd.DataFrame, day: date) -> pd.Series:
    """Which rows `day`'s view shows (boolean, index kept): those in force and those whose status
    is not known (marked where shown, see not_known). Undated and planned rows follow the same
    rule: a planned row with no dates stays, marked as planned where it is shown."""
    return states(rows, day).isin(SHOWN_STATES).astype(bool)


def with_not_known_since(rows: pd.DataFrame, day: date) -> pd.DataFrame:
    """`rows` with NOT_KNOWN_COLUMN: the ISO day from which a row's status is not known, where it
    is not known on `day`, else "". A day's view carries it, so every place that shows a row (map,
    table, downloads, counts) marks it from the same rule without being told the day."""
    spans = periods(rows)
    since = [_iso(p.uncertain_end) if p.state_on(day) == NOT_KNOWN else "" for p in spans]
    return rows.assign(**{NOT_KNOWN_COLUMN: pd.Series(since, index=rows.index, dtype=object)})


def _iso(day: date | None) -> str:
    return "" if day is None else day.isoformat()


def text_column(rows: pd.DataFrame, name: str) -> list[str]:
    """A column as text, "" for a missing value, or all "" when the rows lack it."""
    if name not in rows.columns:
        return [""] * len(rows)
    return rows[name].fillna("").astype(str).tolist()


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or that month's last day when it is shorter
    (30.11.2026 + 3 months -> 28.2.2027)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def ends_within(period: Period, day: date, months: int) -> bool:
    """Whether the period ends on `day` or in the `months` after it (an open end never does)."""
    return period.end is not None and day <= period.end <= months_after(day, months)
