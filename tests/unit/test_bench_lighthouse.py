"""The Lighthouse phase of `make bench` (bench/lighthouse.py): what it reads from a report, and
its four targets against the floor page, on made-up figures (running Lighthouse is `make bench`'s)."""

from __future__ import annotations

from bench.lighthouse import figures, table
from bench.targets import TARGETS, evaluate

LIGHTHOUSE_TARGETS = [target for target in TARGETS if target.name.startswith("Lighthouse")]


def report(score: float, lcp: float, cls: float, size: int) -> dict:
    numbers = {"first-contentful-paint": 900.0, "largest-contentful-paint": lcp, "cumulative-layout-shift": cls}
    numbers |= {"total-blocking-time": 300.0, "total-byte-weight": size}
    audits = {audit: {"numericValue": value, "score": 0.5} for audit, value in numbers.items()}
    audits["network-requests"] = {"details": {"items": [{}] * 12}}
    audits["meta-description"] = {"score": 1}
    audits["robots-txt"] = {"score": 0}
    return {"audits": audits, "categories": {"performance": {"score": score}}, "runWarnings": []}


def test_a_reports_figures():
    found = figures(report(0.27, 8400.0, 0.028, 1_380_000))
    assert found["performance"] == 27 and found["lcp_ms"] == 8400.0 and found["cls"] == 0.028
    assert found["bytes"] == 1_380_000 and found["requests"] == 12
    assert found["checks"] == {"meta-description": True, "robots-txt": False}


def phase(ours: dict, floor: dict) -> dict:
    loads = {preset: {"ours": figures(ours), "floor": figures(floor)} for preset in ("mobile", "desktop")}
    return {"date": "2026-12-07", "lighthouse": "13.5.0", "link": "/?lang=en", "results": {"direct": loads}}


def checked(lighthouse: dict | None) -> dict[str, bool | None]:
    rows = evaluate({"ours": {"sessions": 1}}, None, lighthouse, LIGHTHOUSE_TARGETS)
    return {row["target"].split(": ")[1].split(" ")[1]: row["met"] for row in rows}


def test_the_targets_against_the_floor_page():
    floor = report(0.30, 8000.0, 0.0, 1_300_000)
    assert checked(phase(report(0.27, 9000.0, 0.05, 1_500_000), floor)) == {
        "layout": True,  # CLS 0.05 <= 0.1
        "mobile": True,  # 27 >= 30 - 5
        "largest": True,  # 9.0 / 8.0 <= 1.2
        "bytes": True,  # 1.5 / 1.3 <= 1.2
    }
    assert checked(phase(report(0.24, 9700.0, 0.11, 1_600_000), floor)) == {
        "layout": False,
        "mobile": False,
        "largest": False,
        "bytes": False,
    }
    assert set(checked(None).values()) == {None}  # not run: said so, not passed


def test_the_rows_as_printed():
    printed = table(phase(report(0.27, 8400.0, 0.028, 1_380_000), report(0.3, 8000.0, 0.0, 1_300_000)))
    assert "| direct | mobile | ours | 27 | 0.9 | 8.4 | 0.028 | 300 | 1348 | 12 |" in printed
    assert table({"skipped": "npm's lighthouse is not installed (npm ci)"}).startswith("Lighthouse: not run")
