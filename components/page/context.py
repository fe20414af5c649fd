"""What the page's panels draw from, passed as one value.

`Loaded` is what a run loads before it knows the state (the data, the filters' vocabulary, the
boundaries, the map's geometry, the population); `PanelContext` adds the state of this run's
view. Every panel takes a PanelContext and the rows it draws, so the same values never travel
as positional arguments in different orders.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from components.data.boundaries import BoundaryResult
from components.data.memberships import Dataset, UploadedList
from components.data.population import Population
from components.model.filters import FilterState, Vocabulary
from components.model.map import MapGeometry
from components.model.wording import uploaded_line
from components.render.exports import export_filename, filter_summary


@dataclass(frozen=True)
class Loaded:
    """What a run works from: the data (cached for the process), this session's (its upload,
    once it chose to view one), the filters' vocabulary, the boundaries, the map's geometry
    and the population figures."""

    bundled: Dataset
    data: Dataset
    vocabulary: Vocabulary
    boundaries: BoundaryResult
    geometry: MapGeometry
    population: Population

    @property
    def has_polygons(self) -> bool:
        return self.boundaries.polygons is not None


@dataclass(frozen=True)
class PanelContext:
    """What a panel draws from: the run's loaded data and the state of its view."""

    loaded: Loaded
    state: FilterState

    @property
    def data(self) -> Dataset:
        return self.loaded.data

    @property
    def vocabulary(self) -> Vocabulary:
        return self.loaded.vocabulary

    @property
    def geometry(self) -> MapGeometry:
        return self.loaded.geometry

    @property
    def population(self) -> Population:
        return self.loaded.population

    @property
    def lang(self) -> str:
        return self.state.lang

    @cached_property
    def summary(self) -> str:
        """The filter in words, for the titles of what is downloaded."""
        return filter_summary(self.state, self.vocabulary)

    @property
    def uploaded(self) -> UploadedList | None:
        """The uploaded list the page shows, or None for the published data."""
        return self.data.uploaded

    @property
    def origin(self) -> str | None:
        """What a picture made from an uploaded list says of it (None: the published data)."""
        return None if self.uploaded is None else uploaded_line(self.uploaded, self.lang)

    def file_name(self, extension: str, what: str = "partnerships", variant: str = "") -> str:
        """A download's name: what it shows, and `uploaded` when it comes from an uploaded list."""
        return export_filename(self.state, extension, what=what, uploaded=self.uploaded is not None, variant=variant)
