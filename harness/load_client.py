"""A small client for Streamlit's own websocket protocol, for load tests: many sessions are much
cheaper as websockets than as browser tabs, and the server cannot tell the difference.

How the browser talks to the server (Streamlit 1.67, streamlit/web/server/starlette/):
- It GETs /_stcore/health and /_stcore/host-config; the answers set the `_streamlit_xsrf` cookie.
- It opens ws://HOST/_stcore/stream with the Origin of the page, that cookie, and the
  Sec-WebSocket-Protocol list ["streamlit", <xsrf cookie value>] (a third entry would be the id
  of a session to resume). The server selects "streamlit".
- Every frame is a protobuf: BackMsg from client to server, ForwardMsg back. A run is asked for
  with BackMsg.rerun_script (a ClientState: the query string and the widget values); the server
  answers with new_session, deltas (elements and blocks, addressed by metadata.delta_path),
  page_info_changed (when the app changes st.query_params) and finally script_finished.
- A widget's value travels as a WidgetState with the widget's id (`$$ID-<hash>-<key>` for a
  widget with a key); a multiselect sends `string_array_value` holding the *formatted* options,
  i.e. the labels its format_func shows, not the option values.
- A widget drawn by a fragment arrives in a delta that names the fragment (Delta.fragment_id);
  the browser asks for a change of that widget with ClientState.fragment_id set, and the server
  reruns only that fragment, ending with FINISHED_FRAGMENT_RUN_SUCCESSFULLY.
- Large new_element deltas are `cacheable`: the client lists the hashes it keeps in
  ClientState.cached_message_hashes and the server then sends only a `ref_hash`.
"""

from __future__ import annotations

import asyncio
import http.cookies
import json
import math
import re
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from components.page.first_run import REST_BUTTON

XSRF_COOKIE = "_streamlit_xsrf"
REPLICA_HEADER = "X-Finmap-Replica"  # set by deploy/nginx.conf
FINISHED_WELL = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)
WIDGET_TYPES = ("multiselect", "selectbox", "radio", "checkbox", "button", "download_button", "file_uploader")
_LAYER_CALL = re.compile(r"finmap\.layer\(\w+, (\{.*?\})\);")
_LAYER = re.compile(r'\\u003c/span\\u003e(.*?)" :')  # layer-control labels after their colour swatch


@dataclass
class Run:
    """What one script run showed, as far as a load test needs to know."""

    seconds: float = 0.0  # from sending the request to script_finished
    map_seconds: float | None = None  # from sending the request to the map's arguments
    finished: int | None = None  # ForwardMsg.ScriptFinishedStatus
    messages: int = 0
    received_bytes: int = 0
    metrics: dict[str, str] = field(default_factory=dict)  # label -> shown value
    map_codes: set[str] = field(default_factory=set)  # municipality codes drawn on the map
    map_partnerships: set[str] = field(default_factory=set)
    map_layers: list[str] = field(default_factory=list)  # layer-control names
    headings: list[str] = field(default_factory=list)  # titles, headers and subheaders drawn
    by_reference: int = 0  # messages the server sent as a reference to one this client keeps
    problems: list[str] = field(default_factory=list)  # exceptions, alerts, session events
    asks_for_rest: bool = False  # a session's first page: it has the button the map presses
    rest: Run | None = None  # then: the run that drew the rest of the page


