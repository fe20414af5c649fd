"""The upload check's worker process is supervised: one that dies (killed, out of memory) is
replaced for the next check, and a queue too long says "busy" at once."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from components.data import upload
from components.data.memberships import PARTNERSHIPS_PATH
from tests.helpers.paths import ROOT

RAW = PARTNERSHIPS_PATH.read_bytes()


def _worker_pids() -> list[int]:
    return [process.pid for process in (upload._checker()._processes or {}).values()]


def test_a_killed_worker_is_replaced_and_the_next_upload_is_checked(dataset):
    first = upload.check_upload(RAW, "first.csv", dataset)
    assert first.result.is_clean and len(first.memberships) == len(dataset.memberships)
    (pid,) = _worker_pids()
    os.kill(pid, signal.SIGKILL)  # as the out-of-memory killer would
    second = upload.check_upload(RAW, "second.csv", dataset)
    assert second.result.is_clean and len(second.memberships) == len(dataset.memberships)
    assert _worker_pids() and pid not in _worker_pids()  # a new process does the checking


def test_a_full_queue_says_busy_at_once_in_every_language(dataset, monkeypatch):
    monkeypatch.setattr(upload, "MAX_WAITING", 0)
    check = upload.check_upload(RAW, "waiting.csv", dataset)
    (problem,) = check.result.problems
    assert problem.reason == "checker_busy" and not check.usable
    assert problem.message("fi").startswith("Juuri nyt tarkistetaan monta luetteloa")
    assert problem.message("sv") and problem.message("en")


def dies(raw: bytes, dataset) -> None:
    """A check that kills its own process (the worker imports it from this module)."""
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_worker_that_dies_on_every_try_is_said_not_raised(dataset, monkeypatch):
    monkeypatch.setattr(upload, "_validate_and_compare", dies)
    check = upload.check_upload(RAW, "doomed.csv", dataset)
    assert [p.reason for p in check.result.problems] == ["checker_stopped"]
    monkeypatch.undo()
    assert upload.check_upload(RAW, "after.csv", dataset).result.is_clean  # and the next one works


def test_the_worker_ends_when_its_server_is_gone(tmp_path):
    """A server killed (a replica that died, kill -9) leaves no checking process behind."""
    script = tmp_path / "server.py"
    script.write_text(
        "import os, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from components.data import upload\n"
        "from components.data.memberships import load_dataset\n"
        "if __name__ == '__main__':\n"
        "    upload.check_upload(b'x', 'x.csv', load_dataset())\n"
        "    (pid,) = [p.pid for p in upload._checker()._processes.values()]\n"
        "    print(pid, flush=True)\n"
        "    os.kill(os.getpid(), 9)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    worker = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10 * upload.PARENT_CHECK_S
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has ended; init reaps it


def test_the_worker_s_watch_waits_while_its_server_lives_and_ends_it_cleanly_after(monkeypatch):
    """The watch itself, in this process (the test above sees it only from outside): a daemon
    thread, named for the one who looks at a worker's threads, that polls the parent and ends
    the process with status 0 once the parent is another (the server is gone)."""
    server, orphaned = 4242, 1
    parent = [server]
    asked = threading.Semaphore(0)
    exits: queue.Queue[object] = queue.Queue()

    def getppid() -> int:
        asked.release()
        return parent[0]

    monkeypatch.setattr(upload, "PARENT_CHECK_S", 0.001)
    # Its own `os`, so that the test process goes on when the watch ends it.
    monkeypatch.setattr(upload, "os", SimpleNamespace(getppid=getppid, _exit=exits.put))
    before = set(threading.enumerate())
    upload._end_with_parent(server)
    started = set(threading.enumerate()) - before
    try:
        assert [(watch.name, watch.daemon) for watch in started] == [("end-with-parent", True)]
        for _ in range(3):  # it asked three times, slept between, and the server is still there
            assert asked.acquire(timeout=10)
        assert exits.empty() and all(watch.is_alive() for watch in started)
        parent[0] = orphaned
        assert exits.get(timeout=10) == 0
    finally:  # the watch ends here, never with the real `os` after the test (it would end pytest)
        parent[0] = orphaned
        for watch in started:
            watch.join(timeout=10)
    assert not any(watch.is_alive() for watch in started)


FRAGMENTED_HEAP = """
import sys
from components.data.upload import release_memory
def resident_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
before = resident_mb()
kept = [bytes(2000 + index % 500) for index in range(100_000)]  # about 220 MB on malloc's heap
peak = resident_mb()
kept = kept[::50]  # a few survivors spread over the heap, as a session's leftovers are
if sys.argv[1] == "release":
    release_memory()
