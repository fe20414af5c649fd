"""Helpers for browser tests: the real app served by `streamlit run` on a free port, and Debian's
Chromium driven by Playwright with every host but 127.0.0.1 unreachable."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP = ROOT / "app.py"
CHROMIUM = Path(os.environ.get("FINMAP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # Nothing leaves this machine: outside hosts do not resolve, and any request that is not
    # for 127.0.0.1 goes to a proxy that does not exist. (Playwright's request routing is not
    # used: it aborts the navigation of Streamlit's component iframes.)
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=127.0.0.1",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
APP_READY = '[data-testid="stApp"][data-test-script-state="notRunning"]'
MAP_FRAME = 'iframe[src*="st_folium"]'


def require_chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (make test installs it when run as root)")
    return CHROMIUM


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def streamlit_server(
    env: dict[str, str],
    timeout: float = 60.0,
    script: Path = APP,
    log: Path | None = None,
    launcher: str = "streamlit",
):
    """`streamlit run <script>` (the app by default) on a free port of 127.0.0.1, with the
    project's .streamlit/config.toml; yields its URL and process id. `launcher` is the module
    run with `python -m` (bench.serve: the same, with script run times written down)."""
    port = free_port()
    output = open(log or os.devnull, "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            launcher,
            "run",
            str(script),
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
        ],  # fmt: skip
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start (exit code {process.poll()}); log: {log}")
            time.sleep(0.3)
        yield Server(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        output.close()


class OutsideRequests:
    """Every request a page tried to send to a host other than 127.0.0.1."""

    def __init__(self):
        self.urls: list[str] = []

    def __call__(self, request) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            self.urls.append(request.url)

    def hosts(self) -> set[str]:
        from urllib.parse import urlparse

        return {urlparse(url).hostname for url in self.urls}


def which_chromium() -> str | None:
    return str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")


@contextmanager
def app_server(boundaries: str, cache_dir: Path):
    """The app in English on `boundaries` (a file, or "off" for points), for browser tests."""
    require_chromium()
    env = {"FINMAP_BOUNDARIES": boundaries, "FINMAP_CACHE_DIR": str(cache_dir), "FINMAP_LANG": "en"}
    with streamlit_server(env) as running:
        yield running.url


@contextmanager
def chromium():
    """Debian's Chromium under Playwright, with every host but 127.0.0.1 unreachable."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
