"""Views built once and shared by every session that shows the same one (st.cache_resource).

One caching convention for every view here. A cached function takes what it computes from as
underscored arguments, which Streamlit does not hash, and one hashed argument, `key`: a ViewKey
built by view_key(), which names everything the result depends on — which rows (the data token:
the bundled data, or an upload by its digest), the part of the state that matters, and a token
for each other input (the geometry, the population figures, the language). Equal keys must mean
equal results, so each key is built here beside its function, never by a caller. Results are
read-only: nothing changes a cached frame or text in place.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import pandas as pd
import streamlit as st

from components.base.i18n import name_column
from components.data.memberships import Dataset
from components.data.population import Coverage, Population, covered, token
from components.model import cards, details, wording
from components.model.filters import FilterState, Vocabulary, applied, apply, in_force_only, shown_day
from components.model.map import MapGeometry
from components.page.first_run import REST_SELECTOR
from components.render import compare, exports, slide
from components.render.assets import publish
from components.render.map import MapView, inline_script_url, map_script, map_view


@dataclass(frozen=True)
class ViewKey:
    data: str  # the rows' Dataset.token, or "" for a view that does not depend on the rows
    state: FilterState | None = None  # the part of the state the view depends on
    tokens: tuple[str, ...] = ()  # the other inputs, by name
    # The day the rows are in force on, as a date even when the state says "today" (day None):
    # a view cached yesterday is not today's.
    day: date | None = None


# How Streamlit hashes a ViewKey: by its repr, which names every field (strings, tuples, dates).
# Its own hashing of a dataclass (asdict, then each value) cost several times more, every run.
KEY_HASH = {ViewKey: repr}


def view_key(data: str, state: FilterState | None = None, *tokens: str) -> ViewKey:
    """The key of a view of the rows of `data` (a Dataset.token; "" for a view of no rows)."""
    return ViewKey(data, state, tokens, None if state is None else shown_day(state))


def _rows_state(state: FilterState) -> FilterState:
    """The part of the state a view's rows depend on: not the language nor presentation mode."""
    return replace(state, lang="", present=False)


def rows(dataset: Dataset, state: FilterState, population: Population | None = None) -> pd.DataFrame:
    """The membership rows of a view, filtered once per view (a size class by `population`)."""
    state = applied(state, population)
    # Only a view narrowed by size depends on the figures: the others share one entry.
    figures = (token(population),) if state.sizes else ()
    return _rows(dataset, population, view_key(dataset.token, _rows_state(state), *figures))


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=KEY_HASH)
def _rows(_dataset: Dataset, _population: Population | None, key: ViewKey) -> pd.DataFrame:
    return apply(_dataset.memberships, replace(key.state, day=key.day), _population)


def in_force_rows(dataset: Dataset, state: FilterState) -> pd.DataFrame:
    """Every membership in force on the view's day, whatever the filters: what the partnership
    cards and the presentation steps describe."""
    return rows(dataset, in_force_only(state))


def map_data(
    rows: pd.DataFrame,
    dataset: Dataset,
    geometry: MapGeometry,
    state: FilterState,
    population: Population | None = None,
) -> MapView:
    """The map layers' data for the rows of `state` (without its city: the map stays the same
    around a chosen city); with `population`, the most populous members are named first."""
    key = view_key(dataset.token, state.without_city(), geometry.token, token(population))
    return _map_data(rows, dataset, geometry, population, key)


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=KEY_HASH)
def _map_data(
    _rows: pd.DataFrame, _dataset: Dataset, _geometry: MapGeometry, _population: Population | None, key: ViewKey
) -> MapView:
    people = _population.figures if _population is not None else None
    return map_view(
        _rows, _dataset.catalog, _geometry.by_code, key.state.lang, rest_button=REST_SELECTOR, people=people
    )


def map_script_url(geometry: MapGeometry) -> str:
    """The drawing code and its geometry store, as static files written once per geometry;
    returns the code's address."""
    return _map_script_url(geometry, view_key("", None, geometry.token))


@st.cache_resource(show_spinner=False, hash_funcs=KEY_HASH)
def _map_script_url(_geometry: MapGeometry, key: ViewKey) -> str:
    try:
        return publish(map_script(publish(_geometry.store, ".geojson")), ".js")
    except OSError:  # static/generated/ full or read-only: the code travels in the page instead
        return inline_script_url(_geometry.store)


def alt_text(rows: pd.DataFrame, dataset: Dataset, vocabulary: Vocabulary, state: FilterState) -> str:
    """The map in words: what it shows for this view."""
    return _alt_text(rows, dataset, vocabulary, view_key(dataset.token, state))


