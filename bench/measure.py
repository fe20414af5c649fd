"""Measuring, in Debian's Chromium: one run of an app (load, filter, pan) in a fresh browser
context, and the server's memory with open sessions. What each figure means is in bench/run.py;
the page is watched by bench/probe.js, whose records are read back here."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from harness.browser import APP_READY, CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server, streamlit_server
from harness.load_client import descendants, memory_kb

PROBE = (Path(__file__).parent / "probe.js").read_text(encoding="utf-8")
VIEWPORT = {"width": 1600, "height": 1100}
FILTER_LABEL, FILTER_TYPED, FILTER_OPTION = "Partnership", "Vitality", "Vitality partnership"
NEW_SESSION, SCRIPT_FINISHED = 4, 6  # ForwardMsg field numbers (streamlit/proto/ForwardMsg.proto)
CODE_SUFFIXES = (".js", ".css", ".html", ".png")  # the map's code, styles and icons: the same files for all apps
COUNT_SHAPES = "() => document.querySelectorAll('path.leaflet-interactive').length"
APP_ERROR = '[data-testid="stException"]'


class BenchError(RuntimeError):
    """A run could not be measured (the app did not draw, a time limit was reached...)."""


# ----------------------------------------------------------------------------- servers


def server_messages(log: Path, limit: int = 4000) -> str:
    """The end of a server's log without its access log lines (one per static file)."""
    lines = [line for line in log.read_text(errors="replace").splitlines() if ' - "GET /' not in line]
    return "\n".join(lines)[-limit:]


# ----------------------------------------------------------------------------- in the page


def now_ms(page) -> float:
    return page.evaluate("() => performance.timeOrigin + performance.now()")


def map_count(page) -> int:
    """Shapes drawn now in the map iframe that is in the page (-1: no map yet)."""
    try:
        handle = page.query_selector(MAP_FRAME)
        frame = handle.content_frame() if handle else None
        return frame.evaluate(COUNT_SHAPES) if frame else -1
    except Exception:  # the iframe is being replaced: no count this time
        return -1


def shape_records(page) -> list[tuple[float, int]]:
    """Every (time drawn, shape count) change seen in any map iframe of the page, in time order."""
    return sorted((float(t), int(n)) for t, n, _map in page.evaluate("() => window.__bench.shapes"))


def fail_on_app_error(page) -> None:
    """Stop at once when the app shows an exception: no map will come (the server log says why)."""
    if page.query_selector(APP_ERROR):
        raise BenchError("the app raised an exception (its server log is printed above)")


def wait_idle(page, deadline: float, quiet: float = 0.8) -> None:
    """Until the script is not running and its state has not changed for `quiet` seconds."""
    page.wait_for_selector(APP_READY, timeout=max(1, deadline - time.monotonic()) * 1000)
    fail_on_app_error(page)
    while time.monotonic() < deadline:
        now, states = page.evaluate("() => [performance.timeOrigin + performance.now(), window.__bench.states]")
        if states and states[-1][1] == "notRunning" and now - states[-1][0] >= quiet * 1000:
            return
        time.sleep(0.1)
    raise BenchError("the app did not become idle in time")


def wait_shapes(page, expected: int | None, deadline: float, stable: float = 2.0) -> int:
    """Until the map shows `expected` shapes, or (expected None) a positive count that has not
    changed for `stable` seconds while the app is idle. Returns the count."""
    last, since, checked = None, time.monotonic(), time.monotonic()
    while time.monotonic() < deadline:
        if time.monotonic() - checked > 1:
            fail_on_app_error(page)
            checked = time.monotonic()
        count = map_count(page)
        if expected is not None and count == expected:
            return count
        if count != last:
            last, since = count, time.monotonic()
        elif expected is None and count > 0 and time.monotonic() - since >= stable and page.query_selector(APP_READY):
            return count
        time.sleep(0.05)
    raise BenchError(f"map shapes: expected {expected if expected is not None else 'a stable count'}, saw {last}")


