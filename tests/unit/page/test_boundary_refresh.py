"""Downloaded boundaries follow their source while the server runs: asked for again after a day
(a failed download after RETRY_AFTER_S), the old ones in use meanwhile and if the new ask fails,
and the map's geometry kept under the download its boundaries came from."""

from __future__ import annotations

import threading

import geopandas as gpd
import pytest
from shapely.geometry import box

from components.data.boundaries import BoundaryResult
from components.data.sources import URL_CACHE_MAX_AGE_S
from components.page import resources

SOURCE = "http://127.0.0.1:9/boundaries.geojson"  # never asked: the download is a stand-in


def polygons(name: str) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"municipality_code": ["091"], "name": [name]}, geometry=[box(24, 60, 25, 61)], crs=4326)


class Source:
    """load_boundaries' stand-in: each call takes the next answer, once the test releases it."""

    def __init__(self, monkeypatch, answers):
        self.answers = list(answers)
        self.release = threading.Semaphore(0)
        self.now = 1_000.0
        monkeypatch.setattr(resources, "load_boundaries", self.load)
        monkeypatch.setattr(resources.time, "monotonic", lambda: self.now)
        monkeypatch.setattr(resources, "_downloads", {})

    def load(self, source):
        assert source == SOURCE
        self.release.acquire(timeout=10)
        return self.answers.pop(0)

    def finish(self) -> None:
        """Let the running download end, and wait until it has."""
        self.release.release()
        resources._downloads[SOURCE].future.result(timeout=10)


def good(name: str) -> BoundaryResult:
    return BoundaryResult(polygons(name), SOURCE)


def failed() -> BoundaryResult:
    return BoundaryResult(None, SOURCE, "unreachable")


def names(result: BoundaryResult) -> list[str]:
    return list(result.polygons["name"])


@pytest.fixture
def source(monkeypatch):
    return Source(monkeypatch, [good("first"), failed(), good("second")])


def test_boundaries_are_asked_for_again_after_a_day_and_the_old_ones_stay_meanwhile(source):
    assert resources.boundaries(SOURCE).reason == "loading" and resources.boundaries_loading(SOURCE)
    source.finish()
    assert names(resources.boundaries(SOURCE)) == ["first"]
    first_token = resources.boundaries_token(SOURCE)
    # Within the day: nothing is asked again.
    source.now += URL_CACHE_MAX_AGE_S - 1
    assert names(resources.boundaries(SOURCE)) == ["first"] and resources._downloads[SOURCE].future.done()
    # After it: asked again; the first ones are shown, under their own token, and no page waits.
    source.now += 2
    assert names(resources.boundaries(SOURCE)) == ["first"]
    assert not resources.boundaries_loading(SOURCE) and resources.boundaries_token(SOURCE) == first_token
    source.finish()  # the source fails this time: the first boundaries stay
    assert names(resources.boundaries(SOURCE)) == ["first"] and resources.boundaries_token(SOURCE) == first_token
    # A failed ask is repeated after RETRY_AFTER_S, and the fixed source's boundaries are used.
    source.now += resources.RETRY_AFTER_S + 1
    assert names(resources.boundaries(SOURCE)) == ["first"]
    source.finish()
    assert names(resources.boundaries(SOURCE)) == ["second"]
    assert resources.boundaries_token(SOURCE) not in ("", first_token)  # the map's geometry is made anew


def test_a_first_download_that_fails_says_why_and_is_retried(monkeypatch):
    source = Source(monkeypatch, [failed(), good("first")])
    resources.boundaries(SOURCE)
    source.finish()
    assert resources.boundaries(SOURCE).reason == "unreachable" and resources.boundaries_token(SOURCE) == ""
    source.now += resources.RETRY_AFTER_S + 1
    assert resources.boundaries(SOURCE).reason == "loading" and resources.boundaries_loading(SOURCE)
    source.finish()
    assert names(resources.boundaries(SOURCE)) == ["first"]
