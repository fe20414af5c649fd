"""What the server loads once and every session shares (st.cache_resource): the data, the
boundaries and the map's geometry. Defined here, once, rather than in app.py, which Streamlit
runs again on every rerun (a cached function defined there is hashed again each time)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from components.data.boundaries import BoundaryResult, load_boundaries
from components.data.memberships import Dataset, load_dataset
from components.data.population import Population, configured_source, configured_year, load_population
from components.data.sources import URL_CACHE_MAX_AGE_S, is_url
from components.model.filters import Vocabulary, build_vocabulary
from components.model.map import MapGeometry, prepare_geometry
from components.render.assets import install_leaflet_assets


@st.cache_resource(show_spinner=False)
def dataset(directory: str) -> Dataset:
    install_leaflet_assets()
    return load_dataset(Path(directory))


@st.cache_resource(show_spinner=False)
def filter_vocabulary(directory: str) -> Vocabulary:
    """The filters' values and their names, from the data in `directory` (loaded by dataset())."""
    data = dataset(directory)
    return build_vocabulary(data.catalog, data.cities, data.memberships)


RETRY_AFTER_S = 600  # a failed download is tried again after 10 minutes


@st.cache_resource(show_spinner=False, ttl=RETRY_AFTER_S)
def _boundaries_from_file(source: str | None) -> BoundaryResult:
    return load_boundaries(source or "off")


# Downloads run in a thread of their own: the first viewers get the city points and a notice at
# once, instead of a page that waits up to the download's time-out (and every session behind it).
_downloader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="boundaries")
_downloads: dict[str, _Download] = {}  # source -> its latest download
_downloads_lock = threading.Lock()


@dataclass(frozen=True)
class _Download:
    future: Future
    started: float  # time.monotonic() when it was asked for
    previous: BoundaryResult | None = None  # the boundaries in use until it has succeeded
    previous_token: str = ""  # which download those came from (boundaries_token)


def _succeeded(download: _Download) -> bool:
    return download.future.done() and download.future.result().polygons is not None


def boundaries(source: str | None) -> BoundaryResult:
    """The configured boundaries: a file is read in the run (it is local and bounded); a
    download starts in the background and, until it ends, the result says "loading". A failed
    download is tried again after RETRY_AFTER_S; a good one is asked for again after a day
    (URL_CACHE_MAX_AGE_S, the age the disk cache trusts), so a source fixed or updated reaches a
    server that keeps running. Meanwhile, and if the new one fails, the old boundaries stay."""
    if source is None or not is_url(source):
        return _boundaries_from_file(source)
    with _downloads_lock:
        download = _downloads.get(source)
        now = time.monotonic()
        if download is None:
            download = _downloads[source] = _Download(_downloader.submit(load_boundaries, source), now)
        elif download.future.done():
            again = URL_CACHE_MAX_AGE_S if _succeeded(download) else RETRY_AFTER_S
            if now - download.started > again:
                kept, token = (
                    (download.future.result(), str(download.started))
                    if _succeeded(download)
                    else (download.previous, download.previous_token)
                )
                future = _downloader.submit(load_boundaries, source)
                download = _downloads[source] = _Download(future, now, kept, token)
    if _succeeded(download):
        return download.future.result()
    if download.previous is not None:
        return download.previous
    return download.future.result() if download.future.done() else BoundaryResult(None, source, "loading")


def boundaries_loading(source: str | None) -> bool:
    """Whether the boundaries of `source` are still downloading and none are in use yet. A
    refresh is not waited for: the pages show the new boundaries on their next run, and
    nobody's map is redrawn under them."""
    download = _downloads.get(source or "")
    return download is not None and not download.future.done() and download.previous is None


def boundaries_token(source: str | None) -> str:
    """Which download the boundaries in use come from ("" for a file): the map's geometry is
    kept under it, so refreshed boundaries are drawn, not the first ones for good."""
    download = _downloads.get(source or "")
    if download is None:
        return ""
    return str(download.started) if _succeeded(download) else download.previous_token


@st.cache_resource(show_spinner=False)
def map_geometry(
    _data: Dataset,
    _borders: BoundaryResult,
    source: str | None,
    has_polygons: bool,
    data_token: str,
    borders_token: str = "",
) -> MapGeometry:
    # The underscored arguments are not hashed: the data's token (its cities: another data
    # folder has others), the source, which download of it (boundaries_token) and the mode
    # identify the result.
    token = f"{data_token}|{source}|{borders_token}|{has_polygons}"
    return prepare_geometry(_data.cities, _borders.polygons, token=token)


@st.cache_resource(show_spinner=False, ttl=600)  # a failed download is retried after 10 minutes
def _population(source: str | None, year: int, _data: Dataset) -> Population:
    # Every municipality the data can show must have a figure; the cities never change while
    # the server runs (uploads are checked against the same ones).
    return load_population(source or "off", year=year, required_codes=_data.cities["municipality_code"])


def population(data: Dataset) -> Population:
    """The configured population figures (or the reason there are none), loaded once."""
    return _population(configured_source(), configured_year(), data)
