"""The map layers: one per partnership, right members, escaped text, no CDN, a fixed base map."""

from __future__ import annotations

import json

import pytest
from streamlit_folium import _get_map_string, generate_js_hash

from components.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL, install_leaflet_assets, leaflet_source_dir, publish
from components.boundaries import load_boundaries
from components.data import load_dataset
from components.filters import FilterState, apply
from components.map import add_map_css, base_map, partnership_layers, prepare_geometry, tooltip_html
from components.style import PARTNERSHIP_COLOURS
from tests.conftest import REFERENCE_MUNICIPALITIES, require


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


@pytest.fixture(scope="module")
def points(dataset):
    return prepare_geometry(dataset.cities, None)


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    borders = load_boundaries(str(require(REFERENCE_MUNICIPALITIES)), cache_dir=tmp_path_factory.mktemp("cache"))
    return prepare_geometry(dataset.cities, borders.polygons)


def layer_features(group):
    (layer,) = [child for child in group._children.values() if child._name == "JsonLayer"]
    return json.loads(layer.geojson)["features"]


def test_one_layer_per_partnership_with_its_members(dataset, points):
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic", "vitality")))
    layers = partnership_layers(rows, dataset.catalog, points.by_code, "en")
    assert layers.layer_names == [
        "Strategic partnership of the six largest cities (6)",
        "Vitality partnership (3)",
    ]
    strategic, vitality = layers.groups
    assert {f["properties"]["municipality_code"] for f in layer_features(vitality)} == {"179", "297", "398"}
    assert all(f["geometry"]["type"] == "Point" for f in layer_features(strategic))
    assert PARTNERSHIP_COLOURS["strategic"] in strategic.layer_name


def test_a_city_in_several_partnerships_gets_rings_of_different_sizes(dataset, points):
    layers = partnership_layers(dataset.memberships, dataset.catalog, points.by_code, "en")
    radii = {}
    for group in layers.groups:
        for feature in layer_features(group):
            if feature["properties"]["municipality_code"] == "091":
                radii[feature["properties"]["partnership_id"]] = feature["properties"]["style"]["radius"]
    # Helsinki: strategic, MAL, ecosystem, urban policy group -> four distinct, nested rings.
    assert len(radii) == 4 and len(set(radii.values())) == 4
    # Drawn from the largest partnership to the smallest: the largest ring lies at the bottom.
    assert radii["mal"] > radii["urban-policy-group"] > radii["ecosystem"] > radii["strategic"]


def test_polygon_mode_draws_polygons_and_count_badges(dataset, polygons):
    rows = apply(dataset.memberships, FilterState(partnerships=("growth-cities", "mal")))
    layers = partnership_layers(rows, dataset.catalog, polygons.by_code, "fi")
    growth = layers.groups[0]
    assert {f["geometry"]["type"] for f in layer_features(growth)} <= {"Polygon", "MultiPolygon"}
    badges = layers.groups[-1]
    (badge_layer,) = [child for child in badges._children.values() if child._name == "BadgeLayer"]
    counts = [count for _lat, _lon, count in json.loads(badge_layer.geojson)]
    assert counts == [2]  # Hyvinkää is in both
    assert "Kumppanuuksien määrä kunnittain" in badges.layer_name
    assert len(json.loads(polygons.context)["features"]) == 309


def test_tooltips_name_the_city_in_the_page_language_and_list_partnerships(dataset, points):
    rows = apply(dataset.memberships, FilterState(city="091"))
    tip_sv = layer_features(partnership_layers(rows, dataset.catalog, points.by_code, "sv").groups[0])[0]
    assert tip_sv["properties"]["tooltip"].startswith("<b>Helsingfors</b> (Helsinki)<br>Nyland")
    tip_fi = layer_features(partnership_layers(rows, dataset.catalog, points.by_code, "fi").groups[0])[0]
    assert tip_fi["properties"]["tooltip"].startswith("<b>Helsinki</b> (Helsingfors)<br>Uusimaa")
    assert "Kuuden suurimman kaupungin strateginen kumppanuus" in tip_fi["properties"]["tooltip"]


def test_text_from_data_is_escaped_in_tooltips():
    city = {
        "name_fi": "<img src=x onerror=alert(1)>",
        "name_sv": "${alert(1)}`",
        "region_fi": "<script>x</script>",
        "region_sv": "",
    }
    html = tooltip_html(city, ['"><b>bold</b>'], "fi")
    assert "<img" not in html and "<script" not in html and '"><b>' not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html


def test_the_base_map_script_is_the_same_on_every_rerun(dataset, polygons):
    # st_folium remounts the map when this hash changes; base_map takes no filter or language.
    scripts = set()
    for _rerun in range(2):
        fmap = base_map("/app/static/generated/context.geojson")
        add_map_css(fmap)
        fmap.get_root().render()
        scripts.add(generate_js_hash(_get_map_string(fmap), "map", False))
    assert len(scripts) == 1


def test_the_base_map_fetches_the_grey_context_instead_of_carrying_it(polygons, tmp_path):
    url = publish(polygons.context, ".geojson", target=tmp_path)
    (published,) = tmp_path.iterdir()
    assert url == f"/app/static/generated/{published.name}"
    assert len(json.loads(published.read_text(encoding="utf-8"))["features"]) == 309
    assert publish(polygons.context, ".geojson", target=tmp_path) == url  # named by content, written once
    fmap = base_map(url)
    fmap.get_root().render()
    script = _get_map_string(fmap)
    assert f'fetch("{url}")' in script
    assert len(script) < 3000  # no geometry inside: it never travels again with a rerun


def test_the_map_loads_leaflet_from_the_app_not_a_cdn(points, tmp_path):
    fmap = base_map(None)
    assert fmap.default_js == [("leaflet", LEAFLET_JS_URL)]
    assert fmap.default_css == [("leaflet_css", LEAFLET_CSS_URL)]
    rendered = fmap.get_root().render()
    assert "cdn.jsdelivr" not in rendered and "code.jquery" not in rendered and "cdnjs" not in rendered
    target = install_leaflet_assets(tmp_path / "leaflet")
    assert (target / "leaflet.js").read_bytes() == (leaflet_source_dir() / "leaflet.js").read_bytes()
    assert (target / "images" / "layers.png").is_file()
    assert "1.9.3" in (target / "leaflet.js").read_text(encoding="utf-8")[:200]


def test_layers_serialise_to_valid_geojson(dataset, polygons):
    layers = partnership_layers(dataset.memberships, dataset.catalog, polygons.by_code, "en")
    for group in layers.groups[:-1]:
        collection = json.loads(json.dumps({"type": "FeatureCollection", "features": layer_features(group)}))
        assert collection["features"]
