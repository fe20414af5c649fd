"""A session's first page in Debian's Chromium, with no host but 127.0.0.1: the heading and the
map come first, with the link's filters; the rest (filters, cards, tabs) follows by itself once
the map has drawn, without moving the map or drawing it again; and it follows even when the
map cannot draw (components/page/first_run.py)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from bench.measure import PROBE
from components.page.first_run import FALLBACK_S, REST_SELECTOR
from harness.browser import MAP_FRAME, PHONE, WHOLE_PAGE_JS, new_page, shapes

FILTER_LABEL = "Partnership"
# From the page's start: the map frame's box when its first shapes are drawn, and a mark in the
# frame's window (gone if the map were drawn in a new frame).
MARK_AT_FIRST_SHAPE_JS = """(() => {
  if (window.top !== window) return;
  const check = () => {
    const frame = document.querySelector('iframe[src*="st_folium"]');
    const bench = window.__bench;
    if (frame && bench && bench.shapes.some(([, count]) => count > 0)) {
      const r = frame.getBoundingClientRect();
      window.__atFirstShape = {box: [r.x, r.y, r.width, r.height], filters: bench.usable};
      frame.contentWindow.__firstPageMark = true;
    } else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
  // Who asked for the rest: the map's press of the hidden button, or (without it) the timer.
  document.addEventListener('click', (event) => {
    if (event.target.closest && event.target.closest(REST)) window.__restPressed = true;
  }, true);
})();""".replace("REST", json.dumps(REST_SELECTOR.removesuffix(" button")))
FRAME_BOX_JS = f"""() => {{ const r = document.querySelector('{MAP_FRAME}').getBoundingClientRect();
    return [r.x, r.y, r.width, r.height]; }}"""


def watched_page(browser, viewport: dict, touch: bool = False):
    """A page with the benchmark's probe: shapes drawn, and when the Partnership filter was usable."""
    page = new_page(browser, viewport=viewport, has_touch=touch, is_mobile=touch)
    page.context.add_init_script(f"window.__benchFilterLabel = {json.dumps(FILTER_LABEL)};")
    page.context.add_init_script(PROBE)
    page.context.add_init_script(MARK_AT_FIRST_SHAPE_JS)
    return page


@pytest.mark.parametrize("size", ["wide", "phone"])
def test_the_map_comes_first_and_the_rest_follows_without_moving_it(browser, server, size):
    viewport, touch = (PHONE, True) if size == "phone" else ({"width": 1600, "height": 1100}, False)
    page = watched_page(browser, viewport, touch)
    try:
        page.goto(f"{server}/?partnership=vitality")
        page.wait_for_function(WHOLE_PAGE_JS, timeout=30_000)
        # In the sidebar (closed on a phone until its button opens it).
        expect(page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').first).to_be_attached()
        # The probe notes it usable at the next change of the page (a busy machine: a moment later).
        page.wait_for_function("() => window.__bench && window.__bench.usable !== null", timeout=15_000)
        bench, at_first_shape = page.evaluate("() => [window.__bench, window.__atFirstShape]")
        # The map drew before the filters were there, and its first drawing was the link's view.
        assert at_first_shape["filters"] is None
        drawn = [(time, count) for time, count, _ in bench["shapes"] if count > 0]
        assert bench["usable"] is not None and drawn[0][0] < bench["usable"]
        assert {count for _, count in drawn} == {3}, bench["shapes"]
        # The same map (no second frame, no redrawing), in the same place and size.
        assert page.evaluate(f"() => document.querySelector('{MAP_FRAME}').contentWindow.__firstPageMark") is True
        assert {map_number for _, _, map_number in bench["shapes"]} == {1}
        assert page.evaluate(FRAME_BOX_JS) == at_first_shape["box"]
        assert shapes(page) == 3
        assert page.locator(REST_SELECTOR).count() == 0  # the hidden button went with the first page
        assert page.evaluate("() => window.__restPressed") is True  # pressed by the map, not the timer
        expect(page.locator('[class*="st-key-card_"]').first).to_be_attached()  # the cards came
        expect(page.get_by_role("tab")).to_have_count(6)
    finally:
        page.context.close()


def test_the_rest_follows_even_when_the_map_cannot_draw(browser, server):
    """The map's shapes never arrive (their file fails): the page asks for the rest by its timer."""
    page = watched_page(browser, {"width": 1600, "height": 1100})
    try:
        page.route("**/static/generated/*.geojson", lambda route: route.abort())
        page.goto(server)
        page.wait_for_function(WHOLE_PAGE_JS, timeout=(FALLBACK_S + 25) * 1000)
        expect(page.get_by_role("combobox", name=FILTER_LABEL)).to_be_enabled()
        assert shapes(page) == 0
        assert page.evaluate("() => window.__restPressed") is None  # the timer asked
        # ... once: the whole page has no timer, so no run follows by itself.
        runs = page.evaluate("() => window.__scriptRuns.started")
        page.wait_for_timeout((FALLBACK_S + 2) * 1000)
        assert page.evaluate("() => window.__scriptRuns.started") == runs
        # The filters work: a choice reruns the page (the link follows it).
        page.unroute("**/static/generated/*.geojson")
        page.get_by_role("combobox", name=FILTER_LABEL).click()
        page.get_by_role("option", name="Vitality partnership").click()
        page.wait_for_url("**partnership=vitality**", timeout=20_000)
    finally:
        page.context.close()
