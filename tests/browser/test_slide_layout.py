"""The slide pictures' layout measured in Chromium (components/render/slide.py and the comparison
slide of components/render/compare.py): every selection size, 1 to 7 partnerships with the
longest names in the language first, and the default view, in fi, sv and en; with population
figures, without them, and on an "in force on" day with a notice of the data's origin. Each is
drawn as SVG with its text kept as text and measured in one page: no two texts' boxes
intersect, every box lies inside the 1920x1080 slide, no text is under 18 px. The PNG is drawn
from the same layout: 1920x1080, with ink inside every box the SVG's text takes."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from components.data.population import load_population
from components.model.filters import FilterState, apply, build_vocabulary
from components.model.map import prepare_geometry
from components.model.wording import data_as_of
from components.render import compare, slide
from components.render.exports import filter_summary
from harness.browser import new_page
from tests.helpers.facts import NEW_YEAR_2028
from tests.helpers.html_maps import geometry_for
from tests.helpers.paths import POPULATION, require

LANGUAGES = ("fi", "sv", "en")
SIZES = (1, 2, 3, 4, 5, 6, 7, "all")  # "all": the default view, no partnership chosen
ORIGIN = "Uploaded list 'my file.csv', 132 rows, checked 7.12.2026 14:03 – not the published data"
SLIDE = (1920, 1080)
SMALLEST_PX = 18

# Puts one SVG in the page at the slide's size (its viewBox scales it) and returns every text's
# box and font size in the slide's pixels.
MEASURE_JS = """(svg) => {
  const parsed = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
  document.body.replaceChildren(document.importNode(parsed, true));
  const root = document.querySelector('svg');
  root.setAttribute('width', '1920'); root.setAttribute('height', '1080');
  const frame = root.getBoundingClientRect(), scale = frame.width / root.viewBox.baseVal.width;
  return [...root.querySelectorAll('text')].map(text => {
    const box = text.getBoundingClientRect();
    return {text: text.textContent, size: parseFloat(getComputedStyle(text).fontSize) * scale,
            left: box.left - frame.left, top: box.top - frame.top,
            right: box.right - frame.left, bottom: box.bottom - frame.top};
  });
}"""


@pytest.fixture(scope="module")
def measured(browser):
    """One page for every slide; it loads nothing (a request would be noted and aborted)."""
    page = new_page(browser, viewport={"width": SLIDE[0], "height": SLIDE[1]})
    page.route("**/*", lambda route: route.abort())
    page.set_content("<!doctype html><html><body style='margin: 0'></body></html>")
    yield lambda svg: page.evaluate(MEASURE_JS, svg.decode("utf-8"))
    assert page.outside.urls == []
    page.context.close()


@pytest.fixture(scope="module")
def polygons(dataset, tmp_path_factory):
    return geometry_for("polygons", dataset.cities, tmp_path_factory.mktemp("boundaries"))


@pytest.fixture(scope="module")
def points(dataset):
    return prepare_geometry(dataset.cities, None)


@pytest.fixture(scope="module")
def population(dataset, tmp_path_factory):
    codes = dataset.cities["municipality_code"]
    figures = load_population(
        str(require(POPULATION)), year=2024, required_codes=codes, cache_dir=tmp_path_factory.mktemp("population")
    )
    assert figures.figures, figures.message("en")
    return figures


@pytest.fixture(scope="module")
def vocabulary(dataset):
    return build_vocabulary(dataset.catalog, dataset.cities)


def selection(dataset, lang: str, size, day=None) -> FilterState:
    """The `size` partnerships of the map with the longest names in `lang` (the default view for "all")."""
    on_map = set(dataset.memberships["partnership_id"])
    names = {p.id: p.name(lang) for p in dataset.catalog.partnerships if p.id in on_map}
    longest = sorted(names, key=lambda pid: (-len(names[pid]), pid))
    return FilterState(lang=lang, partnerships=() if size == "all" else tuple(longest[:size]), day=day)


def problems(boxes: list[dict]) -> str:
    """What is wrong with the texts' boxes, a line each: outside the slide, too small, or on
    another text; empty when nothing is."""
    found = []
    for index, box in enumerate(boxes):
        if box["left"] < 0 or box["top"] < 0 or box["right"] > SLIDE[0] or box["bottom"] > SLIDE[1]:
            found.append(f"outside the slide: {box}")
        if box["size"] < SMALLEST_PX - 0.1:  # 13 pt is 18.06 px
            found.append(f"{box['size']:.1f} px: {box['text']!r}")
        for other in boxes[index + 1 :]:
            across = min(box["right"], other["right"]) - max(box["left"], other["left"])
            down = min(box["bottom"], other["bottom"]) - max(box["top"], other["top"])
            if across > 0 and down > 0:
                found.append(f"{box['text']!r} on {other['text']!r} ({across:.1f} x {down:.1f} px)")
    return "\n".join(found)


VARIANTS = ("population", "no population", "in force, uploaded")


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_of_the_map_slide_overlaps_another_or_leaves_it(
    dataset, vocabulary, polygons, points, population, measured, lang, size, variant
):
    day = NEW_YEAR_2028 if variant == "in force, uploaded" else None
    state = selection(dataset, lang, size, day)
    rows = apply(dataset.memberships, state)
    geometry = points if variant == "no population" else polygons  # city points: rings and their note
    options = {} if variant == "no population" else {"population": population}
    if variant == "in force, uploaded":
        options["origin"] = ORIGIN
    summary = filter_summary(state, vocabulary)
    svg = slide.render(rows, dataset.catalog, geometry, lang, summary, "svg", text_as_text=True, **options)
    boxes = measured(svg)
    assert len(boxes) > 5
    assert [box["text"] for box in boxes if data_as_of(dataset.catalog, lang) in box["text"]]  # in the footer
    assert not (found := problems(boxes)), found


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_of_the_compare_slide_overlaps_another_or_leaves_it(
    dataset, vocabulary, points, population, measured, lang, size
):
    state = selection(dataset, lang, size)
    maps = compare.small_maps(apply(dataset.memberships, state), dataset.catalog, lang, population)
    as_of = data_as_of(dataset.catalog, lang)  # the data's own date, in the footer as the page passes it
    svg = compare.render_slide(maps, points, lang, filter_summary(state, vocabulary), "svg", origin=ORIGIN, as_of=as_of)
    boxes = measured(svg)
    assert [box["text"] for box in boxes if box["text"] in ORIGIN]  # the notice is on the slide
    assert [box["text"] for box in boxes if as_of in box["text"]]
    assert not (found := problems(boxes)), found


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_the_png_is_drawn_from_the_same_layout(dataset, vocabulary, polygons, population, measured, lang):
    """The default view with figures, as the issue measured it: the PNG is 1920x1080 and has ink
    in every box the SVG's texts take."""
    state = selection(dataset, lang, "all")
    rows = apply(dataset.memberships, state)
    summary = filter_summary(state, vocabulary)
    drawn = {
        fmt: slide.render(rows, dataset.catalog, polygons, lang, summary, fmt, population=population, text_as_text=True)
        for fmt in ("svg", "png")
    }
    image = Image.open(io.BytesIO(drawn["png"])).convert("L")
    assert image.size == SLIDE
    boxes = measured(drawn["svg"])
    assert not (found := problems(boxes)), found
    for box in boxes:
        crop = image.crop((round(box["left"]), round(box["top"]), round(box["right"]), round(box["bottom"])))
        assert crop.getextrema()[0] < 128, box  # some dark ink: the text is drawn where the SVG has it