print(before, peak, resident_mb())
"""


def _resident_after(mode: str) -> tuple[int, int, int]:
    answer = subprocess.run(
        [sys.executable, "-c", FRAGMENTED_HEAP, mode], cwd=ROOT, capture_output=True, text=True, timeout=60, check=True
    )
    before, peak, after = map(int, answer.stdout.split())
    return before, peak, after


def test_memory_freed_between_survivors_goes_back_to_the_system():
    # The premise: glibc keeps freed pages between live ones (the server stayed at its peak
    # after a crowd of uploads had ended).
    before, peak, kept = _resident_after("keep")
    assert peak - before > 150 and kept - before > (peak - before) * 0.8
    before, peak, after = _resident_after("release")
    assert after - before < (peak - before) / 4


def test_a_worker_that_has_checked_and_idles_is_replaced_by_a_fresh_one(dataset, monkeypatch):
    """Freed small objects stay scattered in the worker after its checks; a worker that has
    worked and then idled is replaced (the process's memory goes back with it), never while a
    check waits or runs, and never a fresh one."""
    upload.check_upload(RAW, "first.csv", dataset)
    (pid,) = _worker_pids()
    monkeypatch.setattr(upload, "_waiting", 1)  # a check is under way
    assert not upload.renew_idle_worker(idle_s=0) and _worker_pids() == [pid]
    monkeypatch.setattr(upload, "_waiting", 0)
    assert not upload.renew_idle_worker(idle_s=3600)  # not idle long enough
    assert upload.renew_idle_worker(idle_s=0)
    (fresh,) = _worker_pids()
    assert fresh != pid
    deadline = time.monotonic() + 30
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(pid)  # the old process has ended
    assert not upload.renew_idle_worker(idle_s=0)  # the fresh one has done nothing yet
    assert upload.check_upload(RAW, "second.csv", dataset).result.is_clean
    assert _worker_pids() == [fresh]


THREADS_ALLOCATING = """
import ctypes, ctypes.util, os, sys, tempfile, threading
if sys.argv[1] == "server":
    import server  # noqa: F401 - what `make run` and `make serve` start
start = threading.Barrier(8)
def allocate():
    start.wait()
    kept = [bytearray(600) for _ in range(20_000)]  # each thread at once, as sessions' scripts
    start.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.fopen.restype = ctypes.c_void_p
path = tempfile.mktemp()
stream = ctypes.c_void_p(libc.fopen(path.encode(), b"w"))
libc.malloc_info(0, stream)
libc.fclose(stream)
print(open(path).read().count("<heap nr="))
os.remove(path)
"""


def _malloc_arenas(mode: str) -> int:
    answer = subprocess.run(
        [sys.executable, "-c", THREADS_ALLOCATING, mode], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert answer.returncode == 0, answer.stderr[-2000:]
    return int(answer.stdout.split()[-1])


def test_the_server_keeps_to_two_malloc_arenas_however_many_threads_allocate():
    """glibc gives threads that allocate at once an arena each (the premise: more than two), and
    a freed block stays in its arena; the server (server.py) keeps to MALLOC_ARENAS."""
    assert _malloc_arenas("plain") > upload.MALLOC_ARENAS
    assert _malloc_arenas("server") <= upload.MALLOC_ARENAS
