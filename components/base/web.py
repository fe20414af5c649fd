"""Which texts may become links: the one rule for every place that draws one (the page, the
HTML map, the data's own check). Only an address that starts with http:// or https://, names a
host and holds no white space: `javascript:alert(1)//https://example.org` stays text."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WHITESPACE_OR_CONTROL = re.compile(r"[\s\x00-\x1f\x7f]")


def is_web_address(text: object) -> bool:
    if not isinstance(text, str) or _WHITESPACE_OR_CONTROL.search(text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # e.g. an unbalanced [ in the host
        return False
    return parts.scheme in ("http", "https") and text.lower().startswith(("http://", "https://")) and bool(parts.netloc)
