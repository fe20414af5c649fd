"""A more detailed boundary file, made on the spot from a coarse one (never stored in the
repository): every edge cut into short pieces, as a ministry's detailed official file has far
more vertices than the 1:4.5M one. Tests and benchmarks check that the app's cost does not grow
with it."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely

STEP_DEGREES = 0.01  # the longest edge left, in degrees (0.5-1.1 km in Finland): about 12x the vertices


def vertex_count(frame: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.values).sum())


def densified_boundaries(source: Path, target: Path, step: float = STEP_DEGREES) -> tuple[Path, float]:
    """Write `source` with every edge segmentized to `target` (GeoJSON, longitude/latitude, the
    same properties). Returns the file and how many times the vertices it has."""
    frame = gpd.read_file(source)
    dense = frame.copy()
    dense["geometry"] = shapely.segmentize(frame.geometry.values, step)
    target.write_text(json.dumps(json.loads(dense.to_json(drop_id=True))), encoding="utf-8")
    return target, vertex_count(dense) / vertex_count(frame)
