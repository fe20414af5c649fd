"""A partnership's dated events as a membership sees them: which events apply to it, which one
its start is ("negotiation result 23.9.2024", "signed 13.12.2024"), and whether a signing is
known for it. The details, the overview, the table, the downloads and the timeline all ask here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from components.base.i18n import t
from components.data.catalog import Catalog, Event
from components.model.wording import format_date


def applies_to(event: Event, group: str, code: str) -> bool:
    """Whether an event concerns a membership of its partnership: one scoped to a group or a
    municipality concerns that one alone; an event with no scope concerns them all."""
    if event.group:
        return event.group == group
    if event.municipality:
        return event.municipality == code
    return True


def membership_events(catalog: Catalog, partnership_id: str, group: str, code: str) -> tuple[Event, ...]:
    """The events of a partnership that apply to one of its memberships, in date order."""
    own = catalog.partnership(partnership_id).events
    return tuple(sorted((event for event in own if applies_to(event, group, code)), key=lambda e: e.date))


def start_event(catalog: Catalog, partnership_id: str, group: str, code: str, since: str) -> Event | None:
    """The event a membership's `since` is: one that applies to it on that very day (an event
    of its own group or municipality before one of the whole partnership), or None."""
    if not since:
        return None
    same_day = [event for event in membership_events(catalog, partnership_id, group, code) if event.date == since]
    same_day.sort(key=lambda event: not (event.group or event.municipality))  # scoped first
    return same_day[0] if same_day else None


def start_kind(catalog: Catalog, partnership_id: str, group: str, code: str, since: str) -> str:
    """The kind of the event a membership's start is, or "" when its start is no known event."""
    event = start_event(catalog, partnership_id, group, code, since)
    return event.kind if event else ""


def named_start(since: str, kind: str, lang: str) -> str:
    """A start as the page writes it: named after its event ("negotiation result 23.9.2024",
    "signed 13.12.2024") when it is one, else the date alone."""
    day = format_date(since, lang)
    return t(f"events.start_{kind}", lang, date=day) if kind and day else day


def kind_label(kind: str, lang: str) -> str:
    return t(f"events.kind_{kind}", lang)


def signing_not_found(catalog: Catalog, partnership_id: str, group: str, code: str) -> bool:
    """True where a partnership is signed group by group (some signing is dated) but no signing
    applies to this membership: the page says its signing date was not found."""
    own = catalog.partnership(partnership_id).events
    signed = [event for event in own if event.kind == "signing"]
    return bool(signed) and not any(applies_to(event, group, code) for event in signed)


@dataclass(frozen=True)
class EventLine:
    """One event as the page lists it, in the page language."""

    date: str  # as the page writes dates
    kind: str  # the kind's label
    text: str
    source: str  # the source's id, e.g. "S12"
    url: str  # the source's address
    scope: str  # the group's name or the municipality's code, "" for the whole partnership


def event_lines(
    catalog: Catalog, events: tuple[Event, ...], lang: str, names: Mapping[str, str] | None = None
) -> list[EventLine]:
    """The events as the page lists them; `names` gives a municipality's name for its code."""
    names = names or {}
    return [
        EventLine(
            date=format_date(event.date, lang),
            kind=kind_label(event.kind, lang),
            text=event.text(lang),
            source=event.source,
            url=catalog.sources[event.source].url,
            scope=event.group or names.get(event.municipality, event.municipality),
        )
        for event in events
    ]


def event_summary(line: EventLine) -> str:
    """An event in one line of plain text: "17.9.2024 negotiation result (Helsingin seutu): … (S13)"."""
    scope = f" ({line.scope})" if line.scope else ""
    return f"{line.date} {line.kind}{scope}: {line.text} ({line.source})"
