"""Colours shared by the web map, the legend, the charts and the static exports (one place for
them), and the WCAG contrast arithmetic that checks them.

Every partnership has two colours:
- a fill from Okabe & Ito's colour-blind-safe set (Color Universal Design, 2008), in an order
  that keeps the partnerships that overlap most (the six largest cities, MAL, ecosystem, urban
  policy group) far apart in hue and lightness; drawn translucent on polygons, solid on points;
- an outline, a darker shade of the same hue, at least 3:1 (WCAG 2.1 1.4.11, non-text
  contrast) against the grey context, the page, the light background tiles and every other
  partnership's fill as drawn on the context (where shapes overlap), so the shape shows
  whatever its fill. Okabe & Ito's outlines would not: five of seven were under 3:1 on the
  context grey and the yellow was 1.08. The shades were searched for in CAM02-UCS, each within
  20 degrees of its fill's hue, so that the outlines too stay more than 10 units apart under
  simulated deuteranomaly, protanomaly and tritanomaly (tests/unit/base/test_colours.py).
Run `python -m components.base.colours` for the contrast table.
"""

from __future__ import annotations

PARTNERSHIP_COLOURS = {  # fills
    "strategic": "#0072B2",  # blue
    "vitality": "#E69F00",  # orange
    "growth-cities": "#009E73",  # bluish green
    "east-finland": "#CC79A7",  # reddish purple
    "mal": "#D55E00",  # vermillion
    "ecosystem": "#56B4E9",  # sky blue
    "urban-policy-group": "#F0E442",  # yellow
    "regional-cities": "#999999",  # grey: no members on the map
}
PARTNERSHIP_LINES = {  # outlines: a darker shade of each fill's hue
    "strategic": "#0B2B78",
    "vitality": "#6D560B",
    "growth-cities": "#005539",
    "east-finland": "#991F61",
    "mal": "#4C1912",
    "ecosystem": "#0258A4",
    "urban-policy-group": "#503D00",
    "regional-cities": "#595959",
}
FALLBACK_COLOUR = "#666666"
FALLBACK_LINE = "#333333"
FILL_OPACITY = 0.45  # polygons: the context and the neighbours' borders show through
# A membership whose status is not known: a paler fill; its outline keeps the partnership's line
# colour (the contrast the legend's checks rely on), dashed.
NOT_KNOWN_FILL_OPACITY = 0.18

# What the shapes lie on.
CONTEXT_FILL = "#E8E8E8"  # municipalities outside the selection; Finland in points mode
CONTEXT_LINE = "#B0B0B0"  # borders between context municipalities (decoration)
OUTLINE_LINE = "#8A8A8A"  # Finland's coast and border in points mode (decoration)
PAGE_BACKGROUND = "#FFFFFF"  # the map without tiles, the page, the slide picture
TILE_BACKGROUNDS = {"light tiles, land": "#FAFAFA", "light tiles, grey": "#F2F2F2"}

# The selected municipality: a near-black line on a white casing, so one of the two is at
# least 3:1 against anything around it (light context and fills, dark outlines).
HIGHLIGHT = "#111111"
HIGHLIGHT_HALO = "#FFFFFF"
# Municipalities highlighted by a choice in the table or the overlap charts (components/page/linked.py):
# a deep magenta line, a hue no partnership has and unlike the selected city's near-black, on a
# white casing like the selected city's; the line or the casing is at least 3:1 against anything
# around it (tests/unit/page/test_linked.py: linked_contrast).
LINKED = "#75006B"
LINKED_CASING = "#FFFFFF"

# Badges, legend swatches, text and the page's own chrome.
BADGE_BACKGROUND = "#FFFFFF"
BADGE_INK = "#111111"
SWATCH_BORDER = "#333333"
TITLE_INK = "#14212E"
TEXT_INK = "#3A4A5A"
CAPTION_INK = "#3D4A57"
# "An uploaded list, not the published data", on every file made from one: a dark burnt
# orange that reads as a warning and keeps 7:1 against white.
UPLOADED_INK = "#9C2A00"
FOCUS_RING = "#0B4F8A"
ACCENT = "#0B4F8A"  # one-colour charts
CHART_EMPTY = "#F1F3F5"  # matrix cells with no membership
CHART_GRID = "#FFFFFF"
TABLE_HEADER = "#EEF2F6"  # spreadsheet header row
CARD_CHOSEN = "#EEF2F6"  # a ticked partnership card's background
# The map's own controls and the members' names on it.
CONTROL_BACKGROUND = "#FFFFFF"
LABEL_BACKGROUND = "#FFFFFF"
LABEL_BACKGROUND_OPACITY = 0.85  # the map shows faintly through a name
LABEL_INK = "#111111"
# The search's place in the heading before the search box has loaded, as Streamlit draws a field.
FIELD_BACKGROUND = "#F0F2F6"


