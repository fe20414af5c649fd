"""Money stated by official sources (data/funding.csv): one row per stated figure, with what it is
for, its period and its source. Checked like the memberships: every rejected row is reported
with its line, column, value and reason, and every other row kept.

    python -m components.data funding FILE      # prints the problems; exit 1 if any, else 0

The figures are never added up here: they differ in what they are for, their period and what
they cover (a state's commitment, a reservation, a programme's money).
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator

from components.base.i18n import counted, normalise_language, t
from components.data.catalog import DATA_DIR, Catalog
from components.data.memberships import (
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    Problem,
    _error,
    _problems_from,
    _too_large,
    format_problem,
    parse_date,
    read_csv_table,
)
from components.data.periods import period_years

FUNDING_PATH = DATA_DIR / "funding.csv"
FUNDING_COLUMNS = (
    "partnership_id",
    "group",
    "municipality_code",
    "amount_eur",
    "qualifier",
    "purpose_fi",
    "purpose_sv",
    "purpose_en",
    "period",
    "source",
    "date",
    "context",
)
# A longer note in each language (what the figure is not, where a missing one would be); may be missing.
NOTE_COLUMNS = ("note_fi", "note_sv", "note_en")
# "at-least": the source says "at least"; "not-given": the sources state that there is money but
# no figure (the amount is then empty and the purpose says where the figure would be).
QUALIFIERS = ("", "at-least", "not-given")
YES_NO = ("yes", "no")
GROUP_SEPARATOR = ";"  # a figure several groups hold together lists them all
MAX_AMOUNT_EUR = 100_000_000_000  # far above any state programme; a typo of a few digits stays out


@dataclass(frozen=True)
class FundingRules:
    """What a funding row is checked against: the catalog (partnerships, sources), the groups
    of each partnership in the memberships (None: not checked, the membership file has problems
    of its own) and the known municipality codes."""

    catalog: Catalog
    groups: Mapping[str, frozenset[str]] | None
    codes: frozenset[str]


class Funding(BaseModel):
    """One stated figure; the column names are the field names."""

    model_config = ConfigDict(frozen=True, extra="ignore", str_strip_whitespace=True)

    partnership_id: str
    group: str = ""
    municipality_code: str = ""
    amount_eur: int | None = None
    qualifier: str = ""
    purpose_fi: str
    purpose_sv: str
    purpose_en: str
    period: str = ""
    source: str
    date: str = ""
    context: bool = False  # True: context (e.g. a programme's money), not the partnership's own
    note_fi: str = ""
    note_sv: str = ""
    note_en: str = ""

    @field_validator("partnership_id")
    @classmethod
    def _known_partnership(cls, value: str, info: ValidationInfo) -> str:
        catalog = _rules(info).catalog
        if value.lower() not in catalog.partnership_ids:
            raise _error("unknown_partnership", "partnership_id", value, known=", ".join(catalog.partnership_ids))
        return value.lower()

    @field_validator("municipality_code")
    @classmethod
    def _known_municipality(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            return value
        code = value.zfill(3) if value.isdigit() and len(value) <= 3 else value
        if code not in _rules(info).codes:
            raise _error("unknown_municipality", "municipality_code", value)
        return code

    @field_validator("amount_eur", mode="before")
    @classmethod
    def _whole_euros(cls, value: object) -> int | None:
        text = str(value or "").strip()
        if not text:
            return None
        # Whole euros in digits only: "12 000 000", "12,5" or "12M" would be read differently
        # by different people, so they are refused rather than guessed.
        if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_AMOUNT_EUR:
            raise _error("funding.bad_amount", "amount_eur", text, limit=MAX_AMOUNT_EUR)
        return int(text)

    @field_validator("qualifier")
    @classmethod
    def _known_qualifier(cls, value: str) -> str:
        if value.lower() not in QUALIFIERS:
            raise _error("funding.bad_qualifier", "qualifier", value, known=", ".join(q for q in QUALIFIERS if q))
        return value.lower()

    @field_validator("purpose_fi", "purpose_sv", "purpose_en", "source")
    @classmethod
    def _required(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            raise _error("missing_value", info.field_name, value)
        return value

    @field_validator("period")
    @classmethod
    def _years(cls, value: str) -> str:
        if not value:
            return value
        years = period_years(value)
        if years is None:
            raise _error("bad_period", "period", value)
        return f"{years[0]}–{years[1]}"

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str, info: ValidationInfo) -> str:
        sources = _rules(info).catalog.sources
        if value not in sources:
            raise _error("funding.unknown_source", "source", value, known=", ".join(sources))
        return value

    @field_validator("date")
    @classmethod
    def _date(cls, value: str) -> str:
        return parse_date(value, "date")

    @field_validator("context", mode="before")
    @classmethod
    def _yes_or_no(cls, value: object) -> bool:
        text = str(value or "").strip().lower()
        if text not in ("", *YES_NO):
            raise _error("funding.bad_context", "context", text)
        return text == "yes"

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Funding:
        groups = _rules(info).groups
        known = groups.get(self.partnership_id, frozenset()) if groups is not None else None
        for group in self.groups if known is not None else ():
            if group not in known:
                raise _error("funding.unknown_group", "group", group, partnership=self.partnership_id)
        if self.qualifier == "not-given" and self.amount_eur is not None:
            raise _error("funding.amount_not_given", "amount_eur", str(self.amount_eur))
        if self.qualifier != "not-given" and self.amount_eur is None:
            raise _error("funding.amount_missing", "amount_eur", "")
        return self

    def purpose(self, lang: str) -> str:
        return getattr(self, f"purpose_{normalise_language(lang)}")

    def note(self, lang: str) -> str:
        return getattr(self, f"note_{normalise_language(lang)}")

    @property
    def groups(self) -> tuple[str, ...]:
        """The groups the figure is of, together ("Helsingin seutu;Oulun seutu": one figure for
        both, not one each); () for the partnership as a whole."""
        return tuple(part.strip() for part in self.group.split(GROUP_SEPARATOR) if part.strip())

    def applies_to(self, partnership_id: str, group: str = "", code: str = "") -> bool:
        """Whether this figure is one of a membership's: its partnership's, one of its groups'
        (a figure with no group is the partnership's as a whole) or its municipality's own."""
        return (
            self.partnership_id == partnership_id
            and (not self.groups or group in self.groups)
            and (not self.municipality_code or self.municipality_code == code)
        )


def _rules(info: ValidationInfo) -> FundingRules:
    return info.context["rules"]


@dataclass(frozen=True)
class FundingResult:
    """Accepted figures plus every problem; rows_in_file = accepted + rejected, always."""

    figures: tuple[Funding, ...]
    problems: list[Problem]
    rows_in_file: int


def groups_of(memberships: Iterable[Mapping[str, str]]) -> dict[str, frozenset[str]]:
    """partnership id -> the groups its membership rows name."""
    found: dict[str, set[str]] = {}
    for row in memberships:
        if row.get("group"):
            found.setdefault(row["partnership_id"], set()).add(row["group"])
    return {pid: frozenset(groups) for pid, groups in found.items()}


def validate_funding(raw: bytes, rules: FundingRules) -> FundingResult:
    """Validate the bytes of a funding CSV (the size and row limits of a partnerships file)."""
    table, problems = read_csv_table(raw)
    if table is None:
        return FundingResult((), problems, 0)
    rows_in_file = len(table.records) + len(table.unreadable)
    problems.extend(table.unreadable)
    duplicated = sorted(name for name, count in Counter(table.header).items() if count > 1)
    missing = [name for name in FUNDING_COLUMNS if name not in table.header]
    if duplicated:
        problems.append(Problem(None, None, None, "duplicate_columns", {"columns": ", ".join(duplicated)}))
    if missing:
        details = {"columns": ", ".join(missing), "required": ", ".join(FUNDING_COLUMNS)}
        problems.append(Problem(None, None, None, "missing_columns", details))
    if duplicated or missing:
        return FundingResult((), problems, rows_in_file)
    figures = []
    for line, fields in table.records:
        if len(fields) != len(table.header):
            details = {"found": len(fields), "expected": len(table.header)}
            problems.append(Problem(line, None, None, "wrong_field_count", details))
            continue
        record = dict(zip(table.header, fields, strict=True))
        too_long = [column for column, value in record.items() if len(value) > MAX_CELL_CHARS]
        if too_long:
            limit = {"limit": MAX_CELL_CHARS}
            problems.extend(Problem(line, column, record[column], "value_too_long", limit) for column in too_long)
            continue
        try:
            figures.append(Funding.model_validate(record, context={"rules": rules}))
        except ValidationError as error:
            problems.extend(_problems_from(error, line, record))
    return FundingResult(tuple(figures), problems, rows_in_file)


def load_funding(path: Path, rules: FundingRules) -> FundingResult:
    """The figures of a data folder's funding.csv; none (and no problem) when the folder has
    none, as a folder written before the file existed."""
    if not path.is_file():
        return FundingResult((), [], 0)
    if path.stat().st_size > MAX_FILE_BYTES:  # reported, not read
        return FundingResult((), [_too_large()], 0)
    return validate_funding(path.read_bytes(), rules)


def in_file(problem: Problem, name: str = FUNDING_PATH.name) -> Problem:
    """A funding problem as the page lists it among the data's: its column names the file."""
    column = f"{name}: {problem.column}" if problem.column else name
    return Problem(problem.row, column, problem.value, problem.reason, problem.params)


def check_file(path: Path, lang: str, out=None) -> int:
    """Print every problem of a funding CSV, checked against the bundled catalog, cities and
    memberships; 1 when there are any, 0 when clean."""
    from components.data.memberships import load_dataset

    out = sys.stdout if out is None else out
    dataset = load_dataset()
    rules = FundingRules(
        dataset.catalog,
        groups_of(dataset.memberships.to_dict("records")),
        frozenset(dataset.cities["municipality_code"]),
    )
    result = load_funding(Path(path), rules)
    for problem in result.problems:
        print(format_problem(problem, lang), file=out)
    if not result.problems:
        print(t("check.clean", lang, path=path, rows=counted("rows", len(result.figures), lang)), file=out)
        return 0
    counts = {
        "accepted": counted("rows_accepted", len(result.figures), lang),
        "rejected": counted("rows_rejected", result.rows_in_file - len(result.figures), lang),
        "problems": counted("problems", len(result.problems), lang),
    }
    print(t("check.summary", lang, path=path, **counts), file=out)
    return 1
