"""Several app processes behind nginx (deploy/): each browser stays on its process, uploads reach
the process that holds the session, and when one process dies its viewers regain their view on
another one from the page's address. All on 127.0.0.1; every wait has a deadline."""

from __future__ import annotations

import asyncio
import re
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bench.spike import expected_codes
from components.data.memberships import load_dataset
from deploy.serve import Deployment, nginx_binary
from harness.browser import APP_READY, chromium, free_port, wait_for_shapes
from harness.load_client import StreamlitSession
from tests.helpers.paths import ROOT
from tests.helpers.servers import require_chromium

WEBSOCKET_SESSIONS = 36  # cheap sessions over Streamlit's own protocol
BROWSER_PAGES = 4  # real tabs that upload a file, at least one on each replica
RUN_TIMEOUT_S = 90.0
DEADLINE_S = 240.0
TAB_LINK = "partnership=strategic&lang=en"
SOURCE = "https://tem.fi/kaupunkistrategiat"
# An updated list: tab i uploads the first i + 1 rows, so each tab's view is its own.
UPLOAD_ROWS = [
    f"strategic;{code};{name};;;;active;;{SOURCE};"
    for code, name in (("091", "Helsinki"), ("092", "Vantaa"), ("049", "Espoo"), ("837", "Tampere"), ("853", "Turku"))
]
SOURCES_TAB = "Partnerships and sources"
UPLOAD_SHOWN = "The map and tables show the uploaded file"
UPLOAD_HEADER = "partnership_id;municipality_code;name_fi;name_sv;group;themes;status;since;source_url;note"

# Many sessions at once: run after the other tests, with the cores to itself (make test).
pytestmark = pytest.mark.alone


