"""Official boundaries: both schemas, coverage-preserving simplification, cache, and every
way the source can fail ending in a reason instead of an exception."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import geopandas as gpd
import pytest
import shapely

from components.data import boundaries, sources
from components.data.boundaries import DEFAULT_TIMEOUT_S, configured_source, load_boundaries, statfi_wfs_url
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require
from tests.helpers.servers import BoundaryServer, closed_port


@pytest.fixture(scope="module")
def reference_path():
    return str(require(REFERENCE_MUNICIPALITIES))


@pytest.fixture(scope="module")
def statfi_bytes(reference_path):
    """The reference polygons in Statistics Finland's WFS schema (kunta, nimi, namn, name, vuosi)."""
    collection = json.loads(Path(reference_path).read_text(encoding="utf-8"))
    for feature in collection["features"]:
        p = feature["properties"]
        feature["properties"] = {
            "kunta": p["NATCODE"],
            "nimi": p["NAMEFIN"],
            "namn": p["NAMESWE"] or p["NAMEFIN"],
            "name": p["NAMEFIN"],
            "vuosi": 2023,
        }
    return json.dumps(collection).encode()


@pytest.fixture(scope="module")
def server(statfi_bytes):
    wrong_schema = json.dumps(
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": 1},
         "geometry": {"type": "Polygon", "coordinates": [[[24, 60], [25, 60], [25, 61], [24, 60]]]}}]}
    ).encode()  # fmt: skip
    running = BoundaryServer(
        {
            "/statfi.json": (200, statfi_bytes, 0),
            "/error": (500, b"internal error", 0),
            "/hang": (200, statfi_bytes, 30),
            "/truncated": (200, statfi_bytes[: len(statfi_bytes) // 2], 0),
            "/wrong-schema": (200, wrong_schema, 0),
            "/not-json": (200, b"<html>maintenance</html>", 0),
        }
    )
    yield running
    running.close()


def assert_clean_coverage(polygons: gpd.GeoDataFrame, original: gpd.GeoDataFrame):
    geoms = polygons.geometry.values
    assert shapely.is_valid(geoms).all()
    # Neighbours share their borders exactly: no overlaps, and no sliver gaps up to ~100 m.
    metric = polygons.to_crs("EPSG:3067").geometry.values
    assert shapely.coverage_is_valid(metric, gap_width=100.0)
    union = shapely.union_all(metric)
    assert abs(union.area - metric.area.sum()) / union.area < 1e-6  # no overlaps
    # No new holes between neighbours: the union has the same interior rings as the original.
    original_union = shapely.union_all(original.to_crs("EPSG:3067").geometry.values)

    def holes(geometry):
        parts = getattr(geometry, "geoms", [geometry])
        return sum(len(part.interiors) for part in parts)

    assert holes(union) == holes(original_union)
    assert abs(union.area - original_union.area) / original_union.area < 0.005


def test_reference_file_gives_309_valid_polygons_without_gaps_or_overlaps(
    reference_path, reference_municipalities, tmp_path
):
    result = load_boundaries(reference_path, cache_dir=tmp_path)
    assert result.reason is None and result.message("fi") is None  # nothing to say
    polygons = result.polygons
    assert len(polygons) == 309
    assert list(polygons.columns) == ["municipality_code", "name_fi", "name_sv", "geometry"]
    assert polygons.crs.to_epsg() == 4326
    assert set(polygons["municipality_code"]) == set(reference_municipalities["NATCODE"])
    helsinki = polygons.set_index("municipality_code").loc["091"]
    assert (helsinki["name_fi"], helsinki["name_sv"]) == ("Helsinki", "Helsingfors")
    assert_clean_coverage(polygons, reference_municipalities)


def test_coordinates_are_rounded_and_the_payload_is_smaller(reference_path, tmp_path):
    polygons = load_boundaries(reference_path, cache_dir=tmp_path).polygons
    coords = shapely.get_coordinates(polygons.geometry.values)
    assert (abs(coords * 1e5 - (coords * 1e5).round()) < 1e-6).all()
    original_size = Path(reference_path).stat().st_size
    assert len(polygons.to_json().encode()) < 0.7 * original_size


def test_statistics_finland_schema_over_http_gives_the_same_polygons(server, reference_path, tmp_path):
    from_nls = load_boundaries(reference_path, cache_dir=tmp_path / "a").polygons
    from_statfi = load_boundaries(f"{server.url}/statfi.json", cache_dir=tmp_path / "b")
    assert from_statfi.reason is None and from_statfi.message("fi") is None  # nothing to tell the page
    assert len(from_statfi.polygons) == 309
    assert from_statfi.polygons[["municipality_code", "name_fi", "name_sv"]].equals(
        from_nls[["municipality_code", "name_fi", "name_sv"]]
    )


def test_closed_port_gives_a_reason_within_ten_seconds(tmp_path):
    started = time.monotonic()
    result = load_boundaries(f"http://127.0.0.1:{closed_port()}/wfs", cache_dir=tmp_path)
    assert time.monotonic() - started < 10
    assert result.polygons is None and result.reason == "unreachable"
    assert "showing city points" in result.message("en")
    assert "kaupunkipisteet" in result.message("fi")


def test_a_hanging_server_times_out(server, tmp_path):
    started = time.monotonic()
    result = load_boundaries(f"{server.url}/hang", cache_dir=tmp_path, timeout=1.5)
    elapsed = time.monotonic() - started
    assert result.reason == "timeout" and result.polygons is None
    assert elapsed < 3.0
    assert DEFAULT_TIMEOUT_S <= 10


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/error", "http_error"),
        ("/truncated", "malformed"),
        ("/wrong-schema", "wrong_schema"),
        ("/not-json", "malformed"),
    ],
)
def test_bad_answers_give_reasons(server, tmp_path, path, reason):
    result = load_boundaries(f"{server.url}{path}", cache_dir=tmp_path)
    assert result.polygons is None
    assert result.reason == reason
    assert result.message("sv")
    assert not list(tmp_path.glob("*")), "nothing is cached from a failed load"


