"""Partnership-level facts (data/catalog.toml): the cooperation forms, their themes, sources.

The catalog is small and hand-edited, so it is validated strictly on load: a theme or source
that a partnership names must exist, and every text comes in fi, sv and en.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from components.i18n import normalise_language

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
CATALOG_PATH = DATA_DIR / "catalog.toml"
STATUSES = ("active", "planned")


class Translated(BaseModel):
    """One text in the three languages of the app."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    fi: str
    sv: str
    en: str

    def in_language(self, lang: str) -> str:
        return getattr(self, normalise_language(lang))


class Source(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    title: str
    url: str


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
            for source in partnership.sources:
                if source not in self.sources:
                    raise ValueError(f"{partnership.id}: unknown source {source!r}")
        return self

    @property
    def partnership_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.partnerships)

    def partnership(self, partnership_id: str) -> Partnership:
        for partnership in self.partnerships:
            if partnership.id == partnership_id:
                return partnership
        raise KeyError(partnership_id)

    def theme_label(self, theme_id: str, lang: str) -> str:
        return self.themes[theme_id].in_language(lang)


def load_catalog(path: Path = CATALOG_PATH) -> Catalog:
    with Path(path).open("rb") as handle:
        return Catalog.model_validate(tomllib.load(handle))


@cache
def bundled_catalog() -> Catalog:
    return load_catalog(CATALOG_PATH)
