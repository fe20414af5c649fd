"""What the server loads once and every session shares (st.cache_resource): the data, the
boundaries and the map's geometry. Defined here, once, rather than in app.py, which Streamlit
runs again on every rerun (a cached function defined there is hashed again each time)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import streamlit as st

from components.data.boundaries import BoundaryResult, load_boundaries
from components.data.memberships import Dataset, load_dataset
from components.data.population import Population, configured_source, configured_year, load_population
from components.data.sources import is_url
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
_downloads: dict[str, tuple[Future, float]] = {}  # source -> its download, when it was started
_downloads_lock = threading.Lock()


def boundaries(source: str | None) -> BoundaryResult:
    """The configured boundaries: a file is read in the run (it is local and bounded); a
    download starts in the background and, until it ends, the result says "loading"."""
    if source is None or not is_url(source):
        return _boundaries_from_file(source)
    with _downloads_lock:
        download = _downloads.get(source)
        failed = download is not None and download[0].done() and download[0].result().polygons is None
        if download is None or (failed and time.monotonic() - download[1] > RETRY_AFTER_S):
            download = _downloads[source] = (_downloader.submit(load_boundaries, source), time.monotonic())
    if download[0].done():
        return download[0].result()
    return BoundaryResult(None, source, "loading")


def boundaries_loading(source: str | None) -> bool:
    """Whether the boundaries of `source` are still downloading."""
    download = _downloads.get(source or "")
    return download is not None and not download[0].done()


@st.cache_resource(show_spinner=False)
def map_geometry(
    _data: Dataset, _borders: BoundaryResult, source: str | None, has_polygons: bool, data_token: str
) -> MapGeometry:
    # The underscored arguments are not hashed: the data's token (its cities: another data
    # folder has others), the source and the mode identify the result.
    return prepare_geometry(_data.cities, _borders.polygons, token=f"{data_token}|{source}|{has_polygons}")


@st.cache_resource(show_spinner=False, ttl=600)  # a failed download is retried after 10 minutes
def _population(source: str | None, year: int, _data: Dataset) -> Population:
    # Every municipality the data can show must have a figure; the cities never change while
    # the server runs (uploads are checked against the same ones).
    return load_population(source or "off", year=year, required_codes=_data.cities["municipality_code"])


def population(data: Dataset) -> Population:
    """The configured population figures (or the reason there are none), loaded once."""
    return _population(configured_source(), configured_year(), data)
