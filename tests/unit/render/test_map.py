"""The map layers: one per partnership, right members, escaped text, no CDN, a fixed base map,
and geometry sent once, in the geometry store."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import pytest
import shapely

from components.base.colours import PARTNERSHIP_COLOURS, PARTNERSHIP_LINES
from components.data.boundaries import load_boundaries
from components.model.filters import FilterState, apply
from components.model.map import STORE_DECIMALS, layer_plan, prepare_geometry
from components.render.assets import (
    LEAFLET_CSS_URL,
    LEAFLET_JS_URL,
    install_leaflet_assets,
    leaflet_source_dir,
    publish,
)
from components.render.map import (
    LayerScript,
    add_map_css,
    base_map,
    chosen_city,
    map_script,
    map_view,
    partnership_layers,
    tooltip_header,
)
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require


@pytest.fixture(scope="module")
def points(dataset):
    return prepare_geometry(dataset.cities, None)


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    borders = load_boundaries(str(require(REFERENCE_MUNICIPALITIES)), cache_dir=tmp_path_factory.mktemp("cache"))
    return prepare_geometry(dataset.cities, borders.polygons)


def rendered(layers=None) -> str:
    """The map's page as folium renders it: the base map, with the layers and their legend."""
    fmap = base_map("/app/static/generated/map.js")
    add_map_css(fmap)
    if layers is not None:
        for group in layers.groups:
            group.add_to(fmap)
        layers.control.add_to(fmap)
    return fmap.get_root().render()


def layer_call(html: str, group) -> tuple[str, object]:
    """(finmap function, data) of the one call into map_layers.js on a feature group, as the page has it."""
    (function,) = re.findall(rf"finmap\.(\w+)\({group.get_name()}, ", html)
    start = html.index(f"finmap.{function}({group.get_name()}, ") + len(f"finmap.{function}({group.get_name()}, ")
    data, _end = json.JSONDecoder().raw_decode(html, start)
    return function, data


def view_data(rows, catalog, geometries, lang):
    return json.loads(map_view(rows, catalog, geometries, lang).data)


def test_one_layer_per_partnership_with_its_members(dataset, points):
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic", "vitality")))
    layers = partnership_layers(rows, dataset.catalog, points.by_code, "en")
    assert layers.layer_names == [
        "Strategic partnership of the six largest cities (6)",
        "Vitality partnership (3)",
    ]
    _view, strategic, vitality = layers.groups
    assert layer_call(rendered(layers), vitality) == (
        "layer",
        {
            "id": "vitality",
            "colour": PARTNERSHIP_COLOURS["vitality"],
            "line": PARTNERSHIP_LINES["vitality"],
            "codes": ["179", "297", "398"],
        },
    )
    assert PARTNERSHIP_COLOURS["strategic"] in strategic.layer_name
    assert not _view.control  # the view data is not a layer of its own in the legend


def test_a_narrowed_map_names_its_members_the_most_populous_or_largest_first(dataset, polygons):
    """The labels' order is the order names claim room on the map (map_layers.js places the first
    that fit): by population where figures are loaded, else by area."""
    rows = apply(dataset.memberships, FilterState(partnerships=("vitality",)))  # Jyväskylä, Kuopio, Lahti
    people = {"179": 148_000, "297": 125_000, "398": 121_000}
    narrowed = partnership_layers(rows, dataset.catalog, polygons.by_code, "en", whole_country=False, people=people)
    html = rendered(narrowed)
    assert layer_call(html, narrowed.groups[0]) == ("labels", ["179", "297", "398"])
    assert frame_data(html)["labels"] is True  # named at any zoom
    by_area = partnership_layers(rows, dataset.catalog, polygons.by_code, "en", whole_country=False)
    assert layer_call(rendered(by_area), by_area.groups[0]) == ("labels", ["297", "179", "398"])  # Kuopio largest
    # The whole country names its municipalities only from the labels' zoom on (as before).
    whole = partnership_layers(rows, dataset.catalog, polygons.by_code, "en", people=people)
    assert frame_data(rendered(whole))["labels"] is False
    presenting = partnership_layers(rows, dataset.catalog, polygons.by_code, "en", present=True, people=people)
    assert frame_data(rendered(presenting))["labels"] is True


def test_layers_carry_codes_not_geometry(dataset, polygons):
    layers = partnership_layers(dataset.memberships, dataset.catalog, polygons.by_code, "en")
    html = rendered(layers)
    for group in layers.groups[1:-1]:
        function, data = layer_call(html, group)
        assert function == "layer" and data["codes"]
        assert all(code in polygons.by_code for code in data["codes"])
    assert "finmap.view(" in html and "coordinates" not in html


