"""Where the tests read from: the repository, the shared reference files (read at test time,
never copied into the repository) and the small fixture copy of the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness import FACTS, POPULATION, REFERENCE_MUNICIPALITIES, REFERENCE_REGIONS, ROOT, SHARED

__all__ = ["FACTS", "FIXTURE_DATA", "POPULATION", "REFERENCE_MUNICIPALITIES", "REFERENCE_REGIONS", "ROOT", "SHARED"]

# A small copy of the bundled data (tests/fixtures/data/README.md): tests of behaviour use it, so
# a data update touches only the data, its README, tests/helpers/facts.py and the facts tests.
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared reference file not found: {path} (set FINMAP_SHARED to the shared/ folder)")
    return path
