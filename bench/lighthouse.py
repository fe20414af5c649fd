"""Lighthouse (npm, pinned in package.json) on our page and the floor page, in the same run:
mobile and desktop presets, served directly (`streamlit run`) and through nginx (`make serve`'s
deploy/serve.py with one process), in Debian's Chromium with every host but 127.0.0.1 unreachable.

    .venv/bin/python -m bench.lighthouse [--json PATH]     (also a phase of `make bench`)

Lighthouse's own throttling (simulated: a mid-range phone on a slow 4G line for "mobile", a
desktop on a fast line for "desktop") is applied to both pages alike; its figures are estimates
from one load each, so read the ratios between the pages, not the absolute times.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from deploy.serve import Deployment, nginx_binary
from harness import ROOT
from harness.browser import CHROMIUM, CHROMIUM_ARGS, SERVER, free_port, streamlit_server

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"ours": SERVER, "floor": ROOT / "bench" / "floor_app.py"}
PRESETS = ("mobile", "desktop")
LINK = "/?lang=en"
TIMEOUT_S = 240
# The figures kept from a report: the audit, and how its value is read.
AUDITS = {
    "fcp_ms": "first-contentful-paint",
    "lcp_ms": "largest-contentful-paint",
    "cls": "cumulative-layout-shift",
    "tbt_ms": "total-blocking-time",
    "bytes": "total-byte-weight",
}
CHECKS = ("meta-description", "robots-txt", "document-title", "heading-order")


def figures(report: dict) -> dict:
    """What a Lighthouse JSON report says about one load: the performance score (0-100), the
    times, the layout shift, the bytes transferred, the requests, and the pass of each check."""
    audits = report["audits"]
    found = {name: audits[audit].get("numericValue") for name, audit in AUDITS.items() if audit in audits}
    score = report["categories"]["performance"]["score"]
    found["performance"] = None if score is None else round(score * 100)
    requests = audits.get("network-requests", {}).get("details", {}).get("items")
    found["requests"] = len(requests) if requests is not None else None
    scored = [name for name in CHECKS if name in audits and audits[name]["score"] is not None]
    found["checks"] = {name: audits[name]["score"] == 1 for name in scored}
    found["warnings"] = report.get("runWarnings", [])
    return found


def run_lighthouse(url: str, preset: str, output: Path) -> dict:
    """One Lighthouse load of `url` with `preset` ("mobile" or "desktop")."""
    flags = [flag for flag in CHROMIUM_ARGS if not flag.startswith("--host-resolver-rules")]
    flags += ["--headless=new", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        "--only-categories=performance,seo,accessibility",
        f"--chrome-flags={' '.join(_quoted(flag) for flag in flags)}",
        *(["--preset=desktop"] if preset == "desktop" else []),
    ]
    env = os.environ | {"CHROME_PATH": str(CHROMIUM)}
    ran = subprocess.run(command, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if ran.returncode != 0 or not output.exists():
        raise RuntimeError(f"lighthouse failed on {url} ({preset}): {ran.stderr[-800:]}")
    return figures(json.loads(output.read_text(encoding="utf-8")))


def _quoted(flag: str) -> str:
    """A Chromium flag as Lighthouse's --chrome-flags reads it (split on spaces, quotes kept)."""
    name, _, value = flag.partition("=")
    return f"{name}='{value}'" if " " in value else flag


@contextlib.contextmanager
def served(page: Path, through: str, env: dict[str, str]) -> Iterator[str]:
    """The page served directly (`streamlit run`) or through nginx in front of one process."""
    if through == "direct":
        with streamlit_server(env, timeout=90, script=page) as server:
            yield server.url
        return
    script = str(page.relative_to(ROOT))
    with Deployment(replicas=1, port=free_port(), ports=[free_port()], env=env, script=script) as running:
        yield running.url


def measure(env: dict[str, str], workdir: Path, paths: tuple[str, ...] = ("direct", "nginx")) -> dict:
    """Every page x path x preset, each page warmed by one load first (its caches, as a viewer
    after the first would find them); returns {path: {preset: {page: figures}}}."""
    results: dict = {}
    for through in paths:
        if through == "nginx" and nginx_binary() is None:
            results[through] = {"skipped": "nginx is not installed"}
            continue
        for name, page in PAGES.items():
            with served(page, through, env) as url:
                run_lighthouse(url + LINK, "desktop", workdir / f"warm-{through}-{name}.json")
                for preset in PRESETS:
                    report = workdir / f"{through}-{preset}-{name}.json"
                    results.setdefault(through, {}).setdefault(preset, {})[name] = run_lighthouse(
                        url + LINK, preset, report
                    )
    return results


def available() -> str | None:
    """None when Lighthouse can run here, else why not."""
    if not LIGHTHOUSE.exists():
        return "npm's lighthouse is not installed (npm ci)"
    if not CHROMIUM.exists():
        return f"Debian's chromium is needed at {CHROMIUM}"
    return None


def lighthouse_phase(env: dict[str, str]) -> dict:
    """The phase of `make bench`: the results with the date, or why it did not run."""
    reason = available()
    if reason:
        return {"skipped": reason}
    with tempfile.TemporaryDirectory(prefix="finmap-lighthouse-") as scratch:
        results = measure(env, Path(scratch))
    version = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True).stdout.strip()
    return {"date": datetime.now(UTC).date().isoformat(), "lighthouse": version, "link": LINK, "results": results}


def table(phase: dict) -> str:
    """The rows as `make bench` prints them and docs/performance.md keeps them."""
    if "skipped" in phase:
        return f"Lighthouse: not run ({phase['skipped']})"
    lines = [
        f"Lighthouse {phase['lighthouse']} on {phase['link']}, {phase['date']}:",
        "| path | preset | page | performance | FCP s | LCP s | CLS | TBT ms | KB transferred | requests |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for through, presets in phase["results"].items():
        if "skipped" in presets:
            lines.append(f"| {through} | – | – | not run: {presets['skipped']} | | | | | | |")
            continue
        for preset, pages in presets.items():
            for name, found in pages.items():
                lines.append(
                    f"| {through} | {preset} | {name} | {found['performance']} | {found['fcp_ms'] / 1000:.1f} |"
                    f" {found['lcp_ms'] / 1000:.1f} | {found['cls']:.3f} | {found['tbt_ms']:.0f} |"
                    f" {found['bytes'] / 1024:.0f} | {found['requests']} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "lighthouse.json")
    args = parser.parse_args(argv)
    from bench.run import bench_env

    phase = lighthouse_phase(bench_env())
    print(table(phase))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(phase, indent=2) + "\n", encoding="utf-8")
    return phase


if __name__ == "__main__":
    main()
