"""Accessibility (WCAG 2.1 AA): axe-core in a real browser in every language and in presentation
mode, the keyboard alone, colours that survive colour-vision deficiencies, the page language."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE

from components.base.colours import (
    CONTEXT_FILL,
    FILL_OPACITY,
    HIGHLIGHT,
    HIGHLIGHT_HALO,
    PARTNERSHIP_COLOURS,
    PARTNERSHIP_LINES,
    backgrounds,
    contrast_ratio,
    over,
)
from components.model.map import layer_plan, prepare_geometry
from components.render.map import MAP_STYLES

# Distinguishable in CAM02-UCS: about 10 units is a clearly different colour side by side.
MIN_DISTANCE = 10.0


def hex_to_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


# WCAG 2.1 1.4.11: graphics needed to understand the content at least 3:1 against what is next to them.
NON_TEXT_CONTRAST = 3.0


MAPPED = [pid for pid in PARTNERSHIP_COLOURS if pid != "regional-cities"]  # regional-cities has no members


@pytest.mark.parametrize("palette", ["fills", "outlines"])
@pytest.mark.parametrize("deficiency", ["deuteranomaly", "protanomaly", "tritanomaly"])
def test_partnership_colours_stay_apart_for_colour_blind_viewers(deficiency, palette):
    source = PARTNERSHIP_COLOURS if palette == "fills" else PARTNERSHIP_LINES
    colours = {pid: hex_to_rgb(source[pid]) for pid in MAPPED}
    simulated = {
        pid: np.clip(cspace_convert(rgb, {"name": "sRGB1+CVD", "cvd_type": deficiency, "severity": 100}, "sRGB1"), 0, 1)
        for pid, rgb in colours.items()
    }
    for first, second in itertools.combinations(simulated, 2):
        distance = deltaE(simulated[first], simulated[second], input_space="sRGB1")
        assert distance >= MIN_DISTANCE, f"{first} and {second}: {distance:.1f} under {deficiency}"


@pytest.mark.parametrize("background", sorted(backgrounds()))
def test_every_partnership_outline_is_at_least_3_to_1_against_what_it_lies_on(background):
    colour = backgrounds()[background]
    low = {pid: round(contrast_ratio(PARTNERSHIP_LINES[pid], colour), 2) for pid in MAPPED}
    assert min(low.values()) >= NON_TEXT_CONTRAST, f"against {background} {colour}: {low}"


def test_outlines_stand_out_on_the_fills_of_overlapping_partnerships(dataset):
    # Where shapes overlap, an outline lies on the other partnership's translucent fill ...
    drawn = {pid: over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, CONTEXT_FILL) for pid in MAPPED}
    low = {
        (pid, other): round(contrast_ratio(PARTNERSHIP_LINES[pid], fill), 2)
        for pid in MAPPED
        for other, fill in drawn.items()
        if other != pid
    }
    assert min(low.values()) >= NON_TEXT_CONTRAST, sorted(low.items(), key=lambda item: item[1])[:3]
    # ... and a municipality in several partnerships stacks their fills (polygons on each other,
    # points as concentric discs, the first drawn largest): each outline lies between the stack
    # under it and the stack with its own fill on top.
    assert MAP_STYLES["polygon"]["fillOpacity"] == MAP_STYLES["point"]["fillOpacity"] == FILL_OPACITY
    points = prepare_geometry(dataset.cities, None).by_code
    plan = layer_plan(dataset.memberships, dataset.catalog, points, "en")
    for code, pids in plan.memberships.items():
        stacked = CONTEXT_FILL
        for pid in pids:
            under, stacked = stacked, over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, stacked)
            for side in (under, stacked):
                assert contrast_ratio(PARTNERSHIP_LINES[pid], side) >= NON_TEXT_CONTRAST, (code, pids, pid, side)


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey
    assert contrast_ratio("#F0E442", CONTEXT_FILL) == pytest.approx(1.08, abs=0.01)  # the old yellow outline
    assert over("#000000", 0.5, "#FFFFFF") == "#808080"


def test_the_selected_city_stands_out_from_everything_around_it():
    # A dark line on a white casing: the line is 3:1 against the light things (context, page,
    # tiles, translucent fills), the casing against the dark ones (every partnership outline).
    light = [*backgrounds().values(), *(over(PARTNERSHIP_COLOURS[pid], FILL_OPACITY, CONTEXT_FILL) for pid in MAPPED)]
    assert min(contrast_ratio(HIGHLIGHT, colour) for colour in light) >= NON_TEXT_CONTRAST
    assert min(contrast_ratio(HIGHLIGHT_HALO, PARTNERSHIP_LINES[pid]) for pid in MAPPED) >= NON_TEXT_CONTRAST
    assert contrast_ratio(HIGHLIGHT, HIGHLIGHT_HALO) >= NON_TEXT_CONTRAST
