"""The cost benchmark (bench/cost.py) runs and reports every case of a path; no time is asserted."""

from __future__ import annotations

from bench import cost


def test_the_cost_benchmark_reports_each_case_with_its_outcome(capsys, tmp_path):
    report = tmp_path / "cost.json"
    assert cost.main(["--only", "URL parameters", "--budget", "60", "--json", str(report)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("path") and "verdict" in lines[0]
    rows = [line for line in lines[2:] if line.startswith("URL parameters")]
    assert [name for name in cost.QUERY_INPUTS if any(name in row for row in rows)] == list(cost.QUERY_INPUTS)
    # At the limit, many unknown parameters give one notice, not one each.
    assert "1 notices" in next(row for row in rows if "many parameters" in row)
    assert '"verdict"' in report.read_text(encoding="utf-8")


def test_a_runaway_case_is_stopped_at_the_budget():
    def forever(_):
        while True:
            pass

    figures = cost.measure(cost.Case("test", "forever", 2, lambda size: size, forever), 1, budget=1.0)
    assert figures["cpu"] is None and "stopped" in figures["outcome"]
    assert cost.verdict(figures, figures, 1.0) == (None, "SLOW (stopped)")
