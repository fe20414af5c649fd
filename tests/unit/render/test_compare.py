"""The partnerships side by side (components/render/compare.py, components/page/compare.py), without a
browser: one small map per shown partnership with the right members, in both geometry modes, all
at one extent and scale; the slide picture's size and titles; data text escaped; the Compare tab
and the presentation's compare step through Streamlit's AppTest."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from components.data.memberships import load_dataset
from components.model.filters import FilterState, apply
from components.model.map import prepare_geometry
from components.render.compare import (
    SELECTION,
    extent_km,
    grid_alt,
    grid_geometry,
    render_slide,
    slide_grid,
    small_map_alt,
    small_map_spec,
    small_maps,
)
from tests.helpers.facts import members_in_csv
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, require


@pytest.fixture(scope="module")
def bundled():
    return load_dataset()


@pytest.fixture(scope="module", params=["polygons", "points"])
def geometry(request, bundled):
    if request.param == "points":
        return prepare_geometry(bundled.cities, None)
    from components.data.boundaries import load_boundaries

    with pytest.MonkeyPatch.context() as patch, __import__("tempfile").TemporaryDirectory() as cache:
        patch.setenv("FINMAP_CACHE_DIR", cache)
        polygons = load_boundaries(str(require(REFERENCE_MUNICIPALITIES))).polygons
    assert polygons is not None
    return prepare_geometry(bundled.cities, polygons, token="reference")


def drawn_members(spec: dict) -> int:
    """The member shapes a small map's chart draws: polygons of its members' layer, or points."""
    count = 0
    for layer in spec["layer"]:
        mark = layer["mark"]
        if mark["type"] == "circle" or (mark["type"] == "geoshape" and mark.get("fillOpacity")):
            count += len(layer["data"]["values"])
    return count


def test_one_small_map_per_shown_partnership_with_its_members(bundled, geometry):
    expected = members_in_csv()
    maps = small_maps(bundled.memberships, bundled.catalog, "en")
    # Every partnership with members in the file, in the catalog's order, and no other.
    assert [m.partnership_id for m in maps] == [pid for pid in bundled.catalog.partnership_ids if pid in expected]
    grid = grid_geometry(geometry)
    projections = set()
    for small_map in maps:
        assert set(small_map.codes) == expected[small_map.partnership_id]
        assert small_map.title_lines("en")[1] == f"{len(expected[small_map.partnership_id])} municipalities"
        spec = small_map_spec(small_map, grid, "alt")
        assert drawn_members(spec) == small_map.members  # each member drawn once
        layers = [layer["mark"]["type"] for layer in spec["layer"]]
        assert layers.count("circle" if not geometry.has_polygons else "geoshape") >= 1
        projections.add(json.dumps(spec["projection"], sort_keys=True))
    assert len(projections) == 1  # one extent and scale for every small map


def test_the_small_maps_follow_the_filter(bundled, geometry):
    state = FilterState(partnerships=("mal", "vitality"), regions=("06",))  # Pirkanmaa
    rows = apply(bundled.memberships, state)
    maps = small_maps(rows, bundled.catalog, "fi")
    pirkanmaa = {
        code
        for code, region in zip(bundled.cities["municipality_code"], bundled.cities["region_code"], strict=True)
        if region == "06"
    }
    expected = {pid: codes & pirkanmaa for pid, codes in members_in_csv().items() if pid in state.partnerships}
    expected = {pid: codes for pid, codes in expected.items() if codes}
    assert {m.partnership_id: set(m.codes) for m in maps} == expected
    assert all(m.title_lines("fi")[1].endswith(("kunta", "kuntaa")) for m in maps)


def test_the_grid_sends_light_shapes(bundled, geometry):
    grid = grid_geometry(geometry)
    context = json.dumps(grid.context, separators=(",", ":"))
    assert len(context) < 8_000  # Finland's silhouette: a few KB, not the 309 municipalities' ~40 KB
    maps = small_maps(bundled.memberships, bundled.catalog, "en")
    charts = [json.dumps(small_map_spec(m, grid, ""), separators=(",", ":")) for m in maps]
    assert sum(map(len, charts)) < 100_000  # the whole grid (2026-11-28: 70 KB polygons, 40 KB points)
    x0, y0, x1, y1 = extent_km()
    coordinates = [xy for shape in grid.shapes.values() for xy in _points(shape["coordinates"])]
    assert all(x0 <= x <= x1 and y0 <= y <= y1 for x, y in coordinates)  # all inside the shared extent


def _points(coordinates):
    if coordinates and isinstance(coordinates[0], (int, float)):
        yield coordinates
        return
    for part in coordinates:
        yield from _points(part)


def test_a_click_anywhere_on_a_small_map_names_its_partnership(bundled, geometry):
    grid = grid_geometry(geometry)
    (vitality,) = [m for m in small_maps(bundled.memberships, bundled.catalog, "en") if m.partnership_id == "vitality"]
    spec = small_map_spec(vitality, grid, "the map in words")
    target = spec["layer"][-1]  # on top of everything, as large as the map
    assert target["data"]["values"][0]["partnership_id"] == "vitality"
    assert target["data"]["values"][0]["shape"]["geometry"] == spec["projection"]["fit"]["geometry"]
    assert target["params"][0]["name"] == SELECTION
    assert target["params"][0]["select"] == {"type": "point", "fields": ["partnership_id"], "on": "click"}
    # The map in words is the aria-label of that one shape; every other mark is hidden from
    # assistive technology (it would read "x: 594; y: 6783").
    assert target["encoding"]["description"] == {"value": "the map in words"}
    assert all(layer["mark"].get("aria") is False for layer in spec["layer"][:-1])


def svg_text(raw: bytes) -> str:
    """The SVG's drawn text, in document order, lines joined by spaces."""
    root = ET.fromstring(raw)  # also: well-formed XML, whatever the data said
    return " ".join(" ".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))


