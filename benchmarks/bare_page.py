"""The bare page the benchmark compares the Explorer with: one st_folium map with one circle marker and one
select box, Leaflet served locally (``benchmarks/static/``, Streamlit's static serving), nothing else.

Run: ``streamlit run benchmarks/bare_page.py`` from the repository (its ``.streamlit/config.toml`` turns
static serving on); AppTest runs it as a file. Choosing a place in the box moves the marker: the marker is a
``feature_group_to_add`` layer, so the map is redrawn, not remounted, as in the Explorer.
"""

from __future__ import annotations

from pathlib import Path

import folium
import streamlit as st
from streamlit_folium import st_folium

from trajmap import maps

PLACES = {"Pyongyang": (39.03, 125.75), "Tokyo": (35.68, 139.69), "Seoul": (37.57, 126.98)}

maps.install_static(Path(__file__).parent / "static")
place = st.selectbox("Place", list(PLACES), key="place")
m = maps.LocalMap(location=(37.0, 132.0), zoom_start=5, tiles=None)
fg = folium.FeatureGroup(name="marker")
folium.CircleMarker(PLACES[place], radius=6, color="#c0392b", class_name="bare-marker").add_to(fg)
st_folium(
    m, key="bare_map", height=560, use_container_width=True, returned_objects=[], feature_group_to_add=fg
)
