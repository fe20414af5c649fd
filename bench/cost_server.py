"""Is the server still responsive while one session uploads hostile files? (bench/cost.py --server)

One Streamlit server of the app on 127.0.0.1; two sessions over Streamlit's own websocket
(tests/load_client.py). The viewer changes the partnership filter back and forth and times each
change (request to script_finished); the attacker uploads a hostile file as the browser does
(PUT to /_stcore/upload_file/<session>/<file>, then a rerun with the uploader's new value) again
and again, each upload waiting for its check to finish. The viewer's median change with the
attack running, over its median with no upload: the target is at most 1.5.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import urllib.request
import uuid
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench import cost
from components.data import memberships, upload
from harness import REFERENCE_MUNICIPALITIES
from harness.browser import streamlit_server
from harness.load_client import XSRF_COOKIE, Run, StreamlitSession

CHANGES = 25  # filter changes timed per condition
TARGET = 1.5


class UploadingSession(StreamlitSession):
    """A session that can also upload a file to its file uploader, as the browser does."""

    token = ""
    session_id = ""

    def _xsrf_token(self) -> str:
        self.token = super()._xsrf_token()
        return self.token

    def _take(self, forward: ForwardMsg, run: Run) -> bool:
        if forward.WhichOneof("type") == "new_session":
            self.session_id = forward.new_session.initialize.session_id or self.session_id
        return super()._take(forward, run)

    def _put(self, path: str, raw: bytes, name: str) -> None:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: text/csv\r\n\r\n"
            ).encode()
            + raw
            + f"\r\n--{boundary}--\r\n".encode()
        )
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.token,
                "Cookie": f"{XSRF_COOKIE}={self.token}",
                "Origin": self.base_url,
            },
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as answer:
            answer.read()

    async def upload(self, uploader_key: str, raw: bytes, name: str) -> Run:
        file_id = uuid.uuid4().hex
        path = f"/_stcore/upload_file/{self.session_id}/{file_id}"
        await asyncio.to_thread(self._put, path, raw, name)
        message = self.rerun_request()
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = self.widget_ids[uploader_key]
        info = widget.file_uploader_state_value.uploaded_file_info.add()
        info.file_id, info.name, info.size = file_id, name, len(raw)
        info.file_urls.file_id, info.file_urls.upload_url, info.file_urls.delete_url = file_id, path, path
        return await self.send(message)


async def _viewer_changes(viewer: StreamlitSession, labels: list[str], count: int) -> list[float]:
    seconds = []
    for index in range(count):
        run = await viewer.run({"partnerships": [labels[index % 2]]})
        if run.problems:
            raise RuntimeError(f"the viewer's run failed: {run.problems[:3]}")
        seconds.append(run.seconds)
    return seconds


async def _busy(work, stop: asyncio.Event, done: list[float]) -> None:
    """Run `work()` (one rerun of the other session) again and again until `stop`."""
    while not stop.is_set():
        run = await work()
        done.append(run.seconds)


UPLOADER_KEY = "upload_0"  # components/page/upload.py: the uploader's key before any "go back"
CONTROL = "control: another viewer changing filters"


async def _measure(url: str, files: dict[str, bytes]) -> dict:
    viewer, other = StreamlitSession(url, timeout=120), UploadingSession(url, timeout=120)
    await viewer.connect()
    await other.connect()
    try:
        await viewer.run(query_string="lang=en")
        await other.run(query_string="lang=en&tab=upload")
        if UPLOADER_KEY not in other.widget_ids:
            raise RuntimeError(f"no file uploader in the page: {sorted(other.widget_ids)}")
        labels = viewer.options["partnerships"][:2]
        await _viewer_changes(viewer, labels, 4)  # warm: both views cached, as a busy server has them
        report = {"baseline": await _viewer_changes(viewer, labels, CHANGES)}
        flips = iter(range(1_000_000))
        conditions = {CONTROL: lambda: other.run({"partnerships": [labels[next(flips) % 2]]})}
        for name, raw in files.items():
            conditions[name] = lambda raw=raw: other.upload(UPLOADER_KEY, raw, "hostile.csv")
        for name, work in conditions.items():
            stop, runs = asyncio.Event(), []
            busy = asyncio.create_task(_busy(work, stop, runs))
            await asyncio.sleep(0.5)  # the other session's first run is under way
            report[name] = await _viewer_changes(viewer, labels, CHANGES)
            stop.set()
            await busy
            report[f"{name} runs"] = runs
        return report
    finally:
        await viewer.close()
        await other.close()


def responsiveness() -> dict:
    """Start the app, measure, print a table, return the figures."""
    files = {
        f"rows: a problem each ({memberships.MAX_ROWS} rows)": cost.ROW_INPUTS["rows: a problem each"](
            memberships.MAX_ROWS
        ),
        f"wide header ({upload.MAX_UPLOAD_MB} MB)": cost.wide_header(upload.MAX_UPLOAD_BYTES),
        "wide header (5 MB, the server's own cap)": cost.wide_header(5 * cost.MB - 4096),
    }
    boundaries = str(REFERENCE_MUNICIPALITIES) if REFERENCE_MUNICIPALITIES.exists() else "off"
    with tempfile.TemporaryDirectory() as cache:
        env = {"FINMAP_BOUNDARIES": boundaries, "FINMAP_CACHE_DIR": cache, "FINMAP_LANG": "en"}
        env["FINMAP_POPULATION"] = "off"  # no download tried; the figures do not change a filter's work
        with streamlit_server(env, timeout=120) as server:
            report = asyncio.run(_measure(server.url, files))
    baseline = statistics.median(report["baseline"])
    print(f"\nA viewer's filter change while another session works (boundaries: {Path(boundaries).name})")
    print(f"{'the other session':<44} {'median s':>9} {'max s':>7} {'ratio':>6} {'its runs':>8} {'run s':>7}  verdict")
    print(f"{'idle':<44} {baseline:>9.3f} {max(report['baseline']):>7.3f} {1:>6.2f}")
    figures = {"baseline_median_s": baseline, "conditions": {}}
    for name in [CONTROL, *files]:
        median, runs = statistics.median(report[name]), report[f"{name} runs"]
        ratio, run_s = median / baseline, statistics.median(runs) if runs else float("nan")
        verdict = "ok" if ratio <= TARGET else f"OVER {TARGET}x"
        cells = f"{median:>9.3f} {max(report[name]):>7.3f} {ratio:>6.2f} {len(runs):>8} {run_s:>7.3f}"
        print(f"{name:<44} {cells}  {verdict}")
        figures["conditions"][name] = {"median_s": median, "ratio": ratio, "runs": len(runs), "run_s": run_s}
    return figures


# ----------------------------------------------------------------------------- a crowd of uploads

CROWD = 20  # sessions uploading the worst list at once (issue: a briefing's analysts all checking)
SETTLE_S = 130  # after the sessions close: Streamlit forgets a closed session's state after 120 s


def worst_list() -> bytes:
    """The most expensive list to keep: the row limit, every row wrong in six columns (a problem
    each, 30,000 in all), padded with a long note to the upload limit."""
    row = "vitalty,9999,Nowhere,Ingenstans,,nothing,maybe,31.2.2024,,,ftp://x,{note}" + cost.AFTER_NOTE
    header = cost.HEADER
    rows = memberships.MAX_ROWS
    room = (upload.MAX_UPLOAD_BYTES - len(header) - 2 * rows) // rows - len(row)
    return (header + "".join("\n" + row.format(note="n" * room) for _ in range(rows))).encode()


def _server_kb(pid: int, which: str = "all") -> int:
    """The server's resident memory in kB: with its upload checker ("all"), or the server alone."""
    from harness.load_client import descendants, memory_kb

    return memory_kb([pid] if which == "server" else [pid, *descendants(pid)]) or 0


