"""Names on the map and the presenter's room, in Debian's Chromium with population figures: a map
narrowed to a few partnerships names its members where they fit, the most populous first; on a
projector (1920x1080) nothing on the map is under 18 px, the largest cities are named, no name
covers another or a count badge, and nothing is cut at the screen's edges (there, and on a
laptop's 1366x768)."""

from __future__ import annotations

import json

import pytest

from components.base.i18n import t
from harness.browser import CONTEXT_DRAWN_JS, LAPTOP, MAP_FRAME, PROJECTOR, map_frame, new_page, open_app, wait_until
from tests.helpers.paths import POPULATION, REFERENCE_MUNICIPALITIES, require
from tests.helpers.servers import app_server

STRATEGIC = ["Helsinki", "Espoo", "Tampere", "Vantaa", "Oulu", "Turku"]  # the six largest cities
LARGEST = ["Helsinki", "Tampere", "Turku"]  # what a room expects to read at step 1


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    # With population figures, as a deployment shows them: the names claim room by population.
    polygons, population = str(require(REFERENCE_MUNICIPALITIES)), str(require(POPULATION))
    with app_server(polygons, tmp_path_factory.mktemp("cache"), FINMAP_POPULATION=population) as url:
        yield url


def open_map(browser, url: str, viewport: dict):
    page = new_page(browser, viewport=viewport)
    open_app(page, url, wait_for="path.leaflet-interactive")
    map_frame(page).wait_for_function(CONTEXT_DRAWN_JS, timeout=20_000)
    return page


# In the map's frame: what shows (not hidden as crowded), with its box and computed font size.
MARKS_JS = """() => {
  const shown = e => getComputedStyle(e).visibility !== 'hidden' && e.getBoundingClientRect().width > 0;
  const mark = e => { const r = e.getBoundingClientRect();
    return {text: e.textContent.trim(), size: parseFloat(getComputedStyle(e).fontSize),
            box: [r.left, r.top, r.right, r.bottom]}; };
  const all = s => [...document.querySelectorAll(s)].filter(shown).map(mark);
  return JSON.stringify({labels: all('.leaflet-tooltip.finmap-label'), badges: all('.finmap-badge-icon'),
    badgeText: all('.finmap-badge'), zoom: all('.leaflet-control-zoom a'), whole: all('.finmap-whole'),
    legend: all('.finmap-legend-toggle'), layers: all('.leaflet-control-layers label'),
    scale: all('.leaflet-control-scale-line')});
}"""


def marks(page) -> dict:
    return json.loads(map_frame(page).evaluate(MARKS_JS))  # as text: Playwright refuses so many arrays


def names_shown(page, names: list[str]) -> list[str]:
    """The `names` the map shows, once it shows them all or after 10 s: the map places its names
    once the page has settled and again 800 ms after drawing (map_layers.js)."""
    wanted = json.dumps(names)
    wait_until(
        map_frame(page),
        f"""() => {{ const shown = new Set([...document.querySelectorAll('.finmap-label')]
              .filter(e => getComputedStyle(e).visibility !== 'hidden').map(e => e.textContent));
            return {wanted}.every(name => shown.has(name)); }}""",
        timeout=10_000,
    )
    page.wait_for_timeout(900)  # the later pass places them again: measure after it
    return [label["text"] for label in marks(page)["labels"] if label["text"] in names]


def overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_a_narrowed_map_names_its_members(browser, server):
    """The strategic partnership at 1366x768 (zoom 6, under the whole country's label zoom): all
    six members carry their names, none over another, and inside the map."""
    page = open_map(browser, f"{server}/?partnership=strategic", LAPTOP)
    assert sorted(names_shown(page, STRATEGIC)) == sorted(STRATEGIC)
    drawn = marks(page)
    boxes = [label["box"] for label in drawn["labels"]]
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1 :]), drawn["labels"]
    frame = page.locator(MAP_FRAME).bounding_box()
    assert all(b[0] >= 0 and b[2] <= frame["width"] and b[1] >= 0 and b[3] <= frame["height"] for b in boxes)
    page.context.close()