def test_http_error_names_the_status(server, tmp_path):
    result = load_boundaries(f"{server.url}/error", cache_dir=tmp_path)
    assert "500" in result.message("en")


def test_missing_file_gives_a_reason(tmp_path):
    result = load_boundaries(str(tmp_path / "nope.geojson"), cache_dir=tmp_path)
    assert result.reason == "missing_file"


def test_second_load_comes_from_the_cache(reference_path, tmp_path):
    first = load_boundaries(reference_path, cache_dir=tmp_path)
    second = load_boundaries(reference_path, cache_dir=tmp_path)
    assert not first.from_cache and second.from_cache
    assert second.polygons["municipality_code"].tolist() == first.polygons["municipality_code"].tolist()
    assert shapely.equals_exact(second.polygons.geometry.values, first.polygons.geometry.values, 1e-9).all()
    assert [p.suffix for p in tmp_path.iterdir()] == [".geojson"]


def test_a_corrupt_cache_file_is_replaced(reference_path, tmp_path):
    load_boundaries(reference_path, cache_dir=tmp_path)
    (cache_file,) = tmp_path.iterdir()
    cache_file.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    result = load_boundaries(reference_path, cache_dir=tmp_path)
    assert not result.from_cache and len(result.polygons) == 309
    assert load_boundaries(reference_path, cache_dir=tmp_path).from_cache


def test_a_failed_cache_write_leaves_no_half_written_file(reference_path, tmp_path, monkeypatch):
    def crash(*args):
        raise OSError("disk full")

    monkeypatch.setattr(boundaries.os, "replace", crash)
    result = load_boundaries(reference_path, cache_dir=tmp_path)
    assert len(result.polygons) == 309  # the user still gets polygons
    assert list(tmp_path.iterdir()) == []


def test_configured_source_follows_the_environment():
    assert configured_source({"FINMAP_BOUNDARIES": "off"}) is None
    assert configured_source({"FINMAP_BOUNDARIES": "/data/kunnat.geojson"}) == "/data/kunnat.geojson"
    assert configured_source({}) == statfi_wfs_url(2024)
    assert "kunta4500k_2025" in configured_source({"FINMAP_BOUNDARIES_YEAR": "2025"})
    assert configured_source({}).startswith("https://geo.stat.fi/geoserver/wfs?")


def test_the_default_source_without_network_falls_back_quickly(tmp_path, monkeypatch):
    # The conftest guard refuses the connection, as a machine without network would.
    monkeypatch.delenv("FINMAP_BOUNDARIES")
    started = time.monotonic()
    result = load_boundaries(cache_dir=tmp_path)
    assert result.polygons is None and result.reason in ("unreachable", "timeout")
    assert time.monotonic() - started < 10.5


def test_off_means_points_without_a_complaint(tmp_path):
    result = load_boundaries("off", cache_dir=tmp_path)
    assert result.polygons is None and result.reason is None


def test_a_detailed_file_simplifies_to_the_shapes_of_the_coarse_one(reference_path, reference_municipalities, tmp_path):
    """Cost must not grow with the boundary file: a file with every edge densified (at least 10x
    the vertices) gives as many vertices after simplifying as the original, with shared borders."""
    from harness.detailed import densified_boundaries, vertex_count

    detailed, factor = densified_boundaries(Path(reference_path), tmp_path / "detailed.geojson")
    assert factor >= 10
    coarse = load_boundaries(reference_path, cache_dir=tmp_path / "coarse").polygons
    fine = load_boundaries(str(detailed), cache_dir=tmp_path / "fine").polygons
    assert len(fine) == len(coarse) == 309
    assert vertex_count(fine) <= 1.02 * vertex_count(coarse)
    assert_clean_coverage(fine, reference_municipalities)


