"""One word per action per language: upload and download are two actions, and each language
says them with two words (Finnish "Lataa" said both). A key is about an upload or a download
when its English text says so; its Finnish and Swedish texts then use that action's word, never
the other's."""

from __future__ import annotations

import re

import pytest

from components.base.i18n import LANGUAGES, strings

# Each language's word for each action, as patterns for its inflected forms.
UPLOAD = {
    "en": r"\bupload\w*",
    "fi": r"\b(tuo|tuotu\w*|tuodu\w*)\b",
    "sv": r"\b(ladda upp|uppladdad\w*|uppladdning\w*)\b",
}
DOWNLOAD = {
    "en": r"\bdownload\w*",
    "fi": r"\b(lataa|lata[ut]\w*|ladat\w*)\b",
    "sv": r"\b(ladda ner|laddas ner|nedladdning\w*)\b",
}


def keys_naming(pattern: str) -> list[str]:
    return [key for key, text in strings("en").items() if re.search(pattern, text, re.IGNORECASE)]


def says(pattern: str, text: str) -> bool:
    return re.search(pattern, text, re.IGNORECASE) is not None


def test_both_actions_are_named_by_some_keys():
    assert len(keys_naming(UPLOAD["en"])) >= 5 and len(keys_naming(DOWNLOAD["en"])) >= 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_upload_is_never_said_with_the_download_word(lang):
    texts = strings(lang)
    wrong = {key: texts[key] for key in keys_naming(UPLOAD["en"]) if says(DOWNLOAD[lang], texts[key])}
    assert wrong == {}
    unsaid = {key: texts[key] for key in keys_naming(UPLOAD["en"]) if not says(UPLOAD[lang], texts[key])}
    assert unsaid == {}  # every text about an upload says it with the language's upload word


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_download_is_never_said_with_the_upload_word(lang):
    texts = strings(lang)
    wrong = {key: texts[key] for key in keys_naming(DOWNLOAD["en"]) if says(UPLOAD[lang], texts[key])}
    assert wrong == {}
    # A button or a hint that asks the reader to download says it with the download word.
    actions = [key for key in keys_naming(DOWNLOAD["en"]) if says(r"^download\b|\bor download\b", strings("en")[key])]
    assert len(actions) >= 8
    unsaid = {key: texts[key] for key in actions if not says(DOWNLOAD[lang], texts[key])}
    assert unsaid == {}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_says_the_other_action_where_neither_is_meant(lang):
    """Upload words only in upload keys: a stray one elsewhere (a Finnish "lataa" for the upload,
    a Swedish "ladda ned" beside "ladda ner") would be a second word for an action."""
    upload_keys = set(keys_naming(UPLOAD["en"]))
    stray = {key: text for key, text in strings(lang).items() if key not in upload_keys and says(UPLOAD[lang], text)}
    assert stray == {}
    if lang == "sv":
        assert not [text for text in strings(lang).values() if says(r"\bladda(s)? ned\b", text)]