class StreamlitSession:
    """One browser tab's worth of Streamlit session, driven over the websocket."""

    def __init__(self, base_url: str, timeout: float = 60.0, cookies: dict[str, str] | None = None):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        # The browser's cookie jar: the XSRF cookie, and a proxy's replica cookie behind nginx.
        self.cookies: dict[str, str] = dict(cookies or {})
        self.served_by = ""  # the replica that took the websocket, as a proxy names it
        self.query_string = ""  # what the address bar would show, kept in step with page_info_changed
        self.widget_ids: dict[str, str] = {}  # widget key -> widget id, from the last run
        self.options: dict[str, list[str]] = {}  # widget key -> formatted options, from the last run
        self.fragments: dict[str, str] = {}  # widget key -> the fragment that drew it ("" for none)
        self._cache: dict[str, ForwardMsg] = {}
        self._ws = None
        self._started = 0.0  # when the current run was asked for

    async def connect(self) -> None:
        from websockets.asyncio.client import connect

        token = await asyncio.to_thread(self._xsrf_token)
        self._ws = await connect(
            self.base_url.replace("http", "ws", 1) + "/_stcore/stream",
            origin=self.base_url,
            subprotocols=["streamlit", token],
            additional_headers={"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())},
            max_size=None,
            open_timeout=self.timeout,
            close_timeout=5,
            ping_interval=None,  # browsers send no websocket pings either; the server pings us
        )
        self.served_by = self._ws.response.headers.get(REPLICA_HEADER, "")

    def _xsrf_token(self) -> str:
        """What the frontend does before opening the websocket; the answers carry the XSRF cookie."""
        for path in ("/_stcore/health", "/_stcore/host-config"):
            request = urllib.request.Request(self.base_url + path)
            if self.cookies:
                request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                answer.read()
                cookie = http.cookies.SimpleCookie()
                for header in answer.headers.get_all("Set-Cookie") or []:
                    cookie.load(header)
                self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        if XSRF_COOKIE not in self.cookies:
            raise RuntimeError("the server set no XSRF cookie")
        return self.cookies[XSRF_COOKIE]

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def run(self, widgets: dict[str, list[str]] | None = None, query_string: str | None = None) -> Run:
        """Ask for a rerun, with new values for the multiselects in `widgets` (key -> formatted
        options), and read everything up to script_finished."""
        if query_string is not None:
            self.query_string = query_string
        message = self.rerun_request(*(widgets or {}))
        for key, values in (widgets or {}).items():
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id = self.widget_ids[key]
            widget.string_array_value.data.extend(values)
        run = await self.send(message)
        if run.asks_for_rest:
            # A session's first page is the heading and the map, whose script then presses this
            # button for the rest (components/page/first_run.py); a browser's map would do it now.
            run.rest = await self.press(REST_BUTTON)
        return run

    async def press(self, key: str) -> Run:
        """Press the button with this key (a trigger value, as the browser sends it)."""
        message = self.rerun_request(key)
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = self.widget_ids[key]
        widget.trigger_value = True
        return await self.send(message)

    def rerun_request(self, *changed: str) -> BackMsg:
        """A rerun for this session's address, listing the messages it keeps; add widget values.
        When the `changed` widgets were all drawn by one fragment, only that fragment reruns, as
        when a person changes them in the browser."""
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        message.rerun_script.cached_message_hashes.extend(self._cache)
        fragments = {self.fragments.get(key, "") for key in changed}
        if len(fragments) == 1 and (fragment := fragments.pop()):
            message.rerun_script.fragment_id = fragment
        return message

    async def send(self, message: BackMsg) -> Run:
        """Send one BackMsg and read everything up to script_finished."""
        run = Run()
        started = self._started = time.monotonic()
        await self._ws.send(message.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                data = await self._ws.recv()
                run.messages += 1
                run.received_bytes += len(data)
                forward = ForwardMsg()
                forward.ParseFromString(data)
                if self._take(forward, run):
                    break
        run.seconds = time.monotonic() - started
        return run

    def _take(self, forward: ForwardMsg, run: Run) -> bool:
        """Note what one ForwardMsg says; True when it ends the run."""
        kind = forward.WhichOneof("type")
        if kind == "ref_hash":
            cached = self._cache.get(forward.ref_hash)
            if cached is None:
                run.problems.append(f"server referred to a message this client never got: {forward.ref_hash}")
                return False
            forward, kind = cached, cached.WhichOneof("type")
            run.by_reference += 1
        elif forward.metadata.cacheable and forward.hash:
            self._cache[forward.hash] = forward
        if kind == "script_finished":
            run.finished = forward.script_finished
            if forward.script_finished not in FINISHED_WELL:
                run.problems.append(f"script_finished with status {forward.script_finished}")
            return True
        if kind == "page_info_changed":
            self.query_string = forward.page_info_changed.query_string
        elif kind == "session_event":
            run.problems.append(f"session event: {forward.session_event}".strip())
        elif kind == "page_not_found":
            run.problems.append("page not found")
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            self._element(forward.delta.new_element, run, forward.delta.fragment_id)
        return False

    def _element(self, element, run: Run, fragment: str = "") -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.problems.append(f"exception shown: {element.exception.type}: {element.exception.message}")
        elif kind == "alert":
            run.problems.append(f"{Alert.Format.Name(element.alert.format)} alert shown: {element.alert.body}")
        elif kind == "heading":
            run.headings.append(element.heading.body)
        elif kind == "markdown" and (line := headline(element.markdown.body)):
            run.metrics = line
        elif kind == "component_instance" and element.component_instance.component_name.endswith("st_folium"):
            run.map_seconds = time.monotonic() - self._started
            args = json.loads(element.component_instance.json_args)
            drawn = drawn_layers(args)
            run.map_codes |= {code for codes in drawn.values() for code in codes}
            run.map_partnerships |= set(drawn)
            run.map_layers = [json.loads(f'"{name}"') for name in _LAYER.findall(args.get("layer_control") or "")]
        if kind in WIDGET_TYPES:
            widget = getattr(element, kind)
            parts = widget.id.split("-", 2)
            if widget.id.startswith("$$ID-") and len(parts) == 3:
                self.widget_ids[parts[2]] = widget.id
                self.fragments[parts[2]] = fragment
                run.asks_for_rest |= parts[2] == REST_BUTTON
                if hasattr(widget, "options"):
                    self.options[parts[2]] = list(widget.options)


_HEADLINE_PART = re.compile(r"([^*·\n]+) \*\*(\d+)\*\*")


def headline(markdown: str) -> dict[str, str]:
    """label -> number of the headline line ("Municipalities **80** · Partnerships **7** · ..."),
    or {} when `markdown` is another text. Split first, then each part matched whole: a search
    over the whole text backtracked on every long markdown (about 2 ms each, 50 ms a run, more
    CPU than the server's own run in the spike)."""
    parts = markdown.split(" · ")
    found = [_HEADLINE_PART.fullmatch(part) for part in parts] if len(parts) == 3 else []
    return {match[1]: match[2] for match in found} if found and all(found) else {}


def drawn_layers(args: dict) -> dict[str, list[str]]:
    """partnership id -> municipality codes, of the layers in st_folium's arguments (the
    finmap.layer calls of components/render/map_layers.js)."""
    layers = [json.loads(found) for found in _LAYER_CALL.findall(args.get("feature_group") or "")]
    return {layer["id"]: layer["codes"] for layer in layers}


# ----------------------------------------------------------------------------- server memory


def descendants(root: int) -> list[int]:
    """Every living process below `root` (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        children = parents.get(todo.pop(), [])
        found.extend(children)
        todo.extend(children)
    return found


def memory_kb(pids: list[int], field_name: str = "VmRSS") -> int | None:
    """Sum of a /proc/<pid>/status field (VmRSS: resident now, VmHWM: peak resident) in kB;
    psutil is used when it is installed."""
    if not pids:
        return None
    try:
        import psutil
    except ImportError:
        psutil = None
    total = 0
    for pid in pids:
        try:
            if psutil is not None and field_name == "VmRSS":
                total += psutil.Process(pid).memory_info().rss // 1024
            else:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith(field_name + ":"):
                        total += int(line.split()[1])
        except Exception:  # the process ended meanwhile (OSError, psutil.NoSuchProcess)
            continue
    return total


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = min(max(1, math.ceil(share * len(ordered))), len(ordered))
    return ordered[rank - 1]
