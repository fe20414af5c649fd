"""Facts for people to read, as data: one city's memberships, the partnerships overview and its
Markdown, a partnership's dates in words, and the heading's counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import pandas as pd

from components.base.colours import partnership_colour
from components.base.i18n import counted, display_names, in_language, name_column, t
from components.data import periods
from components.data.catalog import Catalog, Partnership
from components.data.memberships import THEME_SEPARATOR, member_counts, row_note
from components.data.population import Population, covered_by_partnership
from components.model.events import (
    EventLine,
    event_lines,
    event_summary,
    membership_events,
    named_start,
    signing_not_found,
    start_kind,
)
from components.model.funding import figures_of, funding_text
from components.model.wording import format_date, markdown_literal, not_known_words, status_label, theme_labels


@dataclass(frozen=True)
class SourceLink:
    """A source as a person reads it: who published it and when (from the catalog, where it
    names the address), else the address's host; and the address itself."""

    label: str
    url: str


@dataclass(frozen=True)
class MembershipBlock:
    """One membership of a municipality, every fact of it in the page language: what the
    details, the fact sheet and its PDF show, one block each."""

    partnership_id: str
    partnership: str  # its name
    colour: str  # the partnership's fill colour on the map
    status: str  # "active", or "active, status not known since 1.4.2027"
    start: str  # "negotiation result 23.9.2024", or "date not given"
    end: str  # "31.12.2027", "agreement period 2024–2035", or "end not known"
    group: str  # the MAL city region or joint agreement, "" when none
    partners: tuple[str, ...]  # the other members of the group (or of the partnership), by name
    themes: str
    focus_areas: str  # the member's own focus areas, "" when the partnership has none
    focus_source: SourceLink | None
    note: str
    funding: str  # the figures that apply, or "not given"
    sources: tuple[SourceLink, ...]
    events: tuple[EventLine, ...] = ()
    event_notes: tuple[str, ...] = ()  # a signing not found, an update whose text is not in the data
    discrepancy: str = ""  # what the sources disagree on, "" when they agree


@dataclass(frozen=True)
class CityDetails:
    code: str
    name: str
    other_name: str
    region: str
    blocks: tuple[MembershipBlock, ...]  # in the catalog's order of partnerships

    @property
    def partnership_ids(self) -> tuple[str, ...]:
        return tuple(block.partnership_id for block in self.blocks)


def block_facts(block: MembershipBlock, lang: str) -> list[tuple[str, str]]:
    """A membership's facts as (label, value) in the page language, in the order every view of
    the details gives them (status, start and end first); empty values left out."""
    facts = [
        (t("column.status", lang), block.status),
        (t("details.start", lang), block.start),
        (t("details.end", lang), block.end),
        (t("details.group", lang), block.group),
        (t("details.partners", lang), ", ".join(block.partners)),
        (t("details.themes", lang), block.themes),
        (t("timeline.focus_areas", lang), block.focus_areas),
        (t("details.note", lang), block.note),
        (t("details.funding", lang), block.funding),
    ]
    return [(label, value) for label, value in facts if value]


# Status, start and end: never empty (a start or end not given says so), the first facts of
# block_facts(); the sheet and its PDF write them on one line.
WHEN_FACTS = 3


def source_link(url: str, catalog: Catalog, lang: str, label: str = "") -> SourceLink:
    """A named link to `url`: the catalog's publisher and date for it, else `label`, else its host."""
    source = catalog.source_at(url)
    if source is not None:
        parts = [source.publisher or source.title]
        if source.date:
            parts.append(format_date(source.date, lang))
        return SourceLink(", ".join(parts), url)
    return SourceLink(label or urlsplit(url).hostname or url, url)


def end_text(row: dict, lang: str) -> str:
    """A membership's end as the details write it: its day, its agreement period, or "end not
    known" (with the day its status stops being known, where the data gives one)."""
    if row.get("until"):
        return format_date(row["until"], lang)
    if row.get("period"):
        return t("cards.period", lang, period=row["period"])
    if row.get("until_earliest"):
        return t("details.end_not_before", lang, date=format_date(row["until_earliest"], lang))
    return t("details.end_not_known", lang)


