"""What the tests and the benchmark share: the app served by `streamlit run` on 127.0.0.1,
Debian's Chromium with no outside host reachable, a websocket client for load, and the WCAG
measurements read from a page. No pytest here: bench/ runs without it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