def partnership_colour(partnership_id: str) -> str:
    """The partnership's fill."""
    return PARTNERSHIP_COLOURS.get(partnership_id, FALLBACK_COLOUR)


def partnership_line(partnership_id: str) -> str:
    """The partnership's outline."""
    return PARTNERSHIP_LINES.get(partnership_id, FALLBACK_LINE)


def css_colour(colour: str, opacity: float = 1.0) -> str:
    """'#RRGGBB' as CSS, with an opacity: rgba(r, g, b, a)."""
    red, green, blue = (round(channel * 255) for channel in rgb(colour))
    return f"rgba({red}, {green}, {blue}, {opacity:g})"


# ----------------------------------------------------------------------------- contrast (WCAG 2.x)


def rgb(colour: str) -> tuple[float, float, float]:
    """'#RRGGBB' as sRGB channels in 0..1."""
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))


def rgb_bytes(colour: str) -> tuple[int, int, int]:
    """'#RRGGBB' as three 0-255 channels (what a PDF's drawing calls take)."""
    red, green, blue = (round(channel * 255) for channel in rgb(colour))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def over(colour: str, opacity: float, background: str) -> str:
    """The colour a translucent fill shows on a background (alpha compositing in sRGB, as
    browsers and matplotlib do)."""
    mixed = (opacity * top + (1 - opacity) * bottom for top, bottom in zip(rgb(colour), rgb(background), strict=True))
    return "#" + "".join(f"{round(channel * 255):02X}" for channel in mixed)


def backgrounds() -> dict[str, str]:
    """Everything a partnership's outline can lie on, besides other partnerships' fills."""
    return {"context": CONTEXT_FILL, "page": PAGE_BACKGROUND, **TILE_BACKGROUNDS}


def contrast_table(partnership_ids: list[str] | None = None) -> list[dict[str, object]]:
    """Per partnership: its outline against every background and against the lowest-contrast
    fill of another partnership it may overlap, and its fill (as drawn on the context) against
    the context."""
    ids = partnership_ids or [pid for pid in PARTNERSHIP_COLOURS if pid != "regional-cities"]
    drawn_fills = {pid: over(partnership_colour(pid), FILL_OPACITY, CONTEXT_FILL) for pid in ids}
    table = []
    for pid in ids:
        line = partnership_line(pid)
        row: dict[str, object] = {"partnership": pid, "outline": line, "fill": partnership_colour(pid)}
        row.update({name: contrast_ratio(line, colour) for name, colour in backgrounds().items()})
        row["other fills (min)"] = min(
            contrast_ratio(line, fill) for other, fill in drawn_fills.items() if other != pid
        )
        row["fill vs context"] = contrast_ratio(drawn_fills[pid], CONTEXT_FILL)
        table.append(row)
    return table


def linked_contrast(layers: int = 3) -> dict[str, float]:
    """The highlight against what it can lie on: every background, with up to `layers`
    partnerships' translucent fills stacked on it, and every partnership's outline. Per
    surrounding, the better of line and casing counts (a casing exists to separate the line from
    a dark neighbour); also the line against its own casing."""
    from itertools import permutations

    ids = [pid for pid in PARTNERSHIP_COLOURS if pid != "regional-cities"]
    around = {**backgrounds(), **{f"{pid} outline": partnership_line(pid) for pid in ids}}
    for name, base in backgrounds().items():
        for count in range(1, layers + 1):
            for stack in permutations(ids, count):
                colour = base
                for pid in stack:
                    colour = over(partnership_colour(pid), FILL_OPACITY, colour)
                around[f"{'+'.join(stack)} on {name}"] = colour
    worst = min(max(contrast_ratio(LINKED, c), contrast_ratio(LINKED_CASING, c)) for c in around.values())
    return {"line vs casing": contrast_ratio(LINKED, LINKED_CASING), "line or casing vs surroundings (min)": worst}


if __name__ == "__main__":
    rows = contrast_table()
    columns = list(rows[0])
    print("| " + " | ".join(columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        print("| " + " | ".join(f"{v:.2f}" if isinstance(v, float) else f"`{v}`" for v in row.values()) + " |")