def partner_rows(rows: pd.DataFrame, row: dict) -> pd.DataFrame:
    """The rows of the other members a membership shares its agreement with: its group's (a MAL
    city region, a joint ecosystem agreement); without a group, the partnership's, unless the
    partnership has groups (then a member without one has an agreement of its own)."""
    # On the few columns needed: the rows may carry geometry, slow to copy (a pack asks 300 times).
    columns = ["municipality_code", *(column for column in rows.columns if column.startswith("name_"))]
    same = (rows["partnership_id"] == row["partnership_id"]).to_numpy()
    groups = rows["group"].to_numpy()
    if row["group"]:
        same &= groups == row["group"]
    elif (groups[same] != "").any():
        same[:] = False
    same &= (rows["municipality_code"] != row["municipality_code"]).to_numpy()
    return pd.DataFrame(rows.loc[same, columns])


def partner_names(rows: pd.DataFrame, row: dict, lang: str) -> tuple[str, ...]:
    """The names of a membership's partners (partner_rows), in alphabetical order."""
    return tuple(sorted(set(partner_rows(rows, row)[name_column(lang)]), key=str.casefold))


def city_details(
    rows: pd.DataFrame, catalog: Catalog, code: str, lang: str, day: date | None = None, funding: tuple = ()
) -> CityDetails | None:
    """Everything known about one municipality's partnerships, from all rows (not the filtered
    ones: the details answer 'what is this city in', whatever the filters), and the funding
    figures of its partnerships and groups (`funding`: the dataset's figures). With the view's
    `day`, a membership whose status is not known that day says so in its status."""
    own = rows[rows["municipality_code"] == code]
    if own.empty:
        return None
    order = {pid: index for index, pid in enumerate(catalog.partnership_ids)}
    own = own.sort_values("partnership_id", key=lambda s: s.map(order))
    not_known = periods.with_not_known_since(own, day)[periods.NOT_KNOWN_COLUMN].tolist() if day else [""] * len(own)
    first = own.iloc[0]
    name, other = display_names(first, lang)
    # Partnerships whose members have focus areas: a member of one without them says so.
    with_focus = set(rows.loc[rows["focus_areas"] != "", "partnership_id"]) if "focus_areas" in rows else set()
    blocks = []
    for row, not_known_since in zip(own.to_dict("records"), not_known, strict=True):
        partnership = catalog.partnership(row["partnership_id"])
        group = row.get("group", "") or ""
        applying = membership_events(catalog, partnership.id, group, code)
        event_notes = []
        if signing_not_found(catalog, partnership.id, group, code):
            event_notes.append(t("events.signing_not_found", lang, partnership=partnership.name(lang)))
        for update in (event for event in applying if event.kind == "update" and row.get("focus_areas")):
            day_text, title = format_date(update.date, lang), partnership.name(lang)
            event_notes.append(
                t("events.update_no_focus", lang, partnership=title, date=day_text, source=update.source)
            )
        focus, focus_source = "", None
        if row.get("focus_areas"):
            focus = row["focus_areas"]
            if row.get("focus_areas_source_url"):
                focus_source = source_link(row["focus_areas_source_url"], catalog, lang)
        elif partnership.id in with_focus:
            focus = t("current.focus_not_found", lang)
        sources = [source_link(row["source_url"], catalog, lang)] if row.get("source_url") else []
        if row.get("members_source_url"):
            label = row.get("members_source_label", "") or ""
            sources.append(source_link(row["members_source_url"], catalog, lang, label))
        since = row.get("since", "") or ""
        blocks.append(
            MembershipBlock(
                partnership_id=partnership.id,
                partnership=partnership.name(lang),
                colour=partnership_colour(partnership.id),
                status=", ".join(
                    filter(None, [status_label(row["status"], lang), not_known_words(not_known_since, lang)])
                ),
                start=named_start(since, start_kind(catalog, partnership.id, group, code, since), lang)
                or t("details.start_not_given", lang),
                end=end_text(row, lang),
                group=group,
                partners=partner_names(rows, row, lang),
                themes=theme_labels(row["themes"], catalog, lang) or t("overview.themes_not_stated", lang),
                focus_areas=focus,
                focus_source=focus_source,
                note=row_note(row, lang),
                funding=funding_text(figures_of(funding, partnership.id, group, code), lang, with_notes=True),
                sources=tuple(dict.fromkeys(sources)),  # the members' source may be the row's own
                events=tuple(event_lines(catalog, applying, lang, {code: name})),
                event_notes=tuple(event_notes),
                discrepancy=partnership.discrepancy.in_language(lang) if partnership.discrepancy else "",
            )
        )
    return CityDetails(
        code=code,
        name=name,
        other_name=other,
        region=in_language(first, "region", lang),
        blocks=tuple(blocks),
    )


