"""What the user has chosen (FilterState), how it narrows the rows, and how it reads in words.

Each filter is described once, as data, in FILTERS (one FilterSpec per filter): its link name,
widget key, labels, how it matches rows, which values it offers, how a link's value is read and
how a value reads in words. Every consumer loops over that table: the state, apply(), the URL
(components/model/link.py: read_link / to_query_params), the sidebar widgets and the reset (components.page.sidebar,
components.page.state), the summary in words and the file name of a download (components.render.exports).

Every view is a link: the query parameters lang, partnership, theme, status, region, city,
group and size always mirror the filters, and opening such a link restores them. Lists are
comma-separated (`?partnership=strategic,mal`); empty means "all". Unknown or malformed values are dropped with a
notice, never an error.

Besides the filters, a view shows the memberships in force on one day (components.data.periods):
today unless a day is chosen (`?date=2028-01-01`). The day is no FilterSpec: it has one value
that is never empty, a date control of its own and no list of offered values; it travels beside
the filters through the same functions (apply, in_words, file_name_parts, the URL).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from components.base.i18n import LANGUAGES, column_in_language, default_language, display_names, t
from components.data import periods
from components.data.catalog import STATUSES, Catalog
from components.data.memberships import THEME_SEPARATOR, normalise_name
from components.data.population import SIZE_CLASS_IDS, Population, in_size_classes, size_class_label
from components.model.wording import format_date, status_label


@dataclass(frozen=True)
class Vocabulary:
    """What the filters' values can be and what they are called: the catalog, and the regions
    and municipalities with their names in each language (built once; they never change while
    the server runs, and uploads are checked against the same ones)."""

    catalog: Catalog
    cities: pd.DataFrame
    region_names: Mapping[str, dict[str, str]]  # language -> region code -> name, by name
    city_names: Mapping[str, dict[str, str]]  # language -> municipality code -> "Name (Other)", by name
    region_aliases: Mapping[str, str]  # every region name in any language (normalised) -> code
    city_aliases: Mapping[str, str]  # code or name in Finnish or Swedish (normalised) -> code
    # Each group of the memberships (a MAL city region, a joint ecosystem agreement) -> its
    # partnership, in catalog order then by name.
    groups: Mapping[str, str] = field(default_factory=dict)


def build_vocabulary(catalog: Catalog, cities: pd.DataFrame, memberships: pd.DataFrame | None = None) -> Vocabulary:
    region_names, city_names = {}, {}
    for lang in LANGUAGES:
        column = column_in_language("region", lang)
        pairs = cities[["region_code", column]].drop_duplicates().sort_values(column)
        region_names[lang] = dict(zip(pairs["region_code"], pairs[column], strict=True))
        labels = {}
        for city in cities.to_dict("records"):
            name, other = display_names(city, lang)
            labels[city["municipality_code"]] = f"{name} ({other})" if other else name
        city_names[lang] = dict(sorted(labels.items(), key=lambda item: item[1]))
    regions = cities[["region_code", "region_fi", "region_sv", "region_en"]].drop_duplicates()
    region_aliases = {
        normalise_name(str(alias)): row.region_code for row in regions.itertuples(index=False) for alias in row
    }
    city_aliases = {
        normalise_name(str(alias)): row.municipality_code
        for row in cities[["municipality_code", "name_fi", "name_sv"]].itertuples(index=False)
        for alias in row
    }
    return Vocabulary(
        catalog, cities, region_names, city_names, region_aliases, city_aliases, groups_of(catalog, memberships)
    )


def groups_of(catalog: Catalog, memberships: pd.DataFrame | None) -> dict[str, str]:
    """Each group named in the memberships -> its partnership (the first, should two share a name)."""
    if memberships is None or "group" not in memberships:
        return {}
    order = {pid: index for index, pid in enumerate(catalog.partnership_ids)}
    pairs = memberships.loc[memberships["group"].fillna("") != "", ["group", "partnership_id"]].drop_duplicates()
    ordered = sorted(pairs.itertuples(index=False), key=lambda pair: (order.get(pair[1], len(order)), pair[0]))
    groups: dict[str, str] = {}
    for group, pid in ordered:
        groups.setdefault(group, pid)
    return groups


def _groups_offered(vocabulary: Vocabulary, chosen: Chosen) -> list[str]:
    """The groups of the chosen partnerships (all groups when none is chosen)."""
    partnerships = set(chosen.get("partnerships", ()))
    return [group for group, pid in vocabulary.groups.items() if not partnerships or pid in partnerships]


def _group_in_words(vocabulary: Vocabulary, lang: str) -> Callable[[str], str]:
    """A group with its partnership: "Turun seutu – MAL agreements (…)"."""

    def name(group: str) -> str:
        pid = vocabulary.groups.get(group)
        return f"{group} – {vocabulary.catalog.partnership(pid).name(lang)}" if pid else group

    return name


def _group_from_link(spec: FilterSpec, vocabulary: Vocabulary) -> Callable[[str], str | None]:
    """A link's group by its name, in any letter case."""
    known = {normalise_name(group): group for group in vocabulary.groups}
    return lambda value: known.get(normalise_name(value))


