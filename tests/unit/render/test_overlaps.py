"""Overlap view, presentation steps and the upload check, without a browser."""

from __future__ import annotations

import re

import pytest

from components.base.colours import PAGE_BACKGROUND, contrast_ratio, partnership_colour, partnership_line
from components.data.memberships import REQUIRED_COLUMNS
from components.data.upload import MAX_UPLOAD_BYTES, check_upload, problems_table
from components.model.details import city_details, overview_markdown
from components.model.filters import FilterState, apply
from components.model.wording import markdown_literal, sources_markdown
from components.page.presentation import COMPARE_STEP, current_step, presentation_steps
from components.render import overlaps

URL = "https://tem.fi/kaupunkipolitiikan-yhteistyoryhma"


def test_matrix_puts_cities_in_most_partnerships_first_and_same_combinations_together(fixture_dataset):
    matrix = overlaps.membership_matrix(fixture_dataset.memberships, fixture_dataset.catalog, "fi")
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
    shown = fixture_dataset.memberships
    # every city x every shown partnership
    assert len(matrix) == shown["municipality_code"].nunique() * shown["partnership_id"].nunique() == 14 * 7


def test_counts_per_partnership_and_theme(fixture_dataset):
    rows = apply(fixture_dataset.memberships, FilterState(partnerships=("strategic", "growth-cities")))
    per_partnership = overlaps.partnership_counts(rows, fixture_dataset.catalog, "sv")
    assert list(per_partnership["municipalities"]) == [6, 3]
    assert per_partnership["label"].iloc[0] == "Strategiskt partnerskap med de sex största städerna"
    per_theme = (
        overlaps.theme_counts(rows, fixture_dataset.catalog, "en").set_index("theme")["municipalities"].to_dict()
    )
    assert per_theme == {"gang-crime": 6, "ecec-workforce": 6, "culture": 3, "industrial-transition": 3}
    matrix = overlaps.membership_matrix(rows, fixture_dataset.catalog, "en")
    assert matrix["municipality"].nunique() == 6 + 3
    # One line of at least CELL_PX per municipality, however many there are.
    assert overlaps.matrix_chart(matrix, "en").to_dict()["height"] == {"step": overlaps.CELL_PX}


def test_partnership_bars_are_outlined_at_3_to_1_on_the_page(fixture_dataset):
    per_partnership = overlaps.partnership_counts(fixture_dataset.memberships, fixture_dataset.catalog, "en")
    fills = [partnership_colour(pid) for pid in per_partnership["partnership_id"]]
    spec = overlaps.bar_chart(per_partnership, "en", fills).to_dict()
    lines = spec["encoding"]["stroke"]["scale"]["range"]
    assert lines == [partnership_line(pid) for pid in per_partnership["partnership_id"]]
    assert min(contrast_ratio(line, PAGE_BACKGROUND) for line in lines) >= 3.0
    assert spec["mark"]["strokeWidth"] >= 1


def test_presentation_steps_go_through_each_partnership_with_members_then_compare_them(fixture_dataset):
    steps = presentation_steps(fixture_dataset.catalog)
    assert steps[0] is None and "regional-cities" not in steps and len(steps) == 9
    assert steps[-1] == COMPARE_STEP  # last, all of them side by side
    assert current_step(FilterState(partnerships=("mal",)), fixture_dataset.catalog) == steps.index("mal")
    assert current_step(FilterState(partnerships=("mal", "strategic")), fixture_dataset.catalog) == 0
    assert current_step(FilterState(), fixture_dataset.catalog, comparing=True) == len(steps) - 1


def upload_bytes(lines: list[str]) -> bytes:
    return ("\n".join([",".join(REQUIRED_COLUMNS), *lines]) + "\n").encode("utf-8")


def test_an_upload_is_checked_with_the_same_rules_and_keeps_the_good_rows(fixture_dataset):
    raw = upload_bytes(
        [
            f"urban-policy-group,091,Helsinki,,,,active,,{URL},",
            f"urban-policy-group,541,Nurmes,,,,active,,{URL},",  # not in the city data
            f"urban-policy-group,092,Vanda,,,,active,2025-02,{URL},new",
        ]
    )
    check = check_upload(raw, "lista.csv", fixture_dataset)
    assert check.usable and len(check.memberships) == 2
    assert list(check.memberships["name_fi"]) == ["Helsinki", "Vantaa"]
    assert check.memberships.geometry.notna().all()
    table = problems_table(check.result.problems, "fi")
    assert table.to_dict("records") == [
        {
            "Rivi": "3",
            "Sarake": "municipality_code",
            "Arvo": "541",
            "Ongelma": "Kuntaa ”541” ei ole kaupunkiaineistossa (data/cities.geojson).",
        }
    ]
    whole_file = problems_table(check_upload(b"", "tyhja.csv", fixture_dataset).result.problems, "sv")
    assert list(whole_file.columns) == ["Rad", "Kolumn", "Värde", "Problem"]
    assert whole_file.iloc[0, 0] == "Hela filen" and whole_file.iloc[0, 3] == "Filen är tom."
    assert len(fixture_dataset.memberships) == fixture_dataset.rows_in_file  # the loaded data is untouched


def test_an_upload_over_2_mb_is_rejected_whole(fixture_dataset):
    raw = upload_bytes([f"urban-policy-group,091,Helsinki,,,,active,,{URL}," + "x" * 100] * 30_000)
    assert len(raw) > MAX_UPLOAD_BYTES
    check = check_upload(raw, "big.csv", fixture_dataset)
    assert not check.usable
    assert [p.reason for p in check.result.problems] == ["too_large"]
    assert "2 MB" in check.result.problems[0].message("en")


