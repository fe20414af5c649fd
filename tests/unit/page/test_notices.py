"""The line that says what is missing when the boundaries or the population cannot be had: in
plain words, with the technical reason left for its disclosure (components/page/notices.py)."""

from __future__ import annotations

import pytest

from components.base.i18n import LANGUAGES, t
from components.data.boundaries import BoundaryResult
from components.data.population import Population
from components.page.notices import missing_sources_summary

URL = "https://geo.stat.fi/geoserver/wfs"
FILE = "/nowhere/population.csv"
GOT_BOUNDARIES = BoundaryResult(None, None)  # polygons turned off: nothing is missing
NO_BOUNDARIES = BoundaryResult(None, URL, "unreachable", {"detail": "ProxyError"})
GOT_POPULATION = Population({"091": 1}, URL)
NO_POPULATION = Population(None, URL, reason="unreachable", params={"detail": "ProxyError"})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_both_missing_say_so_in_one_line_without_the_technical_reason(lang):
    summary = missing_sources_summary(NO_BOUNDARIES, NO_POPULATION, lang)
    assert summary == t("calm.sources.both_download", lang)
    assert "ProxyError" not in summary and "(" not in summary


def test_each_missing_alone_names_only_itself():
    assert missing_sources_summary(NO_BOUNDARIES, GOT_POPULATION, "en") == (
        "Official boundaries could not be downloaded; the map shows city points. Details"
    )
    assert missing_sources_summary(GOT_BOUNDARIES, NO_POPULATION, "en") == (
        "Population figures could not be downloaded; no population is shown. Details"
    )
    assert missing_sources_summary(GOT_BOUNDARIES, GOT_POPULATION, "en") is None
    assert missing_sources_summary(GOT_BOUNDARIES, Population(None, None), "en") is None  # turned off


def test_a_file_that_cannot_be_read_is_not_said_to_be_downloaded():
    missing_file = Population(None, FILE, reason="missing_file", params={"path": FILE})
    summary = missing_sources_summary(NO_BOUNDARIES, missing_file, "en")
    assert summary == "Official boundaries and population could not be loaded; the map shows city points. Details"


def test_boundaries_on_their_way_are_said_to_be_downloading():
    loading = BoundaryResult(None, URL, "loading")
    assert missing_sources_summary(loading, GOT_POPULATION, "fi") == t("boundaries.loading", "fi")
