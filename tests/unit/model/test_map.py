"""The map model (components/model/map.py): drawing order, ring sizes and member counts, from one
place for the web map and the slide picture alike."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from matplotlib.axes import Axes

from components.base.i18n import t
from components.data.memberships import member_counts
from components.model.cards import partnership_cards
from components.model.details import partnerships_overview
from components.model.filters import FilterState, apply
from components.model.map import (
    INNER_RING_PX,
    drawing_order,
    label_order,
    layer_plan,
    prepare_geometry,
    ring_radii,
    shape_area,
)
from components.render import overlaps
from components.render.map import map_view, partnership_layers
from components.render.slide import alt_text, render


@pytest.fixture(scope="module")
def points(fixture_dataset):
    return prepare_geometry(fixture_dataset.cities, None)


def test_member_counts_count_each_municipality_once_per_partnership():
    rows = pd.DataFrame(
        {
            "partnership_id": ["mal", "mal", "mal", "vitality"],
            "municipality_code": ["091", "091", "049", "091"],  # Helsinki twice in MAL (two rows)
        }
    )
    assert member_counts(rows).to_dict() == {"mal": 2, "vitality": 1}


def test_every_view_counts_members_alike(fixture_dataset):
    rows, catalog = fixture_dataset.memberships, fixture_dataset.catalog
    counts = member_counts(rows).to_dict()
    assert counts["strategic"] == 6 and len(counts) >= 5
    bars = overlaps.partnership_counts(rows, catalog, "en")
    assert dict(zip(bars["partnership_id"], bars["municipalities"], strict=True)) == counts
    cards = {card.partnership_id: card.members for card in partnership_cards(rows, catalog, "en")}
    assert {pid: n for pid, n in cards.items() if n} == counts
    overview = {
        record[t("column.partnership", "en")]: record[t("column.members_on_map", "en")]
        for record in partnerships_overview(rows, catalog, "en")
    }
    assert overview[catalog.partnership("strategic").name("en")] == "6"
    alt = alt_text(rows, catalog, "en", "All")
    assert all(f"{catalog.partnership(pid).name('en')}: {n}" in alt for pid, n in counts.items())


def test_the_largest_partnership_is_drawn_first_and_ties_keep_the_catalog_order(fixture_dataset):
    rows, catalog = fixture_dataset.memberships, fixture_dataset.catalog
    order = drawing_order(rows, catalog)
    counts = member_counts(rows)
    assert [counts[pid] for pid in order] == sorted(counts, reverse=True)
    for first, second in zip(order, order[1:], strict=False):
        if counts[first] == counts[second]:
            assert catalog.partnership_ids.index(first) < catalog.partnership_ids.index(second)


def test_rings_grow_outwards_one_step_per_partnership():
    assert ring_radii(1) == (INNER_RING_PX,)
    assert ring_radii(4) == (18, 14, 10, 6)  # the first (largest) partnership outermost


def test_the_plan_gives_point_cities_rings_and_polygon_overlaps_badges(fixture_dataset, points):
    rows, catalog = fixture_dataset.memberships, fixture_dataset.catalog
    plan = layer_plan(rows, catalog, points.by_code, "en")
    assert [spec.partnership_id for spec in plan.layers] == drawing_order(rows, catalog)
    assert set(plan.rings) == set(plan.memberships) and plan.badges == ()
    assert all(len(plan.rings[code]) == len(pids) for code, pids in plan.memberships.items())
    # The same cities as polygons (squares around the points): badges instead of rings.
    squares = {
        code: {"type": "Polygon", "coordinates": [[[x - 0.1, y - 0.1], [x + 0.1, y - 0.1], [x + 0.1, y + 0.1],
                                                    [x - 0.1, y + 0.1], [x - 0.1, y - 0.1]]]}
        for code, (x, y) in ((code, shape["coordinates"]) for code, shape in points.by_code.items())
    }  # fmt: skip
    plan = layer_plan(rows, catalog, squares, "en")
    assert plan.rings == {}
    several = {code: len(pids) for code, pids in plan.memberships.items() if len(pids) > 1}
    assert sorted(count for _lat, _lon, count in plan.badges) == sorted(several.values())


@pytest.fixture
def scatter_calls(monkeypatch):
    """What the slide picture draws as rings: (outline colour, marker sizes) per call."""
    calls = []
    scatter = Axes.scatter

    def spy(self, x, y, *args, **kwargs):
        calls.append((kwargs.get("edgecolors"), list(kwargs.get("s"))))
        return scatter(self, x, y, *args, **kwargs)

    monkeypatch.setattr(Axes, "scatter", spy)
    return calls


def test_the_web_map_and_the_slide_take_order_and_ring_sizes_from_the_model(
    fixture_dataset, points, monkeypatch, scatter_calls
):
    # Other ring sizes in the model: both maps follow, with nothing to change in either.
    monkeypatch.setattr("components.model.map.INNER_RING_PX", 5)
    monkeypatch.setattr("components.model.map.RING_STEP_PX", 7)
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("strategic", "mal", "urban-policy-group")))
    catalog = fixture_dataset.catalog
    plan = layer_plan(rows, catalog, points.by_code, "en")
    assert set(plan.memberships["091"]) == {"mal", "urban-policy-group", "strategic"}  # Helsinki
    assert plan.rings["091"] == (19, 12, 5)

    # The web map: the layers in the model's order, the rings as the model sizes them.
    layers = partnership_layers(rows, catalog, points.by_code, "en")
    assert layers.layer_names == [spec.label for spec in plan.layers]
    view = json.loads(map_view(rows, catalog, points.by_code, "en").data)
    assert view["rings"] == {code: list(radii) for code, radii in plan.rings.items()}
    assert view["memberships"] == {code: list(pids) for code, pids in plan.memberships.items()}

    # The slide: the same layers in the same order, each city's rings at the same radii (a
    # marker's size is its area, in points squared).
    render(rows, catalog, points, "en", "test", "svg")
    assert [line for line, _sizes in scatter_calls] == [spec.line for spec in plan.layers]
    for spec, (_line, sizes) in zip(plan.layers, scatter_calls, strict=True):
        radii = [round((size / 1.6) ** 0.5, 6) for size in sizes]
        expected = [plan.rings[code][plan.memberships[code].index(spec.partnership_id)] for code in spec.codes]
        assert radii == expected
    helsinki_outermost = plan.layers[0].codes.index("091")  # in the first layer: the largest ring
    assert round((scatter_calls[0][1][helsinki_outermost] / 1.6) ** 0.5, 6) == 19


def _square(west: float, south: float, size: float) -> dict:
    ring = [[west, south], [west + size, south], [west + size, south + size], [west, south + size], [west, south]]
    return {"type": "Polygon", "coordinates": [ring]}


SHAPES = {
    "091": _square(24.8, 60.1, 0.2),  # small and populous
    "837": _square(23.5, 61.4, 0.5),
    "698": _square(25.0, 66.0, 2.0),  # the largest shape, few people
    "999": {"type": "Point", "coordinates": [25.0, 62.0]},  # a city point has no area
}


def test_names_claim_room_by_population_where_figures_are_loaded():
    people = {"091": 684_018, "837": 255_050, "698": 65_000, "999": 1_000}
    assert label_order(SHAPES, SHAPES, people) == ("091", "837", "698", "999")


def test_without_figures_the_largest_area_claims_room_first():
    assert label_order(SHAPES, SHAPES) == ("698", "837", "091", "999")
    assert label_order(SHAPES, SHAPES, {}) == ("698", "837", "091", "999")


def test_a_municipality_without_a_figure_comes_after_those_with_one_by_area():
    assert label_order(["698", "091", "837"], SHAPES, {"091": 684_018}) == ("091", "698", "837")


def test_area_is_compared_at_each_latitude():
    """A degree of longitude is shorter in the north: equal squares in degrees are not equal."""
    south, north = _square(25.0, 60.0, 1.0), _square(25.0, 69.0, 1.0)
    assert shape_area(south) > shape_area(north) > 0
    assert shape_area(SHAPES["999"]) == 0


def test_the_web_map_names_the_most_populous_members_first(fixture_dataset, points):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("strategic",)))
    codes = sorted(rows["municipality_code"].unique())
    people = {code: 1_000 * (index + 1) for index, code in enumerate(codes)}  # the last code most populous
    view = map_view(rows, fixture_dataset.catalog, points.by_code, "en", people=people)
    assert view.label_codes == tuple(reversed(codes))
    assert map_view(rows, fixture_dataset.catalog, points.by_code, "en").label_codes == tuple(codes)  # points: by code
