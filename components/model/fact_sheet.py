"""A municipality's fact sheet, as data: its details (one block a membership), its population,
the day of the view and the data's own date, every source with its address, and the partners
the locator map colours. The page's print view, the PDF and the briefing pack draw this.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from components.base.i18n import t
from components.data.memberships import Dataset
from components.data.population import Population, details_lines
from components.model.details import CityDetails, SourceLink, city_details, partner_rows
from components.model.wording import data_as_of, format_date

# A briefing pack holds at most this many fact sheets: 80 is every municipality in the
# partnerships; more would be a pack no one reads, and seconds of work for one click.
MAX_PACK_SHEETS = 80


@dataclass(frozen=True)
class FactSheet:
    lang: str
    details: CityDetails
    population: tuple[str, ...]  # the figure, its share of Finland and its source; a merger note
    view_day: str  # "View of 7.12.2026"
    data_as_of: str  # "Data as of 7.12.2026"
    sources: tuple[SourceLink, ...]  # every source of every block, once, in order
    # The locator map: each membership's partners (municipality codes), by partnership id.
    partners: tuple[tuple[str, tuple[str, ...]], ...]

    @property
    def code(self) -> str:
        return self.details.code

    @property
    def title(self) -> str:
        return t("sheet.heading", self.lang, name=self.details.name)


def fact_sheet(
    dataset: Dataset, code: str, lang: str, day: date, population: Population | None = None
) -> FactSheet | None:
    """The fact sheet of municipality `code` on `day` (None: it is in no partnership)."""
    rows = dataset.memberships
    details = city_details(rows, dataset.catalog, code, lang, day, funding=dataset.funding)
    if details is None:
        return None
    own = rows[rows["municipality_code"] == code]
    partners = tuple(
        (row["partnership_id"], tuple(partner_rows(rows, row)["municipality_code"])) for row in own.to_dict("records")
    )
    sources = [source for block in details.blocks for source in block.sources]
    sources += [block.focus_source for block in details.blocks if block.focus_source is not None]
    sources += [SourceLink(line.source, line.url) for block in details.blocks for line in block.events]
    return FactSheet(
        lang=lang,
        details=details,
        population=tuple(details_lines(code, population, lang)) if population is not None else (),
        view_day=t("sheet.view_day", lang, date=format_date(day.isoformat(), lang)),
        data_as_of=data_as_of(dataset.catalog, lang),
        sources=unique_by_address(sources),
        partners=partners,
    )


def shown_length(sheet: FactSheet) -> int:
    """The characters a sheet prints: its blocks' facts and its sources with their addresses."""
    facts = [
        value
        for block in sheet.details.blocks
        for value in (block.status, block.start, block.end, block.group, block.themes, block.focus_areas)
        + (block.note, block.funding, *block.partners, *(source.label for source in block.sources))
    ]
    return sum(map(len, facts)) + sum(len(source.label) + len(source.url) for source in sheet.sources)


def unique_by_address(sources: list[SourceLink]) -> tuple[SourceLink, ...]:
    """Each address once, under the first name it was given (a publisher's before an id)."""
    seen: dict[str, SourceLink] = {}
    for source in sources:
        seen.setdefault(source.url, source)
    return tuple(seen.values())


def pack_codes(rows: pd.DataFrame, population: Population | None = None) -> list[str]:
    """The municipalities of a view's `rows` in the order a pack gives them: the largest first
    where population figures are loaded (the ones a briefing starts with), else by name."""
    names = rows.drop_duplicates("municipality_code").set_index("municipality_code")["name_fi"]
    if population is not None and population.available:
        return sorted(names.index, key=lambda code: (-(population.of(code) or 0), names[code]))
    return sorted(names.index, key=lambda code: names[code])
