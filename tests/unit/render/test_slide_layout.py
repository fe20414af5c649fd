"""The slides' text layout on its own (components/render/slide_layout.py): text wraps to its
column in whole words, stacked blocks never overlap, and nothing goes below the floor of 13 pt
(18 px at 1920x1080)."""

from __future__ import annotations

import itertools

import pytest

from components.base.colours import TEXT_INK
from components.render.slide_layout import (
    FLOOR_PT,
    Block,
    Placed,
    Style,
    block,
    cut,
    stack,
    width_of,
    wrap,
)

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
