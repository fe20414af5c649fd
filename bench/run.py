"""Benchmark: our app (server.py, as `make run` serves app.py) against the naive yardstick
(bench/naive_app.py), with the floor
(bench/floor_app.py: one circle, one multiselect) beside them, in Debian's Chromium with no host
but 127.0.0.1 reachable.

    .venv/bin/python -m bench.run [--runs N] [--smoke] [--json PATH] [--boundaries FILE] [--no-spike]

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

- An init script in the page (bench/probe.js) watches the st_folium iframe (same origin) as soon as its
  document exists: a MutationObserver counts the data shapes (`path.leaflet-interactive`:
  Leaflet's SVG polygons and circle markers; the grey context of our app is non-interactive
  and not counted) and stamps every change of the count with the time of the next animation
  frame, on the clock performance.timeOrigin + performance.now() (shared by page and iframe).
- load: from the page's navigation start (its performance.timeOrigin) to the first shape drawn,
  and to the expected count drawn (the count the cold first page settled on). For diagnosis:
  when the websocket message with the map's arguments arrived, and the session's first script
  run (server). "filters usable": the first moment the Partnership multiselect is on the page
  and enabled (every app has it; the target compares ours with the floor page's first shape).
- filter: from the pointerdown on the option to the expected count for the filter drawn (in the
  same iframe or, for a remounted map, in the new one).
- script run: the server's own time for a script run (bench/serve.py wraps the function
  Streamlit's script runner executes the script with; warm caches, as the warm-up ran first):
  after the browser runs, 10 filter reruns in a row over Streamlit's websocket (the option on,
  then off), with no browser drawing on the same cores (single readings beside the browser
  varied 3 x); the browser's own filter run is shown under it, and the same run seen in the
  browser: from the websocket message `newSession` to `scriptFinished` as they arrive in the
  page, which adds sending the deltas and the page's own work. Also: the rerun round trip,
  pointerdown to the script state "notRunning".
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
- detailed boundaries: ours and naive run a second time ("ours-detailed", "naive-detailed") on a
  file made at bench time from the boundaries file, every edge segmentized to at least 10x the
  vertices (harness/detailed.py; never stored; a smoke run: ours only). Their cold start is the first page of the memory
  phase, so the measured runs are after the first (cached) load. The one-off simplification is
  timed apart, in this process: load_boundaries on an empty cache, then again from the cache.
- Lighthouse (after the spike; `--no-lighthouse` skips it, a smoke run too): npm's lighthouse
  on ours and the floor page, mobile and desktop presets, served directly and through nginx
  (bench/lighthouse.py): performance score, first and largest contentful paint, layout shift,
  blocking time, bytes transferred.
- briefing-room spike (after the browser runs; `--no-spike` skips it, a smoke run too): 100
  sessions over Streamlit's own websocket protocol open `?partnership=mal&lang=fi` within 10 s,
  then change the partnership filter 5 times each, on one app process; the same arrivals
  without the changes; the spike again through nginx in front of two processes
  (deploy/serve.py); how many viewers one process serves at p95 <= 1 s; and the spike on the
  floor page with the view's controls (bench/floor_controls_app.py), for reference (bench/spike.py).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench import pack
from bench.lighthouse import lighthouse_phase
from bench.lighthouse import table as lighthouse_table
from bench.measure import FILTER_OPTION, measure_apps
from bench.report import FLAGS, METRICS, render_table, summarise_app
from bench.spike import briefing_room
from bench.targets import evaluate as evaluate_targets
from bench.targets import ratio
from components.data.boundaries import load_boundaries
from harness import ROOT
from harness.browser import CHROMIUM
from harness.detailed import densified_boundaries, vertex_count

__all__ = ["FLAGS", "METRICS", "main"]

DEFAULT_BOUNDARIES = ROOT.parent / "shared" / "reference" / "boundaries" / "nls-municipalities-2023.geojson"
# Our app reads population figures from here (never from the network during a run); "off" without.
DEFAULT_POPULATION = ROOT.parent / "shared" / "facts" / "population-2024.csv"
DEFAULT_JSON = ROOT / "bench" / "results" / "latest.json"
APPS = {"ours": ROOT / "server.py", "naive": ROOT / "bench" / "naive_app.py", "floor": ROOT / "bench" / "floor_app.py"}
DETAILED_APPS = {"ours-detailed": APPS["ours"], "naive-detailed": APPS["naive"]}  # on the detailed file


def bench_env(boundaries: Path = DEFAULT_BOUNDARIES) -> dict[str, str]:
    """The apps' settings: the boundaries file, English, the population file (never the network)."""
    return {
        "FINMAP_BOUNDARIES": str(boundaries.resolve()),
        "FINMAP_LANG": "en",
        "FINMAP_POPULATION": str(DEFAULT_POPULATION) if DEFAULT_POPULATION.is_file() else "off",
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="measured runs per app (default 5; smoke 2)")
    parser.add_argument("--smoke", action="store_true", help="2 runs, memory with 1 session only: a quick check")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results ({DEFAULT_JSON})")
    parser.add_argument("--boundaries", type=Path, default=DEFAULT_BOUNDARIES, help="boundaries GeoJSON for both apps")
    parser.add_argument("--sessions", type=int, default=None, help="sessions for the memory reading (default 10)")
    parser.add_argument("--budget", type=float, default=None, help="seconds; no run starts after (1200; smoke 200)")
    parser.add_argument(
        "--spike",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run the briefing-room spike: one process, two behind nginx, capacity (default on; smoke off)",
    )
    parser.add_argument(
        "--lighthouse",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="also run Lighthouse on ours and the floor page, mobile and desktop, direct and through nginx"
        " (bench/lighthouse.py; default on; smoke off)",
    )
    parser.add_argument(
        "--detailed",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also run ours and naive on a 10x more detailed boundary file made at bench time (default on)",
    )
    return parser.parse_args(argv)


