"""Population of each municipality, from Statistics Finland at run time; otherwise a reason the
page shows.

Source: FINMAP_POPULATION (a file path or an http(s) URL), else Statistics Finland's open WFS
layer vaestoalue:kunta_vaki<year> for the year in FINMAP_POPULATION_YEAR (default 2024), asked
for code, name and population only. FINMAP_POPULATION=off turns figures off. Statistics
Finland's schema (kunta, nimi, vaesto) and ours (municipality_code, name_fi, population) are
both accepted, as GeoJSON or CSV. Nothing is bundled: the figures are checked, then cached.

Plain functions for the views: `covered(rows, population)` (the people of a selection's distinct
municipalities and their share of Finland) and `covered_by_partnership(rows, population)`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from components.base.i18n import format_count, format_share, t
from components.data import sources
from components.data.sources import DEFAULT_TIMEOUT_S, SourceError, file_identity, is_off, is_url, write_atomically

DEFAULT_YEAR = 2024
MAX_DOWNLOAD_MB = 5  # the whole country without geometry is about 50 kB
MAX_ROWS = 1000  # Finland has had fewer than 600 municipalities since the 1950s
# The national total must be plausible for Finland (5.64 million at the end of 2024).
PLAUSIBLE_TOTAL = (4_500_000, 7_000_000)
# No municipality comes near this (Helsinki: 0.68 million); a figure above it is a wrong column,
# a national figure or a poisoned source. Digits are read only up to MAX_FIGURE_DIGITS, so a
# 5,000-digit "figure" costs nothing and raises nothing (Python limits int() of long strings).
PLAUSIBLE_MUNICIPALITY = 2_000_000
MAX_FIGURE_DIGITS = 9
CACHE_FORMAT_VERSION = "1"
WFS_URL = "https://geo.stat.fi/geoserver/vaestoalue/wfs"

# Field names of the schemas we know, mapped to ours.
SCHEMAS = (
    {"municipality_code": "municipality_code", "name_fi": "name_fi", "population": "population"},
    {"kunta": "municipality_code", "nimi": "name_fi", "vaesto": "population"},  # Statistics Finland
)

# Municipalities merged into another since the boundaries were drawn: a source in the new
# division has no row for them, and their people are counted in the receiving municipality.
# Never split a figure: the absorbed municipality is shown without one, with the reason.
# Names are the same in Finnish and Swedish.
MERGED_INTO = {"588": ("507", "1.1.2025")}  # Pertunmaa joined Mäntyharju
MERGER_NAMES = {"588": "Pertunmaa", "507": "Mäntyharju"}


# Population size classes (README.md, "Population size classes"): id and lower bound. A class
# holds its lower bound and not its upper one, so a municipality of exactly 20,000 is in
# "20-50k" and one of 250,000 in "250k-plus". The next class's bound is this one's upper bound.
SIZE_CLASSES = (
    ("under-20k", 0),
    ("20-50k", 20_000),
    ("50-100k", 50_000),
    ("100-250k", 100_000),
    ("250k-plus", 250_000),
)
SIZE_CLASS_IDS = tuple(class_id for class_id, _ in SIZE_CLASSES)


def size_class(people: int) -> str:
    """The size class of a municipality of `people` inhabitants."""
    return next(class_id for class_id, lower in reversed(SIZE_CLASSES) if people >= lower)


def size_class_label(class_id: str, lang: str) -> str:
    """A size class in words, its bounds in `lang`'s number format ("20 000–49 999 asukasta")."""
    bounds = [lower for _, lower in SIZE_CLASSES]
    index = SIZE_CLASS_IDS.index(class_id)
    lower = format_count(bounds[index], lang)
    if index == len(bounds) - 1:
        return t("size.at_least", lang, lower=lower)
    upper = bounds[index + 1]
    if index == 0:
        return t("size.under", lang, upper=format_count(upper, lang))
    return t("size.between", lang, lower=lower, last=format_count(upper - 1, lang))


