"""Streamlit's own English words on the page (the uploader's button and size limit, the skip
link), replaced by ours in the page language. Streamlit has no parameter for them."""

from __future__ import annotations

from functools import cache

from components.base.colours import CAPTION_INK
from components.base.i18n import LANGUAGES, t
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
