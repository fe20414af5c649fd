"""A briefing-room spike: a presenter shares a link and many people open it within seconds.

    .venv/bin/python -m bench.spike [--sessions 100] [--window 10] [--changes 5] [--capacity]

One app process on 127.0.0.1 (the bench's boundaries and population, never the network). The
sessions speak Streamlit's own websocket protocol (tests/load_client.py): each opens the link
(`?partnership=mal&lang=fi`) at a random moment within the window, waits for its first run,
then makes `changes` filter changes one after another. Reported: errors, whether every session
got the link's municipalities, p50/p95 time to the map's arguments on arrival, p95 filter
latency, the server's CPU per new session and its resident memory. `--capacity` then finds how
many viewers arriving within the window one process serves at p95 <= 1 s (doubling, then
halving the step; bounded in rounds). `--replicas N` runs the same spike through nginx in front
of N processes (deploy/serve.py), as docs/deploying.md sets it up. `make bench` runs
briefing_room(): the spike on one process, its arrivals alone (no changes, as the spike was
first measured), the spike through nginx with two processes, the capacity, and the spike on
bench/floor_controls_app.py (the floor's map with the view's controls: the reference).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from components.data.memberships import load_dataset
from components.model.filters import FilterState, apply
from deploy.serve import Deployment, nginx_binary
from harness import ROOT
from harness.browser import free_port, streamlit_server
from harness.load_client import StreamlitSession, descendants, memory_kb, percentile

LINK = "partnership=mal&lang=fi"
CHANGES = ("strategic", "vitality", "growth-cities", "ecosystem", "mal")  # the partnership, one after another
RUN_TIMEOUT_S = 120.0
DEADLINE_S = 600.0  # the whole spike, however busy the machine
CAPACITY_TARGET_S = 1.0
CAPACITY_ROUNDS = 6
FLOOR_CONTROLS = ROOT / "bench" / "floor_controls_app.py"  # the floor's map, the view's controls
BOUNDARIES = ROOT.parent / "shared" / "reference" / "boundaries" / "nls-municipalities-2023.geojson"
POPULATION = ROOT.parent / "shared" / "facts" / "population-2024.csv"


@dataclass
class SpikeResult:
    sessions: int
    window_s: float
    errors: int
    wrong_views: int  # sessions whose map did not show the link's (or the change's) municipalities
    map_p50_s: float
    map_p95_s: float
    first_run_p95_s: float
    whole_page_p95_s: float  # the first run and then the rest the map asks for (components/page/first_run.py)
    filter_p95_s: float | None
    cpu_ms_per_session: float
    rss_mb: float  # all the serving processes together
    client_cpu_ms_per_session: float  # this load client's own CPU: it shares the machine's cores
    served_by: dict[str, int] = field(default_factory=dict)  # replica (as nginx names it) -> sessions


def server_env(cache: Path) -> dict[str, str]:
    return {
        "FINMAP_BOUNDARIES": str(BOUNDARIES) if BOUNDARIES.exists() else "off",
        "FINMAP_POPULATION": str(POPULATION) if POPULATION.exists() else "off",
        "FINMAP_CACHE_DIR": str(cache),
        "FINMAP_LANG": "fi",
    }


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes so far (Linux /proc, clock ticks)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def expected_codes(dataset, partnership: str) -> frozenset[str]:
    """The municipalities a session filtered to `partnership` must see on its map."""
    return frozenset(
        apply(dataset.memberships, FilterState(lang="fi", partnerships=(partnership,)))["municipality_code"]
    )


async def one_viewer(url: str, delay: float, changes: int, labels: dict[str, str], expected: dict) -> dict:
    await asyncio.sleep(delay)
    session = StreamlitSession(url, timeout=RUN_TIMEOUT_S)
    seen: dict = {"error": None, "wrong": 0, "map": None, "first": None, "whole": None, "filters": [], "by": ""}
    try:
        await session.connect()
        seen["by"] = session.served_by
        run = await session.run(query_string=LINK)
        seen["map"], seen["first"] = run.map_seconds, run.seconds
        seen["whole"] = run.seconds + (run.rest.seconds if run.rest else 0.0)
        seen["wrong"] += run.map_codes != expected["mal"] or bool(run.problems)
        for partnership in CHANGES[:changes]:
            run = await session.run({"partnerships": [labels[partnership]]})
            seen["filters"].append(run.map_seconds if run.map_seconds is not None else run.seconds)
            seen["wrong"] += run.map_codes != expected[partnership] or bool(run.problems)
    except Exception as error:  # a refused connection, a time-out: counted, never raised
        seen["error"] = f"{type(error).__name__}: {error}"
    finally:
        await session.close()
    return seen


async def all_viewers(url: str, sessions: int, window: float, changes: int, labels, expected, seed: int) -> list[dict]:
    randomly = random.Random(seed)
    async with asyncio.timeout(DEADLINE_S):
        return await asyncio.gather(
            *(one_viewer(url, randomly.uniform(0, window), changes, labels, expected) for _ in range(sessions))
        )


def spike(url: str, pids: Sequence[int], sessions: int, window: float, changes: int, seed: int = 1) -> SpikeResult:
    """`sessions` viewers arriving at random within `window` s at `url`, served by the processes
    `pids` (and their children), whose CPU and memory are read."""
    dataset = load_dataset(ROOT / "data")
    labels = {p.id: p.name("fi") for p in dataset.catalog.partnerships}
    expected = {partnership: expected_codes(dataset, partnership) for partnership in {*CHANGES, "mal"}}
    processes = [*pids, *(child for pid in pids for child in descendants(pid))]
    cpu_before = cpu_seconds(processes)
    client_before = time.process_time()
    seen = asyncio.run(all_viewers(url, sessions, window, changes, labels, expected, seed))
    cpu = cpu_seconds(processes) - cpu_before
    client_cpu = time.process_time() - client_before
    maps = [s["map"] for s in seen if s["map"] is not None] or [float("nan")]
    firsts = [s["first"] for s in seen if s["first"] is not None] or [float("nan")]
    wholes = [s["whole"] for s in seen if s["whole"] is not None] or [float("nan")]
    filters = [f for s in seen for f in s["filters"] if f is not None]
    return SpikeResult(
        sessions=sessions,
        window_s=window,
        errors=sum(s["error"] is not None for s in seen),
        wrong_views=sum(s["wrong"] for s in seen),
        map_p50_s=round(percentile(maps, 0.5), 3),
        map_p95_s=round(percentile(maps, 0.95), 3),
        first_run_p95_s=round(percentile(firsts, 0.95), 3),
        whole_page_p95_s=round(percentile(wholes, 0.95), 3),
        filter_p95_s=round(percentile(filters, 0.95), 3) if filters else None,
        cpu_ms_per_session=round(1000 * cpu / sessions, 1),
        rss_mb=round((memory_kb(processes) or 0) / 1024, 1),
        client_cpu_ms_per_session=round(1000 * client_cpu / sessions, 1),
        served_by=dict(Counter(s["by"] for s in seen if s["error"] is None)),
    )


def capacity(url: str, pids: Sequence[int], window: float) -> tuple[int, list[SpikeResult]]:
    """The most viewers arriving within `window` whose first map comes at p95 <= 1 s."""
    tried: list[SpikeResult] = []
    good, bad, sessions = 0, None, 10
    for round_ in range(CAPACITY_ROUNDS):
        result = spike(url, pids, sessions, window, changes=0, seed=100 + round_)
        tried.append(result)
        if result.errors == 0 and result.map_p95_s <= CAPACITY_TARGET_S:
            good = max(good, sessions)
            sessions = sessions * 2 if bad is None else (sessions + bad) // 2
        else:
            bad = sessions if bad is None else min(bad, sessions)
            sessions = (good + bad) // 2
        if bad is not None and bad - good <= max(2, good // 10):
            break
    return good, tried


def on_one_process(
    sessions: int,
    window: float,
    changes: int,
    with_capacity: bool = False,
    app: Path = ROOT / "server.py",
    with_arrivals: bool = False,
) -> dict:
    """The spike on one app process (after a cold start that fills the caches, not measured),
    and, if asked, the same viewers arriving without changes and the capacity."""
    import tempfile

    with tempfile.TemporaryDirectory() as cache, streamlit_server(server_env(Path(cache)), script=app) as server:
        spike(server.url, [server.pid], 1, 0.0, changes=0)
        report = {"spike": asdict(spike(server.url, [server.pid], sessions, window, changes))}
        if changes and with_arrivals:  # the spike as the issue first measured it: arrivals, no changes
            report["arrivals"] = asdict(spike(server.url, [server.pid], sessions, window, changes=0, seed=2))
        if with_capacity:
            viewers, tried = capacity(server.url, [server.pid], window)
            report["capacity"] = {
                "viewers_per_process": viewers,
                "window_s": window,
                "tried": [asdict(t) for t in tried],
            }
    return report


def behind_nginx(replicas: int, sessions: int, window: float, changes: int) -> dict | None:
    """The spike through nginx in front of `replicas` app processes (deploy/serve.py); None
    without nginx. Each process is warmed on its own port first, as one process is above."""
    import tempfile

    if nginx_binary() is None:
        return None
    with tempfile.TemporaryDirectory() as cache:
        ports = [free_port() for _ in range(replicas)]
        with Deployment(replicas=replicas, port=free_port(), ports=ports, env=server_env(Path(cache))) as deployed:
            pids = [process.pid for process in deployed.processes.values()]
            for port in ports:
                spike(f"http://127.0.0.1:{port}", pids, 1, 0.0, changes=0)
            result = spike(deployed.url, [*pids, deployed.nginx.pid], sessions, window, changes)
    return {"replicas": replicas, "spike": asdict(result)}


def briefing_room(sessions: int = 100, window: float = 10.0, changes: int = 5, replicas: int = 2) -> dict:
    """What `make bench` reports (bench/run.py): the spike with its filter changes on one
    process, the same arrivals without changes, the spike through nginx with `replicas`
    processes, one process's capacity, and the same spike on the floor page with the view's
    controls (the reference: what Streamlit alone spends on that many elements)."""
    one = on_one_process(sessions, window, changes, with_capacity=True, with_arrivals=True)
    floor = on_one_process(sessions, window, changes, app=FLOOR_CONTROLS)["spike"]
    return {**one, "replicated": behind_nginx(replicas, sessions, window, changes), "floor_controls": floor}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--window", type=float, default=10.0, help="seconds within which they arrive")
    parser.add_argument("--changes", type=int, default=5, help="filter changes per session (0 to 5)")
    parser.add_argument("--capacity", action="store_true", help="also find the viewers per process at p95 <= 1 s")
    parser.add_argument("--replicas", type=int, default=1, help="more than 1: app processes behind nginx")
    parser.add_argument("--app", type=Path, default=ROOT / "server.py")
    args = parser.parse_args(argv)
    changes = min(args.changes, len(CHANGES))
    if args.replicas > 1:
        report = behind_nginx(args.replicas, args.sessions, args.window, changes)
        if report is None:
            raise SystemExit("nginx is not installed (make serve installs Debian's nginx-light)")
        print(json.dumps(report["spike"]))
        return report
    report = on_one_process(args.sessions, args.window, changes, args.capacity, args.app)
    print(json.dumps(report["spike"]))
    if args.capacity:
        viewers = report["capacity"]["viewers_per_process"]
        print(f"capacity: {viewers} viewers arriving within {args.window:.0f} s, at p95 <= {CAPACITY_TARGET_S:.0f} s")
    return report


if __name__ == "__main__":
    main()
