"""Streamlit's own English words in the page's language: the words the page's script puts in
(in_page_language does what the script does), made from the locale files only."""

from __future__ import annotations

import json
import re

import pytest

from components.base.i18n import LANGUAGES, strings
from components.page.builtin_texts import BUILTIN_KEYS, builtin_words, in_page_language, words_script


@pytest.mark.parametrize(
    ("english", "fi", "sv"),
    [
        ("Collapse sidebar", "Sulje sivupalkki", "Stäng sidofältet"),
        ("Show/hide columns", "Näytä tai piilota sarakkeita", "Visa eller dölj kolumner"),
        ("Fullscreen", "Koko näyttö", "Helskärm"),
        ("Previous month", "Edellinen kuukausi", "Föregående månad"),
        # Built around a label of ours, or a part of the date field, or the browser's month.
        ("Help for Voimassa", "Ohje: Voimassa", "Hjälp: Voimassa"),
        ("Remove MAL-sopimukset", "Poista MAL-sopimukset", "Ta bort MAL-sopimukset"),
        ("day, Voimassa", "päivä, Voimassa", "dag, Voimassa"),
        ("year, I kraft den", "vuosi, I kraft den", "år, I kraft den"),
        ("12 – December", "12 – joulukuu", "12 – december"),
        ("Choose date, December 2026", "Valitse päivä, joulukuu 2026", "Välj datum, december 2026"),
        ("Choose date, joulukuu 2026", "Valitse päivä, joulukuu 2026", "Välj datum, joulukuu 2026"),
    ],
)
def test_streamlits_words_are_put_in_the_page_language(english, fi, sv):
    assert (in_page_language(english, "fi"), in_page_language(english, "sv")) == (fi, sv)
    assert in_page_language(english, "en") == english  # the English locale is Streamlit's own words


@pytest.mark.parametrize("text", ["Voimassa", "Kumppanuus, teema", "1 – 2", "Day, Voimassa", "Helsinki – Espoo"])
def test_a_text_that_is_not_streamlits_is_left_as_it_is(text):
    assert in_page_language(text, "fi") == text


def test_every_word_is_in_every_language_and_named_once():
    assert len(set(BUILTIN_KEYS)) == len(BUILTIN_KEYS)
    for lang in LANGUAGES:
        assert set(BUILTIN_KEYS) <= set(strings(lang))
        fixed, patterns = builtin_words(lang)
        assert len(fixed) + len(patterns) == len(BUILTIN_KEYS) + 12  # and the twelve months


def test_the_script_carries_every_language_and_no_markup_that_could_break_out():
    script = words_script()
    body = script[len("<script>") : script.index("</script>")]
    assert "<" not in body  # Streamlit's sanitiser drops a script with "<" and a letter in it
    words = json.loads(re.search(r"window.__finmapBuiltinWords = (.*);\n", body).group(1))
    assert set(words) == set(LANGUAGES)
    assert words["fi"]["fixed"]["Collapse sidebar"] == "Sulje sivupalkki"
    assert ["^Help\\ for\\ (?<label>.+?)$", "Ohje: {label}"] in words["fi"]["patterns"]
