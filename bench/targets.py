"""The benchmark's targets, as one table: what each compares, its limit, and how its value reads.
`evaluate` checks every entry against the apps' medians (bench/report.py builds those)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def ratio(ours: float | None, naive: float | None) -> float | None:
    return None if ours is None or not naive else ours / naive


def fmt(number: float | None, pattern: str = "{:.2f}") -> str:
    return "n/a" if number is None else pattern.format(number)


class Figures:
    """The medians and flags of every app, as the targets read them."""

    def __init__(self, apps: dict, spike: dict | None = None, lighthouse: dict | None = None):
        self.apps = apps
        self.sessions = apps["ours"]["sessions"]
        self.spike = spike  # bench/spike.py: briefing_room(), or None when not run
        self.lighthouse = lighthouse  # bench/lighthouse.py: lighthouse_phase(), or None when not run

    def lighthouse_loads(self, presets: tuple[str, ...] = ("mobile", "desktop")) -> list[tuple[str, dict, dict]]:
        """Each measured (path and preset, ours, the floor page) of the Lighthouse phase."""
        if not self.lighthouse or "results" not in self.lighthouse:
            return []
        return [
            (f"{through} {preset}", pages["ours"], pages["floor"])
            for through, by_preset in self.lighthouse["results"].items()
            if "skipped" not in by_preset
            for preset, pages in by_preset.items()
            if preset in presets
        ]

    def median(self, app: str, metric: str) -> float | None:
        return self.apps[app]["metrics"][metric]["median"]

    def versus_naive(self, metric: str, app: str = "ours") -> float | None:
        return ratio(self.median(app, metric), self.median("naive", metric))

    def versus(self, metric: str, baseline: str, app: str = "ours") -> float | None:
        """An app (ours) over another (the floor page, say) on the same metric; None when
        either was not measured."""
        if app not in self.apps or baseline not in self.apps:
            return None
        return ratio(self.median(app, metric), self.median(baseline, metric))

    def flag(self, app: str, name: str) -> bool | None:
        return self.apps[app]["flags"][name]


@dataclass(frozen=True)
class Target:
    name: str  # may name {sessions}
    value: Callable[[Figures], Any]  # the figure checked; None when it was not measured
    met: Callable[[Any, Figures], bool]  # called only with a measured value
    shown: Callable[[Any, Figures], str]  # the value as the table states it


# Measured for ours on a detailed boundary file against ours on the normal one (bench/run.py).
DETAILED_METRICS = {"load_first_ms": "first shape", "map_data_kb": "map data", "script_run_ms": "script run"}


def _detailed_growth(figures: Figures) -> float | None:
    ratios = [figures.versus(metric, "ours", app="ours-detailed") for metric in DETAILED_METRICS]
    return None if None in ratios else max(ratios)


def _detailed_shown(value: float, figures: Figures) -> str:
    parts = [
        f"{label} {fmt(figures.versus(metric, 'ours', app='ours-detailed'))}"
        for metric, label in DETAILED_METRICS.items()
    ]
    return f"worst {fmt(value)} ({', '.join(parts)})"


def _remounts(figures: Figures) -> tuple[bool, bool] | None:
    ours, naive = figures.flag("ours", "remounted"), figures.flag("naive", "remounted")
    return None if ours is None or naive is None else (ours, naive)


def _rss_growth(figures: Figures) -> float | None:
    if figures.sessions <= 1:
        return None
    return ratio(figures.median("ours", "rss_many_mb"), figures.median("ours", "rss_1_mb"))


SPIKE_P95_S = 2.0


def _spike_one_process(figures: Figures) -> dict | None:
    return figures.spike["spike"] if figures.spike else None


def _spike_arrivals(figures: Figures) -> dict | None:
    return figures.spike.get("arrivals") if figures.spike else None


def _spike_met(value: dict, figures: Figures) -> bool:
    return value["errors"] == 0 and value["wrong_views"] == 0 and value["map_p95_s"] <= SPIKE_P95_S


def _spike_figures(value: dict | None) -> str:
    if value is None:
        return "not run (a smoke run leaves it to tests/load/test_spike.py)"
    return (
        f"p95 {value['map_p95_s']:.2f} s (p50 {value['map_p50_s']:.2f} s), {value['errors']} errors,"
        f" {value['wrong_views']} wrong views"
    )


def _spike_shown(value: dict | None, figures: Figures) -> str:
    text = _spike_figures(value)
    if value is None:
        return text
    replicated = figures.spike.get("replicated")
    if replicated:
        other = replicated["spike"]
        text += f"; {replicated['replicas']} processes behind nginx: p95 {other['map_p95_s']:.2f} s"
    floor = figures.spike.get("floor_controls")
    if floor:
        text += f"; the floor page with the view's controls: p95 {floor['map_p95_s']:.2f} s"
    return text


def _lighthouse(
    figure: Callable[[dict, dict], float], worst: Callable = max, presets: tuple[str, ...] = ("mobile", "desktop")
) -> Callable[[Figures], float | None]:
    """The worst of `figure(ours, floor)` over the Lighthouse loads; None when not run."""

    def value(figures: Figures) -> float | None:
        loads = figures.lighthouse_loads(presets)
        return worst(figure(ours, floor) for _, ours, floor in loads) if loads else None

    return value


def _lighthouse_shown(figure: Callable[[dict, dict], float], pattern: str, presets=("mobile", "desktop")):
    def shown(value: float | None, figures: Figures) -> str:
        if value is None:
            return "not run (--no-lighthouse, a smoke run, or no npm lighthouse: bench/lighthouse.py)"
        loads = figures.lighthouse_loads(presets)
        parts = [f"{name} {pattern.format(figure(ours, floor))}" for name, ours, floor in loads]
        return f"worst {pattern.format(value)} ({', '.join(parts)})"

    return shown


def _cls(ours: dict, _floor: dict) -> float:
    return ours["cls"]


def _score_margin(ours: dict, floor: dict) -> float:
    return ours["performance"] - floor["performance"]


def _lcp_ratio(ours: dict, floor: dict) -> float:
    return ours["lcp_ms"] / floor["lcp_ms"]


def _bytes_ratio(ours: dict, floor: dict) -> float:
    return ours["bytes"] / floor["bytes"]


TARGETS = [
    Target(
        "load to first shape: ours/floor <= 1.10 (the floor page measured in the same run)",
        lambda f: f.versus("load_first_ms", "floor"),
        lambda value, f: value <= 1.10,
        lambda value, f: f"{fmt(value)} (ours/naive: {fmt(f.versus_naive('load_first_ms'))})",
    ),
    Target(
        "load: filters usable (the Partnership control accepts input) <= 1.5 x the floor page's first shape",
        lambda f: ratio(f.median("ours", "load_usable_ms"), f.median("floor", "load_first_ms")),
        lambda value, f: value <= 1.5,
        lambda value, f: f"{fmt(value)} ({fmt(f.median('ours', 'load_usable_ms'), '{:.0f}')} ms)",
    ),
    Target(
        "filter: new layers drawn, ours/naive <= 0.35 and ours/floor <= 2.0",
        lambda f: f.versus_naive("filter_ms"),
        lambda value, f: value <= 0.35 and (f.versus("filter_ms", "floor") or float("inf")) <= 2.0,
        lambda value, f: (
            f"{fmt(value)}, ours/floor {fmt(f.versus('filter_ms', 'floor'))}"
            f" ({fmt(f.median('ours', 'filter_ms'), '{:.0f}')} ms)"
        ),
    ),
    Target(
        "map-component bytes at load, with its code: ours/naive <= 0.25",
        lambda f: f.versus_naive("map_kb"),
        lambda value, f: value <= 0.25,
        lambda value, f: (
            f"{fmt(value)} (its code alone, as the floor page loads it: {fmt(f.versus_naive('map_kb', 'floor'))})"
        ),
    ),
    Target(
        "map-component data at load (args + data files, without the code all apps load): ours/naive <= 0.25",
        lambda f: f.versus_naive("map_data_kb"),
        lambda value, f: value <= 0.25,
        lambda value, f: fmt(value),
    ),
    Target(
        "ours script run per rerun (server), median < 50 ms",
        lambda f: f.median("ours", "script_run_ms"),
        lambda value, f: value < 50,
        lambda value, f: f"{fmt(value, '{:.1f}')} ms",
    ),
    Target(
        "ours RSS with {sessions} sessions <= 1.5 x with 1",
        _rss_growth,
        lambda value, f: value <= 1.5,
        lambda value, f: f"x {fmt(value)}" if f.sessions > 1 else "n/a (one session count only)",
    ),
    Target(
        "detailed boundaries, after the first (cached) load: ours first shape, map data and script run"
        " <= 1.10 x the normal file",
        _detailed_growth,
        lambda value, f: value <= 1.10,
        _detailed_shown,
    ),
    Target(
        "briefing-room spike on one process (100 viewers within 10 s, then 5 filter changes each):"
        f" 0 errors, every view right, p95 to the map's arguments <= {SPIKE_P95_S:.0f} s",
        _spike_one_process,
        _spike_met,
        _spike_shown,
    ),
    Target(
        "briefing-room spike on one process, arrivals only (100 viewers within 10 s, no changes, as the"
        f" issue first measured it): 0 errors, every view right, p95 to the map's arguments <= {SPIKE_P95_S:.0f} s",
        _spike_arrivals,
        _spike_met,
        lambda value, f: _spike_figures(value),
    ),
    Target(
        "filter: ours keeps the map, naive remounts",
        _remounts,
        lambda value, f: not value[0] and value[1],
        lambda value, f: (
            f"ours {'remounts' if f.flag('ours', 'remounted') else 'keeps'},"
            f" naive {'remounts' if f.flag('naive', 'remounted') else 'keeps'}"
        ),
    ),
    Target(
        "Lighthouse: ours layout shift (CLS) <= 0.1, mobile and desktop, direct and through nginx",
        _lighthouse(_cls),
        lambda value, f: value <= 0.1,
        _lighthouse_shown(_cls, "{:.3f}"),
    ),
    Target(
        "Lighthouse: ours mobile performance score >= the floor page's - 5",
        _lighthouse(_score_margin, worst=min, presets=("mobile",)),
        lambda value, f: value >= -5,
        _lighthouse_shown(_score_margin, "{:+.0f}", presets=("mobile",)),
    ),
    Target(
        "Lighthouse: ours largest contentful paint <= 1.2 x the floor page's",
        _lighthouse(_lcp_ratio),
        lambda value, f: value <= 1.2,
        _lighthouse_shown(_lcp_ratio, "{:.2f}"),
    ),
    Target(
        "Lighthouse: ours bytes transferred <= 1.2 x the floor page's",
        _lighthouse(_bytes_ratio),
        lambda value, f: value <= 1.2,
        _lighthouse_shown(_bytes_ratio, "{:.2f}"),
    ),
]


def evaluate(
    apps: dict, spike: dict | None = None, lighthouse: dict | None = None, targets: list[Target] = TARGETS
) -> list[dict]:
    """Every target: its name, its value as text, and met (True, False, or None: not measured)."""
    figures = Figures(apps, spike, lighthouse)
    checked = []
    for target in targets:
        value = target.value(figures)
        checked.append(
            {
                "target": target.name.format(sessions=figures.sessions if figures.sessions > 1 else "more"),
                "value": target.shown(value, figures),
                "met": None if value is None else bool(target.met(value, figures)),
            }
        )
    return checked
