"""Shared test fixtures: paths to the shared reference data, a guard that keeps every test off the
network except 127.0.0.1, the datasets (the bundled data, and the fixture folder for behaviour), and
for browser tests the app served on 127.0.0.1 (`mode`, `server`), Debian's Chromium (`browser`)
and a page (`page`); the helpers that drive a page are in harness/browser.py."""

from __future__ import annotations

import ipaddress
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest

from harness import FACTS, POPULATION, REFERENCE_MUNICIPALITIES, REFERENCE_REGIONS, ROOT, SHARED  # noqa: F401 (tests import these from here)
from harness.browser import CHROMIUM, chromium, new_page, streamlit_server
from tests.bundled_facts import TODAY


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


@pytest.fixture(scope="module")
def dataset():
    """The bundled data, whatever FINMAP_DATA_DIR says: for tests of its facts and of what depends
    on them (figures pinned in tests/bundled_facts.py)."""
    from components.data.memberships import load_dataset

    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("FINMAP_DATA_DIR", raising=False)
        return load_dataset()


# A small copy of the bundled data (tests/fixtures/data/README.md): tests of behaviour use it, so
# a data update touches only the data, its README, tests/bundled_facts.py and tests/test_facts.py.
FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


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


def require_chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (make test installs it when run as root)")
    return CHROMIUM


def boundaries_for(mode: str) -> str:
    """FINMAP_BOUNDARIES for a geometry mode: the reference polygons, or "off" for city points."""
    return str(require(REFERENCE_MUNICIPALITIES)) if mode == "polygons" else "off"


@contextmanager
def app_server(boundaries: str, cache_dir: Path, **env: str):
    """The app in English on `boundaries` (a file, or "off" for points) with `env` on top, on a
    free port of 127.0.0.1; yields its URL."""
    require_chromium()
    settings = {
        "FINMAP_BOUNDARIES": boundaries,
        "FINMAP_CACHE_DIR": str(cache_dir),
        "FINMAP_LANG": "en",
        "FINMAP_TODAY": TODAY,
        **env,
    }
    with streamlit_server(settings) as running:
        yield running.url


@pytest.fixture(scope="module", params=["polygons", "points"])
def mode(request):
    """Both geometry modes; a module that needs one overrides this fixture with that mode."""
    return request.param


@pytest.fixture(scope="module")
def server(mode, tmp_path_factory):
    with app_server(boundaries_for(mode), tmp_path_factory.mktemp("cache")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    require_chromium()
    with chromium() as launched:
        yield launched


@pytest.fixture
def viewport():
    """The page's size; a module overrides it where it tests another."""
    return {"width": 1600, "height": 1100}


@pytest.fixture
def page(browser, viewport):
    """A page in a context of its own (harness.browser.new_page: script runs counted, outside
    requests and dialogs noted)."""
    opened = new_page(browser, viewport=viewport)
    yield opened
    opened.context.close()
