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


if __name__ == "__main__":
    responsiveness()
