"""Finland's outline (data/finland-outline.geojson), drawn under the city points when there are
no municipal boundaries: the built file, the script that builds it, and where it is drawn."""

from __future__ import annotations

import dataclasses
import importlib.util
import json
import re

import geopandas as gpd
import pytest
import shapely

from components.base.colours import OUTLINE_LINE
from components.model.filters import FilterState, apply
from components.model.map import FINLAND_OUTLINE, prepare_geometry
from components.render.slide import render
from tests.helpers.facts import FINLAND_BOX
from tests.helpers.paths import ROOT

ALAND_BOX = (19.2, 59.7, 21.2, 60.6)

spec = importlib.util.spec_from_file_location("build_outline", ROOT / "scripts" / "build_outline.py")
build_outline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_outline)


@pytest.fixture(scope="module")
def outline() -> shapely.Geometry:
    collection = json.loads(FINLAND_OUTLINE.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection" and len(collection["features"]) == 1
    return shapely.geometry.shape(collection["features"][0]["geometry"])


def test_the_outline_is_a_valid_small_shape_of_finland(outline):
    assert outline.geom_type == "MultiPolygon" and outline.is_valid
    x0, y0, x1, y1 = outline.bounds
    box = FINLAND_BOX
    assert box[0] <= x0 < 20.0 and box[1] <= y0 < 60.0, outline.bounds  # reaches Åland and the south coast
    assert 31.0 < x1 <= box[2] and 69.8 < y1 <= box[3], outline.bounds  # and the east and north tips
    vertices = shapely.get_num_coordinates(outline)
    assert 200 <= vertices <= 800, vertices  # a few hundred: small enough to send with every page
    assert FINLAND_OUTLINE.stat().st_size < 20_000
    coordinates = shapely.get_coordinates(outline)
    assert (coordinates.round(3) == coordinates).all()  # rounded to about 100 m
    # Finland's area is about 338,000 km²; simplification and dropped islets keep it close.
    area = gpd.GeoSeries([outline], crs="EPSG:4326").to_crs("EPSG:3067").area.iloc[0] / 1e6
    assert 320_000 < area < 345_000, area


def test_the_outline_includes_aland(outline):
    aland = shapely.box(*ALAND_BOX)
    islands = [polygon for polygon in outline.geoms if aland.contains(polygon.representative_point())]
    assert islands, "no polygon on Åland"
    helsinki, utsjoki = shapely.Point(24.94, 60.17), shapely.Point(27.03, 69.91)
    assert outline.buffer(0.05).contains(helsinki) and outline.contains(utsjoki)


def test_topojson_arcs_are_decoded_with_deltas_quantisation_and_reversal():
    topology = {
        "transform": {"scale": [0.5, 0.25], "translate": [10, 60]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[2, 4], [-2, 0], [0, -4]]],
    }
    arcs = build_outline.decode_arcs(topology)
    assert arcs == [[(10, 60), (11, 60), (11, 61)], [(11, 61), (10, 61), (10, 60)]]
    # A ring of two arcs shares their meeting points once; ~1 is arc 1 reversed.
    assert build_outline.ring([0, 1], arcs) == [(10, 60), (11, 60), (11, 61), (10, 61), (10, 60)]
    assert build_outline.ring([~1], arcs) == [(10, 60), (10, 61), (11, 61)]
    square = build_outline.geometry({"type": "Polygon", "arcs": [[0, 1]]}, arcs)
    assert square.area == 1.0


def test_the_committed_file_is_what_the_script_builds():
    if not build_outline.SOURCE.exists():
        pytest.skip(f"{build_outline.SOURCE} is missing (npm ci installs world-atlas)")
    built = json.loads(json.dumps(build_outline.build()))  # tuples become lists, as in the file
    committed = json.loads(FINLAND_OUTLINE.read_text(encoding="utf-8"))
    assert built == committed


# ----------------------------------------------------------------------------- where it is drawn


def test_points_mode_sends_the_outline_with_the_geometry_store(dataset):
    points = prepare_geometry(dataset.cities, None)
    store = json.loads(points.store)
    assert store["outline"]["type"] == "MultiPolygon"
    assert shapely.geometry.shape(store["outline"]).equals(shapely.geometry.shape(points.outline))
    assert all(feature["geometry"]["type"] == "Point" for feature in store["features"])


def test_the_slide_picture_draws_finland_under_the_points(dataset):
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic",)))
    points = prepare_geometry(dataset.cities, None)
    svg = render(rows, dataset.catalog, points, "en", "strategic", fmt="svg").decode()
    # matplotlib writes colours in lower case; the outline is the one path stroked in its grey.
    assert re.search(rf"stroke: {OUTLINE_LINE.lower()}", svg)
    without = dataclasses.replace(points, outline=None)
    assert OUTLINE_LINE.lower() not in render(rows, dataset.catalog, without, "en", "strategic", fmt="svg").decode()
