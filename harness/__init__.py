"""What the tests and the benchmark share: the app served by `streamlit run` on 127.0.0.1,
Debian's Chromium with no outside host reachable, a websocket client for load, and the WCAG
measurements read from a page. No pytest here: bench/ runs without it."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The shared reference folder, read at run time and never copied into the repository.
SHARED = Path(os.environ.get("FINMAP_SHARED", ROOT.parent / "shared"))
REFERENCE_MUNICIPALITIES = SHARED / "reference" / "boundaries" / "nls-municipalities-2023.geojson"
REFERENCE_REGIONS = SHARED / "reference" / "boundaries" / "nls-regions-2023.geojson"
FACTS = SHARED / "facts" / "partnerships.md"
# Statistics Finland's population per municipality on 31.12.2024 (read here, never copied).
POPULATION = SHARED / "facts" / "population-2024.csv"
