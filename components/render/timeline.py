"""The timeline of the partnerships: what runs when.

One bar per partnership, split into its groups (a MAL city region, an ecosystem agreement) only
where their dates differ; what ends within the next months, in words; and the chart (Altair,
drawn by Streamlit without any CDN). Every date comes from components.data.periods.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import pandas as pd

from components.base.colours import (
    NOT_KNOWN_FILL_OPACITY,
    PAGE_BACKGROUND,
    TITLE_INK,
    partnership_colour,
    partnership_line,
)
from components.base.i18n import counted, t
from components.data.catalog import Catalog
from components.data.periods import Period, ends_within, months_after, periods
from components.model.events import applies_to, event_lines, kind_label, named_start, start_kind
from components.model.wording import format_date

ENDS_SOON_MONTHS = 18  # "which agreements end within this government's term"
SELECTION = "bar"  # the chart's point selection: choosing a bar filters the map to it

BAR_COLUMNS = [
    "bar_id",  # unique per bar: the chart's rows and its selection
    "label",  # the partnership's name in the page language, " – group" for a group's bar
    "partnership_id",
    "group",  # "" for a whole partnership
    "start",  # date or None
    "end",  # date or None (open-ended)
    "not_known_from",  # date or None: a term without an end day, its status not known from then
    "open_ended",  # no end, and no earliest end either
    "planned",
    "undated",
    "period",  # the components.data.periods.Period
    "span",  # the dates in words: "9.2.2021–31.12.2027", "since 16.11.2023, open-ended", …
    "municipalities",  # how many municipalities the bar covers
    "source_ids",  # "S1, S6, S10"
    "sources",  # each source as "S10: its title in the page language" (a tuple)
    "members",  # the bar's memberships as (municipality code, group) pairs: which events it carries
    "events",  # the dated events on the bar, as "9.2.2021 signing" (a tuple)
]


def timeline_bars(rows: pd.DataFrame, catalog: Catalog, lang: str) -> pd.DataFrame:
    """One line per bar, partnerships in catalog order. A partnership whose rows all share one
    period is one bar; otherwise each (group, period) is a bar of its own."""
    spans = rows.assign(_period=periods(rows))
    bars = []
    for pid in catalog.partnership_ids:
        own = spans[spans["partnership_id"] == pid]
        if own.empty:
            continue
        if own["_period"].nunique() == 1:
            parts = [("", own)]
        else:
            parts = [(group, part) for (group, _), part in own.groupby(["group", "_period"], sort=False)]
            parts.sort(key=lambda item: (_sort_day(item[1]["_period"].iloc[0]), item[0]))
        for group, part in parts:
            bars.append(_bar(pid, group, part, catalog, lang))
    frame = pd.DataFrame(bars, columns=BAR_COLUMNS)
    repeated = frame["label"].duplicated(keep=False)  # rows with no group but other dates than the rest
    frame.loc[repeated, "label"] = frame.loc[repeated, "label"] + " (" + frame.loc[repeated, "span"] + ")"
    return frame


def _sort_day(period: Period) -> date:
    return period.start or period.end or date.max


def _bar(pid: str, group: str, rows: pd.DataFrame, catalog: Catalog, lang: str) -> dict[str, object]:
    partnership = catalog.partnership(pid)
    period: Period = rows["_period"].iloc[0]
    first = rows.iloc[0]
    name = partnership.name(lang)
    sources = [catalog.sources[sid] for sid in partnership.sources]
    members = tuple(zip(rows["municipality_code"], rows["group"], strict=True))
    # The start named after its event where every membership of the bar starts with the same one.
    since = str(first.get("since", ""))
    kinds = {start_kind(catalog, pid, group, code, since) for code, group in members}
    on_bar = [event for event in partnership.events if _on_bar(event, members)]
    return {
        "bar_id": f"{pid}|{group}|{period.start}|{period.end}",
        "label": f"{name} – {group}" if group else name,
        "partnership_id": pid,
        "group": group,
        "start": period.start,
        "end": period.end,
        "not_known_from": period.uncertain_end,
        "open_ended": period.open_ended and not period.undated and period.uncertain_end is None,
        "planned": period.planned,
        "undated": period.undated,
        "period": period,
        "span": span_text(period, since, str(first.get("until", "")), lang, kinds.pop() if len(kinds) == 1 else ""),
        "municipalities": rows["municipality_code"].nunique(),
        "source_ids": ", ".join(partnership.sources),
        "sources": tuple(
            f"{sid}: {source.label(lang)}" for sid, source in zip(partnership.sources, sources, strict=True)
        ),
        "members": members,
        "events": tuple(f"{format_date(event.date, lang)} {kind_label(event.kind, lang)}" for event in on_bar),
    }


def _on_bar(event, members: tuple[tuple[str, str], ...]) -> bool:
    """An event is drawn on each bar holding a membership it applies to: a group's event on its
    group's bar (or the whole partnership's), a whole partnership's event on each of its bars."""
    return any(applies_to(event, group, code) for code, group in members)


