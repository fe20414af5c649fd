"""What an uploaded partnerships list would change, compared with the bundled data, before it
changes the map: memberships added, removed and changed (with the columns that differ), and the
bundled memberships that are missing only because their row in the file was rejected.

A membership is a (partnership, municipality) pair. A rejected row still says which membership it
meant, as far as it can be read: its municipality code or name, and its partnership id or the
known id closest to a misspelt one. Pure functions; every step is one pass over the rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from components.base.i18n import t
from components.data.memberships import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    Problem,
    ValidationContext,
    ValidationResult,
    normalise_name,
    read_csv_table,
)

ADDED, REMOVED, CHANGED, REJECTED = "added", "removed", "changed", "rejected"
KINDS = (REJECTED, REMOVED, CHANGED, ADDED)  # the order the table lists them in: losses first
KEY_COLUMNS = ("partnership_id", "municipality_code", "name_fi", "name_sv")  # names follow the code
COMPARED_COLUMNS = tuple(name for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name not in KEY_COLUMNS)
SHOWN_CHARS = 60  # a changed value is cut in the table (the file has it whole)

Key = tuple[str, str]  # (partnership id, municipality code)


@dataclass(frozen=True)
class Change:
    kind: str
    partnership_id: str
    municipality_code: str
    row: int | None = None  # the row (line) of the uploaded file, where there is one
    differences: tuple[tuple[str, str, str], ...] = ()  # (column, bundled value, uploaded value)
    problems: tuple[Problem, ...] = ()  # why the row was rejected (REJECTED only)


@dataclass(frozen=True)
class Comparison:
    changes: list[Change]
    row_keys: Mapping[int, Key] = field(default_factory=dict)  # what each row of the file meant

    def of_kind(self, kind: str) -> list[Change]:
        return [change for change in self.changes if change.kind == kind]

    @property
    def unchanged(self) -> bool:
        return not self.changes


def row_keys(raw: bytes, rules: ValidationContext) -> dict[int, Key]:
    """The membership each readable row of the file means, valid or not: the partnership id (or
    the closest known one) and the municipality code (or the code of its name). Rows whose
    municipality cannot be told are left out."""
    table, _ = read_csv_table(raw)
    if table is None:
        return {}
    position = {name: index for index, name in reversed(list(enumerate(table.header)))}
    keys: dict[int, Key] = {}
    for line, fields in table.records:

        def cell(name: str, fields=fields) -> str:
            index = position.get(name)
            return fields[index].strip() if index is not None and index < len(fields) else ""

        partnership = cell("partnership_id").lower()
        if partnership not in rules.partnership_ids:
            partnership = rules.suggest(partnership, rules.catalog.partnership_ids) or partnership
        code = _municipality(cell("municipality_code"), cell("name_fi"), cell("name_sv"), rules)
        if code:
            keys[line] = (partnership, code)
    return keys


def _municipality(code: str, name_fi: str, name_sv: str, rules: ValidationContext) -> str:
    if code.isdigit() and len(code) <= 3 and code.zfill(3) in rules.names_by_code:
        return code.zfill(3)
    for name in (name_fi, name_sv):
        codes = rules.codes_by_name.get(normalise_name(name), frozenset())
        if len(codes) == 1:
            return next(iter(codes))
    return ""


def compare(bundled: pd.DataFrame, result: ValidationResult, keys: Mapping[int, Key]) -> Comparison:
    """The changes `result` (an uploaded file's validation) would make to the `bundled` rows."""
    before = _by_key(bundled)
    after = _by_key(result.rows)
    line_of: dict[Key, int] = {}
    for line, key in keys.items():
        line_of.setdefault(key, line)
    rejected_lines: dict[int, list[Problem]] = {}
    for problem in result.problems:
        if problem.row is not None:
            rejected_lines.setdefault(problem.row, []).append(problem)
    rejected: dict[Key, int] = {}
    for line in rejected_lines:
        if line in keys:
            rejected.setdefault(keys[line], line)

    changes: list[Change] = []
    for key, old in before.items():
        if key in after:
            differences = tuple(
                (column, old.get(column, ""), after[key].get(column, ""))
                for column in COMPARED_COLUMNS
                if old.get(column, "") != after[key].get(column, "")
            )
            if differences:
                changes.append(Change(CHANGED, *key, line_of.get(key), differences))
        elif key in rejected:
            line = rejected[key]
            changes.append(Change(REJECTED, *key, line, problems=tuple(rejected_lines[line])))
        else:
            changes.append(Change(REMOVED, *key))
    changes.extend(Change(ADDED, *key, line_of.get(key)) for key in after if key not in before)
    order = {kind: index for index, kind in enumerate(KINDS)}
    changes.sort(key=lambda change: (order[change.kind], change.partnership_id, change.municipality_code))
    return Comparison(changes, dict(keys))


def _by_key(rows: pd.DataFrame) -> dict[Key, dict[str, str]]:
    columns = [name for name in ("partnership_id", "municipality_code", *COMPARED_COLUMNS) if name in rows.columns]
    records = rows[columns].fillna("").astype(str).to_dict("records")
    return {(record["partnership_id"], record["municipality_code"]): record for record in records}


# ----------------------------------------------------------------------------- as people read it


@dataclass(frozen=True)
class Names:
    """Partnership and municipality names in the page language, for the tables."""

    partnerships: Mapping[str, str]
    municipalities: Mapping[str, str]

    @classmethod
    def of(cls, rules: ValidationContext, lang: str) -> Names:
        partnerships = {p.id: p.name(lang) for p in rules.catalog.partnerships}
        column = 1 if lang == "sv" else 0  # English pages use the Finnish names, as the map does
        municipalities = {code: names[column] for code, names in rules.names_by_code.items()}
        return cls(partnerships, municipalities)

    def partnership(self, partnership_id: str) -> str:
        return self.partnerships.get(partnership_id, partnership_id)

    def municipality(self, code: str) -> str:
        return self.municipalities.get(code, code)


def row_labels(keys: Mapping[int, Key], names: Names) -> dict[int, tuple[str, str]]:
    """For the problems table: each row's municipality and partnership, by name."""
    return {line: (names.municipality(code), names.partnership(pid)) for line, (pid, code) in keys.items()}


def _cut(value: str) -> str:
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


def details(change: Change, lang: str) -> str:
    if change.kind == CHANGED:
        empty = t("upload_diff.empty", lang)
        return "; ".join(
            f"{column}: {_cut(old) or empty} → {_cut(new) or empty}" for column, old, new in change.differences
        )
    if change.kind == REJECTED:
        return t("upload_diff.rejected_because", lang, row=change.row, reason=change.problems[0].message(lang))
    return t("upload_diff.added_details" if change.kind == ADDED else "upload_diff.removed_details", lang)


def comparison_table(comparison: Comparison, names: Names, lang: str) -> pd.DataFrame:
    """The comparison as the page shows it and the CSV download holds it, in the page language."""
    changes = comparison.changes
    return pd.DataFrame(
        {
            t("upload_diff.column_change", lang): [t(f"upload_diff.kind_{c.kind}", lang) for c in changes],
            t("upload_diff.column_partnership", lang): [names.partnership(c.partnership_id) for c in changes],
            t("upload_diff.column_municipality", lang): [names.municipality(c.municipality_code) for c in changes],
            t("upload_diff.column_row", lang): ["" if c.row is None else str(c.row) for c in changes],
            t("upload_diff.column_details", lang): [details(c, lang) for c in changes],
        }
    )


def summary(comparison: Comparison, lang: str) -> str:
    """One line: how many memberships each kind of change touches."""
    if comparison.unchanged:
        return t("upload_diff.unchanged", lang)
    parts = [f"{t(f'upload_diff.kind_{kind}', lang)}: {len(comparison.of_kind(kind))}" for kind in KINDS]
    return t("upload_diff.summary", lang, counts=" · ".join(parts))
