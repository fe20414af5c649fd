"""Reporting: the figures of every app summarised over its runs (median, min, max), and the
side-by-side table with the targets' verdicts (bench/targets.py)."""

from __future__ import annotations

import statistics

from bench.targets import ratio

# name: (label in the table, unit, format)
METRICS = {
    "load_first_ms": ("load: first shape", "ms", "{:.0f}"),
    "load_all_ms": ("load: all shapes", "ms", "{:.0f}"),
    "load_args_ms": ("  (map args received)", "ms", "{:.0f}"),
    "load_usable_ms": ("load: filters usable", "ms", "{:.0f}"),
    "load_script_ms": ("  (session's first script run, server)", "ms", "{:.0f}"),
    "filter_ms": ("filter: new layers drawn", "ms", "{:.0f}"),
    "script_run_ms": ("script run per rerun (server, reruns in a row)", "ms", "{:.1f}"),
    "filter_script_ms": ("  (the browser's filter run, server)", "ms", "{:.1f}"),
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


def summarise_app(
    samples: list[dict], memory: dict[int, float], sessions: int, expected, reruns: list[float] | None = None
) -> dict:
    """One app's figures: every metric summarised over the runs, the flags, the expected shape
    counts and the memory readings; the script run per rerun over `reruns` (bench/measure.py:
    steady_script_runs)."""
    metrics = {metric: summarise([run.get(metric) for run in samples]) for metric in METRICS}
    metrics["script_run_ms"] = summarise(list(reruns or []))
    metrics["rss_1_mb"] = summarise([memory.get(1)])
    metrics["rss_many_mb"] = summarise([memory.get(sessions) if sessions > 1 else None])
    flags = {flag: [run[flag] for run in samples if flag in run] for flag in FLAGS}
    return {
        "metrics": {metric: {"unit": METRICS[metric][1], **metrics[metric]} for metric in METRICS},
        "flags": {flag: any(values) if values else None for flag, values in flags.items()},
        "flag_samples": flags,
        "largest_responses_kb": samples[-1]["largest_responses_kb"],  # at load, last run
        "flag_text": {
            flag: f"{'yes' if any(values) else 'no'} ({sum(values)}/{len(values)} runs)" if values else ""
            for flag, values in flags.items()
        },
        "expected_shapes": {"load": expected.load, "filter": expected.filter},
        "expected_text": f"{expected.load} / {expected.filter}",
        "sessions": sessions,
        "rss_mb": {str(count): value for count, value in memory.items()},
    }


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
    out.extend(_detailed_table(result))
    out.extend(spike_table(result.get("spike")))
    out.append("targets:")
    for target in result["targets"]:
        verdict = {True: "met", False: "NOT MET", None: "not measured"}[target["met"]]
        out.append(f"  [{verdict}] {target['target']}: {target['value']}")
    return "\n".join(out)


DETAILED_ROWS = ("load_first_ms", "load_all_ms", "map_data_kb", "page_kb", "script_run_ms", "filter_ms", "rss_1_mb")


def _detailed_table(result: dict) -> list[str]:
    """Ours and naive on the detailed boundary file beside the normal one, and the one-off cost."""
    detailed, apps = result.get("detailed"), result["apps"]
    if not detailed or "ours-detailed" not in apps:
        return []
    out = [f"detailed boundaries (every edge segmentized at bench time, {detailed['vertices_factor']}x the vertices):"]
    rows = [("metric (median)", "ours", "detailed", "x", "naive", "detailed", "x")]
    for name in DETAILED_ROWS:
        label, unit, pattern = METRICS[name]
        cells: list[str] = [f"{label.strip()} ({unit})"]
        for app in ("ours", "naive"):
            if f"{app}-detailed" not in apps:
                cells += ["", "not run", ""]
                continue
            normal, fine = (apps[key]["metrics"][name]["median"] for key in (app, f"{app}-detailed"))
            share = ratio(fine, normal)
            cells += [
                "n/a" if normal is None else pattern.format(normal),
                "n/a" if fine is None else pattern.format(fine),
                "n/a" if share is None else f"{share:.2f}",
            ]
        rows.append(tuple(cells))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        out.append("  " + "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip())
    once = detailed["simplification"]
    out.append(
        "  read + check + simplify, once per file: "
        + ", ".join(
            f"{name} {figures['file_mb']} MB in {figures['cold_s']:.2f} s (from the cache {figures['cached_s']:.2f} s,"
            f" {figures['vertices_simplified']} vertices kept)"
            for name, figures in once.items()
        )
    )
    return out


SPIKE_COLUMNS = (
    ("map p50", "map_p50_s", "{:.2f} s"),
    ("map p95", "map_p95_s", "{:.2f} s"),
    ("whole page p95", "whole_page_p95_s", "{:.2f} s"),
    ("filter p95", "filter_p95_s", "{:.2f} s"),
    ("server CPU/session", "cpu_ms_per_session", "{:.0f} ms"),
    ("RSS", "rss_mb", "{:.0f} MB"),
    ("errors", "errors", "{}"),
    ("wrong views", "wrong_views", "{}"),
)


def spike_table(spike: dict | None) -> list[str]:
    """The briefing-room spike (bench/spike.py: briefing_room()): one process, its arrivals
    alone, the spike behind nginx, the floor page with the view's controls, and one process's
    capacity."""
    if not spike:
        return []
    one = spike["spike"]
    out = [
        f"briefing-room spike ({one['sessions']} viewers within {one['window_s']:.0f} s on ?partnership=mal&lang=fi,"
        ' then 5 filter changes each, over Streamlit\'s websocket; "arrivals only": the same without the changes):'
    ]
    rows = [("", *(name for name, _key, _pattern in SPIKE_COLUMNS))]
    setups = [("one process", one)]
    if spike.get("arrivals"):
        setups.append(("one process, arrivals only", spike["arrivals"]))
    if spike.get("replicated"):
        setups.append((f"{spike['replicated']['replicas']} processes behind nginx", spike["replicated"]["spike"]))
    if spike.get("floor_controls"):  # the reference: no data, no computing, the view's elements
        setups.append(("floor page with the view's controls", {**spike["floor_controls"], "wrong_views": None}))
    for label, figures in setups:
        rows.append(
            (
                label,
                *(
                    "n/a" if figures[key] is None else pattern.format(figures[key])
                    for _name, key, pattern in SPIKE_COLUMNS
                ),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        out.append("  " + "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip())
    if not spike.get("replicated"):
        out.append("  behind nginx: not run (nginx is not installed)")
    if spike.get("capacity"):
        capacity = spike["capacity"]
        out.append(
            f"  capacity: {capacity['viewers_per_process']} viewers arriving within {capacity['window_s']:.0f} s"
            " per process, at p95 <= 1 s to the map (no changes)"
        )
    return out
