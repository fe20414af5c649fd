"""The one rule for what becomes a link (components/base/web.py)."""

from __future__ import annotations

import pytest

from components.base.web import is_web_address


@pytest.mark.parametrize(
    "text",
    ["https://tem.fi/kaupunkipolitiikka", "http://127.0.0.1:8501/?lang=fi", "HTTPS://VNK.FI/a?b=c#d"],
)
def test_addresses_of_the_web_are_links(text):
    assert is_web_address(text)


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)//https://example.org",  # names https:// but does not start with it
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>//http://x",
        " https://tem.fi",  # a leading space
        "https://tem.fi/a b",
        "https://tem.fi/\nx",
        "https:///no-host",
        "https:tem.fi",
        "ftp://tem.fi",
        "//tem.fi/protocol-relative",
        "https://[::1",  # a host urlsplit cannot read
        "",
        None,
    ],
)
def test_anything_else_stays_text(text):
    assert not is_web_address(text)