class Traffic:
    """HTTP responses of a page, with the frame that asked for them."""

    def __init__(self, page):
        self.finished: list[tuple[object, str]] = []
        page.on("requestfinished", self._take)

    def _take(self, request) -> None:
        try:
            frame_url = request.frame.url
        except Exception:
            frame_url = ""
        self.finished.append((request, frame_url))

    def sizes(self, start: int, end: int) -> list[tuple[str, int, bool]]:
        """(path, body bytes as received, for the map component?) of the requests finished in
        [start, end)."""
        out = []
        for request, frame_url in self.finished[start:end]:
            try:
                size = request.sizes()["responseBodySize"]
            except Exception:
                response = request.response()
                size = len(response.body()) if response else 0
            path = "/" + request.url.split("/", 3)[-1].split("?")[0]
            out.append((path, max(size, 0), "st_folium" in frame_url or "st_folium" in request.url))
        return out

    def http_bytes(self, start: int, end: int) -> tuple[int, int, int]:
        """(all, map component, map component's data) response body bytes of the requests
        finished in [start, end). Data: what is not code (not .js, .css or the component's
        HTML document), i.e. files the map fetches, such as a GeoJSON file."""
        sizes = self.sizes(start, end)
        component = [(path, size) for path, size, for_map in sizes if for_map]
        data = [size for path, size in component if not path.endswith(CODE_SUFFIXES)]
        return sum(size for _, size, _ in sizes), sum(size for _, size in component), sum(data)


def ws_bytes(messages: list, start: float, end: float) -> tuple[int, int]:
    """(all, map args) websocket bytes received in [start, end)."""
    chosen = [m for m in messages if start <= m[0] < end]
    return sum(m[1] for m in chosen), sum(m[1] for m in chosen if m[3])


def server_script_runs(times: Path, after: float) -> list[float]:
    """Server-side durations (ms) of the script runs that started after `after` (epoch ms), in
    order, from the lines bench.serve writes (the page's clock is the same machine's clock)."""
    if not times.exists():
        return []
    runs = [json.loads(line) for line in times.read_text().splitlines() if line.strip()]
    return [run["ms"] for run in sorted(runs, key=lambda run: run["start"]) if run["start"] >= after]


def server_script_ms(times: Path, after: float) -> float | None:
    """Server-side duration of the first script run that started after `after`."""
    return next(iter(server_script_runs(times, after)), None)


# The Partnership multiselect's key in each app (ours, naive, floor; "-detailed" runs the same app).
FILTER_KEYS = {"ours": "partnerships", "naive": "naive_partnerships", "floor": "floor_partnerships"}


def steady_script_runs(app: str, server: Server, times: Path, reruns: int) -> list[float]:
    """The server's time for `reruns` filter reruns in a row, picked over Streamlit's websocket
    (harness/load_client.py; the option on, then off): the script run per rerun without a
    browser drawing beside it on the same cores, which made single readings vary 3 x."""
    import asyncio

    from harness.load_client import StreamlitSession

    key = FILTER_KEYS[app.split("-")[0]]

    async def rerun() -> float:
        session = StreamlitSession(server.url, timeout=120)
        await session.connect()
        try:
            await session.run()
            since = time.time() * 1000
            for index in range(reruns):
                await session.run({key: [FILTER_OPTION] if index % 2 == 0 else []})
            return since
        finally:
            await session.close()

    # In a thread of its own: Playwright's synchronous API keeps an event loop in this one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        since = thread.submit(asyncio.run, rerun()).result()
    return server_script_runs(times, since)[-reruns:]


def script_run_ms(messages: list, after: float) -> float | None:
    """newSession -> scriptFinished of the first script run that starts after `after`."""
    started = next((m[0] for m in messages if m[0] >= after and NEW_SESSION in m[2]), None)
    if started is None:
        return None
    return next((m[0] - started for m in messages if m[0] >= started and SCRIPT_FINISHED in m[2]), None)


def round_trip_ms(states: list, after: float) -> float | None:
    """From `after` to the app's script state returning to notRunning after a run."""
    running = next((t for t, s in states if t >= after and s == "running"), None)
    if running is None:
        return None
    return next((t - after for t, s in states if t >= running and s == "notRunning"), None)


def new_page(context):
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


# ----------------------------------------------------------------------------- one run


@dataclass
class Expected:
    load: int | None = None  # shapes with the default view
    filter: int | None = None  # shapes after picking the filter option


def measure_run(browser, server: Server, expected: Expected, limit: float, times: Path, pan: bool = True) -> dict:
    """Load, filter and (if `pan`) pan once in a fresh context; fills `expected` where unknown.
    `times` is the server's script-run log (bench.serve)."""
    deadline = time.monotonic() + limit
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(f"window.__benchFilterLabel = {json.dumps(FILTER_LABEL)};")
    context.add_init_script(PROBE)
    try:
        page = new_page(context)
        traffic = Traffic(page)
        loaded, loaded_requests = measure_load(page, server.url, traffic, expected, deadline, times)
        filtered = measure_filter(page, traffic, loaded_requests, expected, deadline, times)
        panned = now_ms(page)
        if pan:
            drag_the_map(page, deadline)
        states = page.evaluate("() => window.__bench.states")
        return {
            **loaded,
            **filtered,
            "pan_reruns": any(t > panned and s == "running" for t, s in states) if pan else None,
        }
    finally:
        context.close()


