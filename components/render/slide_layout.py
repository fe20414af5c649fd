"""The slide pictures' text, laid out by measuring it (components/render/slide.py and the comparison
slide of components/render/compare.py): each text is wrapped to its column in whole words,
blocks are stacked top-down so that none runs into the next, and a part that does not fit is
made smaller (never below FLOOR_PT) or flowed into more columns by the slide that owns it.

Positions are pixels of the 1920x1080 slide from its top-left corner, y downwards, as one reads.
Every line is drawn as a text of its own with its baseline where the layout put it, so a
line's box is known before anything is drawn: the font's ascent above the baseline and its
descent below, the box a browser gives an SVG text."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

SIZE_PX = (1920, 1080)
DPI = 100
# The smallest text a slide may have: 18 px at 1920x1080 (18 px is 12.96 pt at 100 dpi).
FLOOR_PT = 13
LINE_EM = 1.25  # baseline to baseline: more than the font's ascent and descent, so lines' boxes never touch
# A browser draws an SVG's text up to 2 % wider than matplotlib measures it (matplotlib hints
# the glyphs): a line is measured this much wider, so it still fits where it is drawn.
WIDTH_SLACK = 1.03
ELLIPSIS = "…"


@cache
def font_box_em() -> tuple[float, float]:
    """The font's ascent and descent (hhea), in em, of its regular and bold faces alike."""
    faces = [FT2Font(findfont(FontProperties(weight=weight))) for weight in ("normal", "bold")]
    ascent = max(face.ascender / face.units_per_EM for face in faces)
    descent = max(-face.descender / face.units_per_EM for face in faces)
    return ascent, descent


@dataclass(frozen=True)
class Style:
    """A text's size (points), ink and weight."""

    points: float
    colour: str
    bold: bool = False

    @property
    def px(self) -> float:
        return self.points * DPI / 72

    @property
    def pitch(self) -> float:
        """Baseline to baseline, px."""
        return self.px * LINE_EM

    @property
    def ascent(self) -> float:
        return font_box_em()[0] * self.px

    @property
    def box(self) -> float:
        """One line's height, ascent and descent (px, rounded up as a browser draws it)."""
        return sum(font_box_em()) * self.px + 1

    @property
    def leading(self) -> float:
        """The room between one line's box and the next's (px): the gap above a block that goes
        on as the next line of the one before it."""
        return self.pitch - self.box

    def scaled(self, factor: float) -> Style:
        """The style `factor` times as large, but never below the floor."""
        return replace(self, points=max(FLOOR_PT, round(self.points * factor, 1)))


_RENDERERS = threading.local()  # one measuring renderer per thread: sessions draw in threads


@lru_cache(maxsize=50_000)
def line_width(text: str, points: float, bold: bool) -> float:
    """A line's width (px) as matplotlib draws it, measured once per process: slides of the same
    selection, and the trials of one slide's layout, measure the same lines again and again
    (a long line takes milliseconds)."""
    if not hasattr(_RENDERERS, "renderer"):
        # A renderer of its own: measuring through a figure's canvas would draw the figure.
        _RENDERERS.renderer = RendererAgg(*SIZE_PX, DPI)
    font = FontProperties(size=points, weight="bold" if bold else "normal")
    width, _height, _descent = _RENDERERS.renderer.get_text_width_height_descent(text, font, ismath=False)
    return width * WIDTH_SLACK


def width_of(text: str, style: Style) -> float:
    return line_width(text, style.points, style.bold)


@dataclass(frozen=True)
class Block:
    """A text in lines, in one style."""

    lines: tuple[str, ...]
    style: Style

    @property
    def height(self) -> float:
        if not self.lines:
            return 0.0
        return (len(self.lines) - 1) * self.style.pitch + self.style.box

    def width(self) -> float:
        return max((width_of(line, self.style) for line in self.lines), default=0.0)


def words(paragraph: str) -> list[str]:
    """The paragraph's words, split at spaces only: a no-break space (in "3 253 118") holds. A
    lone separator ("·", "–") stays with the word before it, so no line starts with one."""
    found: list[str] = []
    for word in paragraph.split(" "):
        if not word:
            continue
        if found and word in ("·", "–", "-", "|"):
            found[-1] += f" {word}"
        else:
            found.append(word)
    return found


def wrap(text: str, style: Style, width: float) -> tuple[str, ...]:
    """`text` in lines of whole words at most `width` px wide; a line break in the text starts a
    new line. A word wider than `width` stays whole on a line of its own (Block.width() shows
    it): the caller makes the text smaller or gives it more room."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in words(paragraph):
            longer = f"{line} {word}" if line else word
            if line and width_of(longer, style) > width:
                lines.append(line)
                line = word
            else:
                line = longer
        if line:
            lines.append(line)
    return tuple(lines)


def cut(lines: tuple[str, ...], most: int, style: Style, width: float) -> tuple[str, ...]:
    """At most `most` lines; when there were more, the last one kept ends in an ellipsis (the
    whole text is in the picture's text alternative)."""
    if len(lines) <= most:
        return lines
    last = lines[most - 1].split(" ")
    while len(last) > 1 and width_of(" ".join(last) + ELLIPSIS, style) > width:
        last.pop()
    return (*lines[: most - 1], " ".join(last) + ELLIPSIS)


def block(text: str, style: Style, width: float, most: int | None = None) -> Block:
    lines = wrap(text, style, width)
    return Block(cut(lines, most, style, width) if most else lines, style)


@dataclass(frozen=True)
class Placed:
    """A block at its place: `x` is its left edge (its centre when `centred`), `top` its top."""

    block: Block
    x: float
    top: float
    centred: bool = False

    @property
    def bottom(self) -> float:
        return self.top + self.block.height

    def box(self) -> tuple[float, float, float, float]:
        """left, top, right, bottom (px) of what the block covers."""
        width = self.block.width()
        left = self.x - width / 2 if self.centred else self.x
        return left, self.top, left + width, self.bottom


def stack(blocks: list[tuple[Block, float]], x: float, top: float) -> list[Placed]:
    """Blocks one under the other from `top`, each (block, gap above it in px); an empty block
    takes no room, nor its gap."""
    placed = []
    for item, gap in blocks:
        if not item.lines:
            continue
        if placed:
            top += gap
        placed.append(Placed(item, x, top))
        top += item.height
    return placed


def height_of(blocks: list[tuple[Block, float]]) -> float:
    placed = stack(blocks, 0.0, 0.0)
    return placed[-1].bottom if placed else 0.0


def overlaps(first: tuple[float, float, float, float], second: tuple[float, float, float, float]) -> bool:
    return first[0] < second[2] and second[0] < first[2] and first[1] < second[3] and second[1] < first[3]


def figure_xy(x: float, y: float) -> tuple[float, float]:
    """Slide pixels (from the top-left) as matplotlib's figure fractions (from the bottom-left)."""
    return x / SIZE_PX[0], 1 - y / SIZE_PX[1]


def draw(figure: Figure, placed: Placed) -> list[Text]:
    """The block's lines as texts of their own, each baseline where the layout put it. The text
    is drawn as written: no mathtext, so a "$" in data stays a dollar sign."""
    style = placed.block.style
    texts = []
    for index, line in enumerate(placed.block.lines):
        x, y = figure_xy(placed.x, placed.top + style.ascent + index * style.pitch)
        texts.append(
            figure.text(
                x,
                y,
                line,
                fontsize=style.points,
                fontweight="bold" if style.bold else "normal",
                color=style.colour,
                ha="center" if placed.centred else "left",
                va="baseline",
                parse_math=False,
            )  # fmt: skip
        )
    return texts
