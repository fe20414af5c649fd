"""The real app served by `streamlit run` on a free port, and Debian's
Chromium driven by Playwright with every host but 127.0.0.1 unreachable."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from components.page.first_run import REST_SELECTOR
from harness import ROOT

APP = ROOT / "app.py"
# What `make run` starts: the app behind its shell, compression and caching (components/page/shell.py).
SERVER = ROOT / "server.py"
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
# The window sizes people use the app at; WCAG's reflow is measured at 320 px wide (1.4.10).
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
REFLOW = {"width": 320, "height": 640}
# A page's settings per device: a phone is touched, reports itself mobile and has a dense screen.
LAPTOP_DEVICE = {"viewport": LAPTOP}
PHONE_DEVICE = {"viewport": PHONE, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}
PROJECTOR_DEVICE = {"viewport": PROJECTOR}


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
    script: Path = SERVER,
    log: Path | None = None,
    launcher: str = "streamlit",
):
    """`streamlit run <script>` (the app as `make run` serves it, by default) on a free port of 127.0.0.1, with the
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
        stop_process(process)
        output.close()


def stop_process(process: subprocess.Popen) -> None:
    """Ask a process to end; kill it if it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


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


@contextmanager
def chromium():
    """Debian's Chromium under Playwright, with every host but 127.0.0.1 unreachable."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# ----------------------------------------------------------------------------- in a page

# Counts the script runs the app has started and finished (window.__scriptRuns): a test waits
# for the run its own action started, not for a pause.
RUN_COUNTER_JS = (Path(__file__).parent / "script_runs.js").read_text(encoding="utf-8")
# A run started after the `before`-th, every started run has finished, and the app shows it idle.
RUN_FINISHED_JS = f"""(before) => {{ const runs = window.__scriptRuns;
    return runs.started > before && runs.finished >= runs.started && !!document.querySelector('{APP_READY}'); }}"""

# Data shapes Leaflet has drawn (partnership polygons and circle markers) in the map's frame,
# read from the page (the frame is same-origin); -1 while there is no map.
SHAPES_JS = f"""() => {{
  const frame = document.querySelector('{MAP_FRAME}');
  const map = frame && frame.contentWindow && frame.contentWindow.map_div;
  if (!map || !map.eachLayer) return -1;
  let n = 0;
  map.eachLayer(l => {{ if (l.feature && l.feature.properties && l.feature.properties.partnership_id
                           && l._path) n++; }});
  return n;
}}"""

# In the map's frame: some layer of the grey context (every municipality, or Finland's outline)
# is on the map; it is drawn after the partnership layers.
CONTEXT_DRAWN_JS = """() => { let found = false;
    map_div.eachLayer(l => { if (l.feature && l.options.pane === 'finmapContext') found = true; });
    return found; }"""


WIDGETS_LOADED_JS = "() => !document.querySelector('[data-testid=stSkeleton]')"
# A session's first page is the heading and the map; the map asks for the rest once it has
# drawn (components/page/first_run.py). The whole page: the filters in the sidebar, that button
# gone, every run finished.
WHOLE_PAGE_JS = f"""() => !!document.querySelector('[data-testid=stSidebar] [data-testid=stMultiSelect]')
    && !document.querySelector('{REST_SELECTOR}') && ({RUN_FINISHED_JS})(0)"""


def new_page(browser, **context_options):
    """A page in a fresh context that counts script runs, and notes the requests it tried to send
    outside (page.outside) and the dialogs it opened (page.dialogs, dismissed)."""
    context = browser.new_context(**context_options)
    context.add_init_script(RUN_COUNTER_JS)
    page = context.new_page()
    page.outside = OutsideRequests()
    page.on("request", page.outside)
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    return page


def wait_for_run(page, before: int = 0, timeout: float = 60_000) -> None:
    """Until a script run started after the `before`-th, and every run since, has finished."""
    page.wait_for_function(RUN_FINISHED_JS, arg=before, timeout=timeout)