def available_themes(catalog: Catalog, partnerships: Iterable[str]) -> list[str]:
    """Theme ids of the chosen partnerships (all partnerships when none is chosen), in catalog order."""
    chosen = set(partnerships) or set(catalog.partnership_ids)
    themes: list[str] = []
    for partnership in catalog.partnerships:
        if partnership.id in chosen:
            themes.extend(theme for theme in partnership.themes if theme not in themes)
    return themes


# ----------------------------------------------------------------------------- the filters

Chosen = Mapping[str, tuple[str, ...]]  # FilterSpec.name -> the values chosen for it (all filters)


# rows, chosen values, population figures (None: none) -> which rows match
Matcher = Callable[[pd.DataFrame, tuple[str, ...], Population | None], pd.Series]


def column_is_one_of(column: str) -> Matcher:
    """Rows whose `column` holds one of the chosen values."""
    return lambda rows, values, population=None: rows[column].isin(values)


def _in_size_classes(rows: pd.DataFrame, values: tuple[str, ...], population: Population | None) -> pd.Series:
    """Rows of municipalities in one of the chosen size classes (apply() asks only with figures)."""
    if population is None:
        return pd.Series(False, index=rows.index, dtype=bool)
    return in_size_classes(rows["municipality_code"], values, population)


def _has_any_theme(rows: pd.DataFrame, values: tuple[str, ...], population: Population | None = None) -> pd.Series:
    wanted = set(values)
    has_theme = [bool(wanted.intersection(text.split(THEME_SEPARATOR))) for text in rows["themes"].fillna("")]
    return pd.Series(has_theme, index=rows.index, dtype=bool)


def _lower_if_offered(spec: FilterSpec, vocabulary: Vocabulary) -> Callable[[str], str | None]:
    """A link's value is one of the offered ids, in any letter case."""
    offered = set(spec.offered(vocabulary, {}, default_language()))
    return lambda value: value.lower() if value.lower() in offered else None


@dataclass(frozen=True)
class FilterSpec:
    """One filter, described once. `name` is its FilterState field; the filter is a tuple of
    values there (`single`: one value or None, chosen in a select box)."""

    name: str  # FilterState field, and the widget's session key (a link, a map click and the widget change one value)
    param: str  # the link's query parameter; also the file name's "<param>-" part
    label: str  # locale key of the widget's label
    placeholder: str  # locale key of the widget's text when nothing is chosen ("all …")
    match: Matcher  # which membership rows a choice keeps
    # The values the widget offers, in order, given what is chosen in the other filters.
    offered: Callable[[Vocabulary, Chosen, str], list[str]]
    # A value in words in a language (the widget's options, the summary of a download).
    in_words: Callable[[Vocabulary, str], Callable[[str], str]]
    # How a link's value becomes a value (None: unknown); by default an offered id in any case.
    from_link: Callable[[FilterSpec, Vocabulary], Callable[[str], str | None]] = _lower_if_offered
    single: bool = False
    # Locale key (url.*) of the notice for a link's value that the other filters rule out; None:
    # the offered values do not depend on the other filters.
    ruled_out: str | None = None
    in_file_name: bool = True  # named as "<param>-a+b" in a download's file name (else "a+b")
    # Matches only with population figures: without them the control is disabled with its
    # reason, and a link's values are kept but narrow nothing (applied()).
    needs_population: bool = False

    @property
    def key(self) -> str:
        return self.name

    @property
    def empty(self) -> tuple[()] | None:
        return None if self.single else ()

    def values(self, state: FilterState) -> tuple[str, ...]:
        """The chosen values as a tuple, for a single-valued filter too."""
        value = getattr(state, self.name)
        if not self.single:
            return value
        return (value,) if value else ()

    def from_values(self, values: Iterable[str]) -> tuple[str, ...] | str | None:
        """A tuple of values as the FilterState keeps them."""
        values = tuple(values)
        return (values[0] if values else None) if self.single else values

    def to_widget(self, values: Iterable[str]) -> list[str] | str | None:
        """Values as the widget keeps them: a list, or one value or None."""
        return next(iter(values), None) if self.single else list(values)

    def from_widget(self, value: list[str] | str | None) -> tuple[str, ...] | str | None:
        return value if self.single else tuple(value)