def span_text(period: Period, since: str, until: str, lang: str, kind: str = "") -> str:
    """A period's dates in words. The stored text is shown where there is one (a month stays
    "10/2023"), named after its event when it is one (`kind`: "negotiation result 23.9.2024"),
    else the day the period has (an agreement period's last day)."""
    start = named_start(since, kind, lang) if since else _day(period.start, lang)
    end = format_date(until, lang) if until else _day(period.end, lang)
    if period.undated:
        return t("timeline_view.planned_no_date" if period.planned else "timeline_view.no_date", lang)
    if start and end:
        text = f"{start}–{end}"
    elif start and period.uncertain_end:
        named = "status_not_known.span_named" if kind and since else "status_not_known.span"
        text = t(named, lang, start=start, date=_day(period.uncertain_end, lang))
    elif start:  # a start named after its event reads without "since": "appointed 23.5.2024, open-ended"
        text = t("events.span_open" if kind and since else "timeline_view.since_open", lang, start=start)
    else:
        text = t("timeline_view.until_only", lang, end=end)
    return t("timeline_view.planned_span", lang, span=text) if period.planned else text


def _day(day: date | None, lang: str) -> str:
    return format_date(day.isoformat(), lang) if day else ""


def chosen_bar(event: object) -> tuple[str, str] | None:
    """(partnership, group) of the bar a chart event chose (st.altair_chart's selection state),
    or None; the group is "" for a bar of a whole partnership."""
    selection = getattr(event, "selection", None) or (event.get("selection") if isinstance(event, dict) else None)
    points = (selection or {}).get(SELECTION) or []
    return next(
        (
            (str(point["partnership_id"]), str(point.get("group") or ""))
            for point in points
            if point.get("partnership_id")
        ),
        None,
    )


# ----------------------------------------------------------------------------- in words


def ending_soon(bars: pd.DataFrame, today: date, months: int = ENDS_SOON_MONTHS) -> pd.DataFrame:
    """The bars that end from today to the same day `months` later, soonest first."""
    soon = bars[[ends_within(period, today, months) for period in bars["period"]]]
    return soon.sort_values("end", kind="stable")


def ends_soon_text(bars: pd.DataFrame, today: date, lang: str, months: int = ENDS_SOON_MONTHS) -> str:
    """What ends within the next `months`, e.g. "Ending within the next 18 months (by
    28.5.2028): Ecosystem agreements (university cities), 31.12.2027, 20 municipalities.", or
    that nothing does (and what ends next, if anything)."""
    limit = _day(months_after(today, months), lang)
    soon = ending_soon(bars, today, months)
    if not soon.empty:
        return t("timeline_view.ends_soon", lang, months=months, limit=limit, items="; ".join(_items(soon, lang)))
    later = bars[[period.end is not None and period.end > today for period in bars["period"]]]
    if later.empty:
        return t("timeline_view.nothing_ends", lang, months=months, limit=limit)
    first_end = later["end"].min()
    following = later[later["end"] == first_end]
    return t(
        "timeline_view.nothing_ends_next", lang, months=months, limit=limit, items="; ".join(_items(following, lang))
    )


def _items(bars: pd.DataFrame, lang: str) -> list[str]:
    return [
        t(
            "timeline_view.ending_item",
            lang,
            name=bar.label,
            end=_day(bar.end, lang),
            members=counted("municipalities", bar.municipalities, lang),
        )
        for bar in bars.itertuples(index=False)
    ]


