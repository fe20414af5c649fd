"""Partnership-level facts (data/catalog.toml): the cooperation forms, their themes, sources.

The catalog is small and hand-edited, so it is validated strictly on load: a theme or source
that a partnership names must exist, and every text comes in fi, sv and en.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from components.base.i18n import normalise_language

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
CATALOG_PATH = DATA_DIR / "catalog.toml"
# A FINMAP_DATA_DIR's catalog larger than this is refused before it is parsed (the bundled one: 28 KB).
MAX_CATALOG_MB = 1
MAX_CATALOG_BYTES = MAX_CATALOG_MB * 1024 * 1024
STATUSES = ("active", "planned")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ISO_MONTH = re.compile(r"\d{4}-\d{2}")


class Translated(BaseModel):
    """One text in the three languages of the app."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    fi: str
    sv: str
    en: str

    def in_language(self, lang: str) -> str:
        return getattr(self, normalise_language(lang))


def check_date(value: str) -> str:
    """ISO date, YYYY-MM or empty: the catalog's dates are written like the CSV's."""
    if value and not (_ISO_DATE.fullmatch(value) or _ISO_MONTH.fullmatch(value)):
        raise ValueError(f"not a date (YYYY-MM-DD or YYYY-MM): {value!r}")
    if value:
        date.fromisoformat(value if len(value) == 10 else f"{value}-01")
    return value


class Source(BaseModel):
    """A document the facts rest on: its title says what it is (in its own language), the
    publisher who issued it, when (empty when undated), when we last checked it and, optionally,
    what it is in fi/sv/en."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str
    url: str
    publisher: str = ""
    date: str = ""
    checked: str = ""  # the day the source was last checked against the facts (YYYY-MM-DD)
    description: Translated | None = None

    @field_validator("date", "checked")
    @classmethod
    def _date(cls, value: str) -> str:
        return check_date(value)

    def label(self, lang: str) -> str:
        """What the page lists: the description in the page language, else the title."""
        return self.description.in_language(lang) if self.description else self.title


# What a dated event is; each has a label under [events] in the locale files (kind_<kind>) and a
# way to name a start that falls on it (start_<kind>).
EVENT_KINDS = (
    "announcement",
    "appointment",
    "first-meeting",
    "proposal",
    "negotiation-result",
    "government-resolution",
    "signing",
    "approval",
    "decision",
    "update",
    "funding",
    "end",
)
_MUNICIPALITY_CODE = re.compile(r"\d{3}")


class Event(BaseModel):
    """A dated step of a partnership (negotiation result, resolution, signing), its kind and
    source, and whom it concerns: one group of the partnership (the CSV's `group`), one
    municipality (its code), or, with neither, the whole partnership."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    date: str
    kind: str
    source: str
    group: str = ""
    municipality: str = ""
    fi: str
    sv: str
    en: str

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        if not value:
            raise ValueError("an event needs a date")
        return check_date(value)

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {value!r}; known: {', '.join(EVENT_KINDS)}")
        return value

    @field_validator("municipality")
    @classmethod
    def _municipality(cls, value: str) -> str:
        if value and not _MUNICIPALITY_CODE.fullmatch(value):
            raise ValueError(f"an event's municipality is a three-digit code, not {value!r}")
        return value

    @model_validator(mode="after")
    def _one_scope(self) -> Event:
        if self.group and self.municipality:
            raise ValueError(f"event {self.date}: give a group or a municipality, not both")
        return self

    def text(self, lang: str) -> str:
        return getattr(self, normalise_language(lang))


class Partnership(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str
    fi: str
    sv: str
    en: str
    status: Literal["active", "planned"]
    themes: tuple[str, ...]
    members_stated: int
    members_unit: Literal["municipality", "group"] = "municipality"
    members_known: bool
    sources: tuple[str, ...]
    governance: Translated | None = None
    discrepancy: Translated | None = None
    dates: Translated | None = None
    start: str = ""  # when it began, where a source says (YYYY-MM-DD or YYYY-MM)
    end: str = ""  # when it ends, where a source gives a date
    term: Translated | None = None  # how long it runs, where a source gives no end date
    events: tuple[Event, ...] = ()

    @field_validator("start", "end")
    @classmethod
    def _date(cls, value: str) -> str:
        return check_date(value)

    def name(self, lang: str) -> str:
        return getattr(self, normalise_language(lang))


class Catalog(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    sources: dict[str, Source]
    themes: dict[str, Translated]
    partnerships: tuple[Partnership, ...]

    @model_validator(mode="after")
    def _references_exist(self) -> Catalog:
        ids = [p.id for p in self.partnerships]
        if len(ids) != len(set(ids)):
            raise ValueError(f"partnership ids repeat: {ids}")
        for partnership in self.partnerships:
            for theme in partnership.themes:
                if theme not in self.themes:
                    raise ValueError(f"{partnership.id}: unknown theme {theme!r}")
            for source in (*partnership.sources, *(event.source for event in partnership.events)):
                if source not in self.sources:
                    raise ValueError(f"{partnership.id}: unknown source {source!r}")
        return self

    @cached_property
    def partnership_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.partnerships)

    @cached_property
    def _by_id(self) -> dict[str, Partnership]:
        # Looked up once per row by the validation and the views: a dict, not a scan.
        return {p.id: p for p in self.partnerships}

    def partnership(self, partnership_id: str) -> Partnership:
        return self._by_id[partnership_id]

    @cached_property
    def _sources_by_url(self) -> dict[str, Source]:
        return {source.url: source for source in self.sources.values()}

    def source_at(self, url: str) -> Source | None:
        """The catalog's source at this address, if it names one."""
        return self._sources_by_url.get(url)

    def theme_label(self, theme_id: str, lang: str) -> str:
        return self.themes[theme_id].in_language(lang)

    @cached_property
    def data_as_of(self) -> str:
        """The data's own date: the day its sources were last checked, i.e. the newest `checked`
        among them (YYYY-MM-DD; empty when no source says). The one date every download states."""
        return max((source.checked for source in self.sources.values()), default="")


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with Path(path).open("rb") as handle:
        return Catalog.model_validate(tomllib.load(handle))


@cache
def bundled_catalog() -> Catalog:
    return load_catalog(CATALOG_PATH)