def test_the_sources_overview_lists_every_partnership_and_links_every_source(fixture_dataset):
    text = overview_markdown(fixture_dataset.memberships, fixture_dataset.catalog, "en")
    assert text.count("\n- ") + 1 == len(fixture_dataset.catalog.partnerships)
    assert "- **Vitality partnership**  \n  Status: Active · Members stated: 3 · On the map: 3  \n" in text
    assert "Members not confirmed" in text  # the regional cities working group
    sources = sources_markdown(fixture_dataset.catalog, "en")
    for source_id, source in fixture_dataset.catalog.sources.items():
        assert f"- **{source_id}** [" in sources and f"](<{source.url}>)" in sources


def test_a_source_address_that_does_not_start_with_http_is_no_link_in_the_sources(fixture_dataset):
    data = fixture_dataset.catalog.model_dump()
    first_id = next(iter(data["sources"]))
    data["sources"][first_id]["url"] = "javascript:alert(1)//https://example.org"
    sources = sources_markdown(type(fixture_dataset.catalog).model_validate(data), "en")
    line = next(line for line in sources.splitlines() if line.startswith(f"- **{first_id}**"))
    assert "](" not in line and "javascript\\:alert\\(1\\)" in line  # named, as text
    assert sources.count("](<https://") == len(data["sources"]) - 1


def test_markdown_text_shows_exactly_the_text():
    hostile = "**bold** [link](javascript:alert(1)) <img src=x> $x^2$ :material/home: `code` ~x~ | a\\b"
    escaped = markdown_literal(hostile)
    # Every character Markdown (or Streamlit: $ formulas, :icons:) would read is escaped.
    unescaped = re.findall(r"(?<!\\)[*\[\]<>$:`~|]", escaped.replace("\\\\", ""))
    assert unescaped == [], escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == hostile


def test_the_overview_shows_start_end_term_and_dated_events_in_each_language(fixture_dataset):
    english = overview_markdown(fixture_dataset.memberships, fixture_dataset.catalog, "en")
    assert "Start: 9\\.2\\.2021" in english and "End: 31\\.12\\.2027" in english
    assert "13\\.12\\.2024 signing \\(Oulun seutu\\)\\: Oulu region agreement signed \\(S12\\)" in english
    assert "23\\.9\\.2024 negotiation result\\: Negotiation results with all seven" in english
    assert "Its term runs with the government's term, to 2027 \\(S7\\)" in english
    assert "Governance: Chaired by Minister Ikonen" in english  # parsed before, shown now
    finnish = overview_markdown(fixture_dataset.memberships, fixture_dataset.catalog, "fi")
    assert "Alkanut: 9\\.2\\.2021" in finnish and "Päättyy: 31\\.12\\.2027" in finnish
    assert "13\\.12\\.2024 allekirjoitus \\(Oulun seutu\\)\\: Oulun seudun sopimus allekirjoitettu \\(S12\\)" in finnish
    swedish = overview_markdown(fixture_dataset.memberships, fixture_dataset.catalog, "sv")
    helsinki = "17\\.9\\.2024 förhandlingsresultat \\(Helsingin seutu\\)\\: Helsingforsregionens"
    assert f"Daterade händelser: {helsinki}" in swedish


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_overview_shows_each_partnerships_governance_and_dates_in_the_page_language(fixture_dataset, lang):
    from components.base.i18n import t

    text = overview_markdown(fixture_dataset.memberships, fixture_dataset.catalog, lang)
    shown = 0
    for partnership in fixture_dataset.catalog.partnerships:
        for label, fact in (("timeline.governance", partnership.governance), ("timeline.dates", partnership.dates)):
            if fact is not None:
                assert f"{markdown_literal(t(label, lang))}: {markdown_literal(fact.in_language(lang))}" in text
                shown += 1
    assert shown >= 5  # the catalog gives governance for three partnerships and dates for three


def test_sources_are_listed_in_the_page_language_with_publisher_and_date(fixture_dataset):
    swedish = sources_markdown(fixture_dataset.catalog, "sv")
    assert "Miljöministeriets pressmeddelande 23\\.9\\.2024" in swedish
    assert "publicerad 23\\.9\\.2024" in swedish
    english = sources_markdown(fixture_dataset.catalog, "en")
    assert "Ministry of the Environment release 23\\.9\\.2024" in english and "published 23\\.9\\.2024" in english


def test_city_details_show_the_note_and_focus_areas_in_the_page_language(fixture_dataset):
    details = city_details(fixture_dataset.memberships, fixture_dataset.catalog, "405", "fi")  # Lappeenranta
    _, ecosystem, _ = details.blocks  # east, ecosystem, group
    assert ecosystem.partnership == "Ekosysteemisopimukset (yliopistokaupungit)"
    assert ecosystem.note == "Allekirjoitettu 9.2.2021, voimassa 31.12.2027 saakka (TEM:n tiedote 9.2.2021)."
    assert ecosystem.focus_areas == "Vihreä sähköistäminen"
    assert ecosystem.focus_source.url.startswith("https://liitto.ekarjala.fi/")
    assert [block.end for block in details.blocks] == ["päättymistä ei tiedetä", "31.12.2027", "päättymistä ei tiedetä"]
    swedish = city_details(fixture_dataset.memberships, fixture_dataset.catalog, "405", "sv")
    assert any("i kraft till 31.12.2027" in b.note or "gäller till 31.12.2027" in b.note for b in swedish.blocks)
