"""Figures of the bundled data (data/partnerships.csv) that tests of the whole app depend on: the
browser and load tests draw the bundled map. A data update changes them here, once; that they
match the data is checked in tests/test_facts.py, with the sources for each."""

from __future__ import annotations

MEMBERSHIP_ROWS = 132  # one shape on the map per row when every partnership is shown
MUNICIPALITIES = 80  # distinct member municipalities
PARTNERSHIPS_ON_MAP = 7  # partnerships with confirmed members
# Member municipalities per partnership, as the published lists say.
MEMBERS = {
    "strategic": 6,
    "vitality": 3,
    "growth-cities": 13,
    "east-finland": 3,
    "mal": 64,
    "ecosystem": 20,
    "urban-policy-group": 23,
}

# The day tests take for today (FINMAP_TODAY, components/data/periods.py): every bundled membership is
# in force on it, so the figures above stay those of the map after the ecosystem agreements end
# (31.12.2027). Tests of another day name it themselves.
TODAY = "2026-11-27"
# Memberships in force on 1.1.2028: all but the ecosystem agreements' (valid until 31.12.2027).
IN_FORCE_2028 = MEMBERSHIP_ROWS - MEMBERS["ecosystem"]