FILTERS: tuple[FilterSpec, ...] = (
    FilterSpec(
        name="partnerships",
        param="partnership",
        label="filters.partnership",
        placeholder="filters.all_partnerships",
        match=column_is_one_of("partnership_id"),
        offered=lambda vocabulary, chosen, lang: list(vocabulary.catalog.partnership_ids),
        in_words=lambda vocabulary, lang: lambda pid: vocabulary.catalog.partnership(pid).name(lang),
        in_file_name=False,
    ),
    FilterSpec(
        name="themes",
        param="theme",
        label="filters.theme",
        placeholder="filters.all_themes",
        match=_has_any_theme,
        offered=lambda vocabulary, chosen, lang: available_themes(vocabulary.catalog, chosen.get("partnerships", ())),
        in_words=lambda vocabulary, lang: lambda theme: vocabulary.catalog.theme_label(theme, lang),
        # Every theme of the catalog is known; those outside the chosen partnerships would select nothing.
        from_link=lambda spec, vocabulary: (
            lambda value: value.lower() if value.lower() in vocabulary.catalog.themes else None
        ),
        ruled_out="not_in_partnerships",
    ),
    FilterSpec(
        name="statuses",
        param="status",
        label="filters.status",
        placeholder="filters.all_statuses",
        match=column_is_one_of("status"),
        offered=lambda vocabulary, chosen, lang: list(STATUSES),
        in_words=lambda vocabulary, lang: lambda status: status_label(status, lang),
    ),
    FilterSpec(
        name="regions",  # region codes
        param="region",
        label="filters.region",
        placeholder="filters.all_regions",
        match=column_is_one_of("region_code"),
        offered=lambda vocabulary, chosen, lang: list(vocabulary.region_names[lang]),
        in_words=lambda vocabulary, lang: lambda code: vocabulary.region_names[lang].get(code, code),
        from_link=lambda spec, vocabulary: lambda value: vocabulary.region_aliases.get(normalise_name(value)),
    ),
    FilterSpec(
        name="city",  # a municipality code
        param="city",
        label="filters.city",
        placeholder="filters.city_placeholder",
        match=column_is_one_of("municipality_code"),
        offered=lambda vocabulary, chosen, lang: list(vocabulary.city_names[lang]),
        in_words=lambda vocabulary, lang: lambda code: vocabulary.city_names[lang].get(code, code),
        from_link=lambda spec, vocabulary: (
            lambda value: vocabulary.city_aliases.get(normalise_name(value.zfill(3) if value.isdigit() else value))
        ),
        single=True,
    ),
    FilterSpec(
        name="groups",  # group names as the data writes them ("Turun seutu")
        param="group",
        label="filters.group.label",
        placeholder="filters.group.placeholder",
        match=column_is_one_of("group"),
        offered=lambda vocabulary, chosen, lang: _groups_offered(vocabulary, chosen),
        in_words=_group_in_words,
        from_link=_group_from_link,
        # A group of a partnership that is not chosen would select nothing.
        ruled_out="group.not_in_partnerships",
    ),
    FilterSpec(
        name="sizes",  # population size classes (components.data.population.SIZE_CLASSES)
        param="size",
        label="size.label",
        placeholder="size.placeholder",
        match=_in_size_classes,
        offered=lambda vocabulary, chosen, lang: list(SIZE_CLASS_IDS),
        in_words=lambda vocabulary, lang: lambda class_id: size_class_label(class_id, lang),
        needs_population=True,
    ),
)
FILTER_BY_NAME = {spec.name: spec for spec in FILTERS}
DAY_PARAM = "date"  # the day the memberships are in force on: ?date=2028-01-01
# The days the date control offers; a link's day outside them is ignored with a notice.
FIRST_DAY, LAST_DAY = date(1990, 1, 1), date(2099, 12, 31)


