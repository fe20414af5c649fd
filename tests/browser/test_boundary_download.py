"""A slow boundary download does not hold the page: the first viewers get city points and a
notice at once, and the map switches to polygons by itself when the download ends. The download
comes from a deliberately slow server on 127.0.0.1."""

from __future__ import annotations

import http.server
import re
import threading
import time
from contextlib import contextmanager

from components.page import resources
from harness.browser import APP_READY, MAP_FRAME
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require
from tests.helpers.servers import app_server

DELAY_S = 7.0  # longer than a page takes to appear, shorter than the download's deadline (10 s)
ALERT = '[data-testid="stAlert"]'
LOADING = "Official boundaries are downloading"


@contextmanager
def slow_server(body: bytes, delay: float):
    """An HTTP server on 127.0.0.1 that answers every GET with `body`, trickled over `delay`
    seconds (a slow line: every read gets something within the client's read time-out)."""
    pieces = 20

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "application/geo+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            size = -(-len(body) // pieces)
            for start in range(0, len(body), size):
                time.sleep(delay / pieces)
                self.wfile.write(body[start : start + size])
                self.wfile.flush()

        def log_message(self, *_args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/municipalities.geojson"
    finally:
        server.shutdown()
        server.server_close()


def test_a_download_answers_loading_at_once_and_polygons_when_it_ends(tmp_path, monkeypatch):
    monkeypatch.setenv("FINMAP_CACHE_DIR", str(tmp_path))
    body = require(REFERENCE_MUNICIPALITIES).read_bytes()
    with slow_server(body, delay=2.0) as url:
        started = time.monotonic()
        first = resources.boundaries(url)
        assert time.monotonic() - started < 1.0
        assert first.reason == "loading" and first.polygons is None
        assert "downloading" in first.message("en")
        assert resources.boundaries_loading(url)
        deadline = time.monotonic() + 30
        while resources.boundaries_loading(url):
            assert time.monotonic() < deadline, "the download never ended"
            time.sleep(0.1)
        done = resources.boundaries(url)
        assert done.reason is None and done.polygons is not None and len(done.polygons) > 300


def polygons_drawn(page) -> int:
    frame = page.frame(url=re.compile("st_folium"))
    if frame is None:
        return -1
    return frame.evaluate(
        """() => { if (!window.map_div || !window.map_div.eachLayer) return -1; let n = 0;
               window.map_div.eachLayer(l => { if (l.feature && l.feature.properties
               && l.feature.properties.partnership_id && l._path && l.getLatLngs) n++; }); return n; }"""
    )


def test_the_page_shows_points_while_boundaries_download_and_switches_by_itself(browser, tmp_path):
    body = require(REFERENCE_MUNICIPALITIES).read_bytes()
    with slow_server(body, DELAY_S) as url, app_server(url, tmp_path) as app:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        started = time.monotonic()
        page.goto(app)
        page.get_by_text(LOADING).wait_for(timeout=DELAY_S * 1000)
        page.wait_for_selector(MAP_FRAME, timeout=DELAY_S * 1000)
        assert time.monotonic() - started < DELAY_S, "the page waited for the download"
        assert polygons_drawn(page) <= 0  # points meanwhile
        # No click, no reload: the page notices the download ended and draws the polygons.
        page.get_by_text(LOADING).wait_for(state="detached", timeout=60_000)
        page.wait_for_selector(APP_READY, timeout=60_000)
        deadline = time.monotonic() + 30
        while polygons_drawn(page) < 132:
            alerts = page.locator(ALERT).all_inner_texts()
            assert time.monotonic() < deadline, f"polygons drawn: {polygons_drawn(page)}; notices: {alerts}"
            time.sleep(0.3)
