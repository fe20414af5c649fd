"""Shared test fixtures: paths to the shared reference data, and a guard that keeps every test
off the network except 127.0.0.1."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FINMAP_SHARED", ROOT.parent / "shared"))
REFERENCE_MUNICIPALITIES = SHARED / "reference" / "boundaries" / "nls-municipalities-2023.geojson"
REFERENCE_REGIONS = SHARED / "reference" / "boundaries" / "nls-regions-2023.geojson"
FACTS = SHARED / "facts" / "partnerships.md"
# Statistics Finland's population per municipality on 31.12.2024 (read here, never copied).
POPULATION = SHARED / "facts" / "population-2024.csv"


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # Unix sockets and the like stay on this machine


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch, tmp_path):
    """Refuse any connection that would leave this machine, and give each test its own
    cache so no test sees another's files; boundaries and population are off unless asked for."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded(method):
        def connect(self, address):
            if not _is_loopback(address):
                raise ConnectionRefusedError(f"tests may only reach 127.0.0.1, not {address!r}")
            return method(self, address)

        return connect

    monkeypatch.setattr(socket.socket, "connect", guarded(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guarded(real_connect_ex))
    monkeypatch.setenv("FINMAP_CACHE_DIR", str(tmp_path / "boundary-cache"))
    monkeypatch.setenv("FINMAP_BOUNDARIES", "off")
    monkeypatch.setenv("FINMAP_POPULATION", "off")  # tests that need figures name the shared file
    monkeypatch.delenv("FINMAP_LANG", raising=False)


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared reference file not found: {path} (set FINMAP_SHARED to the shared/ folder)")
    return path


@pytest.fixture(scope="session")
def reference_municipalities():
    import geopandas as gpd

    return gpd.read_file(require(REFERENCE_MUNICIPALITIES))


@pytest.fixture(scope="session")
def reference_regions():
    import geopandas as gpd

    return gpd.read_file(require(REFERENCE_REGIONS))


# A small copy of the bundled data (tests/fixtures/data/README.md): tests of behaviour use it, so
# a data update touches only the data, its README and tests/test_facts.py.
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture(scope="session")
def fixture_dataset():
    from components.data import load_dataset

    return load_dataset(FIXTURE_DATA)


@pytest.fixture
def fixture_data(monkeypatch, fixture_dataset):
    """The fixture folder as the app's data (FINMAP_DATA_DIR), and its loaded dataset."""
    monkeypatch.setenv("FINMAP_DATA_DIR", str(FIXTURE_DATA))
    return fixture_dataset
