"""Translations: every user-facing string comes from components/base/locales/{fi,sv,en}.toml."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
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


def plural_category(count: int) -> str:
    """Finnish, Swedish and English share one rule: "one" for exactly 1, else "other"."""
    return "one" if count == 1 else "other"


def t(key: str, lang: str, /, **params: object) -> str:
    """The string `key` in `lang`, with {placeholders} filled from params. A key with plural
    forms (a table with `one` and `other`) takes the form that fits params["count"]."""
    table = strings(normalise_language(lang))
    if key not in table and "count" in params:
        key = f"{key}.{plural_category(int(params['count']))}"
    text = table[key]
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool):  # "18 000 problems", not "18000"
        params = {**params, "count": format_count(count, lang)}
    return text.format(**params) if params else text


def counted(noun: str, count: int, lang: str) -> str:
    """A number with its noun in the right form: "1 partnership", "2 partnerships"."""
    return t(f"count.{noun}", lang, count=count)


def column_in_language(base: str, lang: str) -> str:
    """The column of a text kept in each language as base_fi, base_sv and base_en."""
    return f"{base}_{normalise_language(lang)}"


def in_language(record: Mapping, base: str, lang: str) -> str:
    """A record's text in `lang` (base_fi, base_sv, base_en); Finnish where that one is missing."""
    return record.get(column_in_language(base, lang)) or record[f"{base}_fi"]


def name_column(lang: str) -> str:
    """The column of a municipality's name on a page in `lang`: every municipality has a Finnish
    and a Swedish name (name_fi, name_sv), and English pages use the Finnish one."""
    return "name_sv" if normalise_language(lang) == "sv" else "name_fi"


def display_names(city: Mapping, lang: str) -> tuple[str, str]:
    """(a municipality's name in the page language, its other official name or '')."""
    first = city[name_column(lang)]
    second = city["name_fi" if name_column(lang) == "name_sv" else "name_sv"]
    return first, ("" if second == first else second)


# Numbers in each language's own format: 1 938 623 and 34,4 % in fi and sv (grouped with a
# no-break space, so a number never breaks across lines), 1,938,623 and 34.4% in en.
NO_BREAK_SPACE = "\u00a0"


def format_count(number: int, lang: str) -> str:
    """A whole number with thousands grouped as `lang` writes them."""
    grouped = f"{int(number):,}"
    return grouped if normalise_language(lang) == "en" else grouped.replace(",", NO_BREAK_SPACE)


def format_share(fraction: float, lang: str) -> str:
    """A share (0..1) as a percentage with one decimal; a small non-zero share as "<0.1%"."""
    percent = fraction * 100
    text = f"{percent:.1f}" if percent == 0 or percent >= 0.05 else "<0.1"
    if normalise_language(lang) == "en":
        return f"{text}%"
    return text.replace(".", ",").replace("<", f"<{NO_BREAK_SPACE}") + f"{NO_BREAK_SPACE}%"
