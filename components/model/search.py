"""Finding a municipality from what a person types in the heading's search: its Finnish or
Swedish name, or both as official lists write them ("Kauniainen/Grankulla", "Ii (Ijo)").

The search box filters its options in the browser as the reader types; what is typed and
confirmed without an option (a name the options do not spell that way) comes here. Letter
case does not matter; accents count as typed (a reader who writes "Jarvenpaa" is shown that
nothing is called so, rather than a guess).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from components.data.memberships import normalise_name

# Between the two names of a bilingual municipality: a slash, brackets, a comma or a dash
# with spaces around it ("Kauniainen - Grankulla"); a hyphen inside a name is part of it.
NAME_SEPARATORS = re.compile(r"\s*(?:[/()\[\],;]|\s[-–—]\s)\s*")

# How well a municipality answers a query, best first.
EXACT, BOTH_NAMES, PREFIX, INSIDE = range(4)


def municipality_names(cities: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """Each municipality's code -> its names (Finnish, then Swedish where it differs)."""
    names: dict[str, tuple[str, ...]] = {}
    for code, finnish, swedish in zip(cities["municipality_code"], cities["name_fi"], cities["name_sv"], strict=True):
        names[str(code)] = tuple(dict.fromkeys(str(name) for name in (finnish, swedish) if name))
    return names


def query_parts(query: str) -> list[str]:
    """The names in a query, normalised: "Kauniainen/Grankulla" -> ["kauniainen", "grankulla"]."""
    return [part for part in (normalise_name(piece) for piece in NAME_SEPARATORS.split(query)) if part]


def _rank(query: str, parts: list[str], code: str, names: Iterable[str]) -> int | None:
    own = [normalise_name(name) for name in names]
    if query in own or (query.isdigit() and query.zfill(3) == code):
        return EXACT
    if len(parts) > 1 and all(part in own for part in parts):
        return BOTH_NAMES
    if any(name.startswith(query) for name in own):
        return PREFIX
    if any(query in name for name in own):
        return INSIDE
    return None


def find_municipalities(query: str, names: Mapping[str, Iterable[str]]) -> list[str]:
    """The codes of the municipalities `query` names, best first (a whole name, both names, the
    start of a name, a part of one; then alphabetically). A code ("235") finds its municipality."""
    whole = normalise_name(query)
    if not whole:
        return []
    parts = query_parts(query)
    ranked = []
    for code, own in names.items():
        rank = _rank(whole, parts, code, own)
        if rank is not None:
            ranked.append((rank, normalise_name(next(iter(own), code)), code))
    return [code for *_, code in sorted(ranked)]


def best_municipality(query: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The one municipality `query` names, or None when it names none or several equally well
    ("Lap": Lapua and Lappeenranta)."""
    found = find_municipalities(query, names)
    if not found:
        return None
    whole, parts = normalise_name(query), query_parts(query)
    ranks = [_rank(whole, parts, code, names[code]) for code in found[:2]]
    return found[0] if len(found) == 1 or ranks[0] < ranks[1] else None
