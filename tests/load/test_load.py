"""Load: 20 sessions on one server at once, each changing its filters 10 times.

Each session speaks Streamlit's own websocket protocol (harness/load_client.py), which the server
cannot tell from a browser tab but costs the test machine far less. The test asserts that no
run fails and that every session sees exactly its own filters (metrics, map layers, drawn
municipalities and the mirrored URL), so state cannot leak between sessions unnoticed. Timings
and memory are reported, never asserted: this is a benchmark, not a timed test. Every wait is
bounded by a deadline, so a hang fails the test instead of stalling `make test`.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.base.i18n import t
from components.data.memberships import THEME_SEPARATOR, load_dataset
from components.model.filters import FilterState, apply
from components.model.link import to_query_params
from harness.browser import streamlit_server
from harness.load_client import StreamlitSession, descendants, headline, memory_kb, percentile
from tests.helpers.facts import MEMBERS  # cross-checks the expectations

SESSIONS = 20
CHANGES = 10
LANG = "en"
# Everything after the server has started must finish within this many seconds.
DEADLINE_S = float(os.environ.get("FINMAP_LOAD_DEADLINE", "200"))
RUN_TIMEOUT_S = 90.0  # one run, however busy the machine


@dataclass(frozen=True)
class Expected:
    """What a session must see after a run with `state`."""

    state: FilterState
    metrics: dict[str, str]
    codes: frozenset[str]
    partnerships: frozenset[str]
    layers: frozenset[str]
    query: dict[str, str]

    def describe(self) -> str:
        return f"partnerships={list(self.state.partnerships)} regions={list(self.state.regions)}"


# Many sessions at once: run after the other tests, with the cores to itself (make test).
pytestmark = pytest.mark.alone


def expectation(dataset, partnerships: list[str], regions: list[str]) -> Expected:
    state = FilterState(lang=LANG, partnerships=tuple(partnerships), regions=tuple(regions))
    rows = apply(dataset.memberships, state)
    themes = {theme for text in rows["themes"] for theme in text.split(THEME_SEPARATOR) if theme}
    per_partnership = rows.groupby("partnership_id")["municipality_code"].size()
    return Expected(
        state=state,
        metrics={
            "Municipalities": str(rows["municipality_code"].nunique()),
            "Partnerships": str(rows["partnership_id"].nunique()),
            "Themes": str(len(themes)),
        },
        codes=frozenset(rows["municipality_code"]),
        partnerships=frozenset(rows["partnership_id"]),
        layers=frozenset(f"{dataset.catalog.partnership(pid).name(LANG)} ({n})" for pid, n in per_partnership.items()),
        query=to_query_params(state),
    )


def session_plan(dataset, session: int) -> list[Expected]:
    """The filters of one session: its link (step 0), then CHANGES changes. At any step the 20
    sessions mostly want different things: one partnership, two, or one within a region, with
    now and then every partnership (an empty selection) or one whose members are unknown."""
    known = [p.id for p in dataset.catalog.partnerships if p.members_known]
    unknown = [p.id for p in dataset.catalog.partnerships if not p.members_known]
    group = session % 3
    plan = []
    for step in range(CHANGES + 1):
        first = known[(session + step) % len(known)]
        partnerships, regions = [first], []
        if group == 1:
            partnerships.append(known[(session + step + 3) % len(known)])
        elif group == 2:
            members = dataset.memberships[dataset.memberships["partnership_id"] == first]
            choices = sorted(set(members["region_code"]))
            regions = [choices[(session + step) % len(choices)]]
        if step == 5 and session % 4 == 0:
            partnerships, regions = [], []
        elif step == 8 and session % 5 == 1 and unknown:
            partnerships, regions = [unknown[0]], []
        plan.append(expectation(dataset, partnerships, regions))
    return plan


def labels(dataset) -> tuple[dict[str, str], dict[str, str]]:
    """How the partnership and region multiselects show (and send back) each option."""
    partnerships = {p.id: p.name(LANG) for p in dataset.catalog.partnerships}
    pairs = dataset.cities[["region_code", f"region_{LANG}"]].drop_duplicates()  # English pages name regions in English
    return partnerships, dict(pairs.itertuples(index=False, name=None))


def mismatches(run, expected: Expected, query_string: str) -> list[str]:
    """Everything the session saw that was not its own selection."""
    found = []
    if run.metrics != expected.metrics:
        found.append(f"metrics {run.metrics}, expected {expected.metrics}")
    if run.map_codes != expected.codes:
        extra, missing = sorted(run.map_codes - expected.codes), sorted(expected.codes - run.map_codes)
        found.append(f"map municipalities: {len(extra)} not selected {extra[:5]}, {len(missing)} missing {missing[:5]}")
    if run.map_partnerships != expected.partnerships:
        found.append(f"map partnerships {sorted(run.map_partnerships)}, expected {sorted(expected.partnerships)}")
    if set(run.map_layers) != expected.layers:
        found.append(f"map layers {sorted(run.map_layers)}, expected {sorted(expected.layers)}")
    if dict(parse_qsl(query_string)) != expected.query:
        found.append(f"URL ?{query_string}, expected ?{urlencode(expected.query)}")
    return found


@dataclass
class Outcome:
    first_runs: list[float]
    reruns: list[float]
    errors: list[str]
    changes_done: int
    received_bytes: int


async def one_session(number, url, plan, names, deadline, outcome, sessions) -> None:
    """Open the session's link, then make its changes one after another, checking each run."""
    partnership_names, region_names = names
    session = StreamlitSession(url, timeout=RUN_TIMEOUT_S)
    sessions.append(session)
    where = f"session {number:2d}"
    step = 0
    try:
        async with asyncio.timeout(max(1.0, deadline - time.monotonic())):
            await session.connect()
            first = plan[0]
            run = await session.run(query_string=urlencode(to_query_params(first.state)))
            outcome.first_runs.append(run.seconds)
            outcome.received_bytes += run.received_bytes
            for problem in run.problems + mismatches(run, first, session.query_string):
                outcome.errors.append(f"{where} link ({first.describe()}): {problem}")
            for step in range(1, len(plan)):
                wanted = plan[step]
                run = await session.run(
                    {
                        "partnerships": [partnership_names[pid] for pid in wanted.state.partnerships],
                        "regions": [region_names[code] for code in wanted.state.regions],
                    }
                )
                outcome.reruns.append(run.seconds)
                outcome.changes_done += 1
                outcome.received_bytes += run.received_bytes
                for problem in run.problems + mismatches(run, wanted, session.query_string):
                    outcome.errors.append(f"{where} change {step} ({wanted.describe()}): {problem}")
    except TimeoutError:
        late = "the test's deadline" if time.monotonic() >= deadline else f"the {RUN_TIMEOUT_S:.0f} s limit of one run"
        outcome.errors.append(f"{where}: stopped by {late} at step {step} of {CHANGES}")
    except Exception as error:  # a refused or dropped connection, a malformed message...
        outcome.errors.append(f"{where} step {step}: {type(error).__name__}: {error}")


