"""What the user has chosen (FilterState), how it narrows the rows, and how it travels in the URL.

Every view is a link: the query parameters lang, partnership, theme, status, region and city
always mirror the filters, and opening such a link restores them. Lists are comma-separated
(`?partnership=strategic,mal`); empty means "all". Unknown or malformed values are dropped with a
notice, never an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

import pandas as pd

from components.catalog import STATUSES, Catalog
from components.data import THEME_SEPARATOR, normalise_name
from components.i18n import LANGUAGES, default_language

QUERY_KEYS = ("lang", "partnership", "theme", "status", "region", "city", "present", "tab")  # tab: page_layout
TRUE_VALUES = ("1", "true", "yes", "on")
MAX_PARAM_LENGTH = 500  # longer values are not a link anyone made by hand or by the app
MAX_UNKNOWN_NOTICES = 10  # more unknown parameters than this get one notice, not one each


@dataclass(frozen=True)
class FilterState:
    lang: str = field(default_factory=default_language)
    partnerships: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # region codes
    city: str | None = None  # municipality code
    present: bool = False  # presentation mode: full-screen map, one partnership per step

    def without_city(self) -> FilterState:
        return replace(self, city=None)


@dataclass(frozen=True)
class Notice:
    """A query parameter that was ignored: which, what value, and why (a locale key)."""

    parameter: str
    value: str
    reason: str


def available_themes(catalog: Catalog, partnerships: Iterable[str]) -> list[str]:
    """Theme ids of the chosen partnerships (all partnerships when none is chosen), in catalog order."""
    chosen = set(partnerships) or set(catalog.partnership_ids)
    themes: list[str] = []
    for partnership in catalog.partnerships:
        if partnership.id in chosen:
            themes.extend(theme for theme in partnership.themes if theme not in themes)
    return themes


def apply(rows: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The membership rows that match every chosen filter."""
    mask = pd.Series(True, index=rows.index)
    if state.partnerships:
        mask &= rows["partnership_id"].isin(state.partnerships)
    if state.themes:
        wanted = set(state.themes)
        has_theme = [bool(wanted.intersection(text.split(THEME_SEPARATOR))) for text in rows["themes"].fillna("")]
        mask &= pd.Series(has_theme, index=rows.index, dtype=bool)
    if state.statuses:
        mask &= rows["status"].isin(state.statuses)
    if state.regions:
        mask &= rows["region_code"].isin(state.regions)
    if state.city:
        mask &= rows["municipality_code"] == state.city
    return rows[mask]


# ----------------------------------------------------------------------------- URL


def to_query_params(state: FilterState) -> dict[str, str]:
    """Only what differs from the defaults, so a plain link stays plain."""
    params = {"lang": state.lang}
    for key, values in (
        ("partnership", state.partnerships),
        ("theme", state.themes),
        ("status", state.statuses),
        ("region", state.regions),
    ):
        if values:
            params[key] = ",".join(values)
    if state.city:
        params["city"] = state.city
    if state.present:
        params["present"] = "1"
    return params


def _values(raw: str | list[str] | None) -> list[str]:
    parts = raw if isinstance(raw, list) else [raw or ""]
    return [value.strip() for part in parts for value in part.split(",") if value.strip()]


def from_query_params(
    params: Mapping[str, str | list[str]],
    catalog: Catalog,
    cities: pd.DataFrame,
) -> tuple[FilterState, list[Notice]]:
    """The FilterState a link asks for, and a notice for everything in it that was ignored."""
    notices: list[Notice] = []
    unknown = [key for key in params if key not in QUERY_KEYS]
    if len(unknown) > MAX_UNKNOWN_NOTICES:  # a page of notices helps no one and costs the server
        notices.append(Notice(_short(unknown[0]), str(len(unknown)), "limit.too_many_parameters"))
        unknown = []
    for key in unknown:
        notices.append(Notice(key, _short(params[key]), "unknown_parameter"))

    def pick(key: str, resolve) -> list[str]:
        raw = params.get(key)
        if raw is None:
            return []
        if sum(len(part) for part in (raw if isinstance(raw, list) else [raw])) > MAX_PARAM_LENGTH:
            notices.append(Notice(key, _short(raw), "too_long"))
            return []
        chosen: list[str] = []
        for value in _values(raw):
            resolved = resolve(value)
            if resolved is None:
                notices.append(Notice(key, _short(value), "unknown_value"))
            elif resolved not in chosen:
                chosen.append(resolved)
        return chosen

    languages = pick("lang", lambda v: v.lower() if v.lower() in LANGUAGES else None)
    partnerships = pick("partnership", lambda v: v.lower() if v.lower() in catalog.partnership_ids else None)
    themes = pick("theme", lambda v: v.lower() if v.lower() in catalog.themes else None)
    statuses = pick("status", lambda v: v.lower() if v.lower() in STATUSES else None)
    regions = pick("region", _region_resolver(cities))
    city = pick("city", _city_resolver(cities))
    present = pick("present", lambda v: "1" if v.lower() in TRUE_VALUES else ("0" if v in ("0", "false") else None))
    # Themes outside the chosen partnerships would select nothing; drop them visibly.
    allowed = set(available_themes(catalog, partnerships))
    for theme in [theme for theme in themes if theme not in allowed]:
        notices.append(Notice("theme", theme, "not_in_partnerships"))
        themes.remove(theme)
    state = FilterState(
        lang=languages[0] if languages else default_language(),
        partnerships=tuple(partnerships),
        themes=tuple(themes),
        statuses=tuple(statuses),
        regions=tuple(regions),
        city=city[0] if city else None,
        present=present == ["1"],
    )
    return state, notices


def _short(raw: str | list[str]) -> str:
    text = ",".join(raw) if isinstance(raw, list) else str(raw)
    return text if len(text) <= 40 else text[:39] + "…"


def _region_resolver(cities: pd.DataFrame):
    lookup: dict[str, str] = {}
    for row in cities[["region_code", "region_fi", "region_sv", "region_en"]].drop_duplicates().itertuples(index=False):
        for alias in row:
            lookup[normalise_name(str(alias))] = row.region_code
    return lambda value: lookup.get(normalise_name(value))


def _city_resolver(cities: pd.DataFrame):
    lookup: dict[str, str] = {}
    for row in cities[["municipality_code", "name_fi", "name_sv"]].itertuples(index=False):
        for alias in row:
            lookup[normalise_name(str(alias))] = row.municipality_code
    return lambda value: lookup.get(normalise_name(value.zfill(3) if value.isdigit() else value))
