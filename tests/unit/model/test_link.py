"""The link's own helpers (components/model/link.py); the link both ways is tested with the
filters (test_filters.py) and as properties (test_link_properties.py)."""

from __future__ import annotations

from components.model.link import _short


def test_a_value_a_notice_repeats_is_one_short_line():
    assert _short(["mal", "ecosystem"]) == "mal,ecosystem"
    assert _short("x" * 40) == "x" * 40
    assert _short("x" * 41) == "x" * 39 + "…"
    assert _short(["x" * 20, "y" * 20]) == "x" * 20 + "," + "y" * 18 + "…"
