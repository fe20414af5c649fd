"""Hostile texts: markup, script, template and spreadsheet-formula injections."""

from __future__ import annotations

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "${alert(1)}",
    "`${document.cookie}`",
    "=cmd|' /C calc'!A0",
    "+SUM(1,2)",
    "-1+2",
    "@SUM(A1)",
    "javascript:alert(1)",
    '"><svg onload=alert(1)>',
]
