"""What changed in the data since the release (data/changes.toml): dated entries, each with the
round it came in, a text in fi, sv and en and the catalog sources it rests on.

Hand-edited like the catalog, so validated strictly on load: a full date, a known round, every
text in three languages, and every source id one the catalog has. Adding a change is appending
one `[[change]]` table.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from components.base.i18n import normalise_language
from components.data.catalog import DATA_DIR, Catalog

CHANGES_PATH = DATA_DIR / "changes.toml"
# A FINMAP_DATA_DIR's list larger than this is refused before it is parsed (the bundled one: 10 KB).
MAX_CHANGES_BYTES = 1024 * 1024
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class Change(BaseModel):
    """One change of the data: when, in which round, what (in fi/sv/en) and its sources."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    date: str
    # The round it came in: the corrections of the release (23.5.2024), or an audit against the
    # official pages (facts sheet: "Updates after the release", "Updates checked 2026-12-07").
    round: Literal["release", "audit-2026-11-28", "audit-2026-12-07"]
    # Catalog source ids, written even when there are none: none only for a change of form, or a
    # source outside the catalog that the text names (Statistics Finland's classification).
    sources: tuple[str, ...]
    fi: str
    sv: str
    en: str

    @field_validator("date")
    @classmethod
    def _day(cls, value: str) -> str:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(f"not a day (YYYY-MM-DD): {value!r}")
        date.fromisoformat(value)
        return value

    @field_validator("fi", "sv", "en")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a change says what changed in fi, sv and en")
        return value

    def text(self, lang: str) -> str:
        return getattr(self, normalise_language(lang))


class Changes(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    change: tuple[Change, ...] = ()


class ChangesError(ValueError):
    """changes.toml cannot be used: every problem found, one a line, with the entry it is in."""


def check_changes(raw: dict, catalog: Catalog) -> tuple[Change, ...]:
    """The entries of a parsed changes.toml, newest first; every rejected entry is reported."""
    try:
        changes = Changes.model_validate(raw).change
    except ValidationError as error:
        problems = [f"{'.'.join(str(part) for part in item['loc'])}: {item['msg']}" for item in error.errors()]
        raise ChangesError("\n".join(problems)) from None
    unknown = [
        f"change.{index}.sources: unknown source {source!r}"
        for index, change in enumerate(changes)
        for source in change.sources
        if source not in catalog.sources
    ]
    if unknown:
        raise ChangesError("\n".join(unknown))
    # Stable: entries of one day keep the order they are written in.
    return tuple(sorted(changes, key=lambda change: change.date, reverse=True))


def load_changes(path: Path, catalog: Catalog) -> tuple[Change, ...]:
    """The changes in `path`, checked against `catalog`; none when the folder has no such file
    (another FINMAP_DATA_DIR need not keep one)."""
    path = Path(path)
    if not path.is_file():
        return ()
    if path.stat().st_size > MAX_CHANGES_BYTES:
        raise ChangesError(f"{path.name}: larger than {MAX_CHANGES_BYTES // (1024 * 1024)} MB")
    with path.open("rb") as handle:
        return check_changes(tomllib.load(handle), catalog)
