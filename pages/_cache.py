"""The app's thin caching layer: pure trajmap calls wrapped in st.cache_data (pages import from here)."""

from __future__ import annotations

import json
import os
import socket
from typing import Any

import pandas as pd
import streamlit as st

from trajmap import basemap, records


@st.cache_data(show_spinner=False)
def curated_launches() -> pd.DataFrame:
    return records.load_launches()


@st.cache_data(show_spinner=False)
def sites() -> pd.DataFrame:
    return records.load_sites()


@st.cache_data(show_spinner=False)
def uploaded_launches(data: bytes, name: str) -> pd.DataFrame:
    import io

    buf = io.BytesIO(data)
    buf.name = name  # type: ignore[attr-defined]
    return records.load_launches(buf)


@st.cache_data(show_spinner=False)
def vector_land() -> dict[str, Any] | None:
    """Simplified Natural Earth countries for the vector basemap, or None when the layer is not cached."""
    try:
        from trajmap import layers
    except ImportError:  # TEMP
        return None

    try:
        path = layers.ensure("countries", download=False)
    except layers.LayerError:
        return None
    with open(path, encoding="utf-8") as fh:
        fc = json.load(fh)
    return basemap.vector_basemap(fc, tolerance_deg=0.08, digits=2)


@st.cache_data(ttl=300, show_spinner=False)
def tiles_reachable(host: str = "tile.openstreetmap.org") -> bool:
    """Whether online tiles can be reached from here (skipped when TRAJMAP_OFFLINE is set)."""
    if os.environ.get("TRAJMAP_OFFLINE", "").lower() in ("1", "true", "yes"):
        return False
    try:
        with socket.create_connection((host, 443), timeout=1.5):
            return True
    except OSError:
        return False
