"""The first load in Debian's Chromium, as `make run` serves it (server.py): nothing moves after
the first paint, and the page says something in its own language before its script has run
(components/page/shell.py)."""

from __future__ import annotations

import pytest

from harness.browser import LAPTOP, PHONE, PROJECTOR, WHOLE_PAGE_JS, map_frame, new_page, shapes

# Every layout shift from the page's start that no input caused, as the browser reports it
# (the same entries Lighthouse's CLS adds up; one session window is the whole short load).
LAYOUT_SHIFTS_JS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__shifts.push({value: entry.value, at: Math.round(entry.startTime),
      moved: entry.sources.map((s) => (s.node && s.node.textContent || '').slice(0, 60)),
      controls: entry.sources.some((s) => !!(s.node && s.node.closest
        && s.node.closest('.leaflet-control-container')))});
  }
}).observe({type: 'layout-shift', buffered: true});
"""
MAX_CLS = 0.1  # Lighthouse's "good"
# Every largest-contentful-paint candidate, in order: the last is what Lighthouse reports as LCP.
LARGEST_PAINTS_JS = """
window.__largest = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__largest.push({size: entry.size, at: Math.round(entry.startTime),
      element: entry.element ? entry.element.className || entry.element.tagName : null,
      text: entry.url ? '' : (entry.element && entry.element.textContent || '').slice(0, 60)});
  }
}).observe({type: 'largest-contentful-paint', buffered: true});
"""


@pytest.mark.parametrize("size", [PHONE, LAPTOP, PROJECTOR], ids=["phone", "laptop", "projector"])
def test_nothing_moves_after_the_first_paint_and_the_largest_comes_first(browser, server, size):
    """No layout shift to speak of, in the page or in the map's frame (Lighthouse counts both;
    Leaflet's controls, never: they lay under the map until Leaflet's stylesheet came); on the
    projector the sidebar opens beside the page without moving it. And the largest paint of
    the whole load is the loading frame's picture of Finland, painted with the first answer,
    not a text drawn with the page (then the largest contentful paint would wait for
    Streamlit's script and the cards)."""
    page = new_page(browser, viewport=size, has_touch=size is PHONE, is_mobile=size is PHONE)
    page.context.add_init_script(LAYOUT_SHIFTS_JS)  # in every frame, the map's too
    page.context.add_init_script(LARGEST_PAINTS_JS)
    page.goto(server + "/?lang=en")
    page.wait_for_function(WHOLE_PAGE_JS, timeout=90_000)
    assert shapes(page) > 0
    page.wait_for_timeout(1_000)  # the cards and the tabs' last elements settle
    shifts = page.evaluate("window.__shifts")
    in_map = map_frame(page).evaluate("window.__shifts")
    largest = page.evaluate("window.__largest")
    page.context.close()
    assert sum(shift["value"] for shift in shifts) <= MAX_CLS, shifts
    assert sum(shift["value"] for shift in in_map) <= MAX_CLS, in_map
    assert not [shift for shift in in_map if shift["controls"]], in_map
    assert largest and largest[-1]["element"] == "shell-picture", largest


@pytest.mark.parametrize(
    ("lang", "title", "loading"),
    [
        ("fi", "Valtion ja kaupunkien kumppanuudet", "Kartta latautuu…"),
        ("sv", "Partnerskap mellan staten och städerna", "Kartan laddas…"),
        ("en", "State–city partnerships in Finland", "Loading the map…"),
    ],
)
def test_the_page_says_what_it_loads_before_its_script_runs(browser, server, lang, title, loading):
    """With every script of the page blocked, the first answer alone shows the heading and the
    map's frame saying it loads, in the link's language, and the tab has the page's title."""
    context = browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/?lang={lang}")
    assert page.title() == title
    assert page.locator("html").get_attribute("lang") == lang
    shell = page.locator("#finmap-shell")
    assert shell.is_visible()
    assert shell.get_by_text(title).is_visible() and shell.get_by_role("status").inner_text() == loading
    frame = shell.locator(".shell-map").bounding_box()
    assert frame["width"] > 600 and frame["height"] >= 320  # the map's place, as the map will take it
    context.close()


def test_the_outline_gives_way_to_the_page(page, server):
    page.goto(server + "/?lang=en")
    page.wait_for_function(WHOLE_PAGE_JS, timeout=90_000)
    assert not page.locator("#finmap-shell").is_visible()
    # One h1, the page's own; the headings under it are h2 (none skipped).
    assert page.locator("h1:visible").all_inner_texts() == ["State–city partnerships in Finland"]
    page.get_by_role("heading", name="The partnerships and their sources", level=2).wait_for()


def _get(url: str, gzip: bool = True):
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, answer.headers, answer.read()


def test_make_run_compresses_streamlits_bundles_and_keeps_them(server):
    """Streamlit itself sends its bundles and the page uncompressed; server.py's shell gzips them."""
    import gzip
    import re

    _, headers, page = _get(server + "/?lang=en")
    assert headers["Content-Encoding"] == "gzip" and headers["Cache-Control"] == "no-cache"
    page = gzip.decompress(page).decode("utf-8")
    assert '<meta name="description" content="An interactive map of Finland' in page
    bundle = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page).group(1)
    _, headers, packed = _get(f"{server}/{bundle}")
    _, plain_headers, plain = _get(f"{server}/{bundle}", gzip=False)
    assert headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain_headers
    assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
    assert "immutable" in headers["Cache-Control"] and "max-age=31536000" in headers["Cache-Control"]
    _, headers, _ = _get(server + "/app/static/leaflet/leaflet.js")
    assert headers["Cache-Control"] == "no-cache" and headers["ETag"]  # not named by content: revalidated
    status, headers, robots = _get(server + "/robots.txt", gzip=False)
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert robots.decode().splitlines()[0] == "User-agent: *"
