"""The timeline (components/render/timeline.py): its bars from the data's periods, split into groups
only where their dates differ; what ends within the next 18 months, in words, in fi/sv/en; and
the chart's drawing data and selection."""

from __future__ import annotations


def test_the_timeline_tab_says_what_ends_in_the_page_language(monkeypatch):
    from tests.helpers.apptest import run_app

    monkeypatch.setenv("FINMAP_TODAY", "2025-01-01")
    app = run_app(monkeypatch, tab="timeline", lang="sv")
    texts = [markdown.value for markdown in app.markdown]
    assert any("Inget upphör inom de följande 18 månaderna \\(senast 1\\.7\\.2026\\)\\." in text for text in texts), (
        texts
    )
    assert app.query_params["tab"] == "timeline"
    (table,) = app.table
    # a line per bar of the bundled data: MAL a bar per city region, as Oulu's began at its signing
    assert len(table.value) == 13
