"""Fixtures every tier shares: a guard that keeps every test off the network except 127.0.0.1
(and gives each test its own cache), the datasets (the bundled data, and the fixture folder for
behaviour) and the shared reference boundaries. Each test gets the marker of its tier, the
folder it lives in (docs/testing.md). What tests share besides fixtures is in tests/helpers/."""

from __future__ import annotations

import csv
import ipaddress
import socket
from pathlib import Path

import pytest

from tests.helpers.facts import TODAY
from tests.helpers.paths import FIXTURE_DATA, POPULATION, REFERENCE_MUNICIPALITIES, REFERENCE_REGIONS, require


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
    monkeypatch.setenv("FINMAP_TODAY", TODAY)  # the bundled figures hold on it, whatever the calendar says


@pytest.fixture(scope="session", autouse=True)
def no_worker_left():
    """The upload check's worker process ends with the run. Python's exit handlers stop it after
    an ordinary run; a run in a forked process that leaves without them (make mutate runs the
    tests so, once per mutant) would leave one worker behind each time."""
    yield
    from components.data import upload

    if upload._worker is not None:
        upload._worker.shutdown(cancel_futures=True)
        upload._worker = None


@pytest.fixture(scope="session")
def reference_municipalities():
    import geopandas as gpd

    return gpd.read_file(require(REFERENCE_MUNICIPALITIES))


@pytest.fixture(scope="session")
def reference_regions():
    import geopandas as gpd

    return gpd.read_file(require(REFERENCE_REGIONS))


@pytest.fixture(scope="module")
def dataset():
    """The bundled data, whatever FINMAP_DATA_DIR says: for tests of its facts and of what depends
    on them (figures pinned in tests/helpers/facts.py)."""
    from components.data.memberships import load_dataset

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FINMAP_DATA_DIR", raising=False)
        return load_dataset()


@pytest.fixture(scope="session")
def fixture_dataset():
    from components.data.memberships import load_dataset

    return load_dataset(FIXTURE_DATA)


@pytest.fixture
def fixture_data(monkeypatch, fixture_dataset):
    """The fixture folder as the app's data (FINMAP_DATA_DIR), and its loaded dataset."""
    monkeypatch.setenv("FINMAP_DATA_DIR", str(FIXTURE_DATA))
    return fixture_dataset


# ----------------------------------------------------------------------------- browser


TIERS = ("unit", "page", "browser", "load")  # the folders under tests/, each a registered marker


@pytest.hookimpl(tryfirst=True)  # before -m selects by marker
def pytest_collection_modifyitems(items):
    tests = Path(__file__).parent
    for item in items:
        tier = Path(item.path).relative_to(tests).parts[0]
        if tier not in TIERS:
            raise pytest.UsageError(f"{item.nodeid}: a test lives in one of the tiers' folders {TIERS}")
        item.add_marker(getattr(pytest.mark, tier))


@pytest.fixture
def fresh_caches():
    """Streamlit's caches emptied: a test of cached views starts from nothing."""
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(scope="module")
def shared_rows() -> list[dict[str, str]]:
    """Statistics Finland's population per municipality (the shared file's rows, as text)."""
    with require(POPULATION).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def shared_figures(shared_rows) -> dict[str, int]:
    return {row["municipality_code"]: int(row["population"]) for row in shared_rows}


@pytest.fixture(scope="module")
def shared_population(shared_figures):
    """The shared figures as the app holds them (components.data.population.Population)."""
    from components.data.population import Population

    return Population(shared_figures, str(POPULATION))