async def _sample(pid: int, stop: asyncio.Event, samples: list[int]) -> None:
    while not stop.is_set():
        samples.append(_server_kb(pid))
        await asyncio.sleep(0.25)


async def _crowd(url: str, pid: int, worst: bytes, small: bytes) -> dict:
    from harness.load_client import percentile

    viewer = StreamlitSession(url, timeout=600)
    uploaders = [UploadingSession(url, timeout=600) for _ in range(CROWD + 1)]
    await viewer.connect()
    await viewer.run(query_string="lang=en")
    for session in uploaders:
        await session.connect()
        await session.run(query_string="lang=en&tab=upload")
    labels = viewer.options["partnerships"][:2]
    await _viewer_changes(viewer, labels, 4)
    report: dict = {"idle_p95_s": percentile(await _viewer_changes(viewer, labels, CHANGES), 0.95)}
    report["before_mb"] = _server_kb(pid) / 1024
    report["before_server_mb"] = _server_kb(pid, "server") / 1024
    stop, samples = asyncio.Event(), []
    sampler = asyncio.create_task(_sample(pid, stop, samples))
    crowd = [asyncio.create_task(session.upload(UPLOADER_KEY, worst, "worst.csv")) for session in uploaders[:CROWD]]
    await asyncio.sleep(1.0)  # the crowd's checks are running or waiting
    late = await uploaders[CROWD].upload(UPLOADER_KEY, small, "small.csv")
    changes = await _viewer_changes(viewer, labels, CHANGES)
    runs = await asyncio.gather(*crowd)
    stop.set()
    await sampler
    busy = sum(any("try again in a moment" in problem for problem in run.problems) for run in runs)
    report |= {
        "crowd_last_s": max(run.seconds for run in runs),
        "crowd_told_busy": busy,
        "small_upload_s": late.seconds,
        "small_told_busy": any("try again in a moment" in problem for problem in late.problems),
        "during_p95_s": percentile(changes, 0.95),
        "peak_mb": max(samples) / 1024,
    }
    for session in uploaders:
        await session.close()
    await asyncio.sleep(SETTLE_S)
    # Streamlit forgets a closed session once its time is up, when the next session arrives
    # (its session store expires entries lazily): as on a server that keeps being used.
    newcomer = StreamlitSession(url, timeout=600)
    await newcomer.connect()
    await newcomer.run(query_string="lang=en")
    await newcomer.close()
    await asyncio.sleep(upload.RELEASE_EVERY_S + 5)
    report["after_mb"] = _server_kb(pid) / 1024
    report["after_server_mb"] = _server_kb(pid, "server") / 1024
    await viewer.close()
    return report


