"""A source that sends a byte now and then: the page gets its "too slow" at the deadline, and the
download's thread ends then too, instead of holding a thread (and a connection) for as long as
the source keeps dripping. All on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from components.data.sources import SourceError, download

DEADLINE_S = 1.0


@pytest.fixture
def dripping_source():
    """An HTTP server on 127.0.0.1 that promises 10,000 bytes and sends one every 0.2 s (for up
    to a minute): no single read ever waits long enough to time out."""
    server = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def serve() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 10000\r\nContent-Type: text/plain\r\n\r\n")
            for _ in range(300):
                if stop.wait(0.2):
                    return
                try:
                    connection.sendall(b"x")
                except OSError:  # the client hung up: what the test wants
                    return

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/boundaries.geojson", thread
    stop.set()
    server.close()


def download_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "source-download" and thread.is_alive()]


def test_a_dripping_source_is_given_up_at_the_deadline_and_its_thread_ends(dripping_source):
    url, server = dripping_source
    before = len(download_threads())
    started = time.monotonic()
    with pytest.raises(SourceError) as refused:
        download(url, timeout=DEADLINE_S, max_mb=1)
    assert refused.value.reason == "timeout" and time.monotonic() - started < DEADLINE_S + 1
    # The thread that read it ends at once, and the source sees the connection closed.
    deadline = time.monotonic() + 3
    while len(download_threads()) > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(download_threads()) == before
    server.join(timeout=3)
    assert not server.is_alive()