def test_metres_with_no_crs_named_are_refused_not_drawn_as_degrees(reference_municipalities, tmp_path):
    """A file in ETRS-TM35FIN metres that names no CRS would be read as degrees far outside the
    globe; the longitude/latitude check refuses it with a reason instead of drawing NaN shapes."""
    metres = reference_municipalities.head(3).to_crs("EPSG:3067")
    text = json.loads(metres.to_json())
    text.pop("crs", None)
    path = tmp_path / "metres.geojson"
    path.write_text(json.dumps(text), encoding="utf-8")
    result = load_boundaries(str(path), cache_dir=tmp_path / "cache")
    assert result.polygons is None and result.reason == "malformed"
    assert "longitude/latitude" in str(result.params)


def _written(frame, path, crs: str | None = "keep"):
    """`frame` as a GeoJSON file, its CRS named as `crs` ("keep": as it is; None: none)."""
    document = json.loads(frame.to_json(drop_id=True))
    document.pop("crs", None)
    if crs not in ("keep", None):
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def _moved(frame, change):
    moved = frame.copy()
    moved["geometry"] = shapely.transform(moved.geometry.values, change)
    return moved


@pytest.mark.parametrize(
    "case",
    ["axes swapped", "shifted to the tropics", "lon/lat labelled EPSG:3067"],
)
def test_shapes_that_land_outside_finland_are_refused_and_not_cached(reference_municipalities, tmp_path, case):
    frame = reference_municipalities.head(40)
    bad = {
        "axes swapped": lambda: _written(_moved(frame, lambda xy: xy[:, ::-1]), tmp_path / "b.geojson"),
        "shifted to the tropics": lambda: _written(_moved(frame, lambda xy: xy - [0, 55]), tmp_path / "b.geojson"),
        "lon/lat labelled EPSG:3067": lambda: _written(frame, tmp_path / "b.geojson", crs="urn:ogc:def:crs:EPSG::3067"),
    }[case]()
    result = load_boundaries(bad, cache_dir=tmp_path / "cache")
    assert result.polygons is None and result.reason == "malformed", case
    assert "not in Finland" in str(result.params) or "longitude/latitude" in str(result.params)
    assert not list((tmp_path / "cache").glob("*.geojson"))  # nothing that failed is kept
    assert result.message("fi")


def test_a_self_crossing_ring_is_repaired_not_a_failure_on_every_run(reference_municipalities, tmp_path):
    frame = reference_municipalities.head(40).copy()
    west, south, east, north = frame.geometry.iloc[0].bounds
    bow_tie = shapely.Polygon([(west, south), (east, north), (east, south), (west, north), (west, south)])
    assert not bow_tie.is_valid
    frame.loc[frame.index[0], "geometry"] = bow_tie
    result = load_boundaries(_written(frame, tmp_path / "bow.geojson"), cache_dir=tmp_path / "cache")
    assert result.reason is None and len(result.polygons) == 40
    assert result.polygons.geometry.is_valid.all() and not result.polygons.geometry.is_empty.any()


def test_a_urls_copy_is_read_again_after_a_day_and_kept_while_the_source_is_broken(statfi_bytes, tmp_path):
    running = BoundaryServer({"/b.json": (200, statfi_bytes, 0)})
    url = f"{running.url}/b.json"
    try:
        first = load_boundaries(url, cache_dir=tmp_path)
        (copy,) = tmp_path.glob("*.geojson")
        old = time.time() - sources.URL_CACHE_MAX_AGE_S - 60
        os.utime(copy, (old, old))
        running.routes["/b.json"] = (200, b"<html>maintenance</html>", 0)  # broken when asked again
        kept = load_boundaries(url, cache_dir=tmp_path)
        assert kept.reason is None and kept.from_cache and len(kept.polygons) == len(first.polygons)
        running.routes["/b.json"] = (200, statfi_bytes, 0)
        again = load_boundaries(url, cache_dir=tmp_path)
        assert again.reason is None and not again.from_cache  # asked again, and a new copy made
        assert sources.cache_fresh(copy, url) and sources.cache_fresh(copy, "/a/file/path")
    finally:
        running.close()


def test_the_default_source_asks_statistics_finland_for_wgs84_geojson():
    url = urlsplit(statfi_wfs_url(2024))
    assert (url.scheme, url.netloc, url.path) == ("https", "geo.stat.fi", "/geoserver/wfs")
    assert parse_qs(url.query) == {
        "service": ["WFS"],
        "version": ["2.0.0"],
        "request": ["GetFeature"],
        "typeName": ["tilastointialueet:kunta4500k_2024"],
        "outputFormat": ["application/json"],
        "srsName": ["EPSG:4326"],
    }


def test_a_cached_file_is_used_only_with_every_column_and_a_row():
    row = {"municipality_code": [91], "name_fi": ["Helsinki"], "name_sv": ["Helsingfors"]}
    frame = gpd.GeoDataFrame(row, geometry=[shapely.Point(25, 60)], crs="EPSG:4326")
    cached = boundaries.normalise_cached(frame.copy())
    assert list(cached.columns) == ["municipality_code", "name_fi", "name_sv", "geometry"]
    assert list(cached["municipality_code"]) == ["091"]
    for broken in (frame.drop(columns="name_sv"), frame.iloc[0:0]):
        with pytest.raises(ValueError):
            boundaries.normalise_cached(broken)
