"""Overlap view, presentation steps and the upload check, without a browser."""

from __future__ import annotations

import re

import pytest

from components import charts
from components.data import REQUIRED_COLUMNS, load_dataset
from components.details import markdown_literal, overview_markdown, sources_markdown
from components.filters import FilterState, apply
from components.page import current_step, presentation_steps
from components.style import PAGE_BACKGROUND, contrast_ratio, partnership_colour, partnership_line
from components.upload import MAX_UPLOAD_BYTES, check_upload, problems_table

URL = "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma"


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_matrix_puts_cities_in_most_partnerships_first_and_same_combinations_together(dataset):
    matrix = charts.membership_matrix(dataset.memberships, dataset.catalog, "fi")
    cities = matrix.drop_duplicates("municipality_code").sort_values("city_order")
    counts = list(cities["count"])
    assert counts == sorted(counts, reverse=True)
    assert set(cities["municipality"].head(6)) == {"Helsinki", "Espoo", "Vantaa", "Tampere", "Turku", "Oulu"}
    assert counts[0] == 4
    patterns = (
        matrix.pivot_table(index="city_order", columns="partnership_order", values="member", aggfunc="any")
        .astype(int)
        .astype(str)
        .agg("".join, axis=1)
        .tolist()
    )
    # Every combination forms one unbroken block of rows.
    seen, previous = set(), None
    for pattern in patterns:
        if pattern != previous:
            assert pattern not in seen, pattern
            seen.add(pattern)
        previous = pattern
    assert len(matrix) == 80 * 7  # every city x every shown partnership


def test_counts_per_partnership_and_theme(dataset):
    rows = apply(dataset.memberships, FilterState(partnerships=("strategic", "growth-cities")))
    per_partnership = charts.partnership_counts(rows, dataset.catalog, "sv")
    assert list(per_partnership["municipalities"]) == [6, 13]
    assert per_partnership["label"].iloc[0] == "Strategiskt partnerskap med de sex största städerna"
    per_theme = charts.theme_counts(rows, dataset.catalog, "en").set_index("theme")["municipalities"].to_dict()
    assert per_theme == {"gang-crime": 6, "ecec-workforce": 6, "culture": 13, "industrial-transition": 13}
    assert (
        charts.matrix_chart(charts.membership_matrix(rows, dataset.catalog, "en"), "en").to_dict()["height"] == 19 * 18
    )


def test_partnership_bars_are_outlined_at_3_to_1_on_the_page(dataset):
    per_partnership = charts.partnership_counts(dataset.memberships, dataset.catalog, "en")
    fills = [partnership_colour(pid) for pid in per_partnership["partnership_id"]]
    spec = charts.bar_chart(per_partnership, "en", fills).to_dict()
    lines = spec["encoding"]["stroke"]["scale"]["range"]
    assert lines == [partnership_line(pid) for pid in per_partnership["partnership_id"]]
    assert min(contrast_ratio(line, PAGE_BACKGROUND) for line in lines) >= 3.0
    assert spec["mark"]["strokeWidth"] >= 1


def test_presentation_steps_go_through_each_partnership_with_members(dataset):
    steps = presentation_steps(dataset.catalog)
    assert steps[0] is None and "regional-cities" not in steps and len(steps) == 8
    assert current_step(FilterState(partnerships=("mal",)), dataset.catalog) == steps.index("mal")
    assert current_step(FilterState(partnerships=("mal", "strategic")), dataset.catalog) == 0


def upload_bytes(lines: list[str]) -> bytes:
    return ("\n".join([",".join(REQUIRED_COLUMNS), *lines]) + "\n").encode("utf-8")


def test_an_upload_is_checked_with_the_same_rules_and_keeps_the_good_rows(dataset):
    raw = upload_bytes(
        [
            f"urban-policy-group,091,Helsinki,,,,active,,{URL},",
            f"urban-policy-group,541,Nurmes,,,,active,,{URL},",  # not in the city data
            f"urban-policy-group,092,Vanda,,,,active,2025-02,{URL},new",
        ]
    )
    check = check_upload(raw, "lista.csv", dataset)
    assert check.usable and len(check.memberships) == 2
    assert list(check.memberships["name_fi"]) == ["Helsinki", "Vantaa"]
    assert check.memberships.geometry.notna().all()
    table = problems_table(check.result.problems, "fi")
    assert table.to_dict("records") == [
        {
            "row": 3,
            "column": "municipality_code",
            "value": "541",
            "reason": "unknown_municipality",
            "message": "Kuntaa ”541” ei ole kaupunkiaineistossa (data/cities.geojson).",
        }
    ]
    assert len(dataset.memberships) == 132  # the bundled data is untouched


def test_an_upload_over_2_mb_is_rejected_whole(dataset):
    raw = upload_bytes([f"urban-policy-group,091,Helsinki,,,,active,,{URL}," + "x" * 100] * 30_000)
    assert len(raw) > MAX_UPLOAD_BYTES
    check = check_upload(raw, "big.csv", dataset)
    assert not check.usable
    assert [p.reason for p in check.result.problems] == ["too_large"]
    assert "2 MB" in check.result.problems[0].message("en")


def test_the_sources_overview_lists_every_partnership_and_links_every_source(dataset):
    text = overview_markdown(dataset.memberships, dataset.catalog, "en")
    assert text.count("\n- ") + 1 == len(dataset.catalog.partnerships)
    assert "- **Vitality partnership**  \n  Status: Active · Members stated: 3 · On the map: 3  \n" in text
    assert "Members not confirmed" in text  # the regional cities working group
    sources = sources_markdown(dataset.catalog, "en")
    for source_id, source in dataset.catalog.sources.items():
        assert f"- **{source_id}** [" in sources and f"](<{source.url}>)" in sources


def test_markdown_text_shows_exactly_the_text():
    hostile = "**bold** [link](javascript:alert(1)) <img src=x> $x^2$ :material/home: `code` ~x~ | a\\b"
    escaped = markdown_literal(hostile)
    # Every character Markdown (or Streamlit: $ formulas, :icons:) would read is escaped.
    unescaped = re.findall(r"(?<!\\)[*\[\]<>$:`~|]", escaped.replace("\\\\", ""))
    assert unescaped == [], escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile
