"""An updated partnerships list, uploaded to check it on the map before anyone edits the data.

Validated with exactly the rules of the bundled file (components.data.memberships.validate_partnerships);
the accepted rows replace the bundled ones for this browser session only. Nothing is written
to disk and the bundled data stays as it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import hashlib
import multiprocessing
import os
import pickle
import sys
import threading
import time
import zlib
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import geopandas as gpd
import pandas as pd

from components.base.i18n import t
from components.data.memberships import (
    Dataset,
    Problem,
    ValidationContext,
    ValidationResult,
    empty_rows,
    join_cities,
    validate_partnerships,
)
from components.data.upload_diff import Comparison, compare, row_keys

MAX_UPLOAD_MB = 2
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# The problems a check keeps as objects in the server: the page lists this many. A list of 5,000
# wrong rows has 30,000 problems, up to 12 MB of small objects per session; twenty such sessions
# left the server's memory scattered among long-lived objects, never returned to the system
# (docs/performance.md). The rest are kept compressed, in one block, for the download.
KEPT_PROBLEMS = 500


def checked_now() -> datetime:
    """Now, in Finland's time (the users' clock), or UTC where the machine has no time zones."""
    try:
        return datetime.now(ZoneInfo("Europe/Helsinki"))
    except ZoneInfoNotFoundError:
        return datetime.now(UTC)


@dataclass(frozen=True)
class UploadCheck:
    file_name: str
    result: ValidationResult
    memberships: gpd.GeoDataFrame  # the accepted rows, joined to their cities
    digest: str  # identifies the file's content, e.g. in cache keys
    # What the file would change on the map, compared with the bundled data (components.data.upload_diff).
    comparison: Comparison = field(default_factory=lambda: Comparison([]))
    checked_at: datetime = field(default_factory=checked_now)  # said in every file made from it
    # Every problem, compressed, when `result` keeps only its first KEPT_PROBLEMS; else empty.
    packed_problems: bytes = b""

    @property
    def usable(self) -> bool:
        return len(self.memberships) > 0

    def all_problems(self) -> list[Problem]:
        """Every problem of the file (the download lists them all; `result` keeps the first)."""
        return unpack_problems(self.packed_problems) if self.packed_problems else self.result.problems


def pack_problems(problems: list[Problem]) -> bytes:
    """Problems as one compressed block: a worst-case list's 30,000, 12 MB as objects, pack into 90 KB."""
    return zlib.compress(pickle.dumps(problems, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_problems(packed: bytes) -> list[Problem]:
    # Only ever blocks this module packed itself, in the worker process it started.
    return pickle.loads(zlib.decompress(packed))  # noqa: S301


# Streamlit runs every viewer's script in one process, so a check that holds the interpreter
# slows every other viewer's filter change. The check runs in a worker process of its own
# (one: two uploads at once wait in turn, and cannot take every core).
_worker: ProcessPoolExecutor | None = None
_worker_lock = threading.Lock()
# Checks that may wait behind the running one; one more is told at once that the checker is
# busy, instead of holding its viewer for minutes behind the others.
MAX_WAITING = 8
_waiting = 0
_waiting_lock = threading.Lock()


def _checker() -> ProcessPoolExecutor:
    global _worker
    with _worker_lock:
        if _worker is None:
            # "spawn": a fresh interpreter, not a fork of a server with many threads.
            _worker = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_end_with_parent,
                initargs=(os.getpid(),),
            )
            _start_releaser()
        return _worker


PARENT_CHECK_S = 2.0


# How often a server that has checked uploads gives freed memory back to the system.
RELEASE_EVERY_S = 30.0
# For how long after a check the server also collects the garbage of sessions that ended:
# Streamlit keeps a closed session two minutes, and forgets it when another closes after that.
COLLECT_FOR_S = 600.0
_releaser_started = False


def release_memory() -> None:
    """Give the memory Python has freed back to the system. A check's rows and problems (up to
    30,000 of them) are freed when its session ends, but glibc keeps the pages for reuse, so a
    server that had a crowd of uploads stayed at its peak (measured in `make bench-cost`).
    malloc_trim is glibc's; elsewhere this does nothing."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)
    if "pyarrow" in sys.modules:  # Streamlit sends every table as Arrow; its pool keeps freed pages
        sys.modules["pyarrow"].default_memory_pool().release_unused()


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name) if name else None


M_MMAP_THRESHOLD, M_ARENA_MAX = -3, -8  # glibc's mallopt parameters (malloc.h)
MALLOC_ARENAS = 2
MMAP_FROM_BYTES = 128 * 1024


def keep_malloc_compact() -> None:
    """Called first in the server (server.py) and in the worker. glibc gives every thread that
    allocates while another does an arena of its own, up to 8 per core, and a freed block stays
    in its arena: after a crowd of uploads each session's thread had left its free blocks in an
    arena of its own (16 arenas, 71 MB free between live blocks) and the server stayed 45 MB
    above its start. Two arenas, and every block of 128 KiB or more (an uploaded file, a
    table's column) in a mapping of its own, returned whole when freed: with the rest of the
    releaser's work it came back to within 2 % (docs/performance.md). mallopt is glibc's;
    elsewhere this does nothing."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(M_ARENA_MAX, MALLOC_ARENAS)
        mallopt(M_MMAP_THRESHOLD, MMAP_FROM_BYTES)


def _start_releaser() -> None:
    """In the server, once it has a checker: every RELEASE_EVERY_S, collect the garbage of
    sessions that ended (for a while after checks), release freed memory (a few milliseconds),
    and replace a worker that idles after work. The checks themselves go as their sessions
    disconnect (components/page/state.py)."""
    global _releaser_started
    if _releaser_started:
        return
    _releaser_started = True

    def release() -> None:
        while True:
            time.sleep(RELEASE_EVERY_S)
            if time.monotonic() - _last_job_end < COLLECT_FOR_S:
                # Sessions that checked a file end within minutes of it; Streamlit drops them
                # (objects in cycles) without a collection, and the server runs none of its
                # own after a script (postScriptGC). A full one takes 0.1-0.3 s: only then.
                gc.collect()
            release_memory()
            renew_idle_worker()

    threading.Thread(target=release, name="release-memory", daemon=True).start()


_jobs_done = 0  # jobs the current worker has finished
_last_job_end = 0.0  # time.monotonic() when the last one finished


def renew_idle_worker(idle_s: float = RELEASE_EVERY_S) -> bool:
    """Replace a worker that has done work and then idled `idle_s` by a fresh one. A check's
    30,000 problems are freed in the worker after it, but the small blocks they leave scattered
    among the worker's own objects are never returned (malloc_trim does not reach them): after
    twenty worst-case checks it stayed 50 MB above its start. A process that ends returns it
    all; the new one is started at once, so the next upload does not wait for its imports.
    Only when nothing waits or runs (under the queue's lock), so no job is cut short."""
    global _worker, _jobs_done
    with _waiting_lock:
        if _waiting or not _jobs_done or time.monotonic() - _last_job_end < idle_s:
            return False
        with _worker_lock:
            old, _worker = _worker, None
        _jobs_done = 0
    if old is not None:
        old.shutdown(wait=False)
    _checker().submit(int)
    return True


def _end_with_parent(parent: int) -> None:
    """In the worker: end when the server that started it is gone (killed, or a replica that
    died), instead of waiting for work forever as an orphan of 100-250 MB. And its memory kept
    compact, as the server's."""
    keep_malloc_compact()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def _replace_worker(broken: ProcessPoolExecutor) -> None:
    """Drop a worker that died (killed, out of memory): the next check starts a new one."""
    global _worker
    with _worker_lock:
        if _worker is broken:
            _worker = None
    broken.shutdown(wait=False, cancel_futures=True)


def warm_up() -> None:
    """Start the worker before the first upload needs it (the page calls this when the upload
    tab opens): its start-up imports take about a second. Returns at once; once started, nothing."""
    if _worker is None:
        _checker().submit(int)


class WorkerBusyError(Exception):
    """The worker process has as many jobs waiting as it may: the caller says "try again"."""


class WorkerStoppedError(WorkerBusyError):
    """The worker died twice on this job (killed, out of memory)."""


def in_worker(job, *args):
    """Another heavy job of the page's (a briefing pack) in the same worker process as the
    checks, with the same bound on what waits and the same replacement of a worker that died:
    one process for all heavy work, so they cannot take every core between them."""
    global _waiting, _jobs_done, _last_job_end
    with _waiting_lock:
        if _waiting >= MAX_WAITING:
            raise WorkerBusyError
        _waiting += 1
    try:
        for _attempt in range(2):
            worker = _checker()
            try:
                result = worker.submit(job, *args).result()
            except BrokenProcessPool:
                _replace_worker(worker)
                continue
            # The worker's copy of the input and what it made are garbage now: returned to the
            # system at once, not kept at the worker's peak (next in its queue, so cheap).
            worker.submit(release_memory)
            return result
        raise WorkerStoppedError
    finally:
        with _waiting_lock:
            _waiting -= 1
            _jobs_done += 1
            _last_job_end = time.monotonic()


def _validate_and_compare(raw: bytes, dataset: Dataset) -> tuple[ValidationResult, Comparison, bytes]:
    """The expensive part of a check (in the worker process): the result with its first
    KEPT_PROBLEMS problems, the comparison, and every problem packed when there are more."""
    result = validate_partnerships(raw, dataset.catalog, dataset.cities)
    keys = row_keys(raw, ValidationContext.build(dataset.catalog, dataset.cities)) if result.rows_in_file else {}
    comparison = compare(dataset.memberships, result, keys)
    if len(result.problems) <= KEPT_PROBLEMS:
        return result, comparison, b""
    return result.first_problems(KEPT_PROBLEMS), comparison, pack_problems(result.problems)


def check_upload(raw: bytes, file_name: str, dataset: Dataset) -> UploadCheck:
    """The file checked in the worker process and compared with `dataset`. A worker that died is
    replaced and the check run again once; a check that cannot run says why, as a problem of
    the file, and the page goes on."""
    digest = hashlib.sha256(raw).hexdigest()

    def refused(reason: str, **params: object) -> UploadCheck:
        result = ValidationResult(empty_rows(), [Problem(None, None, None, reason, params)], 0)
        return UploadCheck(file_name, result, join_cities(empty_rows(), dataset.cities), digest)

    if len(raw) > MAX_UPLOAD_BYTES:
        return refused("too_large", limit=MAX_UPLOAD_MB)
    try:
        result, comparison, packed = in_worker(_validate_and_compare, raw, dataset)
    except WorkerStoppedError:
        return refused("checker_stopped")
    except WorkerBusyError:
        return refused("checker_busy")
    memberships = join_cities(result.rows, dataset.cities)
    return UploadCheck(file_name, result, memberships, digest, comparison, packed_problems=packed)


def problems_table(
    problems: list[Problem], lang: str, labels: Mapping[int, tuple[str, str]] | None = None
) -> pd.DataFrame:
    """The problems as people read them (on the page and in the download): headers and reasons
    in the page language. A column keeps its name in the file, so it can be found there.
    `labels` (row -> municipality, partnership) names what each row was about. The value a
    misspelt one was probably meant to be stands beside it (when there is one), not at the end
    of the long reason, where a table of ordinary width cut it off."""
    named = (
        {}
        if labels is None
        else {
            t("upload_diff.column_municipality", lang): [labels.get(p.row, ("", ""))[0] for p in problems],
            t("upload_diff.column_partnership", lang): [labels.get(p.row, ("", ""))[1] for p in problems],
        }
    )
    return pd.DataFrame(
        {
            t("problems_table.row", lang): [
                t("problems_table.file", lang) if p.row is None else str(p.row) for p in problems
            ],
            **named,
            t("problems_table.column", lang): [p.column or "" for p in problems],
            t("problems_table.value", lang): [p.shown_value for p in problems],
            **(
                {t("words.did_you_mean", lang): [p.suggestion for p in problems]}
                if any(p.suggestion for p in problems)
                else {}
            ),
            t("problems_table.problem", lang): [p.reason_text(lang) for p in problems],
        }
    )