@st.cache_resource(show_spinner=False, max_entries=512, hash_funcs=KEY_HASH)
def _alt_text(_rows: pd.DataFrame, _dataset: Dataset, _vocabulary: Vocabulary, key: ViewKey) -> str:
    summary = exports.filter_summary(key.state, _vocabulary)
    return slide.alt_text(_rows, _dataset.catalog, key.state.lang, summary)


def overview_markdown(dataset: Dataset, population: Population | None, lang: str) -> str:
    """The partnerships overview (the Sources tab) in `lang`."""
    return _overview_markdown(dataset, population, view_key(dataset.token, None, lang, token(population)))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=KEY_HASH)
def _overview_markdown(_dataset: Dataset, _population: Population | None, key: ViewKey) -> str:
    lang = key.tokens[0]
    return details.overview_markdown(_dataset.memberships, _dataset.catalog, lang, _population, _dataset.funding)


def small_map_grid(geometry: MapGeometry) -> compare.GridGeometry:
    """The small maps' light shapes, built once per geometry."""
    return _small_map_grid(geometry, view_key("", None, geometry.token))


@st.cache_resource(show_spinner=False, hash_funcs=KEY_HASH)
def _small_map_grid(_geometry: MapGeometry, key: ViewKey) -> compare.GridGeometry:
    return compare.grid_geometry(_geometry)


def small_map_charts(
    rows: pd.DataFrame,
    dataset: Dataset,
    geometry: MapGeometry,
    state: FilterState,
    population: Population | None,
    height: int,
) -> tuple[tuple[compare.SmallMap, dict], ...]:
    """One small map per partnership in `rows`, with its Vega-Lite chart (the map without its
    city: a chosen city changes no small map)."""
    key = view_key(dataset.token, state.without_city(), geometry.token, token(population), str(height))
    return _small_map_charts(rows, dataset, geometry, population, key)


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=KEY_HASH)
def _small_map_charts(
    _rows: pd.DataFrame,
    _dataset: Dataset,
    _geometry: MapGeometry,
    _population: Population | None,
    key: ViewKey,
) -> tuple[tuple[compare.SmallMap, dict], ...]:
    lang, height = key.state.lang, int(key.tokens[-1])
    grid = small_map_grid(_geometry)
    names = dict(zip(_dataset.cities["municipality_code"], _dataset.cities[name_column(lang)], strict=True))
    maps = compare.small_maps(_rows, _dataset.catalog, lang, _population)
    described = [(m, compare.small_map_alt(m, names, lang)) for m in maps]
    return tuple((m, compare.small_map_spec(m, grid, text, height)) for m, text in described)


def partnership_cards(
    dataset: Dataset, state: FilterState, population: Population | None
) -> tuple[cards.PartnershipCard, ...]:
    """The partnership cards of the view's day and language (members in force that day), none of
    them chosen: the page marks the chosen ones (components/page/cards.py)."""
    key = view_key(dataset.token, in_force_only(state), token(population))
    return _partnership_cards(dataset, population, key)


@st.cache_resource(show_spinner=False, max_entries=256, hash_funcs=KEY_HASH)
def _partnership_cards(
    _dataset: Dataset, _population: Population | None, key: ViewKey
) -> tuple[cards.PartnershipCard, ...]:
    in_force = rows(_dataset, key.state)
    return tuple(
        cards.partnership_cards(
            _dataset.memberships,
            _dataset.catalog,
            key.state.lang,
            population=_population,
            in_force=in_force,
            day=key.day,
            funding=_dataset.funding,
        )
    )


def headline_counts(rows: pd.DataFrame, dataset: Dataset, state: FilterState) -> dict[str, int]:
    """Municipalities, partnerships and themes among the view's rows of `dataset` (the heading's counts)."""
    return _headline_counts(rows, view_key(dataset.token, _rows_state(state)))


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=KEY_HASH)
def _headline_counts(_rows: pd.DataFrame, key: ViewKey) -> dict[str, int]:
    return details.headline_counts(_rows)


def coverage(rows: pd.DataFrame, dataset: Dataset, state: FilterState, population: Population) -> Coverage | None:
    """The people the view's rows of `dataset` cover (each municipality once), or None without figures."""
    return _coverage(rows, population, view_key(dataset.token, _rows_state(state), token(population)))


@st.cache_resource(show_spinner=False, max_entries=1024, hash_funcs=KEY_HASH)
def _coverage(_rows: pd.DataFrame, _population: Population, key: ViewKey) -> Coverage | None:
    return covered(_rows, _population)


def sources_markdown(dataset: Dataset, lang: str) -> str:
    """The sources as a list of links in `lang` (the Sources tab)."""
    return _sources_markdown(dataset, view_key(dataset.token, None, lang))


@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=KEY_HASH)
def _sources_markdown(_dataset: Dataset, key: ViewKey) -> str:
    return wording.sources_markdown(_dataset.catalog, key.tokens[0])
