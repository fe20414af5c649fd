"""Load and validate the partnership memberships and the city points.

Every row of a partnerships file ends up either accepted or reported: a problem names the row
(its line in the file, the header being line 1), the column, the value and the reason. The same
function checks the bundled file, an uploaded file and a file given to the command line:

    python -m components.data.memberships check FILE      # prints the problems; exit 1 if any, else 0
"""

from __future__ import annotations

import argparse
import csv
import difflib
import os
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from components.base.i18n import counted, default_language, t
from components.base.web import is_web_address
from components.data import periods
from components.data.catalog import (
    CATALOG_PATH,
    DATA_DIR,
    MAX_CATALOG_BYTES,
    STATUSES,
    Catalog,
    bundled_catalog,
    load_catalog,
)
from components.data.changes import CHANGES_PATH, Change, ChangesError, load_changes

PARTNERSHIPS_PATH = DATA_DIR / "partnerships.csv"
CITIES_PATH = DATA_DIR / "cities.geojson"

REQUIRED_COLUMNS = (
    "partnership_id",
    "municipality_code",
    "name_fi",
    "name_sv",
    "group",
    "themes",
    "status",
    "since",
    "source_url",
    "note",
)
# Columns a file may have or lack (older files lack them); the loaded rows always have them,
# empty where the file has none, so every view can read them.
OPTIONAL_COLUMNS = (
    "until",
    "until_earliest",
    "period",
    "note_fi",
    "note_sv",
    "members_source_url",
    "members_source_label",
    "focus_areas",
    "focus_areas_source_url",
)
NOTE_LANGUAGES = ("fi", "sv")  # languages with a note column of their own; English is `note`
CITY_COLUMNS = ("municipality_code", "name_fi", "name_sv", "region_code", "region_fi", "region_sv", "region_en")
THEME_SEPARATOR = ";"
# A cell longer than this is not a name, a date or a note a person wrote: rejected, not kept.
MAX_CELL_CHARS = 10_000
MAX_FIELD_CHARS = 16 * 1024 * 1024  # what the CSV reader accepts at all, so it can report them
# Limits checked before any row is validated, so a hostile file costs little. Far above any real
# list (the bundled one: 18 columns, 132 rows, 100 KB), far below what would slow the server.
MAX_FILE_MB = 5
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_COLUMNS = 100
MAX_ROWS = 5_000
MAX_CITIES_MB = 8  # a FINMAP_DATA_DIR's cities.geojson (the bundled one: 32 KB, 309 features)
MAX_CITIES_BYTES = MAX_CITIES_MB * 1024 * 1024
MAX_CITIES = 2_000
# Finland with a margin; a point outside is a typing error, not a place.
FINLAND_BOUNDS = (19.0, 59.5, 31.7, 70.2)
# "Did you mean": difflib compares every pair of characters, so only short values get a
# suggestion, and only so many distinct ones per file.
MAX_SUGGESTED_CHARS = 40
MAX_SUGGESTIONS = 200


