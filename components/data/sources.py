"""Reading an outside source the environment names: a local file or a bounded download, and
the atomic cache write. Shared by the boundary and population loaders, which turn a SourceError
into a reason the page shows (a key of their own section in the locale files)."""

from __future__ import annotations

import contextlib
import io
import os
import queue
import socket
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CACHE_DIR = ROOT / ".cache" / "boundaries"
DEFAULT_TIMEOUT_S = 10.0
OFF_VALUES = ("off", "none", "points")


class SourceError(Exception):
    """Why a source gave nothing usable: `reason` names a locale key, `params` fill it."""

    def __init__(self, reason: str, **params: Any):
        super().__init__(reason, params)
        self.reason, self.params = reason, params


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def is_off(source: str | None) -> bool:
    return source is None or source.strip().lower() in OFF_VALUES


def cache_dir() -> Path:
    """The git-ignored folder where downloaded and checked sources are kept (FINMAP_CACHE_DIR)."""
    return Path(os.environ.get("FINMAP_CACHE_DIR", DEFAULT_CACHE_DIR))


def _with_deadline(work: Callable[[], bytes], seconds: float, abandon: Callable[[], None] = lambda: None) -> bytes:
    """Run `work` in a daemon thread and give up after `seconds`, whatever it is stuck on
    (name resolution, for one, has no timeout of its own); then `abandon` ends it where it can."""
    results: queue.Queue = queue.Queue(maxsize=1)

    def run() -> None:
        try:
            results.put((True, work()))
        except BaseException as error:  # handed back to the caller below
            results.put((False, error))

    threading.Thread(target=run, daemon=True, name="source-download").start()
    try:
        ok, value = results.get(timeout=seconds)
    except queue.Empty:
        abandon()
        raise SourceError("timeout", seconds=round(seconds)) from None
    if ok:
        return value
    raise value


def download(url: str, timeout: float, max_mb: int) -> bytes:
    """The body of `url`, or SourceError: refused, HTTP error, too slow, too large."""
    limit = max_mb * 1024 * 1024
    opened: list[requests.Response] = []

    def fetch() -> bytes:
        try:
            with requests.get(url, stream=True, timeout=(timeout / 2, timeout / 2)) as response:
                opened.append(response)
                if response.status_code != 200:
                    raise SourceError("http_error", status=response.status_code)
                body = io.BytesIO()
                for chunk in response.iter_content(chunk_size=1 << 16):
                    body.write(chunk)
                    if body.tell() > limit:
                        raise SourceError("too_large", limit=max_mb)
                return body.getvalue()
        except requests.Timeout:
            raise SourceError("timeout", seconds=round(timeout)) from None
        except requests.RequestException as error:
            raise SourceError("unreachable", detail=type(error).__name__) from None

    def hang_up() -> None:
        """A source that sends a byte now and then never times out a read: shut its socket, so
        the download's thread ends with the page's deadline instead of holding on for minutes."""
        connection = getattr(opened[0].raw, "connection", None) if opened else None
        sock = getattr(connection, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    return _with_deadline(fetch, timeout, hang_up)


def read_source(source: str, timeout: float, max_mb: int) -> bytes:
    """The bytes of a file path or an http(s) URL, at most `max_mb` megabytes."""
    if is_url(source):
        return download(source, timeout, max_mb)
    path = Path(source).expanduser()
    if not path.is_file():
        raise SourceError("missing_file", path=str(path))
    if path.stat().st_size > max_mb * 1024 * 1024:
        raise SourceError("too_large", limit=max_mb)
    return path.read_bytes()


def file_identity(source: str) -> list[str]:
    """What names a source's version in a cache key: a file's size and time, nothing for a URL."""
    if is_url(source):
        return []
    stat = Path(source).expanduser().stat()
    return [str(stat.st_size), str(stat.st_mtime_ns)]


# A URL's cached copy is asked for again after this long: a source that served a bad copy and was
# fixed is read again, instead of the old copy staying for good (a file's size and time are in
# its cache key, so its copy follows the file at once).
URL_CACHE_MAX_AGE_S = 24 * 3600


def cache_fresh(path: Path, source: str, now: float | None = None) -> bool:
    """Whether the cached copy of `source` at `path` may be used without asking the source."""
    if not is_url(source):
        return True
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False
    return 0 <= age < URL_CACHE_MAX_AGE_S


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes to a temporary file of its own beside `path`, then rename:
    readers see all or nothing, and two servers writing at once never collide."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