def text_alternative(bars: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart as a table, for screen readers and for reading it line by line."""
    return pd.DataFrame(
        {
            t("column.partnership", lang): bars["label"],
            t("timeline_view.column_dates", lang): bars["span"],
            t("overlap.municipalities", lang): bars["municipalities"].astype(str),
            t("timeline.events", lang): ["; ".join(events) for events in bars["events"]],
            t("column.sources", lang): bars["source_ids"],
        }
    )


# ----------------------------------------------------------------------------- the chart

ROW_PX = 58  # a bar's row: its name, its dates in words, the bar
BAR_PX = 14
FADED = 0.3  # the unknown part of an open-ended bar; the bars not chosen when some are


def chart_frame(
    bars: pd.DataFrame, today: date, chosen: tuple[str, ...] = (), groups: tuple[str, ...] = ()
) -> pd.DataFrame:
    """The bars as the chart draws them: a drawn end for open-ended bars (the right edge), today
    for undated ones (a marker), and whether each is emphasised (the chosen partnerships and
    groups; a whole partnership's bar holds its groups)."""
    left, right = chart_domain(bars, today)
    frame = bars.drop(columns=["period"]).copy()
    # With no start, what is known begins today (or at the end, when that has passed).
    frame["x"] = [start or min(today, end or today) for start, end in zip(bars["start"], bars["end"], strict=True)]
    # Known to run: from the start to its end, to its earliest end when the end has no day, or
    # to today when the end is not given.
    frame["x_known"] = [
        end or not_known_from or max(start or today, min(today, right))
        for start, end, not_known_from in zip(bars["start"], bars["end"], bars["not_known_from"], strict=True)
    ]
    frame["not_known"] = [day is not None for day in bars["not_known_from"]]
    frame = frame.drop(columns=["not_known_from"])
    frame["x_edge"] = right
    frame["left"] = left
    frame["emphasis"] = [
        (not chosen or pid in chosen) and (not groups or not group or group in groups)
        for pid, group in zip(bars["partnership_id"], bars["group"], strict=True)
    ]
    # One tooltip line per source (a line holds five lines of text at most).
    for index in range(source_lines(bars)):
        frame[f"source_{index}"] = [sources[index] if index < len(sources) else "" for sources in bars["sources"]]
    frame = frame.drop(columns=["sources", "members", "events"])
    for column in ("x", "x_known", "x_edge", "left"):
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    return frame


def marker_frame(bars: pd.DataFrame, catalog: Catalog, lang: str, emphasis: pd.Series) -> pd.DataFrame:
    """One row per dated event on a bar: the bar it sits on (with its partnership and group, so a
    click on it chooses the bar), its day (a month's first day), and the tooltip's words."""
    markers = []
    for bar, emphasised in zip(bars.itertuples(index=False), emphasis, strict=True):
        own = tuple(event for event in catalog.partnership(bar.partnership_id).events if _on_bar(event, bar.members))
        for event, line in zip(own, event_lines(catalog, own, lang), strict=True):
            markers.append(
                {
                    "bar_id": bar.bar_id,
                    "partnership_id": bar.partnership_id,
                    "group": bar.group,
                    "day": event.date if len(event.date) == 10 else f"{event.date}-01",
                    "event_date": line.date,
                    "event_kind": line.kind,
                    "event_text": f"{line.text} ({line.scope})" if line.scope else line.text,
                    "event_source": f"{line.source}: {catalog.sources[line.source].label(lang)}",
                    "emphasis": bool(emphasised),
                    "description": f"{line.date} {line.kind}: {line.text}",
                }
            )
    columns = ["bar_id", "partnership_id", "group", "day", "event_date", "event_kind", "event_text", "event_source"]
    return pd.DataFrame(markers, columns=[*columns, "emphasis", "description"])


def _moment(day: date) -> alt.DateTime:
    return alt.DateTime(year=day.year, month=day.month, date=day.day)


def source_lines(bars: pd.DataFrame) -> int:
    return max((len(sources) for sources in bars["sources"]), default=0)


def chart_domain(bars: pd.DataFrame, today: date) -> tuple[date, date]:
    """From the first start's new year to a year after the last end (so an ending bar stops short
    of the edge that open-ended bars run to), and at least two years past today."""
    starts = [day for day in bars["start"] if day] + [today]
    ends = [day for day in bars["end"] if day] + [today]
    return date(min(starts).year, 1, 1), date(max(max(ends).year + 2, today.year + 2), 1, 1)


def timeline_chart(
    bars: pd.DataFrame,
    today: date,
    lang: str,
    chosen: tuple[str, ...] = (),
    groups: tuple[str, ...] = (),
    catalog: Catalog | None = None,
) -> alt.LayerChart:
    """The bars over the years, a dashed line for today, a dot for each dated event on its bar
    (given the catalog), and a point selection (SELECTION) that a click on a bar's row sets to the
    bar's partnership and group."""
    frame = chart_frame(bars, today, chosen, groups)
    frame["description"] = frame["label"] + ": " + frame["span"]  # each bar's name for screen readers
    left, right = chart_domain(bars, today)
    ids = frame["bar_id"].tolist()
    fills = alt.Color(
        "bar_id:N",
        scale=alt.Scale(domain=ids, range=[partnership_colour(p) for p in frame["partnership_id"]]),
        legend=None,
    )
    line_scale = alt.Scale(domain=ids, range=[partnership_line(p) for p in frame["partnership_id"]])
    lines = alt.Stroke("bar_id:N", scale=line_scale, legend=None)
    blank_if_planned = alt.condition("datum.planned", alt.value(PAGE_BACKGROUND), fills)
    x_scale = alt.Scale(domain=[_moment(left), _moment(right)])
    y = alt.Y("bar_id:N", sort=ids, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    opacity = alt.condition("datum.emphasis", alt.value(1.0), alt.value(FADED))
    tooltip = [
        alt.Tooltip("label:N", title=t("column.partnership", lang)),
        alt.Tooltip("span:N", title=t("timeline_view.column_dates", lang)),
        alt.Tooltip("municipalities:Q", title=t("overlap.municipalities", lang)),
    ]
    # The first source line is titled; the others' titles are distinct blanks (a tooltip's lines
    # are keyed by their titles).
    tooltip += [
        alt.Tooltip(f"source_{index}:N", title=t("column.sources", lang) if index == 0 else " " * index)
        for index in range(source_lines(bars))
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    described = {"description": alt.Description("description:N")}
    # A tick and a grid line each new year; years that would not fit are left out (a phone).
    years = alt.Axis(format="%Y", tickCount={"interval": "year", "step": 1}, labelOverlap="greedy", grid=True)
    bar = {"height": BAR_PX, "yOffset": 12, "cornerRadius": 2}

    # What is known: solid from the start to the end, or to today (planned: outlined, dashed).
    known = (
        base.transform_filter("!datum.undated")
        .mark_bar(strokeWidth=1.5, **bar)
        .encode(
            x=alt.X("x:T", scale=x_scale, title=None, axis=years),
            x2="x_known:T",
            color=blank_if_planned,
            stroke=lines,
            strokeDash=alt.condition("datum.planned", alt.value([4, 3]), alt.value([1, 0])),
            opacity=opacity,
            **described,
        )
    )
    # What is not known: an open end fades on to the chart's right edge, an arrow at the edge.
    unknown = (
        base.transform_filter("datum.open_ended")
        .mark_bar(strokeWidth=1, strokeDash=[3, 3], aria=False, **bar)
        .encode(
            x=alt.X("x_known:T", scale=x_scale),
            x2="x_edge:T",
            color=fills,
            stroke=lines,
            fillOpacity=alt.value(FADED),
            opacity=opacity,
        )
    )
    # A term that ends without a day: after its earliest end the status is not known, drawn
    # paler and dashed to the chart's edge, with a short line at the earliest end and the words.
    not_known = (
        base.transform_filter("datum.not_known")
        .mark_bar(strokeWidth=1.5, strokeDash=[2, 3], aria=False, **bar)
        .encode(
            x=alt.X("x_known:T", scale=x_scale),
            x2="x_edge:T",
            color=fills,
            stroke=lines,
            fillOpacity=alt.value(NOT_KNOWN_FILL_OPACITY),
            opacity=opacity,
        )
    )
    not_known_edge = (
        base.transform_filter("datum.not_known")
        .mark_tick(thickness=2, size=BAR_PX + 10, yOffset=12, aria=False)
        .encode(x=alt.X("x_known:T", scale=x_scale), color=alt.value(TITLE_INK), opacity=opacity)
    )
    not_known_words = (
        base.transform_filter("datum.not_known")
        .mark_text(align="left", baseline="middle", dx=6, yOffset=12, fontSize=11, fontStyle="italic", aria=False)
        .encode(
            x=alt.X("x_known:T", scale=x_scale),
            text=alt.value(t("status_not_known.bar", lang)),
            color=alt.value(TITLE_INK),
        )
    )
    arrows = (
        base.transform_filter("datum.open_ended")
        .mark_point(shape="triangle-right", size=80, strokeWidth=2, yOffset=12, xOffset=-5, aria=False)
        .encode(x=alt.X("x_edge:T", scale=x_scale), stroke=lines)
    )
    # No dates at all: a marker on today's line (hollow when planned).
    undated = (
        base.transform_filter("datum.undated")
        .mark_point(shape="diamond", size=170, strokeWidth=2, yOffset=12)
        .encode(x=alt.X("x:T", scale=x_scale), stroke=lines, fill=blank_if_planned, opacity=opacity, **described)
    )
    # Names and dates in words above each bar, cut with an ellipsis at the chart's width; each
    # drawn first as a thick outline in the page's colour, so that where today's line runs
    # behind the words (a phone) they stay readable.
    text = {"align": "left", "baseline": "bottom", "limit": alt.ExprRef("width"), "aria": False}
    halo = {"stroke": PAGE_BACKGROUND, "strokeWidth": 4, "strokeJoin": "round"}
    words = []
    for field, style in (
        ("label", {"dy": -9, "fontSize": 13, "fontWeight": "bold"}),
        ("span", {"dy": 5, "fontSize": 12}),
    ):
        position = {"x": alt.X("left:T", scale=x_scale), "text": f"{field}:N"}
        words.append(base.mark_text(**style, **text, **halo).encode(**position))
        words.append(base.mark_text(**style, **text).encode(**position))
    label = t("timeline_view.today", lang, date=_day(today, lang))
    today_line = (
        alt.Chart(pd.DataFrame({"day": [today.isoformat()], "text": [label]}))
        .mark_rule(strokeDash=[6, 3], strokeWidth=2, color=TITLE_INK, aria=False)
        .encode(x=alt.X("day:T", scale=x_scale))
    )
    today_label = today_line.mark_text(
        align="center", baseline="bottom", dy=-4, fontSize=12, fontWeight="bold", color=TITLE_INK, aria=True
    ).encode(text="text:N", y=alt.value(0), description="text:N")
    # A click anywhere on a bar's row (its name, dates, bar or marker) chooses it: an invisible
    # row on top carries the selection (Vega-Lite draws nothing when one selection spans layers).
    selection = alt.selection_point(name=SELECTION, fields=["partnership_id", "group"], on="click", clear=False)
    rows = (
        base.mark_bar(opacity=0, cursor="pointer", aria=False)
        .encode(x=alt.X("left:T", scale=x_scale), x2="x_edge:T")
        .add_params(selection)
    )
    layers = [today_line, known, unknown, not_known, not_known_edge, not_known_words, arrows, undated, *words]
    layers += [today_label, rows]
    if catalog is not None:
        layers.append(_event_markers(marker_frame(bars, catalog, lang, frame["emphasis"]), y, x_scale, opacity, lang))
    return alt.layer(*layers).properties(height=alt.Step(ROW_PX))


def _event_markers(markers: pd.DataFrame, y: alt.Y, x_scale: alt.Scale, opacity: object, lang: str) -> alt.Chart:
    """The events as dots on their bars, drawn last so that pointing at one shows the event (its
    date, kind, text and source); a click on one chooses its bar like a click on the bar."""
    tooltip = [
        alt.Tooltip("event_date:N", title=t("events.marker_date", lang)),
        alt.Tooltip("event_kind:N", title=t("events.marker_kind", lang)),
        alt.Tooltip("event_text:N", title=t("events.marker_text", lang)),
        alt.Tooltip("event_source:N", title=t("events.marker_source", lang)),
    ]
    return (
        alt.Chart(markers)
        .mark_circle(size=90, yOffset=12, strokeWidth=1.5, cursor="pointer")
        .encode(
            x=alt.X("day:T", scale=x_scale),
            y=y,
            fill=alt.value(TITLE_INK),
            stroke=alt.value(PAGE_BACKGROUND),
            opacity=opacity,
            tooltip=tooltip,
            description=alt.Description("description:N"),
        )
    )
