"""The benchmark harness (bench/run.py) runs end to end in smoke mode and reports every figure.

No timing is asserted: a benchmark measures, it does not pass or fail on speed. This only makes
sure the harness still works against the current app (both apps start, draw, filter, and every
metric gets a number), so it does not rot between the times someone reads its table. It runs
as `make bench` does, a command of its own: the harness drives its own Chromium, which cannot
share a test worker's process with the browser tests' one."""

from __future__ import annotations

import json
import numbers
import subprocess
import sys

import pytest

from bench import run
from tests.helpers.paths import REFERENCE_MUNICIPALITIES, ROOT, require
from tests.helpers.servers import require_chromium


# Four apps served and loaded in turn, mostly waiting for pages to settle: run after the other
# tests, by itself (on a worker it ends up last, and the run waits for it alone).
@pytest.mark.alone
def test_smoke_benchmark_reports_every_metric_for_every_app(tmp_path):
    require_chromium()
    boundaries = require(REFERENCE_MUNICIPALITIES)
    output = tmp_path / "bench.json"

    command = ["--smoke", "--runs", "1", "--json", str(output), "--boundaries", str(boundaries)]
    ran = subprocess.run(
        [sys.executable, "-m", "bench.run", *command], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert ran.returncode == 0, ran.stderr[-2000:]

    written = json.loads(output.read_text(encoding="utf-8"))
    assert written["smoke"] is True and written["runs"] >= 1
    assert set(written["apps"]) == {"ours", "naive", "floor", "ours-detailed"}  # smoke: naive not on the detailed file
    for name, app in written["apps"].items():
        for metric in run.METRICS:
            median = app["metrics"][metric]["median"]
            # Smoke mode reads memory with one session only; the round trip is a diagnostic read
            # from the page's script-state changes, which a loaded machine sometimes does not show
            # for a quick rerun (the filter's own figures above it are required).
            if metric in ("rss_many_mb", "round_trip_ms"):
                assert median is None or isinstance(median, numbers.Real), (name, metric)
                continue
            assert isinstance(median, numbers.Real), (name, metric, median)
        assert set(app["flags"]) == set(run.FLAGS)
        assert all(isinstance(value, bool) for value in app["flags"].values())
        assert app["expected_shapes"]["load"] > 0 and app["expected_shapes"]["filter"] > 0
    # The naive app draws the same page as ours: every municipality (interactive, explore()'s
    # default) under the membership shapes that ours draws, before and after the filter.
    municipalities = len(json.loads(boundaries.read_text(encoding="utf-8"))["features"])
    ours, naive = written["apps"]["ours"]["expected_shapes"], written["apps"]["naive"]["expected_shapes"]
    assert naive["load"] == ours["load"] + municipalities
    assert naive["filter"] == ours["filter"] + municipalities
    # The detailed file: at least 10x the vertices, made and timed in this run; ours keeps as
    # many vertices after simplifying as on the normal file.
    detailed = written["detailed"]
    assert detailed["vertices_factor"] >= 10
    once = detailed["simplification"]
    assert once["detailed"]["file_mb"] > 5 * once["normal"]["file_mb"]
    assert once["detailed"]["vertices_simplified"] <= 1.02 * once["normal"]["vertices_simplified"]
    assert "detailed boundaries" in written["table"]
    assert len(written["targets"]) == 15  # 11, and Lighthouse's 4 (not measured in a smoke run)
    assert written["lighthouse"] is None  # a smoke run leaves Lighthouse out
    lighthouse_targets = [target for target in written["targets"] if "Lighthouse" in target["target"]]
    assert len(lighthouse_targets) == 4 and {target["met"] for target in lighthouse_targets} == {None}
    assert written["spike"] is None  # a smoke run leaves the spike to tests/load/test_spike.py
    spike_targets = [target for target in written["targets"] if target["target"].startswith("briefing-room spike")]
    assert [target["met"] for target in spike_targets] == [None, None]
    assert all(target["met"] in (True, False, None) for target in written["targets"])
    printed = ran.stdout
    assert written["table"] in printed
    for label, _unit, _format in run.METRICS.values():
        assert label.split("{")[0].strip() in printed


def spike_figures(
    p95: float,
    errors: int = 0,
    replicated_p95: float | None = None,
    arrivals_p95: float | None = None,
    floor_p95: float | None = None,
) -> dict:
    one = {
        "sessions": 100, "window_s": 10.0, "errors": errors, "wrong_views": 0, "map_p50_s": 0.5, "map_p95_s": p95,
        "first_run_p95_s": p95, "whole_page_p95_s": 2 * p95, "filter_p95_s": 1.5, "cpu_ms_per_session": 200.0,
        "rss_mb": 300.0, "client_cpu_ms_per_session": 20.0, "served_by": {"": 100},
    }  # fmt: skip
    replicated = None if replicated_p95 is None else {"replicas": 2, "spike": {**one, "map_p95_s": replicated_p95}}
    arrivals = None if arrivals_p95 is None else {**one, "map_p95_s": arrivals_p95, "filter_p95_s": None}
    return {
        "spike": one,
        "arrivals": arrivals,
        "capacity": {"viewers_per_process": 120, "window_s": 10.0},
        "replicated": replicated,
        "floor_controls": None if floor_p95 is None else {**one, "map_p95_s": floor_p95, "wrong_views": 500},
    }


def test_the_spike_target_reads_one_process_and_reports_the_replicas():
    from bench.report import spike_table
    from bench.targets import TARGETS, Figures

    (target,) = [t for t in TARGETS if t.name.startswith("briefing-room spike") and "arrivals only" not in t.name]
    fast, slow, failing = (
        Figures({"ours": {"sessions": 10}}, spike_figures(*a)) for a in ((1.6, 0, 2.3), (2.5,), (1.0, 3))
    )
    assert target.met(target.value(fast), fast) is True
    assert target.met(target.value(slow), slow) is False
    assert target.met(target.value(failing), failing) is False  # errors fail it, however fast
    not_run = Figures({"ours": {"sessions": 10}})
    assert target.value(not_run) is None  # not run: "not measured"
    assert target.shown(None, not_run).startswith("not run")
    assert target.shown(target.value(fast), fast) == (
        "p95 1.60 s (p50 0.50 s), 0 errors, 0 wrong views; 2 processes behind nginx: p95 2.30 s"
    )
    table = "\n".join(spike_table(spike_figures(1.6, 0, 2.3)))
    assert "one process" in table and "2 processes behind nginx" in table
    assert "capacity: 120 viewers arriving within 10 s per process" in table
    assert "not run (nginx is not installed)" in "\n".join(spike_table(spike_figures(1.6)))
    assert spike_table(None) == []


def test_the_arrivals_only_spike_is_a_target_and_a_row_of_its_own():
    from bench.report import spike_table
    from bench.targets import TARGETS, Figures

    (target,) = [t for t in TARGETS if "arrivals only" in t.name]
    quick_arrivals = Figures({"ours": {"sessions": 10}}, spike_figures(4.2, arrivals_p95=0.21))
    slow_arrivals = Figures({"ours": {"sessions": 10}}, spike_figures(1.0, arrivals_p95=2.4))
    assert target.met(target.value(quick_arrivals), quick_arrivals) is True  # whatever the changes' spike
    assert target.met(target.value(slow_arrivals), slow_arrivals) is False
    assert target.shown(target.value(quick_arrivals), quick_arrivals) == (
        "p95 0.21 s (p50 0.50 s), 0 errors, 0 wrong views"
    )
    assert target.value(Figures({"ours": {"sessions": 10}}, spike_figures(1.0))) is None  # not run
    rows = spike_table(spike_figures(4.2, arrivals_p95=0.21))
    (arrivals_row,) = [row for row in rows if "arrivals only" in row and "0.21 s" in row]
    assert " n/a " in arrivals_row  # no filter changes, no filter latency
    assert not any("arrivals only" in row for row in spike_table(spike_figures(4.2))[1:])  # not run, no row


def test_the_floor_page_with_the_views_controls_is_the_spikes_reference():
    from bench.report import spike_table
    from bench.targets import TARGETS, Figures

    (target,) = [t for t in TARGETS if t.name.startswith("briefing-room spike") and "arrivals only" not in t.name]
    figures = Figures({"ours": {"sessions": 10}}, spike_figures(4.2, 0, 1.6, floor_p95=3.0))
    assert target.met(target.value(figures), figures) is False  # the reference is reported, never judged
    assert target.shown(target.value(figures), figures).endswith(
        "2 processes behind nginx: p95 1.60 s; the floor page with the view's controls: p95 3.00 s"
    )
    (row,) = [row for row in spike_table(spike_figures(4.2, floor_p95=3.0)) if "view's controls" in row]
    assert "3.00 s" in row and row.split()[-1] == "n/a"  # it draws no municipality: no wrong views to count