def partnerships_overview(
    rows: pd.DataFrame, catalog: Catalog, lang: str, population: Population | None = None, funding: tuple = ()
) -> list[dict[str, str]]:
    """One record (label -> text) per cooperation form: status, members stated by the sources vs on the map,
    the population they cover (with figures), themes, what the sources disagree on, and the sources."""
    on_map = member_counts(rows)
    coverage = covered_by_partnership(rows, population) if population is not None else {}
    groups = rows[rows["group"] != ""].groupby("partnership_id")["group"].nunique()
    names = dict(zip(rows["municipality_code"], rows[name_column(lang)], strict=True))  # an event's municipality
    records = []
    for partnership in catalog.partnerships:
        mapped = int(on_map.get(partnership.id, 0))
        if not partnership.members_known:
            mapped_text = t("overview.members_unknown", lang)
        elif partnership.members_unit == "group":
            mapped_text = t(
                "overview.groups_and_members",
                lang,
                groups=counted("city_regions", int(groups.get(partnership.id, 0)), lang),
                members=counted("municipalities", mapped, lang),
            )
        else:
            mapped_text = str(mapped)
        records.append(
            {
                t("column.partnership", lang): partnership.name(lang),
                t("column.status", lang): status_label(partnership.status, lang),
                t("column.members_stated", lang): str(partnership.members_stated or "–"),
                t("column.members_on_map", lang): mapped_text,
                t("population.covered", lang): coverage[partnership.id].text(lang)
                if partnership.id in coverage
                else "",
                t("column.themes", lang): ", ".join(catalog.theme_label(theme, lang) for theme in partnership.themes)
                or t("overview.themes_not_stated", lang),
                **timeline_facts(partnership, catalog, lang, names),
                t("column.sources_disagree", lang): (
                    partnership.discrepancy.in_language(lang) if partnership.discrepancy else ""
                ),
                t("column.sources", lang): ", ".join(partnership.sources),
                t("funding.column", lang): funding_text(figures_of(funding, partnership.id), lang),
            }
        )
    return records


def timeline_facts(
    partnership: Partnership, catalog: Catalog, lang: str, names: dict[str, str] | None = None
) -> dict[str, str]:
    """Governance, start, end or term, dated events (with their sources) and the dates note of
    one partnership, labelled in the page language; facts no source gives are left out."""
    facts = {
        t("timeline.governance", lang): partnership.governance.in_language(lang) if partnership.governance else "",
        t("timeline.start", lang): format_date(partnership.start, lang),
        t("timeline.end", lang): format_date(partnership.end, lang),
        t("timeline.term", lang): partnership.term.in_language(lang) if partnership.term else "",
        t("timeline.events", lang): "; ".join(
            event_summary(line) for line in event_lines(catalog, partnership.events, lang, names)
        ),
        t("timeline.dates", lang): partnership.dates.in_language(lang) if partnership.dates else "",
    }
    return {label: text for label, text in facts.items() if text}


def overview_markdown(
    rows: pd.DataFrame, catalog: Catalog, lang: str, population: Population | None = None, funding: tuple = ()
) -> str:
    """The partnerships overview as a list: one item per cooperation form, one line per fact.
    Light to draw (no table widget), so it can be the tab that is open when the page loads."""
    items = []
    for record in partnerships_overview(rows, catalog, lang, population, funding):
        (_, name), *facts = record.items()
        texts = [f"{markdown_literal(label)}: {markdown_literal(value)}" for label, value in facts if value]
        # Name; status and member counts on one line; then themes, disagreements, sources.
        lines = [f"**{markdown_literal(name)}**", " · ".join(texts[:3]), *texts[3:]]
        items.append("- " + "  \n  ".join(lines))
    return "\n".join(items)


def not_known_text(rows: pd.DataFrame, lang: str) -> str:
    """How many of a day's `rows` have a status that is not known that day, in words ("Status not
    known on this day: 23 memberships, 23 municipalities …"); "" when none."""
    column = periods.NOT_KNOWN_COLUMN
    if column not in rows.columns:
        return ""
    unknown = rows[rows[column].fillna("") != ""]
    if unknown.empty:
        return ""
    return t(
        "status_not_known.headline",
        lang,
        memberships=t("status_not_known.memberships", lang, count=len(unknown)),
        municipalities=counted("municipalities", unknown["municipality_code"].nunique(), lang),
    )


def headline_counts(rows: pd.DataFrame) -> dict[str, int]:
    """Municipalities, partnerships and themes among `rows` (the page heading's counts)."""
    themes = {theme for text in rows["themes"] for theme in text.split(THEME_SEPARATOR) if theme}
    return {
        "cities": rows["municipality_code"].nunique(),
        "partnerships": rows["partnership_id"].nunique(),
        "themes": len(themes),
    }
