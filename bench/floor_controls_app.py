"""The floor page with the view's controls, for the briefing-room spike (bench/spike.py):

    .venv/bin/python -m bench.spike --app bench/floor_controls_app.py

The floor's map (bench/floor_app.py: circles, no boundaries, no data) and, around it, elements of
the same kinds and number as a filter change redraws in app.py's view: the sidebar's heading,
five multiselects, a selectbox, a date, two buttons, a rule and a radio; two lines of counts; the
map's captions and style elements; eight cards of a checkbox and a caption in a bordered box.
Their texts are fixed, so nothing is computed: what a change costs here is what Streamlit spends
on that many elements. The partnership multiselect has the key and the Finnish names the spike
picks. The spike's "wrong views" do not apply (no municipality is drawn).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.data.memberships import load_dataset
from components.render.assets import install_leaflet_assets, use_local_leaflet

ROOT = Path(__file__).resolve().parent.parent
CARDS = 8

st.set_page_config(page_title="Circles (floor) with the view's controls", layout="wide")
install_leaflet_assets(Path(__file__).resolve().parent / "static" / "leaflet")


@st.cache_resource
def partnership_names() -> list[str]:
    return [p.name("fi") for p in load_dataset(ROOT / "data").catalog.partnerships]


with st.sidebar:
    st.header("Rajaukset")
    chosen = st.multiselect("Kumppanuus", partnership_names(), key="partnerships")
    for name in ("Teema", "Tila", "Maakunta"):
        st.multiselect(name, ["a", "b", "c"], key=f"floor_{name}")
    st.selectbox("Kunta", ["a", "b"], index=None, key="floor_city")
    st.multiselect("Sopimusryhmä", ["a", "b"], key="floor_group")
    st.date_input("Voimassa", value=datetime.date(2026, 1, 1), key="floor_day")
    st.button("Tyhjennä rajaukset")
    st.button("Esitystila")
    st.divider()
    st.radio("Taustakartta", ["a", "b"], key="floor_basemap")

st.markdown("Kunnat **3** · Kumppanuudet **1** · Teemat **2**")
st.markdown("Väestö yhteensä **396 197** · **7,0 %** Suomen väestöstä")
group = folium.FeatureGroup(name="circles")
for offset in range(1 + len(chosen[0]) % 3 if chosen else 1):  # a few circles, as the floor swaps
    folium.CircleMarker((60.17 + offset, 24.94), radius=8).add_to(group)
fmap = folium.Map(location=(64.9, 26.0), zoom_start=5, tiles=None)
use_local_leaflet(fmap)
st_folium(fmap, key="map", height=700, width=None, returned_objects=[], feature_group_to_add=group)
st.html("<style>.floor-frame { min-height: 320px; }</style>")
st.html("<style>.floor-main { padding: 0; }</style>")
with st.container(key="floor_status"):
    pass
st.caption("Kuntarajat: ei rajoja")
st.caption("Kartta, jolla näkyy ympyröitä")
with st.container(key="floor_cards", gap="small"):
    st.markdown("**Kumppanuudet**")
    for card in range(CARDS):
        with st.container(border=True, key=f"floor_card_{card}", gap=None):
            st.checkbox(f"Kumppanuus {card + 1}", key=f"floor_pick_{card}")
            st.caption(f"Kuntia: {card + 3} · Toiminnassa · Alkaen 16.11.2023")
with st.container(key="floor_script"):
    st.html("<span></span>")
