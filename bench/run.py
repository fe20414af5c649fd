"""Benchmark: our app (app.py) against the naive yardstick (bench/naive_app.py), with the floor
(bench/floor_app.py: one circle, one multiselect) beside them, in Debian's Chromium with no host
but 127.0.0.1 reachable.

    .venv/bin/python -m bench.run [--runs N] [--smoke] [--json PATH] [--boundaries FILE]

The three apps run as `python -m bench.serve run <app>` (streamlit run, with each script run's
server time written down) on free ports of 127.0.0.1, on the same boundaries file. For each app:
a memory phase (1, then 10 open sessions; the floor: 1; its first page is the cold start and
fixes the expected shape count), one warm-up run, then N measured runs, interleaved between the
apps so that a busy machine slows all alike. Each run is a fresh browser context (empty HTTP
cache, a new Streamlit session): load the page, pick "Vitality partnership" in the "Partnership"
multiselect, then pan the map. The floor shows what no st_folium page can beat on this machine:
when 0.8 x naive is below the floor's load time, the load target cannot be met by any app.

How each figure is measured (times in the browser, not around Playwright calls; the script run
on the server):

- An init script in the page watches the st_folium iframe (same origin) as soon as its
  document exists: a MutationObserver counts the data shapes (`path.leaflet-interactive`:
  Leaflet's SVG polygons and circle markers; the grey context of our app is non-interactive
  and not counted) and stamps every change of the count with the time of the next animation
  frame, on the clock performance.timeOrigin + performance.now() (shared by page and iframe).
- load: from the page's navigation start (its performance.timeOrigin) to the first shape drawn,
  and to the expected count drawn (the count the cold first page settled on). For diagnosis:
  when the websocket message with the map's arguments arrived, and the session's first script
  run (server).
- filter: from the pointerdown on the option to the expected count for the filter drawn (in the
  same iframe or, for a remounted map, in the new one).
- script run: the server's own time for the script run of the filter (bench/serve.py wraps the
  function Streamlit's script runner executes the script with; warm caches, as the warm-up ran
  first). For comparison, the same run seen in the browser: from the websocket message
  `newSession` to `scriptFinished` as they arrive in the page, which adds sending the deltas and
  the page's own work. Also: the rerun round trip, pointerdown to the script state "notRunning".
- bytes: HTTP response bodies as received (Playwright's request.sizes()["responseBodySize"],
  gzip as sent), of every frame, plus the websocket messages the page received (payload
  lengths, counted in the page; websocket compression is off in Streamlit by default). "map
  component" is the HTTP traffic of the st_folium iframe plus the websocket messages that carry
  the component's arguments (those containing "streamlit_folium"). Its "data" is what is not
  code: the arguments and the files the map fetches (our geometry store), without the .js, .css,
  .html and icon files (st_folium's bundle, Leaflet), which are the same for every app; "args"
  is the websocket part alone. Load = until the page has drawn and is idle; filter = from the
  pick until it has drawn the new layers and is idle.
- memory: resident set size (VmRSS from /proc) of the server process and its children, after
  the first session has drawn, and after 10 sessions (pages) are open and have all drawn.
- remount: a mark is set in the map iframe's window before the pick; the map was remounted when
  the mark is gone afterwards or the iframe element left the page.
- pan: whether dragging the map starts a script run (informational).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.browser import APP_READY, CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server, streamlit_server
from tests.conftest import ROOT
from tests.load_client import descendants, memory_kb

DEFAULT_BOUNDARIES = ROOT.parent / "shared" / "reference" / "boundaries" / "nls-municipalities-2023.geojson"
# Our app reads population figures from here (never from the network during a run); "off" without.
DEFAULT_POPULATION = ROOT.parent / "shared" / "facts" / "population-2024.csv"
DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"
APPS = {"ours": ROOT / "app.py", "naive": ROOT / "bench" / "naive_app.py", "floor": ROOT / "bench" / "floor_app.py"}
VIEWPORT = {"width": 1600, "height": 1100}
FILTER_LABEL, FILTER_TYPED, FILTER_OPTION = "Partnership", "Vitality", "Vitality partnership"
NEW_SESSION, SCRIPT_FINISHED = 4, 6  # ForwardMsg field numbers (streamlit/proto/ForwardMsg.proto)

# Runs in the page before its own scripts (Playwright add_init_script; it returns at once in iframes).
INIT_SCRIPT = r"""
(() => {
  if (window.top !== window || window.__bench) return;
  const now = () => performance.timeOrigin + performance.now();
  const bench = window.__bench = {origin: performance.timeOrigin, shapes: [], states: [], downs: [], ws: []};
  // The map iframe is watched from the page: Playwright's init scripts do not run again when a
  // component iframe goes from about:blank to its document. Same-origin iframes share the
  // page's event loop, so this check runs before Leaflet can draw (that needs the arguments,
  // which the page posts to the iframe only after the iframe has loaded and said it is ready).
  const watched = new Map();
  let maps = 0;
  const iframes = document.getElementsByTagName('iframe');
  setInterval(() => {
    for (const iframe of iframes) {
      let doc = null;
      try { doc = iframe.contentDocument; } catch (error) { continue; }
      const href = String(doc && doc.location && doc.location.href);
      if (!doc || watched.get(iframe) === doc || !href.includes('st_folium')) continue;
      watched.set(iframe, doc);
      const view = iframe.contentWindow, map = ++maps;
      let last = -1;
      const observe = () => {
        const n = doc.querySelectorAll('path.leaflet-interactive').length;
        if (n === last) return;
        last = n;
        const entry = [now(), n, map];
        bench.shapes.push(entry);
        view.requestAnimationFrame(() => { entry[0] = now(); });  // drawn: the frame that paints it
      };
      new MutationObserver(observe).observe(doc, {childList: true, subtree: true});
      observe();
    }
  }, 2);
  let state = null;
  const observeState = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const current = app && app.getAttribute('data-test-script-state');
    if (current !== state) { state = current; bench.states.push([now(), current]); }
  };
  new MutationObserver(observeState).observe(document, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['data-test-script-state']});
  document.addEventListener('pointerdown', () => bench.downs.push(now()), true);
  // Top-level protobuf field numbers of a ForwardMsg (hash, metadata, then the message type).
  const fields = (bytes) => {
    const out = [];
    let i = 0;
    const varint = () => { let v = 0, s = 1, b; do { b = bytes[i++]; v += (b & 127) * s; s *= 128; }
                           while (b & 128 && i < bytes.length); return v; };
    while (i < bytes.length && out.length < 8) {
      const tag = varint(), type = tag % 8;
      out.push(Math.floor(tag / 8));
      if (type === 0) varint(); else if (type === 2) { const length = varint(); i += length; }
      else if (type === 1) i += 8; else if (type === 5) i += 4; else break;
    }
    return out;
  };
  const record = (entry, data) => {
    const bytes = new Uint8Array(data);
    entry[1] = bytes.length;
    entry[2] = fields(bytes);
    entry[3] = new TextDecoder('latin1').decode(bytes).includes('streamlit_folium');
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const entry = [now(), 0, [], false];
        bench.ws.push(entry);
        if (typeof event.data === 'string') { entry[1] = new TextEncoder().encode(event.data).length; }
        else if (event.data instanceof ArrayBuffer) { record(entry, event.data); }
        else { event.data.arrayBuffer().then((data) => record(entry, data)); }
      });
    }
  };
})();
"""
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


def server_script_ms(times: Path, after: float) -> float | None:
    """Server-side duration of the first script run that started after `after` (epoch ms), from
    the lines bench.serve writes (the page's clock is the same machine's clock)."""
    if not times.exists():
        return None
    runs = [json.loads(line) for line in times.read_text().splitlines() if line.strip()]
    return next((run["ms"] for run in sorted(runs, key=lambda run: run["start"]) if run["start"] >= after), None)


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
    context.add_init_script(INIT_SCRIPT)
    try:
        page = new_page(context)
        traffic = Traffic(page)
        page.goto(server.url, wait_until="commit")
        expected.load = wait_shapes(page, expected.load, deadline)
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
        loaded = {
            "load_first_ms": first - origin,
            "load_all_ms": drawn - origin,
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
        args_at = next((m[0] for m in messages if m[3]), None)
        loaded["load_args_ms"] = None if args_at is None else args_at - origin

        # Filter: pick the option as a person would; the clock starts at its pointerdown.
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

        # Pan: drag the map; does it start a script run?
        panned = now_ms(page)
        if pan:
            area = page.locator(MAP_FRAME).bounding_box()
            x, y = area["x"] + area["width"] * 0.5, area["y"] + area["height"] * 0.6
            page.mouse.move(x, y)
            page.mouse.down()
            page.mouse.move(x + 120, y + 60, steps=8)
            page.mouse.up()
            time.sleep(1.0)  # a rerun would start within this (st_folium reports the move at once)
            wait_idle(page, deadline)

        bench = page.evaluate("() => window.__bench")
        messages, states = bench["ws"], bench["states"]
        http_filter, http_filter_map, http_filter_data = traffic.http_bytes(loaded_requests, filtered_requests)
        ws_filter, ws_filter_map = ws_bytes(messages, picked, filtered_at)
        return {
            **loaded,
            "filter_ms": filtered - picked,
            "script_run_ms": server_script_ms(times, picked),
            "script_run_browser_ms": script_run_ms(messages, picked),
            "round_trip_ms": round_trip_ms(states, picked),
            "filter_page_kb": (http_filter + ws_filter) / 1024,
            "filter_map_kb": (http_filter_map + ws_filter_map) / 1024,
            "filter_map_data_kb": (http_filter_data + ws_filter_map) / 1024,
            "remounted": not kept,
            "pan_reruns": any(t > panned and s == "running" for t, s in states) if pan else None,
        }
    finally:
        context.close()


def measure_memory(browser, server: Server, sessions: list[int], expected: Expected, limit: float) -> dict[int, float]:
    """RSS with 1 open session (the server's first: this is also its cold start), then with more
    sessions open, each page having drawn its map."""
    deadline = time.monotonic() + limit
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(INIT_SCRIPT)
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


# ----------------------------------------------------------------------------- figures and table

# name: (label in the table, unit, format)
METRICS = {
    "load_first_ms": ("load: first shape", "ms", "{:.0f}"),
    "load_all_ms": ("load: all shapes", "ms", "{:.0f}"),
    "load_args_ms": ("  (map args received)", "ms", "{:.0f}"),
    "load_script_ms": ("  (session's first script run, server)", "ms", "{:.0f}"),
    "filter_ms": ("filter: new layers drawn", "ms", "{:.0f}"),
    "script_run_ms": ("script run per rerun (server)", "ms", "{:.1f}"),
    "script_run_browser_ms": ("  (same, seen in the browser)", "ms", "{:.0f}"),
    "round_trip_ms": ("rerun round trip (pick to idle)", "ms", "{:.0f}"),
    "page_kb": ("bytes at load: page total", "KB", "{:.0f}"),
    "map_kb": ("bytes at load: map component", "KB", "{:.0f}"),
    "map_data_kb": ("  of which data (args + data files)", "KB", "{:.0f}"),
    "map_args_kb": ("  of which args (websocket)", "KB", "{:.0f}"),
    "filter_page_kb": ("bytes on filter: page total", "KB", "{:.0f}"),
    "filter_map_kb": ("bytes on filter: map component", "KB", "{:.0f}"),
    "filter_map_data_kb": ("  of which data", "KB", "{:.0f}"),
    "rss_1_mb": ("server RSS, 1 session", "MB", "{:.0f}"),
    "rss_many_mb": ("server RSS, {sessions} sessions", "MB", "{:.0f}"),
}
FLAGS = {"remounted": "filter remounts the map", "pan_reruns": "panning reruns the script"}


def summarise(samples: list[float | None]) -> dict:
    values = sorted(v for v in samples if v is not None)
    if not values:
        return {"median": None, "min": None, "max": None, "n": 0, "samples": samples}
    return {
        "median": statistics.median(values),
        "min": values[0],
        "max": values[-1],
        "n": len(values),
        "samples": samples,
    }


def ratio(ours: float | None, naive: float | None) -> float | None:
    return None if ours is None or not naive else ours / naive


def evaluate_targets(apps: dict) -> list[dict]:
    def median(app: str, metric: str) -> float | None:
        return apps[app]["metrics"][metric]["median"]

    def check(name: str, value: str, met: bool | None) -> dict:
        return {"target": name, "value": value, "met": met}

    def both(metric: str) -> tuple[float | None, float | None, float | None]:
        ours, naive = median("ours", metric), median("naive", metric)
        return ours, naive, ratio(ours, naive)

    def fmt(number: float | None, pattern: str = "{:.2f}") -> str:
        return "n/a" if number is None else pattern.format(number)

    targets = []
    _, naive_load, load = both("load_first_ms")
    floor = ratio(median("floor", "load_first_ms"), naive_load)
    targets.append(
        check(
            "load to first shape: ours/naive <= 0.8",
            f"{fmt(load)} (the one-circle floor page: {fmt(floor)})",
            None if load is None else load <= 0.8,
        )
    )
    ours_filter, naive_filter, filter_ratio = both("filter_ms")
    floor_filter = ratio(median("floor", "filter_ms"), naive_filter)
    met = None if filter_ratio is None else filter_ratio <= 0.3 and ours_filter < 500
    targets.append(
        check(
            "filter: ours/naive <= 0.3 and ours < 500 ms",
            f"{fmt(filter_ratio)}, {fmt(ours_filter, '{:.0f}')} ms (the floor page: {fmt(floor_filter)})",
            met,
        )
    )
    _, _, map_bytes = both("map_kb")
    code = ratio(median("floor", "map_kb"), median("naive", "map_kb"))
    targets.append(
        check(
            "map-component bytes at load, with its code: ours/naive <= 0.25",
            f"{fmt(map_bytes)} (its code alone, as the floor page loads it: {fmt(code)})",
            None if map_bytes is None else map_bytes <= 0.25,
        )
    )
    _, _, data_bytes = both("map_data_kb")
    targets.append(
        check(
            "map-component data at load (args + data files, without the code all apps load): ours/naive <= 0.25",
            fmt(data_bytes),
            None if data_bytes is None else data_bytes <= 0.25,
        )
    )
    run = median("ours", "script_run_ms")
    targets.append(
        check(
            "ours script run per rerun (server), median < 50 ms",
            f"{fmt(run, '{:.1f}')} ms",
            None if run is None else run < 50,
        )
    )
    one, many = median("ours", "rss_1_mb"), median("ours", "rss_many_mb")
    sessions = apps["ours"]["sessions"]
    growth = ratio(many, one)
    targets.append(
        check(
            f"ours RSS with {sessions if sessions > 1 else 'more'} sessions <= 1.5 x with 1",
            f"x {fmt(growth)}" if sessions > 1 else "n/a (one session count only)",
            None if growth is None or sessions <= 1 else growth <= 1.5,
        )
    )
    ours_remounts, naive_remounts = apps["ours"]["flags"]["remounted"], apps["naive"]["flags"]["remounted"]
    targets.append(
        check(
            "filter: ours keeps the map, naive remounts",
            f"ours {'remounts' if ours_remounts else 'keeps'}, naive {'remounts' if naive_remounts else 'keeps'}",
            None if ours_remounts is None or naive_remounts is None else not ours_remounts and naive_remounts,
        )
    )
    return targets


def render_table(result: dict) -> str:
    apps, sessions = result["apps"], result["apps"]["ours"]["sessions"]

    def cell(summary: dict, pattern: str) -> str:
        if summary["median"] is None:
            return "n/a"
        text = pattern.format(summary["median"])
        if summary["n"] > 1:
            text += f" [{pattern.format(summary['min'])}-{pattern.format(summary['max'])}]"
        return text

    rows = [("metric (median [min-max])", "ours", "naive", "ours/naive", "floor")]
    for name, (label, unit, pattern) in METRICS.items():
        ours, naive, floor = (apps[app]["metrics"][name] for app in ("ours", "naive", "floor"))
        share = ratio(ours["median"], naive["median"])
        rows.append(
            (
                f"{label.format(sessions=sessions if sessions > 1 else 'more')} ({unit})",
                cell(ours, pattern),
                cell(naive, pattern),
                "n/a" if share is None else f"{share:.2f}",
                "" if floor["median"] is None else cell(floor, pattern),
            )
        )
    for name, label in FLAGS.items():
        rows.append((label, *(apps[app]["flag_text"][name] for app in ("ours", "naive")), "", ""))
    expected = [apps[app]["expected_text"] for app in ("ours", "naive", "floor")]
    rows.append(("expected shapes: load / filter", expected[0], expected[1], "", expected[2]))
    widths = [max(len(row[column]) for row in rows) for column in range(5)]
    line = "  ".join("-" * width for width in widths)
    out = [line]
    for index, row in enumerate(rows):
        out.append("  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            out.append(line)
    out.append(line)
    out.append("targets:")
    for target in result["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[target["met"]]
        out.append(f"  [{verdict}] {target['target']}: {target['value']}")
    return "\n".join(out)


# ----------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="measured runs per app (default 5; smoke 2)")
    parser.add_argument("--smoke", action="store_true", help="2 runs, memory with 1 session only: a quick check")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results ({DEFAULT_JSON})")
    parser.add_argument("--boundaries", type=Path, default=DEFAULT_BOUNDARIES, help="boundaries GeoJSON for both apps")
    parser.add_argument("--sessions", type=int, default=None, help="sessions for the memory reading (default 10)")
    parser.add_argument("--budget", type=float, default=None, help="seconds; no run starts after (840; smoke 150)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    runs = args.runs or (2 if args.smoke else 5)
    sessions = args.sessions or (1 if args.smoke else 10)
    budget = args.budget or (150.0 if args.smoke else 840.0)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    if not CHROMIUM.exists():
        raise SystemExit(f"Debian's chromium is needed at {CHROMIUM}")
    if not args.boundaries.exists():
        raise SystemExit(f"boundaries file not found: {args.boundaries}")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    samples: dict[str, list[dict]] = {name: [] for name in APPS}
    memory: dict[str, dict[int, float]] = {}
    expected = {name: Expected() for name in APPS}
    notes: list[str] = []
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="finmap-bench-")))
        servers, logs = {}, {}
        times = {name: workdir / f"{name}-script-runs.jsonl" for name in APPS}
        for name, script in APPS.items():  # both start at once; they idle while the other is measured
            env = {
                "FINMAP_BOUNDARIES": str(args.boundaries.resolve()),
                "FINMAP_CACHE_DIR": str(workdir / f"cache-{name}"),
                "FINMAP_LANG": "en",
                "FINMAP_POPULATION": str(DEFAULT_POPULATION) if DEFAULT_POPULATION.is_file() else "off",
            }
            env["FINMAP_BENCH_SCRIPT_TIMES"] = str(times[name])
            logs[name] = workdir / f"{name}.log"
            servers[name] = stack.enter_context(
                streamlit_server(env, timeout=90, script=script, log=logs[name], launcher="bench.serve")
            )
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        stack.callback(browser.close)
        name, phase = "", ""
        try:
            for name, server in servers.items():
                phase = "memory"
                counts = [1] if name == "floor" else sorted({1, sessions})
                memory[name] = measure_memory(browser, server, counts, expected[name], limit=360)
                phase = "warm-up"  # also fixes the filter's shape count
                measure_run(browser, server, expected[name], 90, times[name], pan=False)
            for index in range(runs):
                if index >= 1 and time.monotonic() - started > budget:
                    notes.append(f"time budget of {budget:.0f} s reached after {index} runs")
                    break
                phase = f"run {index + 1}"
                for name, server in servers.items():
                    run = measure_run(browser, server, expected[name], 90, times[name])
                    samples[name].append(run)
        except (BenchError, PlaywrightError) as error:
            print(f"--- {name} server log, without the access log ---", file=sys.stderr)
            print(server_messages(logs[name]), file=sys.stderr)
            raise SystemExit(f"benchmark failed: {name}, {phase}: {error}") from error

    apps = {}
    for name in APPS:
        metrics = {metric: summarise([run.get(metric) for run in samples[name]]) for metric in METRICS}
        metrics["rss_1_mb"] = summarise([memory[name].get(1)])
        metrics["rss_many_mb"] = summarise([memory[name].get(sessions) if sessions > 1 else None])
        flags = {flag: [run[flag] for run in samples[name] if flag in run] for flag in FLAGS}
        apps[name] = {
            "metrics": {metric: {"unit": METRICS[metric][1], **metrics[metric]} for metric in METRICS},
            "flags": {flag: any(values) if values else None for flag, values in flags.items()},
            "flag_samples": flags,
            "largest_responses_kb": samples[name][-1]["largest_responses_kb"],  # at load, last run
            "flag_text": {
                flag: f"{'yes' if any(values) else 'no'} ({sum(values)}/{len(values)} runs)" if values else ""
                for flag, values in flags.items()
            },
            "expected_shapes": {"load": expected[name].load, "filter": expected[name].filter},
            "expected_text": f"{expected[name].load} / {expected[name].filter}",
            "sessions": sessions,
            "rss_mb": {str(count): value for count, value in memory[name].items()},
            "server_command": f"python -m bench.serve run {APPS[name].relative_to(ROOT)}",
        }
    result = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": len(samples["ours"]),
        "smoke": args.smoke,
        "boundaries": str(args.boundaries),
        "filter_option": FILTER_OPTION,
        "machine": {
            "cpus": os.cpu_count(),
            "load_average_start_end": [load_before, os.getloadavg()[0]],
            "python": platform.python_version(),
            "chromium": str(CHROMIUM),
        },
        "method": __doc__,
        "notes": notes,
        "apps": apps,
        "ratios": {
            metric: ratio(apps["ours"]["metrics"][metric]["median"], apps["naive"]["metrics"][metric]["median"])
            for metric in METRICS
        },
        "seconds": round(time.monotonic() - started, 1),
    }
    result["targets"] = evaluate_targets(apps)
    result["table"] = render_table(result)
    print(result["table"])
    for note in notes:
        print(f"note: {note}")
    print(
        f"({result['runs']} runs per app after one warm-up, {result['seconds']} s, load average "
        f"{load_before:.1f} -> {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; written to {args.json})"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
