"""The straightforward version of the partnership map, kept simple on purpose as a yardstick
for bench/run.py. It does what a first version of such a page usually does:

- reads the data and the full-precision official boundaries on every run (no cache, no
  simplification) and joins them by municipality code;
- draws what our page draws: every municipality in grey (our page's context layer) and the
  chosen partnerships' municipalities on top, each as its own explore() layer;
- draws with GeoDataFrame.explore() and hands the whole map to st_folium on every run, without
  feature_group_to_add and without returned_objects, so panning reruns the script and a filter
  change remounts the map iframe.

The only concession is that it draws offline, like our app: Leaflet is served from
bench/static/ (Streamlit serves static files only from a `static/` folder beside the main
script). Run it from the repository root, so that `components` can be imported:

    FINMAP_BOUNDARIES=../shared/reference/boundaries/nls-municipalities-2023.geojson \\
        .venv/bin/python -m streamlit run bench/naive_app.py --server.enableStaticServing true
"""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path

import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

from components.data.memberships import load_dataset
from components.render.assets import install_leaflet_assets, use_local_leaflet

try:
    import mapclassify  # noqa: F401 - explore() imports it unconditionally
except ImportError:
    # explore() only uses mapclassify.classify for `scheme=` (binned numeric colours), which this
    # page does not use; the project does not depend on mapclassify, so a stand-in is enough.
    def _no_classify(*_args, **_kwargs):
        raise ImportError("mapclassify is not installed; bench/naive_app.py does not use scheme=")

    sys.modules["mapclassify"] = types.SimpleNamespace(classify=_no_classify)  # type: ignore[assignment]

STATIC_LEAFLET = Path(__file__).resolve().parent / "static" / "leaflet"

st.set_page_config(page_title="Partnerships (naive)", layout="wide")
install_leaflet_assets(STATIC_LEAFLET)  # served at /app/static/leaflet/, the URLs use_local_leaflet sets

data = load_dataset()
boundaries = gpd.read_file(os.environ["FINMAP_BOUNDARIES"])
code_column = "NATCODE" if "NATCODE" in boundaries.columns else "kunta"  # NLS or Statistics Finland schema
boundaries["municipality_code"] = boundaries[code_column].astype(str).str.zfill(3)
joined = gpd.GeoDataFrame(
    data.memberships.drop(columns="geometry").merge(
        boundaries[["municipality_code", "geometry"]], on="municipality_code"
    ),
    geometry="geometry",
    crs=boundaries.crs,
)

# The same human labels as our app, so the benchmark picks "Vitality partnership" in both.
chosen = st.sidebar.multiselect(
    "Partnership",
    sorted(joined["partnership_id"].unique()),
    key="naive_partnerships",
    format_func=lambda pid: data.catalog.partnership(pid).name("en"),
)
shown = joined[joined["partnership_id"].isin(chosen)] if chosen else joined

st.title("State–city partnerships in Finland")
left, _right = st.columns([3, 2])  # the same map width as our app's map column
with left:
    # Every municipality in grey, as our map shows them, with the chosen partnerships on top.
    fmap = boundaries.explore(color="lightgrey")
    shown.explore(m=fmap, column="partnership_id", categorical=True, legend=False)
    # explore() returns a folium.Map whose default_js/default_css point at CDNs (Leaflet, jQuery,
    # Bootstrap, awesome-markers). Only Leaflet is needed to draw GeoJSON, so point the Map at the
    # local copy; its children (TileLayer, FitBounds, GeoJson, GeoJsonTooltip) bring no JS/CSS of
    # their own, and legend=False keeps branca's colormap (which would add d3 from a CDN) out.
    # The OpenStreetMap tiles still point outside: they are optional, the data draws without them.
    use_local_leaflet(fmap)
    st_folium(fmap, height=700, width=None)
