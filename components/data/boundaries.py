"""Official municipal boundaries, when they can be had; otherwise a reason the app can show.

Source: FINMAP_BOUNDARIES (a file path or an http(s) URL), else Statistics Finland's open WFS
for the year in FINMAP_BOUNDARIES_YEAR (default 2024). FINMAP_BOUNDARIES=off turns polygons off.
Both the Statistics Finland schema (kunta, nimi, namn) and the National Land Survey schema
(NATCODE, NAMEFIN, NAMESWE) become municipality_code, name_fi, name_sv. Geometry is simplified
once with a coverage-preserving method, rounded, and cached in a git-ignored folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from components.base.i18n import t
from components.data import sources
from components.data.sources import DEFAULT_TIMEOUT_S, OFF_VALUES, SourceError, file_identity, write_atomically

DEFAULT_YEAR = 2024
MAX_DOWNLOAD_MB = 100
# Checked on the bytes before any parsing, so a hostile or mistaken file costs a scan, not a
# parse and a simplification. Finland has 309 municipalities; Statistics Finland's 1:4.5M file
# has about 15,000 vertices and its nesting is 7 deep (collection, features, feature, geometry,
# multipolygon, polygon, ring, position).
MAX_FEATURES = 5_000
MAX_POSITIONS = 500_000  # "[" in the file: each position has one, besides rings and polygons
MAX_NESTING = 16
# Metres in EPSG:3067. At 1:4.5M one millimetre on paper is 4.5 km, so 1 km is invisible at
# national and regional zoom; rounding to 5 decimals (about 1 m) halves the JSON sent.
SIMPLIFY_TOLERANCE_M = 1000.0
COORDINATE_DECIMALS = 5
# Shared borders are snapped to this grid (metres) before simplifying: see simplify_coverage.
SNAP_GRID_M = 0.1
# Finland with a margin (its extremes: 19.1–31.6 E, 59.5–70.1 N, Åland and the islands included).
FINLAND_BOX = (18.5, 59.0, 32.5, 70.5)  # west, south, east, north in degrees
CACHE_FORMAT_VERSION = "2"  # 2: snapped to SNAP_GRID_M before simplifying
BOUNDARY_COLUMNS = ("municipality_code", "name_fi", "name_sv")

# Property names of the schemas we know, mapped to ours.
SCHEMAS = (
    {"NATCODE": "municipality_code", "NAMEFIN": "name_fi", "NAMESWE": "name_sv"},  # NLS
    {"kunta": "municipality_code", "nimi": "name_fi", "namn": "name_sv"},  # Statistics Finland
)


def statfi_wfs_url(year: int) -> str:
    return (
        "https://geo.stat.fi/geoserver/wfs?service=WFS&version=2.0.0&request=GetFeature"
        f"&typeName=tilastointialueet:kunta4500k_{year}&outputFormat=application/json&srsName=EPSG:4326"
    )


def configured_source(environ: dict[str, str] | os._Environ = os.environ) -> str | None:
    """The boundary source the environment asks for; None when polygons are turned off."""
    source = environ.get("FINMAP_BOUNDARIES", "").strip()
    if source.lower() in OFF_VALUES:
        return None
    if source:
        return source
    year = environ.get("FINMAP_BOUNDARIES_YEAR", "").strip()
    return statfi_wfs_url(int(year) if year.isdigit() else DEFAULT_YEAR)


@dataclass(frozen=True)
class BoundaryResult:
    """Polygons (EPSG:4326, one row per municipality) or None with the reason why."""

    polygons: gpd.GeoDataFrame | None
    source: str | None
    reason: str | None = None  # a key under [boundaries] in the locale files
    params: dict[str, Any] = field(default_factory=dict)
    from_cache: bool = False

    def message(self, lang: str) -> str | None:
        return t(f"boundaries.{self.reason}", lang, **self.params) if self.reason else None


# A bad source raises BoundaryError; its reason is a key under [boundaries] in the locale files.
BoundaryError = SourceError


def read_source(source: str, timeout: float = DEFAULT_TIMEOUT_S) -> bytes:
    return sources.read_source(source, timeout, MAX_DOWNLOAD_MB)


# ----------------------------------------------------------------------------- shaping


def check_shape(raw: bytes) -> None:
    """BoundaryError when the GeoJSON has more features, positions or nesting than a map of
    Finland's municipalities can need. Counts bytes (linear, in C), so it never parses: brackets
    inside property strings count too, which errs on the side of a real file's names."""
    features = raw.count(b'"Feature"')
    if features > MAX_FEATURES:
        raise BoundaryError("limit.too_many_features", found=features, limit=MAX_FEATURES)
    positions = raw.count(b"[")
    if positions > MAX_POSITIONS:
        raise BoundaryError("limit.too_many_positions", found=positions, limit=MAX_POSITIONS)
    depth = nesting_depth(raw)
    if depth > MAX_NESTING:
        raise BoundaryError("limit.too_deep", found=depth, limit=MAX_NESTING)


