"""Translations: every user-facing string comes from components/locales/{fi,sv,en}.toml."""

from __future__ import annotations

import os
import tomllib
from functools import cache
from pathlib import Path

LANGUAGES = ("fi", "sv", "en")
FALLBACK_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locales"


def _flatten(table: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


@cache
def strings(lang: str) -> dict[str, str]:
    """All strings of one language, keyed by dotted name (e.g. "problem.bad_date")."""
    with (LOCALE_DIR / f"{lang}.toml").open("rb") as handle:
        return _flatten(tomllib.load(handle))


def normalise_language(lang: str | None) -> str:
    """A supported language code for any input; unknown or empty gives the fallback."""
    code = (lang or "").strip().lower()[:2]
    return code if code in LANGUAGES else FALLBACK_LANGUAGE


def default_language() -> str:
    """The language a session starts in: FINMAP_LANG, else English."""
    return normalise_language(os.environ.get("FINMAP_LANG"))


def t(key: str, lang: str, /, **params: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled from params."""
    text = strings(normalise_language(lang))[key]
    return text.format(**params) if params else text