def measure_load(
    page, url: str, traffic: Traffic, expected: Expected, deadline: float, times: Path
) -> tuple[dict, int]:
    """Open the page and wait until the expected shapes are drawn and the app is idle; the load
    figures, and how many requests the load took."""
    page.goto(url, wait_until="commit")
    expected.load = wait_shapes(page, expected.load, deadline)
    # Our page's filters come after its map (components/page/first_run.py), perhaps after a quiet
    # moment on a busy machine: wait for them, so "filters usable" is read once it has happened.
    page.wait_for_function("() => window.__bench.usable !== null", timeout=max(1.0, deadline - time.monotonic()) * 1000)
    wait_idle(page, deadline)
    origin = page.evaluate("() => window.__bench.origin")
    records = shape_records(page)
    first = next((t for t, n in records if n > 0), None)
    drawn = next((t for t, n in records if n == expected.load), None)
    if first is None or drawn is None:
        raise BenchError(f"the shapes were drawn but not seen by the page's observer: {records}")
    loaded_requests = len(traffic.finished)
    loaded_at = now_ms(page)
    http_load, http_load_map, http_load_data = traffic.http_bytes(0, loaded_requests)
    messages = page.evaluate("() => window.__bench.ws")
    ws_load, ws_load_map = ws_bytes(messages, 0, loaded_at)
    args_at = next((m[0] for m in messages if m[3]), None)
    usable_at = page.evaluate("() => window.__bench.usable")
    loaded = {
        "load_first_ms": first - origin,
        "load_all_ms": drawn - origin,
        "load_args_ms": None if args_at is None else args_at - origin,
        "load_usable_ms": None if usable_at is None else usable_at - origin,
        "page_kb": (http_load + ws_load) / 1024,
        "map_kb": (http_load_map + ws_load_map) / 1024,
        "map_data_kb": (http_load_data + ws_load_map) / 1024,
        "map_args_kb": ws_load_map / 1024,
        "load_script_ms": server_script_ms(times, origin),
        "largest_responses_kb": {
            path: round(size / 1024, 1)
            for path, size, _ in sorted(traffic.sizes(0, loaded_requests), key=lambda item: -item[1])[:8]
        },
    }
    return loaded, loaded_requests


def measure_filter(page, traffic: Traffic, since: int, expected: Expected, deadline: float, times: Path) -> dict:
    """Pick the option as a person would (the clock starts at its pointerdown) and wait for the
    filtered shapes; the filter figures, and whether the map was remounted."""
    frame = page.query_selector(MAP_FRAME).content_frame()
    frame.evaluate("() => { window.__bench_mark = 'before'; }")
    iframe = page.query_selector(MAP_FRAME)
    box = page.get_by_role("combobox", name=FILTER_LABEL)
    box.click()
    box.fill(FILTER_TYPED)
    page.get_by_role("option", name=FILTER_OPTION).first.click()
    picked = page.evaluate("() => window.__bench.downs[window.__bench.downs.length - 1]")
    if expected.filter is None:
        time.sleep(0.5)  # let the old layers go before waiting for a stable count
    expected.filter = wait_shapes(page, expected.filter, deadline)
    wait_idle(page, deadline)
    filtered_at = now_ms(page)
    filtered_requests = len(traffic.finished)
    filtered = next((t for t, n in shape_records(page) if t >= picked and n == expected.filter), None)
    if filtered is None:
        raise BenchError("the filtered shapes were drawn but not seen by the page's observer")
    current = page.query_selector(MAP_FRAME).content_frame()
    kept = iframe.evaluate("element => element.isConnected") and current.evaluate(
        "() => window.__bench_mark === 'before'"
    )
    if box.get_attribute("aria-expanded") == "true":
        box.press("Tab")  # close the dropdown (a multiselect stays open after a pick)
    bench = page.evaluate("() => window.__bench")
    messages, states = bench["ws"], bench["states"]
    http_filter, http_filter_map, http_filter_data = traffic.http_bytes(since, filtered_requests)
    ws_filter, ws_filter_map = ws_bytes(messages, picked, filtered_at)
    return {
        "filter_ms": filtered - picked,
        "filter_script_ms": server_script_ms(times, picked),
        "script_run_browser_ms": script_run_ms(messages, picked),
        "round_trip_ms": round_trip_ms(states, picked),
        "filter_page_kb": (http_filter + ws_filter) / 1024,
        "filter_map_kb": (http_filter_map + ws_filter_map) / 1024,
        "filter_map_data_kb": (http_filter_data + ws_filter_map) / 1024,
        "remounted": not kept,
    }