async def load(url, plans, names, deadline, on_done) -> Outcome:
    """All sessions at once; `on_done` is called while they are all still connected."""
    outcome = Outcome([], [], [], 0, 0)
    sessions: list[StreamlitSession] = []
    try:
        await asyncio.gather(
            *(one_session(n, url, plan, names, deadline, outcome, sessions) for n, plan in enumerate(plans))
        )
        on_done()
    finally:
        for session in sessions:
            try:
                await asyncio.wait_for(session.close(), 10)
            except Exception as error:
                outcome.errors.append(f"closing a session: {type(error).__name__}: {error}")
    return outcome


async def warm_up(url, names) -> float:
    """One session, one run: the app's cached data is loaded before the sessions start."""
    session = StreamlitSession(url, timeout=RUN_TIMEOUT_S)
    try:
        await session.connect()
        run = await session.run(query_string="lang=en")
        assert not run.problems, run.problems
        assert set(session.options["partnerships"]) >= set(names[0].values()), "option labels differ"
        return run.seconds
    finally:
        await session.close()


def megabytes(kb: int | None) -> str:
    return "n/a" if kb is None else f"{kb / 1024:.0f} MB"


def server_log_errors(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.search(r"Traceback|\bERROR\b|\bCRITICAL\b|Exception", line)]