@contextmanager
def script_run(page, timeout: float = 60_000):
    """Wraps an action that reruns the script: on leaving, waits until that run has finished."""
    before = page.evaluate("() => window.__scriptRuns.started")
    yield
    wait_for_run(page, before, timeout)


def open_app(page, url: str, wait_for: str = ".leaflet-container"):
    """Open the app at `url`, wait for its first script run and for `wait_for` in the map's
    frame; returns the frame's locator."""
    page.goto(url)
    wait_for_run(page)
    # Streamlit loads each widget's code on first use and draws a placeholder until then: a test
    # that tabs or clicks at once would miss the controls (a race a busy machine lost).
    page.wait_for_function(WIDGETS_LOADED_JS, timeout=30_000)
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(wait_for).first.wait_for(timeout=30_000)
    page.wait_for_function(WHOLE_PAGE_JS, timeout=30_000)
    page.wait_for_function(WIDGETS_LOADED_JS, timeout=30_000)  # the rest's widgets, too
    return frame


def map_frame(page):
    """The map's frame (Leaflet's document), or None before it exists."""
    import re

    return page.frame(url=re.compile("st_folium"))


def shapes(page) -> int:
    return page.evaluate(SHAPES_JS)


def wait_for_shapes(page, expected: int, timeout: float = 20.0) -> int:
    """Until the map has drawn `expected` data shapes (at most `timeout` seconds); returns the
    count then."""
    wait_until(page, f"(expected) => ({SHAPES_JS})() === expected", expected, timeout * 1000)
    return shapes(page)


def next_paint(target) -> None:
    """Until the page or frame `target` has painted twice: what a change made just before is on
    the screen and measurable."""
    target.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def wait_until(target, condition_js: str, arg=None, timeout: float = 10_000) -> None:
    """Until `condition_js` is true in `target` (a page or a frame), or the timeout: the test's own
    assertion then says what is wrong."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with suppress(PlaywrightTimeout):
        target.wait_for_function(condition_js, arg=arg, timeout=timeout)


# Tables (drawn on a canvas) and charts (vega-embed) on screen are drawn after the script run.
DRAWN_JS = """() => [...document.querySelectorAll('[data-testid=stDataFrame], [data-testid=stVegaLiteChart]')]
    .filter(e => e.getBoundingClientRect().width > 0)
    .every(e => e.querySelector('canvas, .marks'))"""
SIDEBAR_CLOSED_JS = "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right <= 0"
# The sidebar has slid all the way in.
SIDEBAR_OPEN_JS = """() => { const r = document.querySelector('[data-testid=stSidebar]').getBoundingClientRect();
    return r.width > 0 && r.left >= 0; }"""


def wait_for_drawn(page, timeout: float = 20_000) -> None:
    """Until the tables and charts on screen are drawn, and painted."""
    page.wait_for_function(DRAWN_JS, timeout=timeout)
    next_paint(page)


def open_sidebar(page) -> None:
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.wait_for_function(SIDEBAR_OPEN_JS, timeout=10_000)
    next_paint(page)


# The element's box has not changed for five frames in a row (a transition or a resize is over).
STABLE_BOX_JS = """(selector) => new Promise(done => {
    let last = '', same = 0;
    const check = () => {
        const e = document.querySelector(selector);
        const r = e ? e.getBoundingClientRect() : null;
        const now = r ? [r.x, r.y, r.width, r.height].join() : '';
        same = now && now === last ? same + 1 : 0;
        last = now;
        if (same >= 5) done(true); else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
})"""


def wait_for_stable_box(page, selector: str) -> None:
    page.evaluate(STABLE_BOX_JS, selector)


def open_tab(page, tab) -> None:
    """Open the tab (a locator) and wait for its run (only the open tab runs) and its drawing."""
    if tab.get_attribute("aria-selected") != "true":
        with script_run(page):
            tab.click()
    wait_for_drawn(page)
