"""Servers on 127.0.0.1 for the tests: the app (Streamlit, on the reference boundaries or on city
points) and a small HTTP server whose paths misbehave as a real source can."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from harness.browser import CHROMIUM, streamlit_server
from tests.helpers.facts import TODAY
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, require


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


class BoundaryServer:
    """A small HTTP server on 127.0.0.1 whose paths misbehave in the ways a real one can."""

    def __init__(self, routes):
        self.routes = routes

        class Handler(BaseHTTPRequestHandler):
            def do_GET(handler):  # noqa: N805 - the request handler's own self
                status, body, delay = self.routes[handler.path.split("?")[0]]
                time.sleep(delay)
                try:
                    handler.send_response(status)
                    handler.send_header("Content-Type", "application/json")
                    handler.send_header("Content-Length", str(len(body)))
                    handler.end_headers()
                    handler.wfile.write(body)
                except OSError:
                    pass  # the client gave up, as it should

            def log_message(handler, *args):  # noqa: N805
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed as soon as the block ends
