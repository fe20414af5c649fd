"""Colours shared by the web map, the legend and the static exports (one place for them).

The partnership palette is Okabe & Ito's colour-blind-safe set (Color Universal Design, 2008):
its seven colours for the seven partnerships with members, in an order that keeps the
partnerships that overlap most (the six largest cities, MAL, ecosystem, urban policy group)
far apart in hue and lightness.
"""

from __future__ import annotations

PARTNERSHIP_COLOURS = {
    "strategic": "#0072B2",  # blue
    "vitality": "#E69F00",  # orange
    "growth-cities": "#009E73",  # bluish green
    "east-finland": "#CC79A7",  # reddish purple
    "mal": "#D55E00",  # vermillion
    "ecosystem": "#56B4E9",  # sky blue
    "urban-policy-group": "#F0E442",  # yellow
    "regional-cities": "#999999",  # grey: no members on the map
}
FALLBACK_COLOUR = "#666666"
CONTEXT_FILL = "#E8E8E8"  # municipalities outside the selection
CONTEXT_LINE = "#B0B0B0"
HIGHLIGHT = "#111111"


def partnership_colour(partnership_id: str) -> str:
    return PARTNERSHIP_COLOURS.get(partnership_id, FALLBACK_COLOUR)
