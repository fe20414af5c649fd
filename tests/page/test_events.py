"""Dated events on the page (bundled data): a municipality's details list the events that apply
to it and name its start after its event, the table names each start, in fi, sv and en."""

from __future__ import annotations

import pytest

from components.base.i18n import t
from tests.helpers.apptest import block_fact, membership_blocks, run_app, shown

# (language, Oulu's name, MAL start of the Oulu region, Helsinki's MAL start, Oulu's signing listed)
CASES = [
    (
        "fi",
        "Oulu",
        "allekirjoitettu 13.12.2024",
        "neuvottelutulos 23.9.2024",
        "13.12.2024 · allekirjoitus – Oulun seutu:",
    ),
    (
        "sv",
        "Uleåborg",
        "undertecknat 13.12.2024",
        "förhandlingsresultat 23.9.2024",
        "13.12.2024 · undertecknande – Oulun seutu:",
    ),
    ("en", "Oulu", "signed 13.12.2024", "negotiation result 23.9.2024", "13.12.2024 · signing – Oulun seutu:"),
]


def markdown_texts(app) -> list[str]:
    return [shown(markdown.value) for markdown in app.markdown]


@pytest.mark.parametrize(("lang", "name", "oulu_start", "helsinki_start", "signing"), CASES)
def test_oulu_details_name_its_start_the_signing_and_list_its_events(
    monkeypatch, lang, name, oulu_start, helsinki_start, signing
):
    app = run_app(monkeypatch, lang=lang, city="564")
    assert [header.value for header in app.header if header.value == name]  # the details are Oulu's
    mal = membership_blocks(app)["mal"]
    assert block_fact(mal, t("details.start", lang)) == oulu_start
    events = [line.removeprefix("- ") for line in mal.splitlines() if line.startswith("- ")]
    assert any(text.startswith(signing) and "[S12](" in text for text in events), events
    # Helsinki's own negotiation result is not Oulu's event; the result of all seven is.
    assert not any("Helsin" in text and "[S13](" in text for text in events)
    assert any("[S11](" in text for text in events)
    assert t("events.signing_not_found", lang, partnership="")[2:] not in mal
    # Helsinki's MAL start is its region's negotiation result, named so.
    helsinki = membership_blocks(run_app(monkeypatch, lang=lang, city="091"))["mal"]
    assert block_fact(helsinki, t("details.start", lang)) == helsinki_start


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_jyvaskyla_details_say_the_signing_was_not_found_and_the_update_exists(monkeypatch, lang):
    app = run_app(monkeypatch, lang=lang, city="179")
    assert [header.value for header in app.header if header.value == "Jyväskylä"]
    blocks = membership_blocks(app)
    mal = t("events.signing_not_found", lang, partnership="MAL")[len("MAL") :]
    assert any(line.endswith(mal) for line in blocks["mal"].splitlines()), blocks["mal"]
    ecosystem = blocks["ecosystem"]
    update = [line for line in ecosystem.splitlines() if "S26" in line and not line.startswith(("- ", "**"))]
    assert len(update) == 1 and "2021" in update[0]
    # The update itself is listed with its source, for Jyväskylä (its own scope).
    kind = t("events.kind_update", lang)
    assert any(f"· {kind}" in line and "[S26](" in line for line in ecosystem.splitlines() if line.startswith("- "))
    # The focus areas shown are labelled as the 2021 text.
    assert block_fact(ecosystem, t("timeline.focus_areas", lang)) and "2021" in t("timeline.focus_areas", lang)


@pytest.mark.parametrize(("lang", "name", "oulu_start", "helsinki_start", "signing"), CASES)
def test_the_table_names_each_start_after_its_event(monkeypatch, lang, name, oulu_start, helsinki_start, signing):
    app = run_app(monkeypatch, lang=lang, tab="table", partnership="mal")
    (table,) = [frame.value for frame in app.dataframe if t("column.municipality", lang) in frame.value.columns]
    by_name = dict(zip(table[t("column.municipality", lang)], table[t("column.since", lang)], strict=True))
    assert by_name[name] == oulu_start
    assert by_name["Helsinki" if lang != "sv" else "Helsingfors"] == helsinki_start
