"""HTML maps made for the tests: the default view, and one full of hostile text from data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from components.base.i18n import t
from components.data.boundaries import load_boundaries
from components.data.catalog import Catalog
from components.model.map import prepare_geometry
from components.render.html_map import interactive_map
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require
from tests.helpers.payloads import PAYLOADS

DAY = date(2026, 11, 28)


# Payloads that leave a mark if they ever run: a flag, or a request the blocked network counts.
MARKED = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    "</script><script>window.__pwned=3</script>",
    "${window.__pwned=4}",
    "`${window.__pwned=5}`",
    '"><svg onload="window.__pwned=6">',
    "<!--<script>window.__pwned=7//",
    "</title></style><script>window.__pwned=8</script>",
]


HOSTILE = [*PAYLOADS, *MARKED]


# A partnership id travels into the scripts as it is (ids are not HTML): a catalog of one's own
# (FINMAP_DATA_DIR) could name one so.
HOSTILE_ID = "x</SCRIPT><!--<script>window.__pwned=11//"


def geometry_for(mode: str, cities, cache: Path):
    polygons = None
    if mode == "polygons":
        polygons = load_boundaries(str(require(REFERENCE_MUNICIPALITIES)), cache_dir=cache).polygons
    return prepare_geometry(cities, polygons)


def default_view(dataset, geometry, lang: str = "en", population=None) -> str:
    summary = t("export.no_filter", lang)
    return interactive_map(
        dataset.memberships, dataset.catalog, geometry, lang, summary, population=population, day=DAY
    ).decode("utf-8")


def hostile_catalog(catalog: Catalog) -> Catalog:
    """The catalog with a payload in every partnership name and source title and description."""
    data = catalog.model_dump()
    for index, partnership in enumerate(data["partnerships"]):
        for lang in ("fi", "sv", "en"):
            partnership[lang] = f"{HOSTILE[index % len(HOSTILE)]} {partnership[lang]}"
    for index, source in enumerate(data["sources"].values()):
        source["title"] = HOSTILE[(index + 3) % len(HOSTILE)]
        source["publisher"] = HOSTILE[(index + 5) % len(HOSTILE)]
        source["description"] = None
    first = next(iter(data["sources"].values()))
    first["url"] = "javascript:window.__pwned=9"
    data["partnerships"][0]["id"] = HOSTILE_ID
    return Catalog.model_validate(data)


def hostile_rows(rows, first_id: str = ""):
    """Every municipality's names, region, group and note a payload (each row another one);
    the rows of the partnership `first_id` under HOSTILE_ID."""
    rows = rows.copy()
    rows.loc[rows["partnership_id"] == first_id, "partnership_id"] = HOSTILE_ID
    for column, shift in (("name_fi", 0), ("name_sv", 1), ("region_en", 2), ("group", 4), ("note", 6)):
        rows[column] = [f"{HOSTILE[(i + shift) % len(HOSTILE)]} {value}" for i, value in enumerate(rows[column])]
    rows["name_fi"] = MARKED[0] + rows["name_fi"]  # every tooltip a payload that would leave a mark
    return rows


def hostile_file(fixture_dataset, geometry) -> str:
    summary = " · ".join(MARKED)
    return interactive_map(
        hostile_rows(fixture_dataset.memberships, fixture_dataset.catalog.partnerships[0].id),
        hostile_catalog(fixture_dataset.catalog),
        geometry,
        "en",
        summary,
        link="javascript:window.__pwned=10",
        day=DAY,
    ).decode("utf-8")
