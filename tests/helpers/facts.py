"""Figures of the bundled data (data/partnerships.csv) that tests of the whole app depend on: the
browser and load tests draw the bundled map. A data update changes them here, once; that they
match the data is checked by the facts tests (tests/unit/data/test_facts.py), with the sources
for each."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date

from tests.helpers.paths import ROOT

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


# Finland with Åland, in lon/lat: from Märket (19.1 E) to the Russian border (31.6 E), from
# Hanko's skerries (59.5 N) to Nuorgam (70.1 N).
FINLAND_BOX = (19.0, 59.5, 31.7, 70.2)


def swedish_names_from_the_classification(facts_text: str) -> dict[str, str]:
    """The official Swedish names the facts sheet's U9 gives from Statistics Finland's
    classification where the 2023 boundary file repeats the Finnish one ("Ii = Ijo, ...")."""
    u9 = re.search(r"^- U9 .*?(?=^- U\d)", facts_text, re.S | re.M)
    assert u9, "the facts sheet has no U9"
    return dict(re.findall(r"(\w+) = (\w+)", u9.group(0)))


def members_in_csv(keep=lambda row: True) -> dict[str, set[str]]:
    """partnership id -> its municipality codes, read from data/partnerships.csv itself."""
    members: dict[str, set[str]] = defaultdict(set)
    with (ROOT / "data" / "partnerships.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if keep(row):
                members[row["partnership_id"]].add(row["municipality_code"])
    return dict(members)


def people_and_share(shared_figures, codes) -> tuple[int, float]:
    """The people of `codes` (each municipality once) and their share of Finland, from the shared file."""
    people = sum(shared_figures[code] for code in set(codes))
    return people, people / sum(shared_figures.values())


NEW_YEAR_2028 = date(2028, 1, 1)  # the day after the ecosystem agreements end (31.12.2027)
