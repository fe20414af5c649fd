"""One date format per language, everywhere a person reads a date: 7.12.2026 and 10/2023 in
Finnish, Swedish and English alike; files for machines keep ISO dates."""

from __future__ import annotations

from datetime import date

import pytest

from components.base.i18n import t
from components.data.catalog import bundled_catalog
from components.model.cards import partnership_cards
from components.model.filters import day_in_words
from components.model.wording import format_date
from components.render.slide import footer_text


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(
    ("iso", "shown"),
    [
        ("2026-12-07", "7.12.2026"),
        ("2021-02-09", "9.2.2021"),
        ("2028-01-01", "1.1.2028"),
        ("2023-10", "10/2023"),
        ("2024", "2024"),
        ("", ""),
    ],
)
def test_a_date_reads_day_month_year_in_every_language(lang, iso, shown):
    assert format_date(iso, lang) == shown


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_day_in_words_and_the_slides_footer_write_the_day_alike(lang):
    day = date(2028, 1, 1)
    assert day_in_words(day, lang) == t("in_force.on_day", lang, date="1.1.2028")
    # The slide once wrote 01.01.2028 beside the page's 1.1.2028.
    assert footer_text(lang, True, today=day).startswith("1.1.2028 · ")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_cards_write_starts_alike_in_every_language(lang, dataset):
    cards = partnership_cards(dataset.memberships, dataset.catalog, lang)
    facts = " ".join(" ".join(card.facts) for card in cards)
    assert "2021-02-09" not in facts  # the ecosystem agreements' start, once ISO on the English page
    assert t("cards.since", lang, date="9.2.2021") in facts


@pytest.fixture(scope="module")
def dataset():
    from components.data.memberships import load_dataset

    return load_dataset()


def test_the_catalog_dates_are_iso_for_machines():
    """What format_date is given: the catalog's ISO days (the page writes them, not the data)."""
    as_of = bundled_catalog().data_as_of
    assert date.fromisoformat(as_of).isoformat() == as_of
