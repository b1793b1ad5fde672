"""A place a page asks for: an entry of a table (a site, a target), typed coordinates, or a click on the
map; and the map it is clicked on. Used by the Reach and What-if pages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from pages import _present
from trajmap import geodesy, maps

COORDINATES = "Coordinates"
CLICK = "Click on the map"


@dataclass(frozen=True, slots=True)
class Keys:
    """The session-state keys of one place: the table's selectbox, the latitude and longitude inputs, and
    the last point clicked on the map."""

    listed: str
    lat: str
    lon: str
    clicked: str


@dataclass(frozen=True, slots=True)
class Place:
    """The place chosen: the table entry (None for coordinates or a click), where it is, and its name (the
    entry's name, else its coordinates)."""

    key: str | None
    lat: float
    lon: float
    where: str


def choose(
    mode: str, table: pd.DataFrame, column: str, keys: Keys, *, default: str, start: tuple[float, float]
) -> Place:
    """The widgets for ``mode`` (:data:`COORDINATES`, :data:`CLICK`, or else the table) and the place chosen.

    ``table`` has ``column`` (the keys: "site" or "target", which also names the selectbox and what a click
    moves), ``name``, ``lat`` and ``lon``; ``default`` is the entry first shown (the table's first when it
    is not there), ``start`` the coordinates first shown and clicked.
    """
    if mode == COORDINATES:
        st.session_state.setdefault(keys.lat, start[0])
        st.session_state.setdefault(keys.lon, start[1])
        c1, c2 = st.columns(2)
        lat = c1.number_input("Latitude (°N, negative south)", -90.0, 90.0, step=0.1, key=keys.lat)
        lon = c2.number_input("Longitude (°E, negative west)", -180.0, 180.0, step=0.1, key=keys.lon)
        return Place(None, lat, lon, geodesy.format_lat_lon(lat, lon))
    if mode == CLICK:
        lat, lon = st.session_state.get(keys.clicked, start)
        where = geodesy.format_lat_lon(lat, lon)
        st.text(f"Click the map to move the {column}. Now: {where}")
        return Place(None, lat, lon, where)
    names = dict(zip(table[column], table["name"], strict=True))
    st.session_state.setdefault(keys.listed, default if default in names else table[column].iloc[0])
    key = st.selectbox(
        column.capitalize(), list(names), format_func=lambda k: f"{names[k]} ({k})", key=keys.listed
    )
    row = table[table[column] == key].iloc[0]
    return Place(key, float(row["lat"]), float(row["lon"]), str(row["name"]))


def show_map(
    m: folium.Map,
    fg: folium.FeatureGroup,
    *,
    key: str,
    height: int,
    center: tuple[float, float],
    zoom: int,
    clicks: bool = True,
) -> dict[str, Any] | None:
    """The map (the layer ``fg`` sent on its own, so the base map stays put), its lines thicker in
    presentation mode; with ``clicks``, what the last click on it returns."""
    maps.scale_strokes([m, fg], _present.map_scale())
    return st_folium(
        m,
        key=key,
        height=height,
        use_container_width=True,
        returned_objects=["last_clicked"] if clicks else [],
        feature_group_to_add=fg,
        center=center,
        zoom=zoom,
    )


def follow_click(out: dict[str, Any] | None, keys: Keys) -> None:
    """Move the clicked place to the map's last click (and rerun) when it is a new point."""
    if out and out.get("last_clicked"):
        c = out["last_clicked"]
        new = (float(c["lat"]), geodesy.normalize_lon(float(c["lng"])))
        if new != st.session_state.get(keys.clicked):
            st.session_state[keys.clicked] = new
            st.rerun()