def test_a_city_in_several_partnerships_lists_them_largest_first(dataset, points):
    plan = layer_plan(dataset.memberships, dataset.catalog, points.by_code, "en")
    # Helsinki: MAL, urban policy group, ecosystem, strategic. The browser draws one ring per
    # partnership, the first (largest partnership) outermost, so every ring stays visible.
    assert plan.memberships["091"] == ("mal", "urban-policy-group", "ecosystem", "strategic")
    assert plan.rings["091"] == (18, 14, 10, 6)
    view = view_data(dataset.memberships, dataset.catalog, points.by_code, "en")
    assert view["memberships"]["091"] == list(plan.memberships["091"])
    assert view["rings"]["091"] == [18, 14, 10, 6]
    assert [spec.partnership_id for spec in plan.layers][:2] == ["mal", "urban-policy-group"]


def test_polygon_mode_draws_polygons_and_count_badges(dataset, polygons):
    rows = apply(dataset.memberships, FilterState(partnerships=("growth-cities", "mal")))
    layers = partnership_layers(rows, dataset.catalog, polygons.by_code, "fi")
    html = rendered(layers)
    growth = layer_call(html, layers.groups[1])[1]
    assert {polygons.by_code[code]["type"] for code in growth["codes"]} <= {"Polygon", "MultiPolygon"}
    badges = layers.groups[-1]
    function, badge_list = layer_call(html, badges)
    assert function == "badges"
    assert [count for _lat, _lon, count in badge_list] == [2]  # Hyvinkää is in both
    assert "Kumppanuuksien määrä kunnittain" in badges.layer_name


def test_the_geometry_store_holds_every_shape_once_keyed_by_code(dataset, polygons, points):
    store = json.loads(polygons.store)
    features = {feature["id"]: feature for feature in store["features"]}
    assert len(features) == len(store["features"])  # each code once
    context = {code for code, feature in features.items() if feature["properties"]["context"]}
    assert len(context) == 309 and set(polygons.context_codes) == context
    assert set(dataset.cities["municipality_code"]) <= set(features)
    ring = features["091"]["geometry"]["coordinates"][0]
    ring = ring[0] if features["091"]["geometry"]["type"] == "MultiPolygon" else ring
    assert all(round(value, STORE_DECIMALS) == value for point in ring for value in point)
    # Rounded alike on both sides of a border: the municipalities still tile without gaps.
    shapes = gpd.GeoSeries(
        [shapely.geometry.shape(features[code]["geometry"]) for code in sorted(context)], crs="EPSG:4326"
    ).to_crs("EPSG:3067")
    assert shapely.coverage_is_valid(shapes.values, gap_width=50.0)
    assert {f["geometry"]["type"] for f in json.loads(points.store)["features"]} == {"Point"}
    assert not points.has_polygons and polygons.has_polygons


def test_tooltips_name_the_city_in_the_page_language_and_list_partnerships(dataset, points):
    rows = apply(dataset.memberships, FilterState(city="091"))
    view_sv = view_data(rows, dataset.catalog, points.by_code, "sv")
    assert view_sv["names"]["091"] == "<b>Helsingfors</b> (Helsinki)<br>Nyland"
    view_fi = view_data(rows, dataset.catalog, points.by_code, "fi")
    assert view_fi["names"]["091"] == "<b>Helsinki</b> (Helsingfors)<br>Uusimaa"
    assert view_fi["partnerships"]["strategic"] == "Kuuden suurimman kaupungin strateginen kumppanuus"
    assert view_fi["counts"] == {"4": "Mukana 4 näytetyssä kumppanuudessa:"}


def test_text_from_data_is_escaped_in_tooltips():
    city = {
        "name_fi": "<img src=x onerror=alert(1)>",
        "name_sv": "${alert(1)}`",
        "region_fi": "<script>x</script>",
        "region_sv": "",
    }
    html = tooltip_header(city, "fi")
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "&lt;script&gt;" in html


def test_script_data_cannot_end_the_script_it_is_in():
    script = LayerScript("layer", {"codes": ["</script><script>alert(1)</script>"]})
    assert "</script>" not in script.text and "<\\/script>" in script.text
    assert json.loads(script.text) == {"codes": ["</script><script>alert(1)</script>"]}


def without_element_ids(html: str) -> str:
    """The page with folium's random element names (map_<32 hex digits>) made alike."""
    return re.sub(r"_[0-9a-f]{32}\b", "_", html)


