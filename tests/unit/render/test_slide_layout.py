"""The slides' text layout on its own (components/render/slide_layout.py, and the layouts of
components/render/slide.py and components/render/compare.py that use it): text wraps to its
column in whole words, blocks never overlap, nothing goes below the floor of 13 pt (18 px),
badges keep apart, and the notice of the data's origin is drawn and said. The browser measures
the drawn slides in tests/browser/test_slide_layout.py."""

from __future__ import annotations

import io
import itertools
import math

import pytest
from PIL import Image

from components.base.colours import PAGE_BACKGROUND, TEXT_INK, UPLOADED_INK, contrast_ratio
from components.model.filters import FilterState, apply
from components.model.map import prepare_geometry
from components.render import compare, slide
from components.render.slide_layout import (
    FLOOR_PT,
    SIZE_PX,
    Block,
    Placed,
    Style,
    block,
    cut,
    overlaps,
    stack,
    width_of,
    wrap,
)

ORIGIN = "Uploaded list 'my file.csv', 132 rows, checked 7.12.2026 14:03 – not the published data"
FACTS = Style(14, TEXT_INK)
LONG = (
    "City regions: 7, municipalities: 64 · Active · Since 23.9.2024 · Agreement period 2024–2035 · "
    "Invånare: 3\u00a0253\u00a0118 · Tematiskt partnerskap inom programmet för Östra Finland"
)


def test_a_long_text_wraps_to_its_column_in_whole_words():
    lines = wrap(LONG, FACTS, 300)
    assert len(lines) > 3
    assert all(width_of(line, FACTS) <= 300 for line in lines)
    assert " ".join(lines) == LONG  # nothing lost, no word cut
    assert any("3\u00a0253\u00a0118" in line for line in lines)  # a no-break space holds
    assert not any(line.startswith("·") for line in lines)  # a separator ends a line, never starts one


def test_a_line_break_in_the_text_starts_a_line_and_a_long_word_stays_whole():
    assert wrap("Population covered 4,162,420\nStatistics Finland", FACTS, 1000) == (
        "Population covered 4,162,420",
        "Statistics Finland",
    )
    (word,) = wrap("Ekosysteemisopimukset", FACTS, 50)
    assert word == "Ekosysteemisopimukset"
    assert Block((word,), FACTS).width() > 50  # the caller sees it does not fit


def test_a_text_cut_to_its_lines_ends_in_an_ellipsis_within_the_column():
    lines = block(LONG, FACTS, 300, most=2).lines
    assert len(lines) == 2 and lines[-1].endswith("…")
    assert all(width_of(line, FACTS) <= 300 for line in lines)
    assert cut(("one", "two"), 2, FACTS, 300) == ("one", "two")


def test_stacked_blocks_never_overlap_and_an_empty_one_takes_no_room():
    title, empty, text = Style(30, TEXT_INK, bold=True), Block((), FACTS), block(LONG, FACTS, 400)
    placed = stack([(block("A title", title, 400), 0), (empty, 50), (text, 10), (text, 0)], 100, 40)
    assert [p.block for p in placed] == [placed[0].block, text, text]
    assert placed[1].top == placed[0].bottom + 10  # the empty block's gap is not added
    for upper, lower in itertools.pairwise(placed):
        assert upper.bottom <= lower.top
    # A line's box is the font's ascent and descent: the next line starts below it.
    assert FACTS.pitch > FACTS.box > FACTS.px


def test_a_placed_block_knows_its_box():
    placed = Placed(Block(("abc",), FACTS), 100, 50, centred=True)
    left, top, right, bottom = placed.box()
    assert left == pytest.approx(100 - width_of("abc", FACTS) / 2) and right == pytest.approx(200 - left)
    assert (top, bottom) == (50, 50 + FACTS.box)


def test_the_floor_is_18_px_at_1920x1080():
    assert FLOOR_PT * 100 / 72 >= 18
    assert Style(30, TEXT_INK).scaled(0.1).points == FLOOR_PT
    assert Style(20, TEXT_INK).scaled(0.9).points == 18


def longest_texts(entries: int, origin: str | None = ORIGIN) -> slide.SlideTexts:
    """A slide's texts as long as they come: the longest names, facts and themes of the bundled
    data (Swedish), a filter of many cities, the origin notice and every note."""
    entry = slide.LegendEntry(
        "Tematiskt partnerskap inom programmet för Östra Finland (64)",
        "Stadsregioner: 7, kommuner: 64 · Aktiv · Sedan 23.9.2024 · Avtalsperiod 2024–2035 · Invånare: 3 253 118",
        "Förebyggande av gängbrottslighet, Brist på kompetent arbetskraft inom småbarnspedagogiken",
        "#000000",
        "#000000",
    )
    return slide.SlideTexts(
        title="Partnerskap mellan staten och städerna",
        summary=" · ".join(["Alla partnerskap", ", ".join(["Helsingfors", "Esbo", "Vanda", "Grankulla"] * 30)]),
        footer="27.11.2026 · Källor: arbets- och näringsministeriets pressmeddelande 23.5.2024 och de officiella "
        "sidor det hänvisar till · Gränser: Statistikcentralen / Lantmäteriverket, CC BY 4.0",
        origin=origin,
        legend_title="Partnerskap (kommuner), befolkning",
        entries=(entry,) * entries,
        covered="Befolkning sammanlagt 4 162 420 (73,9 % av Finlands befolkning)\n"
        "Statistikcentralen, befolkning 31.12.2024",
        note="Ett tal på en kommun anger i hur många\nav de visade partnerskapen den deltar.",
    )


