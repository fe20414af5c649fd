"""A municipality's details as blocks, one a membership: every fact of it as text in the page
language, dates as the page writes them, partners by name and sources as named links."""

from __future__ import annotations

import pytest

from components.base.i18n import LANGUAGES, t
from components.data.memberships import row_note
from components.model.details import city_details, end_text
from components.model.wording import format_date

KUOPIO, HELSINKI, JYVASKYLA = "297", "091", "179"


def details(dataset, code, lang):
    return city_details(dataset.memberships, dataset.catalog, code, lang, funding=dataset.funding)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("code", [KUOPIO, HELSINKI])
def test_every_membership_has_every_fact_in_words(dataset, code, lang):
    rows = dataset.memberships[dataset.memberships["municipality_code"] == code]
    about = details(dataset, code, lang)
    assert sorted(about.partnership_ids) == sorted(rows["partnership_id"])
    assert len(about.blocks) == 4  # Kuopio and Helsinki are both in four partnerships
    ordered = rows.set_index("partnership_id").loc[list(about.partnership_ids)]
    for block, row in zip(about.blocks, ordered.itertuples(), strict=True):
        assert block.partnership == dataset.catalog.partnership(block.partnership_id).name(lang)
        assert block.status.startswith(t(f"status.{row.status}", lang))
        if row.since:
            assert format_date(row.since, lang) in block.start
        else:
            assert block.start == t("details.start_not_given", lang)
        assert block.end == end_text(row._asdict(), lang) and block.end
        assert block.themes and block.funding
        assert block.note == row_note(row._asdict(), lang)
        assert block.sources and block.sources[0].url == row.source_url
        # A source is named by its publisher (and date), never by its bare address.
        assert all(source.label and "://" not in source.label for source in block.sources)
        assert block.colour.startswith("#")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dates_are_written_as_the_page_writes_them(dataset, lang):
    mal = next(block for block in details(dataset, KUOPIO, lang).blocks if block.partnership_id == "mal")
    assert mal.start == t("events.start_negotiation-result", lang, date=format_date("2024-09-23", lang))
    assert mal.end == t("cards.period", lang, period="2024–2035")
    ecosystem = next(block for block in details(dataset, KUOPIO, lang).blocks if block.partnership_id == "ecosystem")
    assert ecosystem.end == format_date("2027-12-31", lang)
    group = next(
        block for block in details(dataset, KUOPIO, lang).blocks if block.partnership_id == "urban-policy-group"
    )
    assert group.end == t("details.end_not_before", lang, date=format_date("2027-04", lang))
    vitality = next(block for block in details(dataset, KUOPIO, lang).blocks if block.partnership_id == "vitality")
    assert vitality.end == t("details.end_not_known", lang)


def test_partners_are_the_group_or_the_partnership_never_another_agreement(dataset):
    blocks = {block.partnership_id: block for block in details(dataset, KUOPIO, "fi").blocks}
    assert blocks["mal"].group == "Kuopion seutu"
    assert blocks["mal"].partners == ("Lapinlahti", "Leppävirta", "Siilinjärvi", "Suonenjoki", "Tuusniemi")
    assert blocks["vitality"].partners == ("Jyväskylä", "Lahti")
    assert blocks["ecosystem"].partners == ()  # Kuopio's ecosystem agreement is its own
    helsinki = {block.partnership_id: block for block in details(dataset, HELSINKI, "sv").blocks}
    assert helsinki["ecosystem"].partners == ("Esbo", "Vanda")  # the capital region's joint agreement (PKS)
    assert "Helsingfors" not in helsinki["strategic"].partners and len(helsinki["strategic"].partners) == 5


def test_a_source_the_catalog_names_is_labelled_by_publisher_and_date(dataset):
    mal = next(block for block in details(dataset, KUOPIO, "fi").blocks if block.partnership_id == "mal")
    assert mal.sources[0].label == "Ympäristöministeriö / Miljöministeriet, 23.9.2024"
    english = next(block for block in details(dataset, KUOPIO, "en").blocks if block.partnership_id == "mal")
    assert english.sources[0].label.endswith(format_date("2024-09-23", "en"))


def test_events_and_what_is_not_known_stay_with_their_membership(dataset):
    blocks = {block.partnership_id: block for block in details(dataset, JYVASKYLA, "en").blocks}
    assert any(line.source == "S26" for line in blocks["ecosystem"].events)
    assert not any(line.source == "S26" for line in blocks["mal"].events)
    assert blocks["mal"].event_notes == (t("events.signing_not_found", "en", partnership=blocks["mal"].partnership),)
    assert blocks["ecosystem"].discrepancy and not blocks["vitality"].discrepancy
