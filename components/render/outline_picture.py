"""Finland's outline as a small still SVG picture, for the page's first answer (the loading
frame, components/page/shell.py): the shape the map will show, there from the first paint, so the
browser's largest paint is the map's place and not a text drawn seconds later."""

from __future__ import annotations

import math
from urllib.parse import quote

HEIGHT = 1000  # the picture's own units: whole numbers at this height keep the coast's detail


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator (the map's own projection), in radians; y grows northwards."""
    return math.radians(lon), math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def outline_svg(geometry: dict, fill: str, line: str) -> str:
    """The (Multi)Polygon `geometry` (GeoJSON, lon/lat) drawn as one path in Web Mercator, north
    up, filling a viewBox HEIGHT units high; its width and height attributes give it an
    intrinsic size, so a browser sizes it as a picture of that shape."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    rings = [[_mercator(lon, lat) for lon, lat, *_ in ring] for polygon in polygons for ring in polygon]
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    scale = HEIGHT / (max(ys) - min(ys))
    width = math.ceil((max(xs) - min(xs)) * scale)
    commands = []
    for ring in rings:
        points = [(round((x - min(xs)) * scale), round((max(ys) - y) * scale)) for x, y in ring]
        # Points that round onto the one before add nothing to the picture.
        kept = [point for index, point in enumerate(points) if index == 0 or point != points[index - 1]]
        commands.append("M" + " ".join(f"{x},{y}" for x, y in kept) + "Z")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="-4 -4 {width + 8} {HEIGHT + 8}"'
        f' width="{width + 8}" height="{HEIGHT + 8}">'
        f'<path d="{"".join(commands)}" fill="{fill}" stroke="{line}" stroke-width="3"'
        ' stroke-linejoin="round" fill-rule="evenodd"/></svg>'
    )


def data_url(svg: str) -> str:
    """The picture as a `data:` address for an <img> (percent-encoded: compresses better than base64)."""
    return "data:image/svg+xml," + quote(svg, safe=" ,=:/-.\"'")