@pytest.fixture(scope="module")
def deployment(tmp_path_factory):
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (make test installs Debian's nginx-light when run as root)")
    require_chromium()
    cache = tmp_path_factory.mktemp("cache")
    env = {"FINMAP_BOUNDARIES": "off", "FINMAP_CACHE_DIR": str(cache), "FINMAP_LANG": "en", "FINMAP_POPULATION": "off"}
    with Deployment(replicas=2, port=free_port(), ports=[free_port(), free_port()], env=env) as running:
        yield running


@contextmanager
def event_loop():
    """An asyncio loop in a thread of its own: the websocket sessions live on it across the test,
    beside Playwright's synchronous API (which runs a loop in the test's thread)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        yield lambda coroutine: asyncio.run_coroutine_threadsafe(coroutine, loop).result(DEADLINE_S + 10)
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


async def open_sessions(url: str, links: list[str]) -> list[tuple[StreamlitSession, object]]:
    async def one(link: str):
        session = StreamlitSession(url, timeout=RUN_TIMEOUT_S)
        await session.connect()
        return session, await session.run(query_string=link)

    async with asyncio.timeout(DEADLINE_S):
        return await asyncio.gather(*(one(link) for link in links))


async def after_the_loss(
    url: str, sessions: list[StreamlitSession], lost: str
) -> list[tuple[StreamlitSession, object]]:
    """Each session's next run: on its own process, or, if that one is gone, as the browser does:
    a new connection with the same cookies and the same address."""

    async def one(session: StreamlitSession):
        if session.served_by == lost:
            await session.close()
            again = StreamlitSession(url, timeout=RUN_TIMEOUT_S, cookies=session.cookies)
            await again.connect()
            return again, await again.run(query_string=session.query_string)
        return session, await session.run()

    async with asyncio.timeout(DEADLINE_S):
        return await asyncio.gather(*(one(session) for session in sessions))


async def close_all(sessions: list[StreamlitSession]) -> None:
    async with asyncio.timeout(30):
        await asyncio.gather(*(session.close() for session in sessions))


@dataclass
class Tab:
    """A browser tab on the deployment: which replica served it, and how many rows it uploaded."""

    page: object
    replica: str
    rows: int
    folder: Path
    sockets: list = field(default_factory=list)

    @classmethod
    def open(cls, browser, url: str, rows: int, folder: Path) -> Tab:
        page = browser.new_context(viewport={"width": 1366, "height": 768}).new_page()
        sockets: list = []
        page.on("websocket", lambda socket: sockets.append(socket))
        answer = page.goto(f"{url}/?{TAB_LINK}")
        page.wait_for_selector(APP_READY, timeout=60_000)
        tab = cls(page, answer.headers["x-finmap-replica"], rows, folder, sockets)
        tab.upload(rows)
        assert wait_for_shapes(page, rows, timeout=30) == rows  # its own upload, nobody else's
        return tab

    def upload(self, rows: int) -> None:
        file = self.folder / f"list-{rows}.csv"
        file.write_text("\n".join([UPLOAD_HEADER, *UPLOAD_ROWS[:rows]]), encoding="utf-8")
        self.page.get_by_role("tab", name="Check an updated list").click()
        self.page.locator('input[type="file"]').set_input_files(str(file))
        # The map waits for the choice to view the upload (tests/browser/test_upload.py).
        self.page.get_by_role("button", name=re.compile(r"View the uploaded data \(\d+ rows?\)")).click(timeout=60_000)
        self.page.get_by_text(UPLOAD_SHOWN).wait_for(timeout=60_000)
        self.rows = rows

    def wait_for_reconnect(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.sockets) < 2 or self.sockets[-1].is_closed():
            assert time.monotonic() < deadline, "the tab did not reconnect"
            self.page.wait_for_timeout(250)  # lets Playwright deliver the websocket events
        self.page.wait_for_selector(APP_READY, timeout=60_000)


def test_sessions_stay_on_their_replica_and_survive_losing_one(deployment, tmp_path):
    dataset = load_dataset(ROOT / "data")
    known = [p.id for p in dataset.catalog.partnerships if p.members_known]
    links = [f"partnership={known[index % len(known)]}&lang=en" for index in range(WEBSOCKET_SESSIONS)]
    with event_loop() as run_in_loop, chromium() as browser:
        sessions_then_tabs(deployment, dataset, links, run_in_loop, browser, tmp_path)


def sessions_then_tabs(deployment, dataset, links, run_in_loop, browser, tmp_path) -> None:
    opened = run_in_loop(open_sessions(deployment.url, links))
    replicas = set(deployment.replica_names().values())
    for (session, run), link in zip(opened, links, strict=True):
        assert run.problems == [], link
        assert run.map_codes == expected_codes(dataset, link.split("&")[0].split("=")[1]), link
        assert session.served_by in replicas
    on_replica = {replica: sum(s.served_by == replica for s, _ in opened) for replica in replicas}
    assert all(on_replica.values()), f"nginx sent every session to one replica: {on_replica}"

    # Browser tabs with uploads, until each replica holds at least one (bounded: the cookie is random).
    tabs: list[Tab] = []
    for _ in range(12):
        if len(tabs) >= BROWSER_PAGES and {tab.replica for tab in tabs} == replicas:
            break
        tabs.append(Tab.open(browser, deployment.url, rows=len(tabs) % len(UPLOAD_ROWS) + 1, folder=tmp_path))
    assert {tab.replica for tab in tabs} == replicas, "no tab reached one of the replicas"

    lost_port = deployment.replica_ports[0]
    lost = deployment.replica_names()[lost_port]
    deployment.kill_replica(lost_port)

    # Websocket sessions: every one shows its own link again, all on the surviving replica.
    survivors = run_in_loop(after_the_loss(deployment.url, [s for s, _ in opened], lost))
    for (session, run), link in zip(survivors, links, strict=True):
        assert run.problems == [], link
        assert run.map_codes == expected_codes(dataset, link.split("&")[0].split("=")[1]), link
        assert session.served_by != lost
    run_in_loop(close_all([s for s, _ in survivors]))

    for tab in tabs:
        if tab.replica == lost:
            # The browser reconnects by itself to the other replica. The upload lived in the lost
            # process; the filters come back from the address.
            tab.wait_for_reconnect()
            # Streamlit shows the last page until the next run; the first click starts it.
            tab.page.get_by_role("tab", name=SOURCES_TAB).click()
            tab.page.wait_for_selector(APP_READY, timeout=60_000)
            strategic = len(expected_codes(dataset, "strategic"))
            assert wait_for_shapes(tab.page, strategic, timeout=60) == strategic
            assert "partnership=strategic" in tab.page.url
        else:
            # Still its own upload (the new upload below shows the session still answers).
            assert wait_for_shapes(tab.page, tab.rows, timeout=30) == tab.rows
            tab.page.get_by_text(UPLOAD_SHOWN).wait_for(timeout=10_000)
    # A new upload on the surviving replica still works.
    tab = next(tab for tab in tabs if tab.replica != lost)
    more = tab.rows % len(UPLOAD_ROWS) + 1
    tab.upload(more)
    assert wait_for_shapes(tab.page, more, timeout=30) == more
