"""The link: how a view travels in the address bar, both ways, in one place.

read_link() is the one reader of a link (the language, every filter, the day, presentation
mode and the open tab); to_query_params() writes a view back. Everything a link asks for that
cannot be used is kept as a Notice, which the page shows, and never stops the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from components.base.i18n import LANGUAGES, default_language, t
from components.data import periods
from components.model.filters import DAY_PARAM, FILTERS, FIRST_DAY, LAST_DAY, FilterState, Vocabulary, chosen_day

LANG_PARAM, PRESENT_PARAM, SHEET_PARAM, TAB_PARAM = "lang", "present", "sheet", "tab"
TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off")
MAX_PARAM_LENGTH = 500  # longer values are not a link anyone made by hand or by the app
MAX_UNKNOWN_NOTICES = 10  # more unknown parameters than this get one notice, not one each

# The tabs under the map, by the name they have in a link, with their label's locale key.
TABS = {
    "sources": "tabs.sources",
    "table": "tabs.table",
    "overlaps": "overlap.tab",
    "compare": "compare.tab",
    "timeline": "timeline_view.tab",
    "upload": "upload.tab",
}
DEFAULT_TAB = "sources"
# Presentation mode draws no tabs, but its last step shows the compare tab's grid (tab=compare).
PRESENTED_TABS = ("compare",)
QUERY_KEYS = (LANG_PARAM, *(spec.param for spec in FILTERS), DAY_PARAM, PRESENT_PARAM, SHEET_PARAM, TAB_PARAM)


def tab_labels(lang: str) -> dict[str, str]:
    return {tab: t(key, lang) for tab, key in TABS.items()}


@dataclass(frozen=True)
class Notice:
    """A query parameter that was ignored: which, what value, and why (a locale key)."""

    parameter: str
    value: str
    reason: str


@dataclass(frozen=True)
class Link:
    """What a link asks for: the view's state, the tab it names (None: the link names none) and
    what in it was ignored."""

    state: FilterState = field(default_factory=FilterState)
    notices: tuple[Notice, ...] = ()
    tab: str | None = None


def to_query_params(state: FilterState, tab: str = DEFAULT_TAB) -> dict[str, str]:
    """The link of a view: only what differs from the defaults, so a plain link stays plain."""
    params = {LANG_PARAM: state.lang}
    params.update({spec.param: ",".join(values) for spec in FILTERS if (values := spec.values(state))})
    if state.day:
        params[DAY_PARAM] = state.day.isoformat()
    if state.present:
        params[PRESENT_PARAM] = "1"
    if state.sheet:
        params[SHEET_PARAM] = "1"
    if tab != DEFAULT_TAB:
        params[TAB_PARAM] = tab
    return params


def _values(raw: str | list[str] | None) -> list[str]:
    parts = raw if isinstance(raw, list) else [raw or ""]
    return [value.strip() for part in parts for value in part.split(",") if value.strip()]


def read_link(params: Mapping[str, str | list[str]], vocabulary: Vocabulary | None = None) -> Link:
    """What a link asks for, and a notice for everything in it that was ignored. Without the
    vocabulary (before the data is loaded: the page's title and layout need the language and
    presentation mode first) the filters are left at "all" and give no notices."""
    notices: list[Notice] = []
    unknown = [key for key in params if key not in QUERY_KEYS]
    if len(unknown) > MAX_UNKNOWN_NOTICES:  # a page of notices helps no one and costs the server
        notices.append(Notice(_short(unknown[0]), str(len(unknown)), "limit.too_many_parameters"))
        unknown = []
    for key in unknown:
        notices.append(Notice(key, _short(params[key]), "unknown_parameter"))

    def pick(key: str, resolve: Callable[[str], str | None]) -> list[str]:
        raw = params.get(key)
        if raw is None:
            return []
        if sum(len(part) for part in (raw if isinstance(raw, list) else [raw])) > MAX_PARAM_LENGTH:
            notices.append(Notice(key, _short(raw), "too_long"))
            return []
        picked: list[str] = []
        for value in _values(raw):
            resolved = resolve(value)
            if resolved is None:
                notices.append(Notice(key, _short(value), "unknown_value"))
            elif resolved not in picked:
                picked.append(resolved)
        return picked

    languages = pick(LANG_PARAM, lambda v: v.lower() if v.lower() in LANGUAGES else None)
    if vocabulary is None:
        notices.clear()
        picked: dict[str, list[str]] = {spec.name: [] for spec in FILTERS}
    else:
        picked = {spec.name: pick(spec.param, spec.from_link(spec, vocabulary)) for spec in FILTERS}
    present = pick(PRESENT_PARAM, _switch)
    sheet = pick(SHEET_PARAM, _switch)
    # Values the other filters rule out (a theme outside the chosen partnerships) would select
    # nothing; drop them visibly.
    lang = languages[0] if languages else default_language()
    for spec in FILTERS:
        if spec.ruled_out is None or vocabulary is None:
            continue
        allowed = set(spec.offered(vocabulary, {name: tuple(values) for name, values in picked.items()}, lang))
        for value in [value for value in picked[spec.name] if value not in allowed]:
            notices.append(Notice(spec.param, value, spec.ruled_out))
            picked[spec.name].remove(value)
    state = FilterState(
        lang=lang,
        **{spec.name: spec.from_values(picked[spec.name]) for spec in FILTERS},
        day=_day_from_link(params.get(DAY_PARAM), notices),
        present=present == ["1"],
        sheet=sheet == ["1"],
    )
    tab = _tab_from_link(params.get(TAB_PARAM), notices)
    return Link(state, tuple(notices) if vocabulary is not None else (), tab)


def _switch(value: str) -> str | None:
    """A page mode's value in a link (present=, sheet=): "1" for on, "0" for off, else unknown;
    in any letter case, both ways."""
    word = value.lower()
    return "1" if word in TRUE_VALUES else ("0" if word in FALSE_VALUES else None)


def _tab_from_link(raw: str | list[str] | None, notices: list[Notice]) -> str | None:
    """The link's `tab=`, a tab's link name (the last one if given twice); anything else is
    ignored with the usual notice."""
    if raw is None:
        return None
    value = (raw[-1] if isinstance(raw, list) else raw).strip().lower()
    if value in TABS:
        return value
    notices.append(Notice(TAB_PARAM, value[:40], "unknown_value"))
    return None


def _day_from_link(raw: str | list[str] | None, notices: list[Notice]) -> date | None:
    """The link's `date=` (exactly YYYY-MM-DD, periods.parse_day); anything else is ignored with a
    notice, and the view shows today."""
    if raw is None:
        return None
    text = ",".join(raw) if isinstance(raw, list) else str(raw)
    if len(text) > MAX_PARAM_LENGTH:
        notices.append(Notice(DAY_PARAM, _short(text), "too_long"))
        return None
    day = periods.parse_day(text)
    if day is None:
        notices.append(Notice(DAY_PARAM, _short(text), "day.malformed"))
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        notices.append(Notice(DAY_PARAM, _short(text), "day.out_of_range"))
        return None
    return chosen_day(day)


def _short(raw: str | list[str]) -> str:
    text = ",".join(raw) if isinstance(raw, list) else str(raw)
    return text if len(text) <= 40 else text[:39] + "…"
