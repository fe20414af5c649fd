"""Leaflet's JavaScript and CSS, served by the app itself so maps draw without any CDN.

The files come from the XStatic-Leaflet package (requirements.txt) and are copied into the
app's `static/` folder, which Streamlit serves at /app/static/ (server.enableStaticServing).
"""

from __future__ import annotations

import filecmp
import hashlib
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from components.data.sources import write_atomically

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
LEAFLET_DIR = STATIC_DIR / "leaflet"
LEAFLET_JS_URL = "/app/static/leaflet/leaflet.js"
LEAFLET_CSS_URL = "/app/static/leaflet/leaflet.css"


def leaflet_source_dir() -> Path:
    return Path(xstatic_leaflet.BASE_DIR)


def install_leaflet_assets(target: Path = LEAFLET_DIR) -> Path:
    """Copy leaflet.js (with the source map it names, or a browser that follows it gets a 404),
    leaflet.css and its images into `target` when missing or different. Cheap when up to date,
    so it can run at every app start."""
    source = leaflet_source_dir()
    images = (p.relative_to(source) for p in (source / "images").iterdir())
    wanted = [Path("leaflet.js"), Path("leaflet.js.map"), Path("leaflet.css"), *images]
    for relative in wanted:
        destination = target / relative
        if destination.is_file() and filecmp.cmp(source / relative, destination, shallow=False):
            continue
        write_atomically(destination, (source / relative).read_bytes())
    return target


def use_local_leaflet(element) -> None:
    """Point a folium element (the Map) at the local Leaflet instead of its CDN defaults;
    jQuery, Bootstrap and awesome-markers are left out because the map does not use them."""
    element.default_js = [("leaflet", LEAFLET_JS_URL)]
    element.default_css = [("leaflet_css", LEAFLET_CSS_URL)]


GENERATED_DIR = STATIC_DIR / "generated"
GENERATED_URL = "/app/static/generated"


def publish(text: str, suffix: str, target: Path = GENERATED_DIR) -> str:
    """Serve `text` as a static file named by its content, and return its URL. The browser
    fetches it once and caches it, instead of receiving it again inside every rerun."""
    name = f"{hashlib.sha256(text.encode()).hexdigest()[:20]}{suffix}"
    path = target / name
    if not path.is_file():
        write_atomically(path, text)
    return f"{GENERATED_URL}/{name}"
