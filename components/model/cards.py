"""The partnership cards of the first screen, which are both legend and filter, and the
one-line description of a presentation step. Plain data built from the memberships and the
catalog; the page only draws them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from components.base.colours import partnership_colour, partnership_line
from components.base.i18n import format_count, t
from components.data import periods
from components.data.catalog import Catalog
from components.data.population import Population, covered_codes
from components.model.funding import card_line
from components.model.wording import format_date, status_label

CARD_COLUMNS = ("partnership_id", "municipality_code", "group", "since", "period", periods.NOT_KNOWN_COLUMN)


@dataclass(frozen=True)
class PartnershipCard:
    partnership_id: str
    name: str
    colour: str
    line: str  # the darker outline that keeps a pale colour visible on white
    members: int  # municipalities on the map
    facts: list[str]  # members, status, since, population: each a short text in the page language
    chosen: bool
    on_map: bool  # False when the members are not known: the card cannot filter anything
    funding: str = ""  # "Funding: …" (its figures with what for, period, source) or "…: not given"

    @property
    def caption(self) -> str:
        return " · ".join(self.facts)


@dataclass
class _Rows:
    """What the cards read of one partnership's rows, as plain Python values."""

    codes: set[str] = field(default_factory=set)
    groups: set[str] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)
    periods: set[str] = field(default_factory=set)
    not_known: set[str] = field(default_factory=set)  # codes whose status is not known on the day


def _rows_by_partnership(memberships: pd.DataFrame) -> dict[str, _Rows]:
    """partnership id -> its rows' codes, groups, start dates and periods, in one pass. (Selecting
    the rows of each partnership with pandas cost 70 ms a run, every run.)"""

    def values(name: str) -> list[str]:
        if name not in memberships.columns:
            return [""] * len(memberships)
        return ["" if value is None or value != value else str(value).strip() for value in memberships[name].tolist()]

    found: dict[str, _Rows] = {}
    for pid, code, group, since, period, not_known in zip(*(values(name) for name in CARD_COLUMNS), strict=True):
        rows = found.setdefault(pid, _Rows())
        rows.codes.add(code)
        for kept, value in ((rows.groups, group), (rows.starts, since), (rows.periods, period)):
            if value:
                kept.add(value)
        if not_known:
            rows.not_known.add(code)
    return found


def _members_text(count: int, groups: int, unit: str, known: bool, lang: str) -> str:
    if not known:
        return t("cards.members_unknown", lang)
    if unit == "group":
        return t("cards.groups", lang, groups=groups, count=count)
    return t("cards.members", lang, count=count)


def partnership_cards(
    memberships: pd.DataFrame,
    catalog: Catalog,
    lang: str,
    chosen: Iterable[str] = (),
    population: Population | None = None,
    in_force: pd.DataFrame | None = None,
    day: date | None = None,
    funding: tuple | None = None,
) -> list[PartnershipCard]:
    """One card per partnership of the catalog, in catalog order. The counts come from every
    membership row in force on `day` (the rows `in_force`; every row when not given), not the
    filtered ones: a card describes its partnership, whatever the filters. Its start and period
    come from all its rows, in force or not. `population`, when it has figures, adds the people
    covered (each municipality once). `funding` (the dataset's figures), when given, adds the
    card's funding line."""
    chosen = set(chosen)
    by_partnership = _rows_by_partnership(memberships)
    counted_rows = by_partnership if in_force is None else _rows_by_partnership(in_force)
    cards = []
    for partnership in catalog.partnerships:
        own, shown = by_partnership.get(partnership.id, _Rows()), counted_rows.get(partnership.id, _Rows())
        members, groups = len(shown.codes), len(shown.groups)
        if own.codes and not members and day is not None:  # members, none of them in force on the day
            # Said instead of the count and the status: "0 · Active" would read as a running partnership.
            facts = [t("in_force.card_none", lang, date=format_date(day.isoformat(), lang))]
        else:
            facts = [
                _members_text(members, groups, partnership.members_unit, partnership.members_known, lang),
                status_label(partnership.status, lang),
            ]
            if shown.not_known:  # on the map, but past its term's earliest end: said, not hidden
                facts.insert(1, t("status_not_known.card", lang, count=len(shown.not_known)))
        # The earliest start (ISO dates sort as text); the period only when the rows agree on one.
        since = format_date(min(own.starts), lang) if own.starts else ""
        facts.append(t("cards.since", lang, date=since) if since else t("cards.since_unknown", lang))
        if len(own.periods) == 1:
            facts.append(t("cards.period", lang, period=next(iter(own.periods))))
        coverage = covered_codes(shown.codes, population) if population is not None and members else None
        if coverage is not None:
            facts.append(t("cards.population", lang, count=format_count(coverage.people, lang)))
        cards.append(
            PartnershipCard(
                partnership_id=partnership.id,
                name=partnership.name(lang),
                colour=partnership_colour(partnership.id),
                line=partnership_line(partnership.id),
                members=members,
                facts=facts,
                chosen=partnership.id in chosen,
                on_map=members > 0,
                funding=card_line(funding, partnership.id, lang) if funding is not None else "",
            )
        )
    return cards


def step_description(
    memberships: pd.DataFrame,
    catalog: Catalog,
    partnership_id: str | None,
    lang: str,
    in_force: pd.DataFrame | None = None,
    day: date | None = None,
) -> str:
    """What a presentation step shows, in words: for one partnership its themes, status, period
    and members; for the overview, the partnerships and municipalities on the map (those in
    force on `day` when `in_force` is given, as for partnership_cards)."""
    if partnership_id is None:
        rows = memberships if in_force is None else in_force
        shown = rows[rows["partnership_id"].isin(catalog.partnership_ids)]
        return t(
            "cards.step_all",
            lang,
            partnerships=shown["partnership_id"].nunique(),
            count=shown["municipality_code"].nunique(),
        )
    partnership = catalog.partnership(partnership_id)
    cards = partnership_cards(memberships, catalog, lang, in_force=in_force, day=day)
    (card,) = [c for c in cards if c.partnership_id == partnership_id]
    themes = ", ".join(catalog.theme_label(theme, lang) for theme in partnership.themes)
    themes_text = t("cards.themes", lang, themes=themes) if themes else t("cards.themes_unknown", lang)
    return " · ".join([themes_text, *card.facts])
