"""Streamlit's own English words on the page, replaced by ours in the page language where
Streamlit has no parameter for them: the uploader's button and size limit (CSS), and the names
screen readers say and the tooltips of its controls (a small script, `page_words`). What stays
English is listed in docs/accessibility.md."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import streamlit as st

from components.base.colours import CAPTION_INK
from components.base.i18n import LANGUAGES, strings, t
from components.data.upload import MAX_UPLOAD_MB


def uploader_key(lang: str) -> str:
    """The key of the container around the uploader (class st-key-uploader-<lang>): its CSS
    finds the page language there."""
    return f"uploader-{lang}"


def css_string(text: str) -> str:
    """`text` as a CSS string literal: anything but letters, digits and spaces as an escape."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


@cache
def uploader_css() -> str:
    """The uploader's own English texts (its button, the size limit) replaced by ours in the
    page language: Streamlit has no parameter for them, so its spans are hidden and our words
    drawn in their place (generated content, which is also the button's accessible name).
    Made from the locale files only, once, for every language."""
    rules = []
    for lang in LANGUAGES:
        scope = f".st-key-{uploader_key(lang)}"
        button = f'{scope} [data-testid="stFileUploaderDropzone"] button[kind="secondary"] '
        button += '[data-testid="stMarkdownContainer"]'
        limits = f'{scope} [data-testid="stFileUploaderDropzoneInstructions"] > div'
        rules += [
            f"{button} p, {limits} > span {{ display: none; }}",
            f"{button}::after {{ content: {css_string(t('uploader.button', lang))}; }}",
            f"{limits}::after {{ content: {css_string(t('uploader.limits', lang, limit=MAX_UPLOAD_MB))};"
            f" font-size: 0.875rem; color: {CAPTION_INK}; }}",
            f'{scope} [data-has-shortcut] > span:not(:has([data-testid="stIconMaterial"])) {{ display: none; }}',
        ]
    return "<style>\n" + "\n".join(rules) + "\n</style>"


# Streamlit's own words, each named by its key in the locale files' [builtin] table, whose
# English text is exactly Streamlit's (1.67). A text with {placeholders} is a pattern: Streamlit
# builds it around a label of ours ("Help for In force on") or the browser's words.
BUILTIN_KEYS = (
    "words.sidebar",
    "words.collapse_sidebar",
    "words.expand_sidebar",
    "words.help_for",
    "words.open_list",
    "words.clear_all",
    "words.selected_values",
    "words.remove_value",
    "words.no_results",
    "words.scroll_tabs_left",
    "words.scroll_tabs_right",
    "words.show_hide_columns",
    "words.search",
    "words.close_search",
    "words.next_result",
    "words.previous_result",
    "words.fullscreen",
    "words.close_fullscreen",
    "words.show_data",
    "words.show_chart",
    "words.download_png",
    "words.copy_spec",
    "words.sort_ascending",
    "words.sort_descending",
    "words.pin_column",
    "words.unpin_column",
    "words.hide_column",
    "words.choose_date",
    "words.choose_date_in",
    "words.calendar_keys",
    "words.previous_month",
    "words.next_month",
    "words.day",
    "words.month",
    "words.year",
    "words.field_part",
    "words.month_value",
)
# The date field's month names are en-US whatever the browser (its spoken value, "12 – December").
MONTHS_KEY = "words.months"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def month_names(lang: str) -> list[str]:
    return [name.strip() for name in t(MONTHS_KEY, lang).split(",")]


def _placeholder_pattern(name: str) -> str:
    """What a placeholder of Streamlit's text may hold: a field's part, a number, a year, an
    English month name; anything else (a label of ours, a month in the browser's language)."""
    parts = {
        "part": "|".join(t(f"words.{part}", "en") for part in ("day", "month", "year")),
        "number": r"\d+",
        "year": r"\d{4}",
        "month_name": "|".join(month_names("en")),
    }
    return f"(?P<{name}>{parts.get(name, '.+?')})"


def _pattern(english: str) -> str:
    """A Streamlit text with placeholders as a regular expression (Python's syntax)."""
    pieces = _PLACEHOLDER.split(english)  # text, name, text, name, ..., text
    return (
        "^"
        + "".join(_placeholder_pattern(piece) if index % 2 else re.escape(piece) for index, piece in enumerate(pieces))
        + "$"
    )


@cache
def builtin_words(lang: str) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """Streamlit's English words in `lang`: the fixed ones (English -> ours) and the patterns
    (a regular expression over Streamlit's English -> our text with the same placeholders)."""
    fixed = dict(zip(month_names("en"), month_names(lang), strict=True))
    patterns = []
    for key in BUILTIN_KEYS:
        english = t(key, "en")
        if _PLACEHOLDER.search(english):
            patterns.append((_pattern(english), strings(lang)[key]))
        else:
            fixed[english] = t(key, lang)
    return fixed, patterns


def in_page_language(text: str, lang: str) -> str:
    """One of Streamlit's texts as the page shows it in `lang` (what the page's script does,
    here for the tests): a fixed word, a pattern filled with its parts in `lang`, or `text` as
    it is when it is none of Streamlit's."""
    fixed, patterns = builtin_words(lang)
    if text in fixed:
        return fixed[text]
    for pattern, template in patterns:
        if found := re.match(pattern, text):
            return template.format(**{name: fixed.get(value, value) for name, value in found.groupdict().items()})
    return text


# The page's script: the words above, then builtin_texts.js. Streamlit renders these names
# again whenever its element does, so the script watches for them (a MutationObserver) rather
# than changing them once.
_SCRIPT = (Path(__file__).with_name("builtin_texts.js")).read_text(encoding="utf-8")


def words_key(lang: str) -> str:
    """The key of the container around the script (class st-key-builtin_words_<lang>): the script
    finds the page's language there, as the uploader's CSS does."""
    return f"builtin_words_{lang}"


@cache
def words_script() -> str:
    """The script that puts Streamlit's words in the page's language, made from the locale files
    only, once, for every language."""
    every = {}
    for lang in LANGUAGES:
        fixed, patterns = builtin_words(lang)
        # JavaScript names a group (?<name>...), Python (?P<name>...).
        every[lang] = {"fixed": fixed, "patterns": [[p.replace("(?P<", "(?<"), text] for p, text in patterns]}
    # No "<" in the script at all: Streamlit's sanitiser drops a script whose text has "<" and a
    # letter or "/" (a JavaScript group's "(?<name>" among them); in a JSON string it is \u003c.
    data = json.dumps(every, ensure_ascii=False).replace("<", "\\u003c")
    # The element itself takes no room in the sidebar.
    hidden = '<style>[class*="st-key-builtin_words_"] { display: none; }</style>'
    return f"<script>\nwindow.__finmapBuiltinWords = {data};\n{_SCRIPT}</script>\n{hidden}"


def page_words(lang: str) -> None:
    """Streamlit's own words in the page's language, from now on in this page (a new element
    when the language changes, so the script runs again, in the new language)."""
    with st.container(key=words_key(lang)):
        st.html(words_script(), unsafe_allow_javascript=True, width=1)