def test_the_slide_is_a_1920x1080_picture(bundled, geometry):
    maps = small_maps(bundled.memberships, bundled.catalog, "en")
    image = Image.open(io.BytesIO(render_slide(maps, geometry, "en", "All partnerships", "png")))
    assert image.size == (1920, 1080)
    assert len(image.convert("RGB").getcolors(maxcolors=1_000_000)) > 50  # a drawing, not a blank
    assert image.info["Description"] == grid_alt(maps, "en")  # its text alternative inside


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_slide_svg_names_every_partnership_with_its_counts(bundled, geometry, lang):
    maps = small_maps(bundled.memberships, bundled.catalog, lang)
    text = " ".join(svg_text(render_slide(maps, geometry, lang, "summary", "svg")).split())
    assert maps
    for small_map in maps:
        assert small_map.name in text, small_map.name
        assert small_map.title_lines(lang)[1] in text


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_no_two_texts_of_the_slide_overlap_or_leave_it(bundled, lang, tmp_path, monkeypatch):
    from matplotlib.backends.backend_agg import RendererAgg

    from components.data.population import load_population

    monkeypatch.setenv("FINMAP_CACHE_DIR", str(tmp_path))
    figures = load_population(str(require(POPULATION)), year=2024, required_codes=bundled.cities["municipality_code"])
    maps = small_maps(bundled.memberships, bundled.catalog, lang, figures)
    assert all(m.coverage is not None for m in maps)  # the longest titles: with the people covered
    figure = slide_grid(maps, prepare_geometry(bundled.cities, None), lang, "summary")
    renderer = RendererAgg(1920, 1080, 100)
    boxes = [text.get_window_extent(renderer) for text in figure.texts if text.get_text()]
    for index, box in enumerate(boxes):
        assert box.x0 >= 0 and box.x1 <= 1920 and box.y0 >= 0 and box.y1 <= 1080, figure.texts[index].get_text()
        for other in boxes[index + 1 :]:
            assert not box.overlaps(other), (figure.texts[index].get_text(), other)


def test_data_text_stays_text_in_the_slide_and_the_titles(bundled):
    hostile = '<script>alert(1)</script> & "quotes" **bold** [x](javascript:alert(2))'
    catalog = bundled.catalog.model_copy(
        update={
            "partnerships": tuple(
                p.model_copy(update={"en": hostile}) if p.id == "vitality" else p for p in bundled.catalog.partnerships
            )
        }
    )
    catalog.__dict__.pop("_by_id", None)  # the copy's lookup is built anew from its partnerships
    maps = small_maps(bundled.memberships, catalog, "en")
    (small_map,) = [m for m in maps if m.partnership_id == "vitality"]
    assert small_map.title_lines("en")[0] == hostile
    raw = render_slide(maps, prepare_geometry(bundled.cities, None), "en", hostile, "svg")
    root = ET.fromstring(raw)
    assert not [element for element in root.iter() if element.tag.endswith("script")]
    assert b"<script>" not in raw and b"&lt;script&gt;" in raw
    assert hostile in " ".join(svg_text(raw).split())
    assert small_map_alt(small_map, {}, "en").startswith(hostile)  # plain text, for aria-label


def test_the_grid_keeps_svg_text_as_text_without_changing_other_pictures(bundled, geometry):
    """The text setting is matplotlib's process-wide one: the grid sets it for itself only, so the
    single-map slide drawn after it (or at the same time, in another session) keeps outlines."""
    import matplotlib as mpl

    from components.render import slide

    before = mpl.rcParams["svg.fonttype"]
    maps = small_maps(bundled.memberships, bundled.catalog, "en")
    grid = render_slide(maps, geometry, "en", "summary", "svg")
    single = slide.render(bundled.memberships, bundled.catalog, geometry, "en", "summary", "svg")
    assert mpl.rcParams["svg.fonttype"] == before
    assert svg_text(grid).strip() and not svg_text(single).strip()