@dataclass(frozen=True)
class FilterState:
    """The state of a view: the language, the values of every filter, the day the memberships are
    in force on (None: today), presentation mode and the fact sheet. One field per filter of FILTERS, under its
    FilterSpec.name (a test ties the two together): a new filter is an entry there and a field here."""

    lang: str = field(default_factory=default_language)
    partnerships: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    city: str | None = None
    groups: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    day: date | None = None  # the day the memberships are in force on; None: today (chosen_day)
    present: bool = False  # presentation mode: full-screen map, one partnership per step
    sheet: bool = False  # the chosen city's fact sheet in place of the map (a page made for print)

    def without_city(self) -> FilterState:
        return replace(self, city=None)


def chosen_day(day: date | None) -> date | None:
    """The day as a FilterState keeps it: None for today. A view without a chosen day follows the
    calendar, so a link without `date=` (or a page left open overnight) means today tomorrow too;
    and the link carries `date=` only for another day, which it then keeps for good."""
    return None if day is None or day == periods.today() else day


def shown_day(state: FilterState) -> date:
    """The day whose memberships the view shows: the chosen one, else today."""
    return state.day or periods.today()


def in_force_only(state: FilterState) -> FilterState:
    """The view's day and language without its filters: every membership in force that day (what
    the partnership cards and presentation steps describe, whatever else is chosen)."""
    return FilterState(lang=state.lang, day=state.day)


def chosen(state: FilterState) -> dict[str, tuple[str, ...]]:
    """Every filter's values, by filter name."""
    return {spec.name: spec.values(state) for spec in FILTERS}


def is_filtered(state: FilterState) -> bool:
    return any(spec.values(state) for spec in FILTERS)


def has_figures(population: Population | None) -> bool:
    return population is not None and population.available


def applied(state: FilterState, population: Population | None) -> FilterState:
    """The state whose filters narrow the view: without population figures a size class stays
    chosen (in the link and its control) but narrows nothing, and the view, its summary and its
    file names do not claim it (the page says so: unapplied())."""
    if has_figures(population):
        return state
    return replace(state, **{spec.name: spec.empty for spec in FILTERS if spec.needs_population})


def unapplied(state: FilterState, population: Population | None) -> dict[str, tuple[str, ...]]:
    """The chosen values that narrow nothing for want of population figures, by filter name."""
    if has_figures(population):
        return {}
    return {spec.name: values for spec in FILTERS if spec.needs_population and (values := spec.values(state))}


def apply(rows: pd.DataFrame, state: FilterState, population: Population | None = None) -> pd.DataFrame:
    """The membership rows shown on the view's day (in force, or their status not known) that
    match every chosen filter (a size class only with population figures: applied()), each with
    the day its status is not known from, if it is not (periods.NOT_KNOWN_COLUMN)."""
    state = applied(state, population)
    day = shown_day(state)
    mask = periods.in_force(rows, day)
    for spec in FILTERS:
        if values := spec.values(state):
            mask &= spec.match(rows, values, population)
    return periods.with_not_known_since(rows[mask], day)


def in_words(state: FilterState, vocabulary: Vocabulary, none: str) -> str:
    """The filter in words, e.g. "Strategic partnership · Uusimaa"; `none` when nothing is chosen.
    A chosen day other than today is said too ("… · In force on 1.1.2028"), so that a picture or
    a file taken from the view is not read as today's."""
    parts = [
        ", ".join(map(spec.in_words(vocabulary, state.lang), values))
        for spec in FILTERS
        if (values := spec.values(state))
    ]
    text = " · ".join(parts) or none
    return f"{text} · {day_in_words(state.day, state.lang)}" if state.day else text


def day_in_words(day: date, lang: str) -> str:
    """The day in words in `lang`, e.g. "In force on 1.1.2028"."""
    return t("in_force.on_day", lang, date=format_date(day.isoformat(), lang))


def file_name_parts(state: FilterState) -> list[str]:
    """The filter in a download's file name, e.g. ["growth-cities+mal", "region-01", "date-2028-01-01"]."""
    parts = [
        (f"{spec.param}-" if spec.in_file_name else "") + "+".join(values)
        for spec in FILTERS
        if (values := spec.values(state))
    ]
    return [*parts, f"{DAY_PARAM}-{state.day.isoformat()}"] if state.day else parts
