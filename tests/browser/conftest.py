"""The browser tier's fixtures: the app served on 127.0.0.1 (`server`, in a geometry `mode`),
Debian's Chromium (`browser`) and a page in a context of its own (`page`); the helpers that
drive a page are in harness/browser.py and tests/helpers/pages.py.

Each behaviour is tested once, on the official polygons, except what differs between polygons
and city points: a test that names `mode` among its arguments runs in both modes."""

from __future__ import annotations

import inspect

import pytest

from harness.browser import chromium, new_page
from tests.helpers.servers import app_server, boundaries_for, require_chromium

GEOMETRY_MODES = ("polygons", "points")


def pytest_generate_tests(metafunc):
    """Both geometry modes for a test that names `mode`, the polygons for any other that serves
    the app. A module that needs other settings defines its own (module-scoped) `server`."""
    if "mode" not in metafunc.fixturenames or "mode" in vars(metafunc.module):
        return
    named = "mode" in inspect.signature(metafunc.function).parameters
    metafunc.parametrize("mode", GEOMETRY_MODES if named else GEOMETRY_MODES[:1], indirect=True, scope="session")


@pytest.fixture(scope="session")
def mode(request):
    return request.param


@pytest.fixture(scope="session")
def server(mode, tmp_path_factory):
    """The app as a user gets it, one per geometry mode for the whole run (each test opens its own
    session in a context of its own); a module that needs other settings serves its own."""
    with app_server(boundaries_for(mode), tmp_path_factory.mktemp("cache")) as url:
        yield url


@pytest.fixture(scope="session")
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