def simplification_times(files: dict[str, Path], workdir: Path) -> dict:
    """The one-off cost of a boundary file (read, check, simplify), then the same from the cache."""
    figures = {}
    for name, path in files.items():
        cache = workdir / f"simplify-cache-{name}"
        started = time.perf_counter()
        first = load_boundaries(str(path), cache_dir=cache)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        load_boundaries(str(path), cache_dir=cache)
        cached = time.perf_counter() - started
        figures[name] = {
            "cold_s": round(cold, 3),
            "cached_s": round(cached, 3),
            "file_mb": round(path.stat().st_size / 1e6, 2),
            "vertices_simplified": vertex_count(first.polygons) if first.polygons is not None else None,
        }
    return figures


def main(argv: list[str] | None = None) -> dict:
    args = parse_args(argv)
    runs = args.runs or (2 if args.smoke else 5)
    sessions = args.sessions or (1 if args.smoke else 10)
    budget = args.budget or (200.0 if args.smoke else 1200.0)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    if not CHROMIUM.exists():
        raise SystemExit(f"Debian's chromium is needed at {CHROMIUM}")
    if not args.boundaries.exists():
        raise SystemExit(f"boundaries file not found: {args.boundaries}")
    env = bench_env(args.boundaries)
    apps_to_run, env_by_app, detailed = dict(APPS), {}, None
    with tempfile.TemporaryDirectory(prefix="finmap-bench-detailed-") as scratch:
        workdir = Path(scratch)
        if args.detailed:
            path, factor = densified_boundaries(args.boundaries, workdir / "detailed.geojson")
            # A smoke run checks the path with ours alone: the naive app on it takes minutes.
            apps_to_run.update({name: app for name, app in DETAILED_APPS.items() if not args.smoke or "ours" in name})
            env_by_app = {name: {"FINMAP_BOUNDARIES": str(path)} for name in DETAILED_APPS}
            detailed = {
                "vertices_factor": round(factor, 1),
                "simplification": simplification_times({"normal": args.boundaries, "detailed": path}, workdir),
            }
        measured = measure_apps(
            apps_to_run, env, runs, sessions, budget, started, env_by_app, reruns=4 if args.smoke else 10
        )

    apps = {
        name: {
            **summarise_app(
                measured.samples[name],
                measured.memory[name],
                sessions,
                measured.expected[name],
                measured.reruns.get(name),
            ),
            "server_command": f"python -m bench.serve run {apps_to_run[name].relative_to(ROOT)}",
        }
        for name in apps_to_run
    }
    result = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": len(measured.samples["ours"]),
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
        "notes": measured.notes,
        "detailed": detailed,
        "apps": apps,
        "ratios": {
            metric: ratio(apps["ours"]["metrics"][metric]["median"], apps["naive"]["metrics"][metric]["median"])
            for metric in METRICS
        },
        "seconds": round(time.monotonic() - started, 1),
    }
    # After the browser runs, on the same quiet machine: the spike has the cores to itself.
    run_spike = (not args.smoke) if args.spike is None else args.spike
    result["spike"] = briefing_room() if run_spike else None
    run_lighthouse = (not args.smoke) if args.lighthouse is None else args.lighthouse
    result["lighthouse"] = lighthouse_phase(env) if run_lighthouse else None
    result["seconds"] = round(time.monotonic() - started, 1)
    result["targets"] = evaluate_targets(apps, result["spike"], result["lighthouse"])
    result["table"] = render_table(result)
    print(result["table"])
    if not args.smoke:  # the briefing pack's worst input, in a process of its own (bench/pack.py)
        result["pack"] = pack.pack_rows()
        print(pack.render(result["pack"]))

    if result["lighthouse"]:
        print(lighthouse_table(result["lighthouse"]))
    for note in measured.notes:
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
