"""The browser tests' run counter (harness/script_runs.js) on known bytes: Streamlit's own
ForwardMsg messages, serialised by its protobuf classes, fed to the counter in Chromium as the
websocket would. Each run is one new_session and one script_finished, whatever comes between."""

from __future__ import annotations

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from harness.browser import RUN_COUNTER_JS

# A stand-in for the browser's WebSocket that opens no connection: the counter subclasses it
# and listens for "message" events, which the test then dispatches itself.
QUIET_SOCKET_JS = "window.WebSocket = class extends EventTarget { constructor(url) { super(); } };"
FEED_JS = """(messages) => {
    const socket = new window.WebSocket('ws://127.0.0.1:1/');
    for (const bytes of messages)
        socket.dispatchEvent(new MessageEvent('message', {data: new Uint8Array(bytes).buffer}));
    return window.__scriptRuns;
}"""


def _new_session(path_length: int) -> ForwardMsg:
    message = ForwardMsg()
    message.hash = "a" * 40
    message.metadata.delta_path.extend(range(path_length))  # a long metadata field comes first
    message.new_session.page_script_hash = "b" * 64
    message.new_session.name = "app"
    message.new_session.main_script_path = "/srv/app.py"
    return message


def _markdown(body: str) -> ForwardMsg:
    message = ForwardMsg()
    message.metadata.delta_path.extend([0, 1, 2])
    message.delta.new_element.markdown.body = body
    return message


def _finished() -> ForwardMsg:
    message = ForwardMsg()
    message.script_finished = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
    return message


def _counted(page, messages: list[ForwardMsg]) -> dict:
    page.goto("about:blank")
    page.add_script_tag(content=QUIET_SOCKET_JS)
    page.add_script_tag(content=RUN_COUNTER_JS)
    return page.evaluate(FEED_JS, [list(message.SerializeToString()) for message in messages])


def test_each_run_counts_one_start_and_one_finish(browser):
    # Bodies whose bytes look like the tags of new_session (field 4) and script_finished (6).
    lookalikes = "\x22\x32" * 40 + "Kunnat **3** · Kumppanuudet **1**"
    runs = [
        [_new_session(path_length), _markdown(lookalikes), _markdown("x" * 300), _finished()]
        for path_length in (0, 5, 74, 200)  # metadata lengths of one and of two length bytes
    ]
    page = browser.new_page()
    try:
        counts = _counted(page, [message for run in runs for message in run])
    finally:
        page.close()
    assert counts == {"started": 4, "finished": 4}