def statfi_wfs_url(year: int) -> str:
    return (
        f"{WFS_URL}?service=WFS&version=2.0.0&request=GetFeature&typeName=vaestoalue:kunta_vaki{year}"
        "&propertyName=kunta,nimi,vaesto&outputFormat=application/json"
    )


def configured_year(environ: dict[str, str] | os._Environ = os.environ) -> int:
    year = environ.get("FINMAP_POPULATION_YEAR", "").strip()
    return int(year) if year.isdigit() and len(year) == 4 else DEFAULT_YEAR


def configured_source(environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """The population source the environment asks for; None when figures are turned off."""
    source = environ.get("FINMAP_POPULATION", "").strip()
    if source and is_off(source):
        return None
    return source or statfi_wfs_url(configured_year(environ))


@dataclass(frozen=True)
class Population:
    """People per municipality code at the end of `year`, or no figures and the reason why."""

    figures: dict[str, int] | None
    source: str | None
    year: int = DEFAULT_YEAR
    reason: str | None = None  # a key under [population] in the locale files
    params: dict[str, Any] = field(default_factory=dict)
    from_cache: bool = False

    @property
    def available(self) -> bool:
        return self.figures is not None

    @property
    def total(self) -> int:
        """Finland's population: the sum over the source's municipalities."""
        return sum(self.figures.values()) if self.figures else 0

    def message(self, lang: str) -> str | None:
        if not self.reason:
            return None
        params = {k: format_count(v, lang) if isinstance(v, int) else v for k, v in self.params.items()}
        return t(f"population.{self.reason}", lang, **params)

    def attribution(self, lang: str) -> str:
        """Publisher and reference date, shown wherever a figure is."""
        return t("population.attribution", lang, year=self.year)

    def of(self, code: str) -> int | None:
        return self.figures.get(code) if self.figures else None

    def note(self, code: str) -> str | None:
        """What to say about `code`'s figure: "merged" when it was merged into another and
        has no figure of its own, "includes_merged" when its figure includes such a
        municipality; None otherwise."""
        if not self.figures:
            return None
        if code in MERGED_INTO and code not in self.figures:
            return "merged"
        if any(into == code and absorbed not in self.figures for absorbed, (into, _) in MERGED_INTO.items()):
            return "includes_merged"
        return None

    def note_text(self, code: str, lang: str) -> str | None:
        """The note for `code` in words (see note())."""
        kind = self.note(code)
        if kind == "merged":
            into, day = MERGED_INTO[code]
            return t("population.merged", lang, name=MERGER_NAMES[code], into=MERGER_NAMES[into], date=day)
        if kind == "includes_merged":
            absorbed, (_, day) = next((a, m) for a, m in MERGED_INTO.items() if m[0] == code)
            return t("population.includes_merged", lang, absorbed=MERGER_NAMES[absorbed], date=day)
        return None


# ----------------------------------------------------------------------------- reading


def _records(raw: bytes) -> list[dict[str, Any]]:
    """The source's records as dictionaries: a GeoJSON FeatureCollection's properties, or a
    CSV's rows (UTF-8, with or without BOM, comma- or semicolon-separated)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SourceError("malformed", detail="not UTF-8") from None
    if text.lstrip().startswith("<"):  # an HTML page or the WFS's XML exception report
        raise SourceError("malformed", detail="HTML or XML, not JSON or CSV")
    if text.lstrip().startswith(("{", "[")):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nesting deeper than any data
            raise SourceError("malformed", detail="not JSON") from None
        features = document.get("features") if isinstance(document, dict) else None
        if not isinstance(features, list):
            raise SourceError("malformed", detail="no features")
        properties = [feature.get("properties") if isinstance(feature, dict) else None for feature in features]
        return [record if isinstance(record, dict) else {} for record in properties]
    lines = text.splitlines()
    if not lines:
        raise SourceError("malformed", detail="empty")
    delimiter = ";" if lines[0].count(";") > lines[0].count(",") else ","
    try:
        # One row more than allowed is enough to say there are too many.
        return list(itertools.islice(csv.DictReader(io.StringIO(text), delimiter=delimiter), MAX_ROWS + 1))
    except csv.Error:
        raise SourceError("malformed", detail="not CSV") from None


def _integer(value: Any) -> int | None:
    """An integer from JSON (int) or CSV (digits only); None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(rf"-?\d{{1,{MAX_FIGURE_DIGITS}}}", value.strip()):
        return int(value.strip())
    return None


def parse_figures(raw: bytes, required_codes: Iterable[str] = ()) -> dict[str, int]:
    """code -> population, checked: a known schema, 3-digit unique codes, non-negative integers,
    a plausible national total, and a figure for every municipality in `required_codes` (the
    project's own) except one merged into another that has a figure."""
    records = _records(raw)
    if not records:
        raise SourceError("malformed", detail="no rows")
    if len(records) > MAX_ROWS:
        raise SourceError("too_many_rows", limit=MAX_ROWS)
    for schema in SCHEMAS:
        if set(schema) <= set(records[0]):
            break
    else:
        raise SourceError("wrong_schema")
    field_of = {ours: theirs for theirs, ours in schema.items()}
    code_field, population_field = field_of["municipality_code"], field_of["population"]
    figures: dict[str, int] = {}
    for record in records:
        code = str(record.get(code_field) or "").strip()
        if not re.fullmatch(r"\d{3}", code):
            raise SourceError("bad_code", value=code[:20])
        if code in figures:
            raise SourceError("duplicate_code", code=code)
        people = _integer(record.get(population_field))
        if people is None:
            raise SourceError("not_integer", code=code, value=str(record.get(population_field))[:20])
        if people < 0:
            raise SourceError("negative", code=code)
        if people > PLAUSIBLE_MUNICIPALITY:
            raise SourceError("implausible_figure", code=code, value=people)
        figures[code] = people
    total = sum(figures.values())
    low, high = PLAUSIBLE_TOTAL
    if not low <= total <= high:
        raise SourceError("implausible_total", total=total)
    missing = sorted(
        code
        for code in set(required_codes) - set(figures)
        if not (code in MERGED_INTO and MERGED_INTO[code][0] in figures)
    )
    if missing:
        raise SourceError("unknown_municipalities", codes=", ".join(missing[:10]))
    return dict(sorted(figures.items()))


# ----------------------------------------------------------------------------- cache


def cache_key(source: str, year: int, required_codes: Iterable[str]) -> str:
    identity = [CACHE_FORMAT_VERSION, source, str(year), ",".join(sorted(required_codes))]
    identity += file_identity(source)
    return hashlib.sha256("\n".join(identity).encode()).hexdigest()[:24]


def read_cache(path: Path) -> dict[str, int] | None:
    """The cached figures, or None (and the file removed) when it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
        if not figures or not all(
            re.fullmatch(r"\d{3}", code) and type(n) is int and n >= 0 for code, n in figures.items()
        ):
            raise ValueError("cache file has the wrong content")
    except (ValueError, AttributeError, OSError):
        path.unlink(missing_ok=True)
        return None
    return figures


# ----------------------------------------------------------------------------- entry point


def load_population(
    source: str | None = None,
    *,
    year: int | None = None,
    required_codes: Iterable[str] = (),
    cache_dir: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> Population:
    """Checked figures from `source` (default: the configured one), through the cache; never
    raises for a bad source, returns the reason instead."""
    year = configured_year() if year is None else year
    source = configured_source() if source is None else source
    if is_off(source):
        return Population(None, None, year)
    required_codes = sorted(set(required_codes))
    cache_dir = sources.cache_dir() if cache_dir is None else cache_dir
    try:
        cache_file = cache_dir / f"population-{cache_key(source, year, required_codes)}.json"
    except OSError:
        return Population(None, source, year, "missing_file", {"path": source})
    cached = read_cache(cache_file)
    if cached is not None and sources.cache_fresh(cache_file, source):
        return Population(cached, source, year, from_cache=True)
    try:
        figures = parse_figures(sources.read_source(source, timeout, MAX_DOWNLOAD_MB), required_codes)
    except SourceError as error:
        if cached is not None:  # the source is down or broken now: its last good copy, not none
            return Population(cached, source, year, from_cache=True)
        return Population(None, source, year, error.reason, error.params)
    # A read-only disk only costs the next start the same work again.
    with contextlib.suppress(OSError):
        write_atomically(cache_file, json.dumps(figures))
    return Population(figures, source, year)


# ----------------------------------------------------------------------------- use


@dataclass(frozen=True)
class Coverage:
    """The people of a set of distinct municipalities, and their share of Finland's population."""

    people: int
    share: float  # 0..1
    without_figure: tuple[str, ...] = ()  # codes shown with no figure (merged away)

    def text(self, lang: str) -> str:
        """e.g. "1 938 623 (34,4 %)" in the page language's number format."""
        return t(
            "population.people_and_share",
            lang,
            people=format_count(self.people, lang),
            share=format_share(self.share, lang),
        )


def covered(rows: pd.DataFrame, population: Population) -> Coverage | None:
    """The population covered by `rows`: each distinct municipality counted once. None when
    there are no figures."""
    return covered_codes(rows["municipality_code"], population)


def covered_codes(codes: Iterable[str], population: Population) -> Coverage | None:
    """The population of these municipalities, each counted once; None without figures."""
    if not population.available:
        return None
    codes = sorted(set(codes))
    people = sum(population.of(code) or 0 for code in codes)
    total = population.total
    return Coverage(people, people / total if total else 0.0, tuple(c for c in codes if population.of(c) is None))


def covered_by_partnership(rows: pd.DataFrame, population: Population) -> dict[str, Coverage]:
    """partnership id -> the population its municipalities in `rows` cover (empty without figures)."""
    if not population.available:
        return {}
    return {str(pid): covered(members, population) for pid, members in rows.groupby("partnership_id", sort=False)}


def in_size_classes(codes: pd.Series, classes: Iterable[str], population: Population) -> pd.Series:
    """Which municipalities (codes) are in one of the size classes; none without a figure."""
    wanted = set(classes)
    in_class = codes.map(lambda code: (people := population.of(code)) is not None and size_class(people) in wanted)
    return in_class.astype(bool)


def figures_for(codes: Iterable[str], population: Population) -> list[int | None]:
    """The figure of each code, None where there is none (for a column in tables and exports)."""
    return [population.of(code) for code in codes]


def headline_text(coverage: Coverage, population: Population, lang: str) -> str:
    """The headline's population line (Markdown; every part is a number or our own text)."""
    return t(
        "population.headline",
        lang,
        people=format_count(coverage.people, lang),
        share=format_share(coverage.share, lang),
        source=population.attribution(lang),
    )


def without_figure_notes(coverage: Coverage, population: Population, lang: str) -> list[str]:
    """Why some municipalities of a selection are not in its population (merged away)."""
    return [note for code in coverage.without_figure if (note := population.note_text(code, lang))]


def token(population: Population | None) -> str:
    """Names the figures in cache keys of views built from them."""
    return "none" if population is None else f"{population.source}|{population.year}|{population.available}"


def source_name(population: Population) -> str:
    """Where the figures were read, for a download: the address, or only a file's name (a
    server's folders are nobody's business)."""
    source = population.source or ""
    return source if is_url(source) else Path(source).name


def details_lines(code: str, population: Population, lang: str) -> list[str]:
    """What a municipality's details say about its population: the figure, its share of Finland
    and its source, and a merger note where there is one (a merged municipality has the note alone)."""
    if not population.available:
        return []
    figure = population.of(code)
    lines = []
    if figure is not None:
        share = format_share(figure / population.total, lang) if population.total else ""
        key = "details.population" if share else "population.details"
        people, source = format_count(figure, lang), population.attribution(lang)
        lines.append(t(key, lang, people=people, share=share, source=source))
    note = population.note_text(code, lang)
    return [*lines, note] if note else lines


def covered_line(rows: pd.DataFrame, population: Population, lang: str, key: str) -> str | None:
    """The locale text `population.<key>` with the population `rows` cover and its source;
    None without figures."""
    coverage = covered(rows, population)
    if coverage is None:
        return None
    return t(f"population.{key}", lang, covered=coverage.text(lang), source=population.attribution(lang))