def test_presenting_nothing_on_the_map_is_under_18_px(browser, server):
    page = open_map(browser, f"{server}/?present=1", PROJECTOR)
    names_shown(page, LARGEST)
    map_frame(page).locator(".finmap-legend-toggle").click()  # folded when presenting: its rows too
    map_frame(page).locator(".leaflet-control-layers label").first.wait_for()
    drawn = marks(page)
    for kind in ("labels", "badgeText", "zoom", "whole", "legend", "layers", "scale"):
        sizes = [mark["size"] for mark in drawn[kind]]
        assert sizes and min(sizes) >= 18, (kind, drawn[kind])
    for kind in ("labels", "badges", "zoom", "whole", "legend", "scale"):
        heights = [mark["box"][3] - mark["box"][1] for mark in drawn[kind]]
        assert min(heights) >= 18, (kind, heights)
    page.context.close()


def test_presenting_the_largest_cities_are_named_and_no_name_covers_another_or_a_badge(browser, server):
    page = open_map(browser, f"{server}/?present=1", PROJECTOR)
    assert sorted(names_shown(page, LARGEST)) == sorted(LARGEST)
    drawn = marks(page)
    labels, badges = [m["box"] for m in drawn["labels"]], [m["box"] for m in drawn["badges"]]
    assert len(labels) >= 10 and len(badges) >= 10, drawn  # a room reads many names, not three
    clashes = [(a, b) for i, a in enumerate(labels) for b in labels[i + 1 :] if overlap(a, b)]
    assert clashes == [], clashes
    covered = [(label, badge) for label in labels for badge in badges if overlap(label, badge)]
    assert covered == [], covered
    page.context.close()


# Every caption in sight (the map in words is there for screen readers only), with its box.
CAPTIONS_JS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stCaptionContainer]')]
    .filter(e => !e.closest('.st-key-present_map_words'))
    .map(e => { const r = e.getBoundingClientRect();
      return {text: e.textContent.slice(0, 40), left: r.left, top: r.top, right: r.right, bottom: r.bottom}; })"""


@pytest.mark.parametrize("screen", [LAPTOP, PROJECTOR], ids=["1366x768", "1920x1080"])
@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_presenting_nothing_is_cut_at_the_screen_edges(browser, server, screen, lang):
    """At 1366x768 the column beside the map held twice the screen's height: its captions ran
    below the bottom edge. Step 1 and MAL's (the longest note above the map)."""
    width, height = screen["width"], screen["height"]
    for step in ("", "mal"):
        page = open_map(browser, f"{server}/?present=1&lang={lang}" + (f"&partnership={step}" if step else ""), screen)
        wait_until(page, f"() => document.querySelector('{MAP_FRAME}').getBoundingClientRect().bottom <= {height}")
        frame = page.locator(MAP_FRAME).bounding_box()
        assert frame["y"] + frame["height"] <= height and frame["height"] >= 0.6 * height, (step, frame)
        captions = page.evaluate(CAPTIONS_JS)
        assert len(captions) == (2 if step else 1), captions  # MAL's note above the map, the map's beside it
        assert any(t("map.caption_polygons", lang)[:30] in caption["text"] for caption in captions), captions
        for box in captions:
            assert box["top"] >= 0 and box["bottom"] <= height, (step, box)
            assert box["left"] >= 0 and box["right"] <= width, (step, box)
        # Everything in sight ends inside the screen; the map in words is there for screen readers.
        lowest = page.evaluate(
            """() => Math.max(...[...document.querySelectorAll('[data-testid=stMain] *')]
                  .filter(e => !e.closest('.st-key-present_map_words'))
                  .map(e => e.getBoundingClientRect()).filter(r => r.width > 0 && r.height > 0).map(r => r.bottom))"""
        )
        assert lowest <= height, (step, lowest)
        words = page.locator(".st-key-present_map_words")
        assert "Map of Finland showing" in (words.text_content() or "") if lang == "en" else words.text_content()
        page.context.close()