def drag_the_map(page, deadline: float) -> None:
    """Drag the map as a person pans it (does it start a script run? bench.__states tells)."""
    area = page.locator(MAP_FRAME).bounding_box()
    x, y = area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.6
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 120, y + 60, steps=8)
    page.mouse.up()
    time.sleep(1.0)  # a rerun would start within this (st_folium reports the move at once)
    wait_idle(page, deadline)


def measure_memory(browser, server: Server, sessions: list[int], expected: Expected, limit: float) -> dict[int, float]:
    """RSS with 1 open session (the server's first: this is also its cold start), then with more
    sessions open, each page having drawn its map."""
    deadline = time.monotonic() + limit
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(f"window.__benchFilterLabel = {json.dumps(FILTER_LABEL)};")
    context.add_init_script(PROBE)
    readings: dict[int, float] = {}
    try:
        for count in range(1, max(sessions) + 1):
            page = new_page(context)
            page.goto(server.url, wait_until="commit")
            expected.load = wait_shapes(page, expected.load, deadline)
            wait_idle(page, deadline)
            if count in sessions:
                time.sleep(1.0)
                readings[count] = memory_kb([server.pid, *descendants(server.pid)]) / 1024
        return readings
    finally:
        context.close()


# ----------------------------------------------------------------------------- every app


@dataclass
class Measured:
    samples: dict[str, list[dict]]  # per app: one dict of figures per measured run
    memory: dict[str, dict[int, float]]  # per app: open sessions -> server RSS (MB)
    expected: dict[str, Expected]
    notes: list[str] = field(default_factory=list)
    reruns: dict[str, list[float]] = field(default_factory=dict)  # per app: steady_script_runs()


def measure_apps(
    apps: dict[str, Path],
    env: dict[str, str],
    runs: int,
    sessions: int,
    budget: float,
    started: float,
    env_by_app: dict[str, dict[str, str]] | None = None,
    reruns: int = 10,
) -> Measured:
    """Serve every app (python -m bench.serve, with `env`, and `env_by_app[name]` on top), then
    for each: memory (`sessions` sessions for ours and naive, one for the others), one warm-up
    run, and `runs` measured runs interleaved between the apps; no run starts after `budget`
    seconds from `started`. Last, `reruns` filter reruns per app over the websocket."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    measured = Measured({name: [] for name in apps}, {}, {name: Expected() for name in apps})
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="finmap-bench-")))
        servers, logs = {}, {}
        times = {name: workdir / f"{name}-script-runs.jsonl" for name in apps}
        for name, script in apps.items():  # all start at once; they idle while another is measured
            logs[name] = workdir / f"{name}.log"
            app_env = {
                **env,
                **(env_by_app or {}).get(name, {}),
                "FINMAP_CACHE_DIR": str(workdir / f"cache-{name}"),
                "FINMAP_BENCH_SCRIPT_TIMES": str(times[name]),
            }
            servers[name] = stack.enter_context(
                streamlit_server(app_env, timeout=90, script=script, log=logs[name], launcher="bench.serve")
            )
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        name, phase = "", ""
        try:
            for name, server in servers.items():
                phase = "memory"
                counts = sorted({1, sessions}) if name in ("ours", "naive") else [1]
                measured.memory[name] = measure_memory(browser, server, counts, measured.expected[name], limit=360)
                phase = "warm-up"  # also fixes the filter's shape count
                measure_run(browser, server, measured.expected[name], 90, times[name], pan=False)
            for index in range(runs):
                if index >= 1 and time.monotonic() - started > budget:
                    measured.notes.append(f"time budget of {budget:.0f} s reached after {index} runs")
                    break
                phase = f"run {index + 1}"
                for name, server in servers.items():
                    measured.samples[name].append(
                        measure_run(browser, server, measured.expected[name], 90, times[name])
                    )
            phase = "reruns"
            for name, server in servers.items():
                measured.reruns[name] = steady_script_runs(name, server, times[name], reruns)
        except (BenchError, PlaywrightError) as error:
            print(f"--- {name} server log, without the access log ---", file=sys.stderr)
            print(server_messages(logs[name]), file=sys.stderr)
            raise SystemExit(f"benchmark failed: {name}, {phase}: {error}") from error
    return measured