def boxes_of(layout: slide.SlideLayout) -> list[tuple[float, float, float, float]]:
    """Every line's box, every swatch and the map: what must not overlap."""
    found = []
    for placed in layout.texts:
        style = placed.block.style
        for index, line in enumerate(placed.block.lines):
            top = placed.top + index * style.pitch
            found.append((placed.x, top, placed.x + width_of(line, style), top + style.box))
    found += [(s.left, s.top, s.left + s.size, s.top + s.size) for s in layout.swatches]
    left, top, width, height = layout.map_box
    return [*found, (left, top, left + width, top + height)]


@pytest.mark.parametrize("entries", range(0, 9))
def test_the_slide_layout_fits_any_number_of_partnerships(entries):
    layout = slide.slide_layout(longest_texts(entries))
    assert layout.fits
    boxes = boxes_of(layout)
    for box in boxes:
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= SIZE_PX[0] and box[3] <= SIZE_PX[1], box
    for first, second in itertools.combinations(boxes, 2):
        assert not overlaps(first, second), (first, second)
    assert min(placed.block.style.points for placed in layout.texts) >= FLOOR_PT
    summary = next(placed for placed in layout.texts if placed.block.lines[0].startswith("Alla"))
    assert len(summary.block.lines) <= slide.SUMMARY_LINES and summary.block.lines[-1].endswith("…")


def test_a_legend_that_does_not_fit_shrinks_or_flows_into_columns():
    one = slide.slide_layout(longest_texts(1, origin=None))
    assert (one.scale, one.columns) == (1.0, 1)
    many = slide.slide_layout(longest_texts(8))
    assert many.scale < 1 or many.columns > 1
    assert many.fits


def test_badges_keep_apart_on_the_map():
    radius, bounds = slide.badge_radius(), (0, 0, 600, 900)
    centres = [(300, 500), (305, 505), (310, 495), (300, 500), (100, 100), (590, 890)]
    spots = slide.badge_spots(centres, radius, bounds)
    assert spots[0] == (300, 500) and spots[4] == (100, 100)  # a badge with room stays on its municipality
    for first, second in itertools.combinations(spots, 2):
        assert math.dist(first, second) >= 2 * radius
    assert all(radius <= x <= 600 - radius and radius <= y <= 900 - radius for x, y in spots)
    assert slide.BADGE.points >= FLOOR_PT and slide.FOOTER.points >= FLOOR_PT


def test_the_origin_ink_reads_on_the_slide():
    assert contrast_ratio(UPLOADED_INK, PAGE_BACKGROUND) >= 7  # WCAG AAA for a warning


def test_the_origin_is_drawn_under_the_title_and_leads_the_text_alternative(dataset):
    points = prepare_geometry(dataset.cities, None)
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic",)))
    svg = slide.render(rows, dataset.catalog, points, "en", "Strategic", "svg", origin=ORIGIN, text_as_text=True)
    text = svg.decode("utf-8")
    assert f"fill: {UPLOADED_INK.lower()}" in text and ">Uploaded list 'my file.csv', 132 rows" in text  # drawn
    assert f"<dc:description>{ORIGIN}. Map of Finland" in text  # and said first
    png = slide.render(rows, dataset.catalog, points, "en", "Strategic", "png", origin=ORIGIN)
    assert Image.open(io.BytesIO(png)).info["Description"].startswith(f"{ORIGIN}. ")
    assert ORIGIN not in slide.render(rows, dataset.catalog, points, "en", "Strategic", "svg").decode("utf-8")


def test_the_origin_takes_its_own_lines_and_pushes_the_rest_down():
    without, with_origin = (slide.slide_layout(longest_texts(3, origin)) for origin in (None, ORIGIN))
    origin = [p for p in with_origin.texts if p.block.style.colour == UPLOADED_INK]
    assert len(origin) == 1 and " ".join(origin[0].block.lines) == ORIGIN
    assert origin[0].block.style.points >= FLOOR_PT
    assert min(s.top for s in with_origin.swatches) > min(s.top for s in without.swatches)


def test_the_compare_slide_says_the_origin_under_its_title_too(dataset):
    points = prepare_geometry(dataset.cities, None)
    maps = compare.small_maps(dataset.memberships, dataset.catalog, "en")
    grid = compare.render_slide(maps, points, "en", "All partnerships", "png", origin=ORIGIN)
    assert Image.open(io.BytesIO(grid)).info["Description"] == f"{ORIGIN}. {compare.grid_alt(maps, 'en')}"
    figure = compare.slide_grid(maps, points, "en", "All partnerships", origin=ORIGIN)
    drawn = [text for text in figure.texts if text.get_color() == UPLOADED_INK]
    assert " ".join(text.get_text() for text in drawn) == ORIGIN
    title = next(text for text in figure.texts if text.get_text() == "The partnerships side by side")
    assert title.get_position()[1] > drawn[0].get_position()[1]  # right under the title


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_seven_small_maps_share_a_row_with_titles_at_or_above_the_floor(dataset, lang):
    maps = compare.small_maps(dataset.memberships, dataset.catalog, lang)
    grid = compare.grid_layout(maps, lang, (24, 160, 1896, 1010))
    assert grid.columns == len(maps) == 7 and grid.fits
    width = grid.cell_width - compare.CELL_GAP
    for name in (*grid.names, *grid.counts):
        assert name.style.points >= FLOOR_PT
        assert name.width() <= width
    assert grid.map_height > 400  # the maps as large as a row of seven allows
    centres = [grid.cell(index)[0] for index in range(len(maps))]
    for (left, name), (right, other) in itertools.pairwise(zip(centres, grid.names, strict=True)):
        assert left + name.width() / 2 < right - other.width() / 2  # neighbouring titles apart