def test_the_base_map_script_is_the_same_on_every_rerun():
    # st_folium remounts the map when its script changes; base_map takes no filter or language.
    pages = {without_element_ids(rendered()) for _rerun in range(2)}
    assert len(pages) == 1
    assert "finmap.start(map_, " in pages.pop()


def test_the_map_fetches_the_geometry_store_instead_of_carrying_it(polygons, tmp_path):
    url = publish(polygons.store, ".geojson", target=tmp_path)
    (published,) = tmp_path.iterdir()
    assert url == f"/app/static/generated/{published.name}"
    assert published.read_text(encoding="utf-8") == polygons.store
    assert publish(polygons.store, ".geojson", target=tmp_path) == url  # named by content, written once
    # The drawing code (a static file too) starts the store's download before Leaflet loads.
    code = map_script(url)
    assert code.rstrip().endswith(f'finmap.fetchStore("{url}");')
    fmap = base_map("/app/static/generated/map.js")
    assert [name for name, _ in fmap.default_js] == ["finmap", "leaflet"]
    html = fmap.get_root().render()
    (script,) = [part for part in re.findall(r"<script>(.*?)</script>", html, re.S) if "finmap.start(" in part]
    assert "coordinates" not in script and len(script) < 2000  # no geometry, no code: never sent again
    assert "fetchStore" not in html  # the drawing code comes as a file of its own


def test_the_map_loads_leaflet_from_the_app_not_a_cdn(points, tmp_path):
    fmap = base_map("/app/static/generated/map.js")
    assert fmap.default_js == [("finmap", "/app/static/generated/map.js"), ("leaflet", LEAFLET_JS_URL)]
    assert fmap.default_css == [("leaflet_css", LEAFLET_CSS_URL)]
    rendered = fmap.get_root().render()
    assert "cdn.jsdelivr" not in rendered and "code.jquery" not in rendered and "cdnjs" not in rendered
    target = install_leaflet_assets(tmp_path / "leaflet")
    assert (target / "leaflet.js").read_bytes() == (leaflet_source_dir() / "leaflet.js").read_bytes()
    assert (target / "images" / "layers.png").is_file()
    # The source map leaflet.js names is served beside it (no 404 for a browser that asks).
    assert b"//# sourceMappingURL=leaflet.js.map" in (target / "leaflet.js").read_bytes()
    assert (target / "leaflet.js.map").read_bytes() == (leaflet_source_dir() / "leaflet.js.map").read_bytes()
    assert "1.9.3" in (target / "leaflet.js").read_text(encoding="utf-8")[:200]


def frame_data(html: str) -> dict:
    """What the map is told to fit (finmap.frame), as the page has it."""
    start = html.index("finmap.frame(") + len("finmap.frame(")
    return json.JSONDecoder().raw_decode(html, start)[0]


def test_the_chosen_city_is_named_on_the_map_and_a_search_zooms_to_it_once(dataset, polygons):
    rows = dataset.memberships
    kauniainen = "235"
    layers = partnership_layers(
        rows, dataset.catalog, polygons.by_code, "fi", selected_city=kauniainen, selected_name="Kauniainen", focus=3
    )
    html = rendered(layers)
    (chosen_group,) = [group for group in layers.groups if "highlight" in layer_call(html, group)[0]]
    function, chosen = layer_call(html, chosen_group)
    assert chosen["code"] == kauniainen and chosen["label"] == "Valittu: Kauniainen"
    south_west, north_east = frame_data(html)["focus"]["bounds"]
    lat, lon = chosen["point"]  # the label's pointer lies inside the municipality, in its bounds
    assert south_west[0] < lat < north_east[0] and south_west[1] < lon < north_east[1]
    assert north_east[0] - south_west[0] < 0.1 and frame_data(html)["focus"]["id"] == 3  # about 6 km, not Finland
    assert frame_data(html)["bounds"] == [[59.7, 20.6], [70.1, 31.6]]  # the view itself stays the same
    # Without a search (a press on the map, a link), the city is named but the map does not move.
    pressed = rendered(
        partnership_layers(rows, dataset.catalog, polygons.by_code, "sv", "235", selected_name="Grankulla")
    )
    assert "focus" not in frame_data(pressed) and '"label":"Vald: Grankulla"' in pressed


def test_the_chosen_city_s_name_is_escaped_on_the_map(dataset, points):
    chosen = chosen_city("091", "<img src=x onerror=alert(1)>", points.by_code, "en")
    assert chosen["label"] == "Chosen: &lt;img src=x onerror=alert(1)&gt;"
    assert chosen_city("999", "", points.by_code, "en") == {"code": "999", "label": "", "point": None}