def crowd() -> dict:
    """Twenty sessions upload the worst list at once, a twenty-first a small valid one; another
    viewer changes filters meanwhile. The server's memory (with its checker) before, at the peak
    and SETTLE_S after the sessions closed."""
    small = memberships.PARTNERSHIPS_PATH.read_bytes()
    with tempfile.TemporaryDirectory() as cache:
        env = {"FINMAP_BOUNDARIES": "off", "FINMAP_POPULATION": "off", "FINMAP_CACHE_DIR": cache, "FINMAP_LANG": "en"}
        with streamlit_server(env, timeout=120) as server:
            report = asyncio.run(_crowd(server.url, server.pid, worst_list(), small))
    print(f"\n{CROWD} sessions upload a {upload.MAX_UPLOAD_MB} MB list of {memberships.MAX_ROWS} wrong rows at once")
    last, busy = report["crowd_last_s"], report["crowd_told_busy"]
    print(f"  the last check of the crowd ends at {last:.1f} s; {busy} told the checker is busy")
    small_s, small_busy = report["small_upload_s"], report["small_told_busy"]
    print(f"  a small valid upload 1 s later: {small_s:.1f} s (told busy: {small_busy})")
    print(f"  another viewer's filter change, p95: {report['during_p95_s']:.3f} s (idle {report['idle_p95_s']:.3f} s)")
    growth = (report["after_mb"] - report["before_mb"]) / report["before_mb"]
    print(
        f"  server memory: {report['before_mb']:.0f} MB before, {report['peak_mb']:.0f} MB at the peak, "
        f"{report['after_mb']:.0f} MB {SETTLE_S} s after the sessions closed and a new one came "
        f"({growth:+.0%}; target within +10 %)"
    )
    alone_before, alone_after = report["before_server_mb"], report["after_server_mb"]
    print(f"  of which the server alone: {alone_before:.0f} MB before, {alone_after:.0f} MB after")
    return report


if __name__ == "__main__":
    crowd()
