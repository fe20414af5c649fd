"""The briefing-room spike in a reduced form (the full one is in `make bench`): 30 viewers open
the same link within 5 seconds on one process, then change the filter twice. Every session must
get the link's municipalities and then each change's, with no error. Times are reported, never
asserted (bench/spike.py measures them against the targets)."""

from __future__ import annotations

import pytest

from bench.spike import FLOOR_CONTROLS, behind_nginx, server_env, spike
from deploy.serve import nginx_binary
from harness.browser import streamlit_server

# Many sessions at once: run after the other tests, with the cores to itself (make test).
pytestmark = pytest.mark.alone


def test_thirty_viewers_arriving_at_once_each_get_their_own_view(tmp_path, capsys):
    with streamlit_server(server_env(tmp_path)) as server:
        result = spike(server.url, [server.pid], sessions=30, window=5.0, changes=2)
    with capsys.disabled():
        print(f"\nspike (30 in 5 s): {result}")
    assert result.sessions == 30
    assert result.errors == 0
    assert result.wrong_views == 0
    assert result.map_p95_s == result.map_p95_s  # not NaN: every session got a map


def test_the_spike_through_nginx_reaches_both_processes_and_every_view_is_right(capsys):
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light when run as root)")
    report = behind_nginx(replicas=2, sessions=16, window=2.0, changes=1)
    result = report["spike"]
    with capsys.disabled():
        print(f"\nspike behind nginx (16 in 2 s, 2 processes): {result}")
    assert report["replicas"] == 2
    assert result["errors"] == 0 and result["wrong_views"] == 0
    # Every session came through nginx, which names the process that served it; both served.
    assert sum(result["served_by"].values()) == 16 and "" not in result["served_by"]
    assert len(result["served_by"]) == 2


def test_the_spikes_reference_page_takes_the_same_changes(tmp_path):
    """The floor page with the view's controls (bench/floor_controls_app.py) answers the spike's
    own filter changes: its figures stand beside ours in `make bench`."""
    with streamlit_server(server_env(tmp_path), script=FLOOR_CONTROLS) as server:
        result = spike(server.url, [server.pid], sessions=4, window=1.0, changes=2)
    assert result.errors == 0
    assert result.filter_p95_s is not None  # every change came back as a run
    assert result.wrong_views == 4 * 3  # it draws circles, never the link's municipalities
