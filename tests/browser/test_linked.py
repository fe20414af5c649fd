"""Linked selection in a real browser (Debian's Chromium, no host but 127.0.0.1), in both
geometry modes: ticking table rows, as a person does, outlines exactly those municipalities on
the map without remounting it and without moving the table; one ticked municipality opens its
details; a bar of the counts outlines that partnership's members, a matrix cell its municipality."""

from __future__ import annotations

import re

import pytest

from components.base.colours import LINKED, partnership_colour
from components.model.filters import FilterState, apply
from components.model.map import ring_radii
from components.render.map import MAP_STYLES
from harness.browser import LAPTOP, MAP_FRAME, map_frame, open_app, script_run, wait_for_drawn, wait_until
from tests.helpers.pages import CITY_POINT_JS, axe_violations, describe

ROW_PX = 35  # st.dataframe's row height (the header row's too)
TICK_X = 16  # the middle of the row-selection column at the table's left edge

# In the map's frame: the highlighted municipalities as drawn (the line, not its casing): code ->
# [kind, stroke colour, ring radius].
HIGHLIGHTED_JS = """() => { const out = {};
  map_div.eachLayer(l => { const p = l.feature && l.feature.properties;
    if (p && p.linked && l._path && l._path.classList.contains('finmap-linked'))
      out[p.municipality_code] = [l.getRadius ? 'ring' : 'outline', l._path.getAttribute('stroke'),
                                  l.getRadius ? l.getRadius() : null]; });
  return out; }"""


@pytest.fixture
def viewport():
    return dict(LAPTOP)


def highlighted(page) -> dict:
    return map_frame(page).evaluate(HIGHLIGHTED_JS)


def wait_for_highlighted(page, codes: set[str]) -> dict:
    wanted = ",".join(sorted(codes))
    wait_until(map_frame(page), f"() => Object.keys(({HIGHLIGHTED_JS})()).sort().join() === '{wanted}'")
    return highlighted(page)


def table(page):
    return page.locator('[role="tabpanel"] [data-testid="stDataFrame"]')


def tick_row(page, row: int) -> dict:
    """Tick a row's selection box as a person does: scroll the table into view, click. Returns
    the table's box just before the click."""
    grid = table(page)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    with script_run(page):
        page.mouse.click(box["x"] + TICK_X, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)
    return box


def test_ticking_table_rows_highlights_exactly_those_municipalities_without_remounting(page, server, mode, dataset):
    rows = apply(dataset.memberships, FilterState(partnerships=("growth-cities",)))  # the table's order
    codes, names = list(rows["municipality_code"]), list(rows["name_fi"])
    open_app(page, f"{server}/?partnership=growth-cities&tab=table", wait_for="path.leaflet-interactive")
    wait_for_drawn(page)
    iframe = page.locator(MAP_FRAME).element_handle()
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    assert highlighted(page) == {}

    # One row: its municipality is outlined and its details open beside the map, the filters
    # (and so the table being ticked) as they were, the table where it was.
    before = tick_row(page, 1)
    drawn = wait_for_highlighted(page, {codes[1]})
    assert set(drawn) == {codes[1]}, drawn
    page.get_by_role("heading", name=names[1], exact=True).wait_for(timeout=10_000)
    assert "city=" not in page.url and "partnership=growth-cities" in page.url
    assert abs(table(page).bounding_box()["y"] - before["y"]) <= 2, "the table moved under the pointer"
    violations = axe_violations(page.main_frame)  # the ticked table, its status line, the details
    assert violations == [], describe(violations)

    # A second row: exactly those two, drawn as this mode draws them; two close the details.
    tick_row(page, 4)
    drawn = wait_for_highlighted(page, {codes[1], codes[4]})
    assert set(drawn) == {codes[1], codes[4]}, drawn
    for kind, stroke, radius in drawn.values():
        assert stroke.upper() == LINKED.upper()
        if mode == "points":  # a ring just outside the city's own ring
            assert kind == "ring" and radius == ring_radii(1)[0] + MAP_STYLES["linked"]["gap"], drawn
        else:
            assert kind == "outline", drawn
    page.get_by_text(re.compile(rf"2 municipalities \(from the table\): .*{re.escape(names[4])}")).first.wait_for()
    assert page.get_by_role("heading", name=names[1], exact=True).count() == 0

    # The map was never remounted.
    assert iframe.evaluate("element => element.isConnected")
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"

    # A click on the map, from a page scrolled to show the tabs too, still keeps the map where it
    # is while the city's details open (the table keeps its place only for a click in the tabs).
    page.evaluate("() => { document.querySelector('[data-testid=stMain]').scrollTop = 250; }")
    frame_at = page.locator(MAP_FRAME).bounding_box()
    point = map_frame(page).evaluate(CITY_POINT_JS, codes[0])
    with script_run(page):
        page.mouse.click(frame_at["x"] + point[0], frame_at["y"] + point[1])
    page.wait_for_url(re.compile(f"city={codes[0]}"))
    assert abs(page.locator(MAP_FRAME).bounding_box()["y"] - frame_at["y"]) <= 2, "the map moved under the pointer"


def test_a_bar_or_a_matrix_cell_highlights_its_municipalities(page, server, dataset):
    memberships = dataset.memberships
    members = {
        pid: set(memberships.loc[memberships["partnership_id"] == pid, "municipality_code"])
        for pid in ("vitality", "east-finland")
    }
    names = dict(zip(memberships["municipality_code"], memberships["name_fi"], strict=True))
    open_app(page, f"{server}/?partnership=vitality,east-finland&tab=overlaps", wait_for="path.leaflet-interactive")
    wait_for_drawn(page)
    map_frame(page).evaluate("() => { window.__finmap_mark = 'same map'; }")
    charts = page.locator('[data-testid="stVegaLiteChart"]')

    # A bar of the per-partnership chart (after the matrix), found by its partnership's colour.
    bar = charts.nth(1).locator(f'path[fill="{partnership_colour("vitality")}" i]')
    bar.first.wait_for(timeout=15_000)  # vega draws the marks after the chart's frame
    assert bar.count() == 1
    with script_run(page):
        bar.click()
    drawn = wait_for_highlighted(page, members["vitality"])
    assert set(drawn) == members["vitality"] and len(drawn) == 3, drawn
    page.get_by_text(re.compile(r"3 municipalities \(from the chart")).first.wait_for()

    # A cell of the matrix: its one municipality instead, with its details beside the map.
    cell = charts.nth(0).locator(f'path[fill="{partnership_colour("east-finland")}" i]').first
    with script_run(page):
        cell.click()
    wait_until(map_frame(page), f"() => Object.keys(({HIGHLIGHTED_JS})()).length === 1")
    (code,) = highlighted(page)
    assert code in members["east-finland"], code
    page.get_by_role("heading", name=names[code], exact=True).wait_for(timeout=10_000)
    assert "city=" not in page.url
    assert map_frame(page).evaluate("() => window.__finmap_mark") == "same map"