def nesting_depth(raw: bytes) -> int:
    """How deep the brackets and braces of a JSON text nest, counted with numpy."""
    codes = np.frombuffer(raw, dtype=np.uint8)
    opening = np.isin(codes, (ord("["), ord("{")))
    closing = np.isin(codes, (ord("]"), ord("}")))
    steps = opening[opening | closing].astype(np.int32) * 2 - 1  # +1 opens, -1 closes
    return int(np.cumsum(steps).max()) if steps.size else 0


def parse_polygons(raw: bytes) -> gpd.GeoDataFrame:
    check_shape(raw)
    try:
        frame = gpd.read_file(io.BytesIO(raw))
    except Exception as error:  # pyogrio raises several kinds for broken input
        raise BoundaryError("malformed", detail=type(error).__name__) from None
    if frame.empty:
        raise BoundaryError("malformed", detail="no features")
    return frame


def normalise_schema(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """municipality_code (3 digits), name_fi, name_sv, geometry in EPSG:4326."""
    for schema in SCHEMAS:
        if set(schema) <= set(frame.columns):
            break
    else:
        raise BoundaryError("wrong_schema")
    out = frame[[*schema, "geometry"]].rename(columns=schema)
    out["municipality_code"] = out["municipality_code"].astype(str).str.strip().str.zfill(3)
    for name in ("name_fi", "name_sv"):
        out[name] = out[name].fillna("").astype(str)
    if not out["municipality_code"].str.fullmatch(r"\d{3}").all():
        raise BoundaryError("wrong_schema")
    if not out.geometry.geom_type.isin(["Polygon", "MultiPolygon"]).all():
        raise BoundaryError("malformed", detail="not polygons")
    out = out.set_crs("EPSG:4326") if out.crs is None else out.to_crs("EPSG:4326")
    west, south, east, north = out.total_bounds
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise BoundaryError("malformed", detail="coordinates are not longitude/latitude")
    # Metres read as degrees, swapped axes, lon/lat labelled EPSG:3067, a shifted copy: all land
    # outside Finland, and a map of them would be empty or in the sea.
    fin_west, fin_south, fin_east, fin_north = FINLAND_BOX
    if not (fin_west <= west and east <= fin_east and fin_south <= south and north <= fin_north):
        raise BoundaryError("malformed", detail="coordinates are not in Finland in longitude/latitude")
    # A self-crossing ring (a bow-tie) is repaired into its polygons, not left to break the
    # simplification on every run.
    out["geometry"] = shapely.make_valid(out.geometry.values, method="structure", keep_collapsed=False)
    if out.geometry.is_empty.any():
        raise BoundaryError("malformed", detail="empty or collapsed polygons")
    # One row per municipality even if a source splits one into several features.
    out = out.dissolve(by="municipality_code", as_index=False, aggfunc="first")
    return out[[*BOUNDARY_COLUMNS, "geometry"]].sort_values("municipality_code", ignore_index=True)


def simplify_coverage(
    frame: gpd.GeoDataFrame, tolerance_m: float = SIMPLIFY_TOLERANCE_M, decimals: int = COORDINATE_DECIMALS
) -> gpd.GeoDataFrame:
    """Simplify all polygons together so neighbours keep one shared border (no gaps, no
    overlaps), in metres (EPSG:3067), then round the coordinates to `decimals`."""
    metric = frame.to_crs("EPSG:3067")
    # GEOS simplifies a border once for both neighbours only if their vertices are identical.
    # In a detailed or reprojected file they often differ by float noise, and then each side
    # keeps its own dense copy (a 10x-densified file gave 2.2x the vertices). Snapped to a 10 cm
    # grid, neighbours share their borders again, and a detailed file simplifies to the shapes
    # of a coarse one.
    snapped = shapely.set_precision(metric.geometry.values, SNAP_GRID_M)
    simplified = shapely.coverage_simplify(snapped, tolerance_m)
    geographic = gpd.GeoSeries(simplified, crs="EPSG:3067").to_crs("EPSG:4326").values
    # Shared vertices round to the same values, so the shared borders stay shared.
    rounded = shapely.transform(geographic, lambda xy: np.round(xy, decimals))
    rounded = shapely.make_valid(rounded, method="structure", keep_collapsed=False)
    out = frame.copy()
    out["geometry"] = gpd.GeoSeries(rounded, index=frame.index, crs="EPSG:4326")
    return out


# ----------------------------------------------------------------------------- cache


def cache_key(source: str, tolerance_m: float, decimals: int) -> str:
    identity = [CACHE_FORMAT_VERSION, source, f"{float(tolerance_m):g}", str(int(decimals))]
    identity += file_identity(source)
    return hashlib.sha256("\n".join(identity).encode()).hexdigest()[:24]


def read_cache(path: Path) -> gpd.GeoDataFrame | None:
    """The cached polygons, or None (and the file removed) when it is missing or unreadable."""
    if not path.is_file():
        return None
    try:
        frame = normalise_cached(gpd.read_file(path))
    except Exception:
        path.unlink(missing_ok=True)
        return None
    return frame


def normalise_cached(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not set(BOUNDARY_COLUMNS) <= set(frame.columns) or frame.empty:
        raise ValueError("cache file has the wrong columns")
    frame["municipality_code"] = frame["municipality_code"].astype(str).str.zfill(3)
    return frame[[*BOUNDARY_COLUMNS, "geometry"]]


# ----------------------------------------------------------------------------- entry point


def load_boundaries(
    source: str | None = None,
    *,
    cache_dir: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    tolerance_m: float = SIMPLIFY_TOLERANCE_M,
    decimals: int = COORDINATE_DECIMALS,
) -> BoundaryResult:
    """Simplified municipal polygons from `source` (default: the configured one), through the
    cache; never raises for a bad source, returns the reason instead."""
    source = configured_source() if source is None else source
    if source is None or source.lower() in OFF_VALUES:
        return BoundaryResult(None, None)
    cache_dir = sources.cache_dir() if cache_dir is None else cache_dir
    try:
        cache_file = cache_dir / f"{cache_key(source, tolerance_m, decimals)}.geojson"
    except OSError:
        return BoundaryResult(None, source, "missing_file", {"path": source})
    cached = read_cache(cache_file)
    if cached is not None and sources.cache_fresh(cache_file, source):
        return BoundaryResult(cached, source, from_cache=True)
    try:
        raw = read_source(source, timeout)
        polygons = simplify_coverage(normalise_schema(parse_polygons(raw)), tolerance_m, decimals)
    except (BoundaryError, shapely.errors.GEOSException) as error:
        if cached is not None:  # the source is down or broken now: its last good copy, not none
            return BoundaryResult(cached, source, from_cache=True)
        if isinstance(error, BoundaryError):
            return BoundaryResult(None, source, error.reason, error.params)
        # Geometry GEOS cannot work with, even repaired.
        return BoundaryResult(None, source, "malformed", {"detail": f"invalid geometry ({error})"[:120]})
    # A read-only disk only costs the next start the same work again.
    with contextlib.suppress(OSError):
        write_atomically(cache_file, polygons.to_json(drop_id=True))
    return BoundaryResult(polygons, source)