def test_twenty_sessions_change_filters_without_errors_or_leaks(tmp_path, capsys):
    dataset = load_dataset()
    for pid, count in MEMBERS.items():
        assert expectation(dataset, [pid], []).metrics["Municipalities"] == str(count), pid
    plans = [session_plan(dataset, n) for n in range(SESSIONS)]
    names = labels(dataset)
    log = tmp_path / "server.log"
    env = {
        "FINMAP_BOUNDARIES": "off",
        "FINMAP_CACHE_DIR": str(tmp_path / "cache"),
        "FINMAP_LANG": LANG,
        "FINMAP_SERVER_LOG": str(log),
        # Others may edit the sources meanwhile; a rerun must not depend on that.
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    memory: dict[str, int | None] = {}
    started = time.monotonic()
    with streamlit_server(env, timeout=120) as running:
        url = running.url
        deadline = time.monotonic() + DEADLINE_S
        pids = [running.pid, *descendants(running.pid)]
        memory["idle"] = memory_kb(pids)
        warm = asyncio.run(asyncio.wait_for(warm_up(url, names), RUN_TIMEOUT_S))
        memory["before"] = memory_kb(pids)

        def measure() -> None:
            memory["after"] = memory_kb(pids)
            memory["peak"] = memory_kb(pids, "VmHWM")

        load_started = time.monotonic()
        outcome = asyncio.run(load(url, plans, names, deadline, measure))
        load_seconds = time.monotonic() - load_started
        time.sleep(1.0)  # let the server drop the closed sessions
        memory["closed"] = memory_kb(pids)
    log_errors = server_log_errors(log.read_text(errors="replace")) if log.exists() else []

    runs = outcome.reruns
    report = [
        "",
        f"load test: {SESSIONS} concurrent sessions x {CHANGES} filter changes against one server"
        f" (FINMAP_BOUNDARIES=off, {os.cpu_count()} CPUs)",
        f"  changes done: {outcome.changes_done}/{SESSIONS * CHANGES}, errors: {len(outcome.errors)},"
        f" server log errors: {len(log_errors)}",
        f"  warm-up first run (one session, cold cache): {warm:.2f} s",
    ]
    if outcome.first_runs:
        report.append(
            f"  first run of each session (its link, all at once): p50 {percentile(outcome.first_runs, 0.5):.2f} s,"
            f" p95 {percentile(outcome.first_runs, 0.95):.2f} s"
        )
    if runs:
        report.append(
            f"  rerun after a filter change (send -> script_finished), n={len(runs)}:"
            f" p50 {percentile(runs, 0.5):.2f} s, p95 {percentile(runs, 0.95):.2f} s,"
            f" max {max(runs):.2f} s, mean {sum(runs) / len(runs):.2f} s"
        )
    report += [
        f"  load phase: {load_seconds:.1f} s wall, {(len(runs) + len(outcome.first_runs)) / load_seconds:.1f} runs/s,"
        f" {outcome.received_bytes / 2**20:.1f} MB received",
        f"  server RSS ({len(pids)} process{'es' if len(pids) != 1 else ''}): idle {megabytes(memory.get('idle'))},"
        f" before load (warm) {megabytes(memory.get('before'))}, after load with {SESSIONS} sessions open"
        f" {megabytes(memory.get('after'))}, after they closed {megabytes(memory.get('closed'))},"
        f" peak {megabytes(memory.get('peak'))}",
        f"  whole test: {time.monotonic() - started:.1f} s",
    ]
    report += [f"  ERROR {error}" for error in outcome.errors[:30]]
    report += [f"  SERVER LOG {line}" for line in log_errors[:30]]
    with capsys.disabled():
        print("\n".join(report))

    assert not outcome.errors, f"{len(outcome.errors)} errors, first: {outcome.errors[:5]}"
    assert not log_errors, f"the server logged errors: {log_errors[:5]}"
    assert outcome.changes_done == SESSIONS * CHANGES


def test_the_load_client_reads_the_headline_line_and_nothing_else():
    assert headline("Kunnat **3** · Kumppanuudet **1** · Teemat **2**") == {
        "Kunnat": "3",
        "Kumppanuudet": "1",
        "Teemat": "2",
    }
    assert headline("Municipalities **80** · Partnerships **7**") == {}  # two parts
    assert headline("**In force on 1.1.2028** · Municipalities **3** · Themes **2**") == {}
    assert headline("Municipalities **3** · Partnerships **1** · Themes **2**\n- **S1** a source") == {}
    # A long overview-like text with the separators and bold numbers all through it.
    long_text = " · ".join(f"- **S{i}** [source {i}](<https://example.org/{i}>) **{i}**" for i in range(2000))
    assert headline(long_text) == {}


def test_a_filter_change_reruns_the_view_and_not_the_whole_page(tmp_path):
    """The filters, the map, the counts and the cards are one fragment (app.py: the_view): a
    change redraws them, right, and leaves the title, the tabs and the Sources text alone."""
    dataset = load_dataset()
    partnerships, _ = labels(dataset)
    vitality = FilterState(lang=LANG, partnerships=("vitality",))
    env = {"FINMAP_LANG": LANG, "FINMAP_BOUNDARIES": "off", "FINMAP_CACHE_DIR": str(tmp_path)}

    async def runs():
        session = StreamlitSession(url, timeout=RUN_TIMEOUT_S)
        try:
            await session.connect()
            first = await session.run(query_string=f"lang={LANG}")
            change = await session.run({"partnerships": [partnerships["vitality"]]})
            return first, change, session.query_string
        finally:
            await session.close()

    with streamlit_server(env) as server:
        url = server.url
        first, change, address = asyncio.run(runs())
    whole = first.rest  # the session's first page is the map; the map then asks for the rest
    assert whole is not None and whole.finished == ForwardMsg.FINISHED_SUCCESSFULLY
    # The rest of the page has the first page's map, unchanged: the server sends a reference to it.
    assert whole.map_codes == first.map_codes and whole.by_reference >= 1
    assert {t("app.title", LANG), t("filters.title", LANG), t("overview.title", LANG)} <= set(whole.headings)
    assert change.finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY, change.finished
    assert change.headings == [t("filters.title", LANG)]  # the sidebar's filters, nothing above or below
    assert not change.problems, change.problems
    assert change.map_codes == set(apply(dataset.memberships, vitality)["municipality_code"])
    assert change.metrics == expectation(dataset, ["vitality"], []).metrics
    assert dict(parse_qsl(address)) == to_query_params(vitality)
    assert change.messages < whole.messages
