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

# The download is held open until the page has shown its notice, or for HOLD_S at most: shorter
# than the download's deadline (10 s), and longer than a page takes to appear on a busy machine
# (two workers of browser tests at once: a fixed 7 s was sometimes too short).
HOLD_S = 9.0
ALERT = '[data-testid="stAlert"]'
LOADING = "Official boundaries are downloading"


@contextmanager
def slow_server(body: bytes, delay: float, release: threading.Event | None = None, sent: threading.Event | None = None):
    """An HTTP server on 127.0.0.1 that answers every GET with `body`, trickled over `delay`
    seconds (a slow line: every read gets something within the client's read time-out), or
    sooner once `release` is set; `sent` is set when the whole body is out."""
    pieces = 20
    release = release or threading.Event()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the name http.server calls
            self.send_response(200)
            self.send_header("Content-Type", "application/geo+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            size = -(-len(body) // pieces)
            for start in range(0, len(body), size):
                release.wait(delay / pieces)
                self.wfile.write(body[start : start + size])
                self.wfile.flush()
            if sent is not None:
                sent.set()

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
    release, sent = threading.Event(), threading.Event()
    with slow_server(body, HOLD_S, release, sent) as url, app_server(url, tmp_path) as app:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(app)
        page.get_by_text(LOADING).wait_for(timeout=HOLD_S * 1000)
        page.wait_for_selector(MAP_FRAME, timeout=HOLD_S * 1000)
        assert not sent.is_set(), "the page waited for the download"
        assert polygons_drawn(page) <= 0  # points meanwhile
        release.set()  # the download may end now
        # No click, no reload: the page notices the download ended and draws the polygons.
        page.get_by_text(LOADING).wait_for(state="detached", timeout=60_000)
        page.wait_for_selector(APP_READY, timeout=60_000)
        deadline = time.monotonic() + 30
        while polygons_drawn(page) < 132:
            alerts = page.locator(ALERT).all_inner_texts()
            assert time.monotonic() < deadline, f"polygons drawn: {polygons_drawn(page)}; notices: {alerts}"
            time.sleep(0.3)
