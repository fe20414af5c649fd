"""Facts for people to read, as data: one city's memberships, the partnerships overview and its
Markdown, a partnership's dates in words, and the heading's counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

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
class CityDetails:
    code: str
    name: str
    other_name: str
    region: str
    memberships: pd.DataFrame  # one row per partnership, headers in the page language
    discrepancies: list[tuple[str, str]]  # (partnership name, what the sources disagree on)
    notes: list[tuple[str, str]]  # (partnership name, the row's note in the page language)
    # (partnership name, the member's own focus areas in the source's language, source URL)
    focus_areas: list[tuple[str, str, str]] = field(default_factory=list)
    # (partnership name, the figures that apply to this membership with their notes, or "not given")
    funding: list[tuple[str, str]] = field(default_factory=list)
    events: list[tuple[str, EventLine]] = field(default_factory=list)  # (partnership name, event)
    # What is known not to be known: a signing date not found, an update whose text is not in the data.
    event_notes: list[str] = field(default_factory=list)


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
    table = pd.DataFrame(
        {
            t("column.partnership", lang): [catalog.partnership(pid).name(lang) for pid in own["partnership_id"]],
            t("column.status", lang): [
                ", ".join(filter(None, [status_label(status, lang), not_known_words(since, lang)]))
                for status, since in zip(own["status"], not_known, strict=True)
            ],
            t("column.since", lang): [
                named_start(since, start_kind(catalog, pid, group, code, since), lang)
                for pid, group, since in zip(own["partnership_id"], own["group"], own["since"], strict=True)
            ],
            t("timeline.until", lang): [format_date(until, lang) for until in own["until"]]
            if "until" in own
            else [""] * len(own),
            t("column.themes", lang): [theme_labels(themes, catalog, lang) for themes in own["themes"]],
            t("column.group", lang): list(own["group"]),
            t("column.source", lang): list(own["source_url"]),
        }
    )
    if "members_source_url" in own and (own["members_source_url"] != "").any():
        # Where the member list comes from, when that is another document than the row's source.
        table[t("timeline.members_source", lang)] = list(own["members_source_url"])
    discrepancies = []
    notes = []
    focus_areas = []
    # Partnerships whose members have focus areas: a member of one without them says so.
    with_focus = set(rows.loc[rows["focus_areas"] != "", "partnership_id"]) if "focus_areas" in rows else set()
    money = []
    events = []
    event_notes = []
    for row in own.to_dict("records"):
        partnership = catalog.partnership(row["partnership_id"])
        figures = figures_of(funding, partnership.id, row.get("group", "") or "", code)
        money.append((partnership.name(lang), funding_text(figures, lang, with_notes=True)))
        applying = membership_events(catalog, partnership.id, row["group"], code)
        events += [(partnership.name(lang), line) for line in event_lines(catalog, applying, lang, {code: name})]
        if signing_not_found(catalog, partnership.id, row["group"], code):
            event_notes.append(t("events.signing_not_found", lang, partnership=partnership.name(lang)))
        for update in (event for event in applying if event.kind == "update" and row.get("focus_areas")):
            day, title = format_date(update.date, lang), partnership.name(lang)
            event_notes.append(t("events.update_no_focus", lang, partnership=title, date=day, source=update.source))
        if partnership.discrepancy is not None:
            discrepancies.append((partnership.name(lang), partnership.discrepancy.in_language(lang)))
        note = row_note(row, lang)
        if note:
            notes.append((partnership.name(lang), note))
        if row.get("focus_areas"):
            focus_areas.append((partnership.name(lang), row["focus_areas"], row.get("focus_areas_source_url", "")))
        elif row["partnership_id"] in with_focus:
            focus_areas.append((partnership.name(lang), t("current.focus_not_found", lang), ""))
    return CityDetails(
        code=code,
        name=name,
        other_name=other,
        region=in_language(first, "region", lang),
        memberships=table,
        discrepancies=discrepancies,
        notes=notes,
        focus_areas=focus_areas,
        funding=money,
        events=events,
        event_notes=event_notes,
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