def closest(value: str, candidates: tuple[str, ...] | list[str]) -> str:
    """The known id `value` most likely misspells ("vitalty" -> "vitality"), or ""."""
    if not value or len(value) > MAX_SUGGESTED_CHARS:
        return ""
    matches = difflib.get_close_matches(value.lower(), list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else ""


def normalise_name(name: str) -> str:
    """Names compare in NFC and case-insensitively, so 'HELSINKI' and 'Helsinki' agree while a
    look-alike with a Cyrillic letter does not."""
    return unicodedata.normalize("NFC", name).casefold().strip()


@dataclass(frozen=True)
class Problem:
    """One reason why a row (or the whole file, row=None) was not accepted."""

    row: int | None
    column: str | None
    value: str | None
    reason: str  # a key under [problem] in the locale files
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def shown_value(self) -> str:
        """The value as reports show it: a huge cell is cut, not printed whole."""
        value = self.value or ""
        return value if len(value) <= 80 else value[:79] + "…"

    def message(self, lang: str) -> str:
        text = self.reason_text(lang)
        if self.suggestion:
            text += " " + t("problem.suggest.did_you_mean", lang, suggestion=self.suggestion)
        return text

    def reason_text(self, lang: str) -> str:
        """What is wrong, without the "Did you mean …?" (a table shows it in a column of its own)."""
        return t(f"problem.{self.reason}", lang, value=self.shown_value, **self.params)

    @property
    def suggestion(self) -> str:
        return str(self.params.get("suggestion") or "")

    def location(self, lang: str) -> str:
        if self.row is None:
            return t("problem.location_file", lang)
        return t("problem.location_row", lang, row=self.row)


@dataclass(frozen=True)
class ValidationResult:
    """Accepted rows plus every problem; rows_in_file = accepted + rejected, always."""

    rows: pd.DataFrame
    problems: list[Problem]
    rows_in_file: int
    # How many problems were found, when `problems` holds only the first of them (`first_problems`).
    problems_found: int | None = None

    @property
    def rows_rejected(self) -> int:
        return self.rows_in_file - len(self.rows)

    @property
    def problem_count(self) -> int:
        return len(self.problems) if self.problems_found is None else self.problems_found

    @property
    def is_clean(self) -> bool:
        return self.problem_count == 0

    def first_problems(self, count: int) -> ValidationResult:
        """The same result keeping only its first `count` problems, and how many there were."""
        return replace(self, problems=self.problems[:count], problems_found=self.problem_count)

    def counts_text(self, lang: str) -> dict[str, str]:
        """The rows accepted and rejected and the problems found, each a count in words, for a
        summary (check.summary, upload.summary)."""
        return {
            "accepted": counted("rows_accepted", len(self.rows), lang),
            "rejected": counted("rows_rejected", self.rows_rejected, lang),
            "problems": counted("problems", self.problem_count, lang),
        }


# ----------------------------------------------------------------------------- reading bytes


def decode_text(raw: bytes) -> str | None:
    """Text of a CSV as Excel and other tools write it: UTF-8 (with or without BOM), UTF-16
    with a BOM, else Windows-1252. None for binary content (NUL bytes or bytes no text
    encoding allows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode text" is UTF-16 with a BOM
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            return None
    if b"\x00" in raw:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return None


def sniff_delimiter(header_line: str) -> str:
    """Comma, semicolon (what Excel in Finland writes) or tab (Excel's "Unicode text"), by
    which the header uses most."""
    return max((",", ";", "\t"), key=header_line.count)


@dataclass(frozen=True)
class CsvTable:
    header: list[str]
    records: list[tuple[int, list[str]]]  # (line number, fields)
    unreadable: list[Problem]  # records the CSV reader could not split (e.g. a stray quote)


def read_csv_table(raw: bytes) -> tuple[CsvTable | None, list[Problem]]:
    """Split bytes into header and records; file-level problems when that is impossible.
    A record the CSV reader cannot split is reported and reading goes on after it, so one
    stray quotation mark does not cost the rows around it."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [_too_large()]
    if not raw.strip():
        return None, [Problem(None, None, None, "empty_file")]
    text = decode_text(raw)
    if text is None:
        return None, [Problem(None, None, None, "not_text")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), 0)
    delimiter = sniff_delimiter(lines[first])
    if lines[first].lower().startswith("sep=") and len(lines[first].strip()) == 5:
        delimiter = lines[first].strip()[4]  # Excel's "sep=;" hint line
        lines[first] = ""
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))

    consumed = 0

    def numbered_lines():
        nonlocal consumed
        for line in lines:
            consumed += 1
            yield line

    source = numbered_lines()
    reader = csv.reader(source, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    unreadable: list[Problem] = []
    while True:
        start_line = consumed + 1
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if header is None:
                return None, [Problem(None, None, None, "unreadable_csv", {"detail": str(error)})]
            details = {"detail": str(error), "last": consumed}
            unreadable.append(Problem(start_line, None, None, "unreadable_row", details))
            if len(records) + len(unreadable) > MAX_ROWS:
                return None, [_limit_problem("too_many_rows", f"> {MAX_ROWS}", MAX_ROWS)]
            reader = csv.reader(source, delimiter=delimiter, strict=True)  # go on after the broken record
            continue
        if not any(cell.strip() for cell in fields):
            continue  # blank lines are not rows
        if header is None:
            if len(fields) > MAX_COLUMNS:
                return None, [_limit_problem("too_many_columns", len(fields), MAX_COLUMNS)]
            header = fields
        else:
            records.append((start_line, fields))
        if len(records) + len(unreadable) > MAX_ROWS:
            return None, [_limit_problem("too_many_rows", f"> {MAX_ROWS}", MAX_ROWS)]
    columns = [_header_name(name, index) for index, name in enumerate(header or [])]
    return CsvTable(columns, records, unreadable), []


def _too_large() -> Problem:
    return Problem(None, None, None, "too_large", {"limit": MAX_FILE_MB})


def _limit_problem(reason: str, found: object, limit: int) -> Problem:
    """A whole-file problem for an input over one of the limits (a key under [problem.limit])."""
    return Problem(None, None, None, f"limit.{reason}", {"found": found, "limit": limit})


def _header_name(name: str, index: int) -> str:
    cleaned = name.replace("\ufeff", "").strip().lower()
    return cleaned or f"column_{index + 1}"


# ----------------------------------------------------------------------------- row rules


def _error(reason: str, column: str, value: str, **params: object) -> PydanticCustomError:
    # The message template is for logs only; users see the locale text for `reason`.
    return PydanticCustomError(reason, reason, {"column": column, "value": value, **params})


@dataclass(frozen=True)
class ValidationContext:
    """What a row is checked against: the catalog and the known municipalities."""

    catalog: Catalog
    names_by_code: Mapping[str, tuple[str, str]]
    codes_by_name: Mapping[str, frozenset[str]]
    partnership_ids: frozenset[str]
    known_partnerships: str = ""  # the lists a problem names, joined once, not once per row
    known_themes: str = ""
    suggestions: dict[tuple[str, ...], str] = field(default_factory=dict, compare=False)

    def suggest(self, value: str, candidates: tuple[str, ...]) -> str:
        """closest(), once per distinct value and at most MAX_SUGGESTIONS times per file."""
        key = (value.lower(), *candidates)
        if key not in self.suggestions:
            if len(self.suggestions) >= MAX_SUGGESTIONS:
                return ""
            self.suggestions[key] = closest(value, candidates)
        return self.suggestions[key]

    @classmethod
    def build(cls, catalog: Catalog, cities: pd.DataFrame) -> ValidationContext:
        names_by_code = {row.municipality_code: (row.name_fi, row.name_sv) for row in cities.itertuples(index=False)}
        codes_by_name: dict[str, set[str]] = {}
        for code, names in names_by_code.items():
            for name in names:
                codes_by_name.setdefault(normalise_name(name), set()).add(code)
        frozen = {name: frozenset(codes) for name, codes in codes_by_name.items()}
        return cls(
            catalog,
            names_by_code,
            frozen,
            frozenset(catalog.partnership_ids),
            ", ".join(catalog.partnership_ids),
            ", ".join(catalog.themes),
        )


def _context(info: ValidationInfo) -> ValidationContext:
    return info.context["rules"]


class MembershipRow(BaseModel):
    """The rules for one row of partnerships.csv; the column names are the field names."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    partnership_id: str
    municipality_code: str
    name_fi: str
    name_sv: str
    group: str
    themes: str
    status: str
    since: str
    source_url: str
    note: str
    until: str = ""
    until_earliest: str = ""  # a term that ends without a day (a government's): its earliest end
    period: str = ""
    members_source_url: str = ""
    focus_areas_source_url: str = ""

    @field_validator("partnership_id")
    @classmethod
    def _known_partnership(cls, value: str, info: ValidationInfo) -> str:
        rules = _context(info)
        if not value:
            raise _error("missing_value", "partnership_id", value)
        if value.lower() not in rules.partnership_ids:
            suggestion = rules.suggest(value, rules.catalog.partnership_ids)
            raise _error(
                "unknown_partnership", "partnership_id", value, known=rules.known_partnerships, suggestion=suggestion
            )
        return value.lower()

    @field_validator("municipality_code")
    @classmethod
    def _code_format(cls, value: str) -> str:
        # Spreadsheets drop leading zeros ("91" for Helsinki's "091"): pad them back.
        if value and not re.fullmatch(r"\d{1,3}", value):
            raise _error("bad_municipality_code", "municipality_code", value)
        return value.zfill(3) if value else value

    @field_validator("themes")
    @classmethod
    def _known_themes(cls, value: str, info: ValidationInfo) -> str:
        rules = _context(info)
        catalog = rules.catalog
        themes: list[str] = []
        for theme in (part.strip().lower() for part in value.split(THEME_SEPARATOR)):
            if not theme or theme in themes:
                continue
            if theme not in catalog.themes:
                suggestion = rules.suggest(theme, tuple(catalog.themes))
                raise _error("unknown_theme", "themes", theme, known=rules.known_themes, suggestion=suggestion)
            themes.append(theme)
        return THEME_SEPARATOR.join(themes)

    @field_validator("status")
    @classmethod
    def _known_status(cls, value: str, info: ValidationInfo) -> str:
        if not value:
            raise _error("missing_value", "status", value)
        if value.lower() not in STATUSES:
            raise _error("bad_status", "status", value, suggestion=_context(info).suggest(value, STATUSES))
        return value.lower()

    @field_validator("since", "until", "until_earliest")
    @classmethod
    def _iso_date(cls, value: str, info: ValidationInfo) -> str:
        return parse_date(value, info.field_name)

    @field_validator("period")
    @classmethod
    def _agreement_years(cls, value: str) -> str:
        """Empty, or an agreement period in years ("2024–2035", any dash), written with an en dash."""
        if not value:
            return value
        years = periods.period_years(value)
        if years is None:
            raise _error("bad_period", "period", value)
        return f"{years[0]}–{years[1]}"

    @field_validator("source_url")
    @classmethod
    def _web_address(cls, value: str) -> str:
        if not value:
            raise _error("missing_value", "source_url", value)
        return _checked_url(value, "source_url")

    @field_validator("members_source_url", "focus_areas_source_url")
    @classmethod
    def _optional_web_address(cls, value: str, info: ValidationInfo) -> str:
        return _checked_url(value, info.field_name) if value else value

    @model_validator(mode="after")
    def _ends_after_it_begins(self) -> MembershipRow:
        # The rule of components.data.periods: a month counts from its first day when it begins
        # and to its last when it ends (since 2027-12, until 2027-12-15 is fine).
        start, end = periods.first_day(self.since), periods.last_day(self.until)
        if start and end and end < start:
            raise _error("until_before_since", "until", self.until, since=self.since)
        earliest = periods.first_day(self.until_earliest)
        if start and earliest and earliest < start:
            raise _error("until_before_since", "until_earliest", self.until_earliest, since=self.since)
        return self

    @model_validator(mode="after")
    def _municipality_and_themes_agree(self, info: ValidationInfo) -> MembershipRow:
        rules = _context(info)
        code = self.municipality_code or self._code_from_names(rules)
        if code not in rules.names_by_code:
            raise _error("unknown_municipality", "municipality_code", code)
        official = rules.names_by_code[code]
        allowed = {normalise_name(name) for name in official}
        for column in ("name_fi", "name_sv"):
            value = getattr(self, column)
            if value and normalise_name(value) not in allowed:
                raise _error("name_code_mismatch", column, value, code=code, expected=" / ".join(official))
        # Either language is accepted in either column; the stored names are the official ones.
        # (Written to __dict__ directly: the values are already valid, and this runs per row.)
        self.__dict__.update(municipality_code=code, name_fi=official[0], name_sv=official[1])

        partnership = rules.catalog.partnership(self.partnership_id)
        for theme in filter(None, self.themes.split(THEME_SEPARATOR)):
            if theme not in partnership.themes:
                raise _error(
                    "theme_not_in_partnership",
                    "themes",
                    theme,
                    partnership=partnership.id,
                    known=", ".join(partnership.themes) or "-",
                    suggestion=rules.suggest(theme, partnership.themes),
                )
        return self

    def _code_from_names(self, rules: ValidationContext) -> str:
        name = self.name_fi or self.name_sv
        if not name:
            raise _error("missing_value", "municipality_code", "")
        column = "name_fi" if self.name_fi else "name_sv"
        codes = rules.codes_by_name.get(normalise_name(name), frozenset())
        if not codes:
            raise _error("unknown_municipality", column, name)
        if len(codes) > 1:
            raise _error("ambiguous_name", column, name)
        return next(iter(codes))


def _checked_url(value: str, column: str) -> str:
    if not is_web_address(value):
        raise _error("bad_url", column, value)
    return value


def parse_since(value: str) -> str:
    """`since` as stored: see parse_date."""
    return parse_date(value, "since")


def parse_date(value: str, column: str) -> str:
    """ISO date (YYYY-MM-DD), month (YYYY-MM) or empty; a Finnish D.M.YYYY, as Excel in
    Finland rewrites dates, is turned into ISO."""
    if not value:
        return ""
    finnish = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    try:
        if finnish:
            day, month, year = (int(part) for part in finnish.groups())
            return date(year, month, day).isoformat()
        if re.fullmatch(r"\d{4}-\d{2}", value):
            date.fromisoformat(f"{value}-01")
            return value
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise _error("bad_date", column, value)


def _problems_from(error: ValidationError, line: int, record: Mapping[str, str]) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        context = dict(detail.get("ctx") or {})
        column = context.pop("column", None) or (str(detail["loc"][0]) if detail["loc"] else None)
        value = context.pop("value", None)
        if value is None:
            value = record.get(column, "") if column else ""
        reason = detail["type"] if detail["type"] in _REASONS else "invalid_value"
        if reason == "invalid_value":
            context = {"detail": detail["msg"]}
        problems.append(Problem(line, column, str(value), reason, context))
    return problems


@cache
def _reasons() -> frozenset[str]:
    from components.base.i18n import strings

    return frozenset(key.removeprefix("problem.") for key in strings("en") if key.startswith("problem."))


_REASONS = _reasons()


# ----------------------------------------------------------------------------- whole files


def validate_partnerships(raw: bytes, catalog: Catalog, cities: pd.DataFrame) -> ValidationResult:
    """Validate the bytes of a partnerships CSV. Accepted rows keep every column of the file
    (required ones first); each rejected row has at least one problem."""
    table, problems = read_csv_table(raw)
    if table is None:
        return ValidationResult(empty_rows(), problems, 0)
    rows_in_file = len(table.records) + len(table.unreadable)
    problems.extend(table.unreadable)
    # Counted once, not with list.count per name: that was quadratic in the header's width.
    duplicated = sorted(name for name, count in Counter(table.header).items() if count > 1)
    missing = [name for name in REQUIRED_COLUMNS if name not in table.header]
    if duplicated:
        problems.append(Problem(None, None, None, "duplicate_columns", {"columns": ", ".join(duplicated)}))
    if missing:
        problems.append(
            Problem(
                None,
                None,
                None,
                "missing_columns",
                {"columns": ", ".join(missing), "required": ", ".join(REQUIRED_COLUMNS)},
            )
        )
    if duplicated or missing:
        return ValidationResult(empty_rows(), problems, rows_in_file)
    if not table.records and not table.unreadable:
        return ValidationResult(empty_rows(), [Problem(None, None, None, "no_rows")], 0)

    rules = {"rules": ValidationContext.build(catalog, cities)}
    accepted: list[dict[str, str]] = []
    first_line_of: dict[tuple[str, str], int] = {}
    for line, fields in table.records:
        if len(fields) != len(table.header):
            problems.append(
                Problem(line, None, None, "wrong_field_count", {"found": len(fields), "expected": len(table.header)})
            )
            continue
        record = dict(zip(table.header, fields, strict=True))
        too_long = [column for column, value in record.items() if len(value) > MAX_CELL_CHARS]
        if too_long:
            limit = {"limit": MAX_CELL_CHARS}
            problems.extend(Problem(line, column, record[column], "value_too_long", limit) for column in too_long)
            continue
        try:
            row = MembershipRow.model_validate(record, context=rules)
        except ValidationError as error:
            problems.extend(_problems_from(error, line, record))
            continue
        key = (row.partnership_id, row.municipality_code)
        if key in first_line_of:
            problems.append(
                Problem(
                    line, "municipality_code", row.municipality_code, "duplicate_row", {"first_row": first_line_of[key]}
                )
            )
            continue
        first_line_of[key] = line
        accepted.append(row.model_dump())
    return ValidationResult(_rows_frame(accepted, table.header), problems, rows_in_file)


def event_scope_problems(catalog: Catalog, rows: pd.DataFrame) -> list[Problem]:
    """An event of data/catalog.toml scoped to a group or municipality that has no row in its
    partnership: one problem each (the published data's check; an uploaded list may hold fewer
    rows, so it is not held to the catalog's events)."""
    problems = []
    for partnership in catalog.partnerships:
        own = rows[rows["partnership_id"] == partnership.id]
        groups, codes = set(own["group"]), set(own["municipality_code"])
        for event in partnership.events:
            for column, value, known, reason in (
                ("group", event.group, groups, "events.group_unknown"),
                ("municipality_code", event.municipality, codes, "events.municipality_unknown"),
            ):
                if value and value not in known:
                    params = {"partnership": partnership.id, "date": event.date}
                    problems.append(Problem(None, column, value, reason, params))
    return problems


def _rows_frame(records: list[dict[str, str]], header: list[str]) -> pd.DataFrame:
    """Required columns first, then the optional ones (empty when the file lacks them), then the
    file's own further columns."""
    known = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
    extra_columns = [name for name in header if name not in known]
    frame = pd.DataFrame(records, columns=[*known, *extra_columns], dtype="string")
    return frame.fillna("")


def empty_rows() -> pd.DataFrame:
    return _rows_frame([], [])


def member_counts(rows: pd.DataFrame) -> pd.Series:
    """How many municipalities each partnership in `rows` has (partnership id -> count): a
    municipality counts once per partnership, however many rows name it."""
    return rows.groupby("partnership_id")["municipality_code"].nunique()


def row_note(row: Mapping[str, object], lang: str) -> str:
    """A row's note in `lang` (note_fi, note_sv), else the English `note` every file has."""
    if lang in NOTE_LANGUAGES:
        translated = row.get(f"note_{lang}")
        if isinstance(translated, str) and translated.strip():
            return translated
    note = row.get("note")
    return note if isinstance(note, str) else ""


def row_notes(rows: pd.DataFrame, lang: str) -> list[str]:
    """row_note for every row of a frame, in order."""
    return [row_note(record, lang) for record in rows.to_dict("records")]


class CityProperties(BaseModel):
    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)
    municipality_code: str
    name_fi: str
    name_sv: str
    region_code: str
    region_fi: str
    region_sv: str
    region_en: str

    @field_validator("municipality_code")
    @classmethod
    def _three_digits(cls, value: str) -> str:
        if not re.fullmatch(r"\d{3}", value):
            raise _error("bad_municipality_code", "municipality_code", value)
        return value


def load_cities(path: Path = CITIES_PATH) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """City points with their codes, names and regions; features that break a rule are
    reported (row = feature number, from 1) and left out."""
    frame = gpd.read_file(path)
    if "region_en" not in frame.columns:  # a city file of an older schema: English as Finnish
        frame["region_en"] = frame.get("region_fi")
    problems: list[Problem] = []
    keep = []
    first_feature: dict[str, int] = {}
    for number, (index, feature) in enumerate(frame.iterrows(), start=1):
        record = {name: "" if pd.isna(feature.get(name)) else str(feature.get(name)) for name in CITY_COLUMNS}
        try:
            CityProperties.model_validate(record)
        except ValidationError as error:
            problems.extend(_problems_from(error, number, record))
            continue
        point = feature.geometry
        west, south, east, north = FINLAND_BOUNDS
        if point is None or point.geom_type != "Point" or not (west <= point.x <= east and south <= point.y <= north):
            problems.append(Problem(number, "geometry", record["municipality_code"], "bad_geometry"))
            continue
        # A code twice would make every membership of it join twice (and the join refuse).
        code = record["municipality_code"]
        if code in first_feature:
            details = {"first_row": first_feature[code]}
            problems.append(Problem(number, "municipality_code", code, "cities.duplicate_code", details))
            continue
        first_feature[code] = number
        keep.append(index)
    cities = frame.loc[keep].reset_index(drop=True)
    for name in CITY_COLUMNS:
        cities[name] = cities[name].astype("string")
    return cities.set_crs("EPSG:4326", allow_override=True), problems


def join_cities(memberships: pd.DataFrame, cities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Memberships with their city's region and point (rows are validated, so every code joins)."""
    regions = cities[["municipality_code", "region_code", "region_fi", "region_sv", "region_en", "geometry"]]
    joined = memberships.merge(regions, on="municipality_code", how="left", validate="many_to_one")
    return gpd.GeoDataFrame(joined, geometry="geometry", crs=cities.crs)


@dataclass(frozen=True)
class UploadedList:
    """Where a session's rows come from when they are an uploaded list, not the published data:
    every file made from them says so (components.render.exports, html_map, slide)."""

    file_name: str
    rows: int
    checked_at: datetime


@dataclass(frozen=True)
class Dataset:
    """Everything the app shows, loaded once: catalog, cities, memberships and the problems."""

    catalog: Catalog
    cities: gpd.GeoDataFrame
    memberships: gpd.GeoDataFrame
    problems: list[Problem]
    rows_in_file: int
    # Which rows these are, for the views cached for the whole process: the bundled data by its
    # directory ("bundled:<dir>"), or an upload by its content ("upload:<digest>").
    token: str
    uploaded: UploadedList | None = None  # None: the published data
    changes: tuple[Change, ...] = ()  # what changed in the data since the release, newest first
    funding: tuple = ()  # the figures of funding.csv (components.data.funding.Funding)


class DataUnavailableError(Exception):
    """A bundled data file is missing or cannot be read at all: the app shows this, not a traceback."""

    def __init__(self, reason: str, path: Path, detail: str = ""):
        super().__init__(reason, str(path), detail)
        self.reason, self.path, self.detail = reason, path, detail

    def message(self, lang: str) -> str:
        return t(f"data.{self.reason}", lang, path=self.path.name, detail=self.detail)


def data_dir() -> Path:
    """Where the bundled data lives: data/ beside the code, or FINMAP_DATA_DIR."""
    return Path(os.environ.get("FINMAP_DATA_DIR") or DATA_DIR)


def load_dataset(directory: Path | None = None) -> Dataset:
    """Catalog, cities and memberships from `directory` (default: data_dir()). Row problems
    are returned with the data; a missing or unreadable file raises DataUnavailableError."""
    directory = data_dir() if directory is None else Path(directory)
    catalog_path, cities_path, partnerships_path = (
        directory / CATALOG_PATH.name,
        directory / CITIES_PATH.name,
        directory / PARTNERSHIPS_PATH.name,
    )
    for path in (catalog_path, cities_path, partnerships_path):
        if not path.is_file():
            raise DataUnavailableError("missing_file", path)
    # Sizes first, so a file in another FINMAP_DATA_DIR costs nothing until it is known to be sane.
    for path, limit in ((catalog_path, MAX_CATALOG_BYTES), (cities_path, MAX_CITIES_BYTES)):
        if path.stat().st_size > limit:
            raise DataUnavailableError("limit.too_large", path, f"{limit // (1024 * 1024)} MB")
    try:
        catalog = bundled_catalog() if catalog_path == CATALOG_PATH else load_catalog(catalog_path)
    except (tomllib.TOMLDecodeError, ValidationError, UnicodeDecodeError, RecursionError) as error:
        # RecursionError: tomllib reads nested arrays recursively, so deep nesting ends there.
        raise DataUnavailableError("corrupt_file", catalog_path, type(error).__name__) from None
    try:
        changes = load_changes(directory / CHANGES_PATH.name, catalog)
    except (tomllib.TOMLDecodeError, ChangesError, UnicodeDecodeError, RecursionError) as error:
        raise DataUnavailableError("corrupt_file", directory / CHANGES_PATH.name, str(error)) from None
    features = cities_path.read_bytes().count(b'"Feature"')
    if features > MAX_CITIES:
        raise DataUnavailableError("limit.too_many", cities_path, f"{features} > {MAX_CITIES}")
    try:
        cities, city_problems = load_cities(cities_path)
    except Exception as error:  # pyogrio and shapely raise several kinds for a broken file
        raise DataUnavailableError("corrupt_file", cities_path, type(error).__name__) from None
    if partnerships_path.stat().st_size > MAX_FILE_BYTES:  # reported as a problem, not read
        result = ValidationResult(empty_rows(), [_too_large()], 0)
    else:
        result = validate_partnerships(partnerships_path.read_bytes(), catalog, cities)
    memberships = join_cities(result.rows, cities)
    figures, funding_problems = _funding(directory, catalog, cities, result.rows, result.is_clean)
    problems = city_problems + result.problems + funding_problems
    if result.is_clean:  # the catalog's events name rows of a clean file; a broken one has its own problems
        problems += event_scope_problems(catalog, result.rows)
    token = f"bundled:{directory}"
    return Dataset(catalog, cities, memberships, problems, result.rows_in_file, token, changes=changes, funding=figures)


def _funding(
    directory: Path, catalog: Catalog, cities: pd.DataFrame, rows: pd.DataFrame, clean: bool
) -> tuple[tuple, list[Problem]]:
    """The folder's funding figures, checked against its catalog, cities and memberships, and
    their problems, each naming the file. Their groups are checked against a clean membership
    file only: a broken one has problems of its own, not the funding file's."""
    from components.data import funding  # imported here: it reads CSV with this module's reader

    groups = funding.groups_of(rows.to_dict("records")) if clean else None
    rules = funding.FundingRules(catalog, groups, frozenset(cities["municipality_code"]))
    result = funding.load_funding(directory / funding.FUNDING_PATH.name, rules)
    return result.figures, [funding.in_file(problem) for problem in result.problems]


# ----------------------------------------------------------------------------- command line


def format_problem(problem: Problem, lang: str) -> str:
    where = problem.location(lang) + (f", {problem.column}" if problem.column else "")
    return f"{where}: {problem.message(lang)}"


def check_file(path: Path, lang: str, out=None) -> int:
    """Print every problem of a partnerships CSV; 1 when there are any, 0 when clean. `out`:
    where to print, the standard output of the moment by default."""
    out = sys.stdout if out is None else out
    cities, _ = load_cities()
    if Path(path).stat().st_size > MAX_FILE_BYTES:  # not even read
        result = ValidationResult(empty_rows(), [_too_large()], 0)
    else:
        result = validate_partnerships(Path(path).read_bytes(), bundled_catalog(), cities)
    if result.is_clean and Path(path).resolve() == PARTNERSHIPS_PATH.resolve():  # events name the published rows
        # as the result's own problems, so that the summary counts them too
        result = replace(result, problems=event_scope_problems(bundled_catalog(), result.rows))
    for problem in result.problems:
        print(format_problem(problem, lang), file=out)
    if result.is_clean:
        print(t("check.clean", lang, path=path, rows=counted("rows", len(result.rows), lang)), file=out)
        return 0
    print(t("check.summary", lang, path=path, **result.counts_text(lang)), file=out)
    return 1


def main(argv: list[str] | None = None) -> int:
    lang = default_language()
    parser = argparse.ArgumentParser(prog="python -m components.data.memberships", usage=t("check.usage", lang))
    parser.add_argument("command", choices=["check"])
    parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)
    if not args.file.is_file():
        print(t("check.usage", lang), file=sys.stderr)
        return 2
    return check_file(args.file, lang)


if __name__ == "__main__":
    sys.exit(main())
