"""The floor for bench/run.py: the smallest Streamlit + st_folium page that does what the bench
asks of the other two apps. One circle on a map; picking "Vitality partnership" in the
"Partnership" multiselect swaps in three circles as a feature group (no remount), with the same
local Leaflet. No page that draws through st_folium can do either faster on the same machine.

    .venv/bin/python -m streamlit run bench/floor_app.py --server.enableStaticServing true
"""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.render.assets import install_leaflet_assets, use_local_leaflet

st.set_page_config(page_title="Circles (floor)", layout="wide")
install_leaflet_assets(Path(__file__).resolve().parent / "static" / "leaflet")

CIRCLES = {
    "all": [(60.17, 24.94)],
    "Vitality partnership": [(62.24, 25.75), (62.89, 27.68), (60.98, 25.66)],  # Jyväskylä, Kuopio, Lahti
}

chosen = st.sidebar.multiselect("Partnership", ["Vitality partnership"], key="floor_partnerships")
group = folium.FeatureGroup(name="circles")
for centre in CIRCLES[chosen[0] if chosen else "all"]:
    folium.CircleMarker(centre, radius=8).add_to(group)

fmap = folium.Map(location=(64.9, 26.0), zoom_start=5, tiles=None)
use_local_leaflet(fmap)
st_folium(fmap, key="map", height=700, width=None, returned_objects=[], feature_group_to_add=group)
