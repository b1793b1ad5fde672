"""What the Reach page's modes show alike: the choice of rings, the Earth's rotation, the map, the targets
table and the people in range (pages/reach.py and its modes, pages/_reach_*.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import folium
import pandas as pd
import streamlit as st

from pages import _cache, _place
from trajmap import ballistics
from trajmap.escape import markdown_text as md
from trajmap.views import reach as rv

ROTATION = ["not included", "included"]
CLASSES = list(ballistics.CLASS_RANGES_KM)
CUSTOM = "Custom distance"


@dataclass(frozen=True)
class Rings:
    """The rings chosen (range in km, label), the band around a launch's estimate and its burnout speed
    (km/s), the class presets chosen and the custom distance (km), as the link keeps them."""

    rings: list[tuple[float, str]] = field(default_factory=list)
    band: tuple[float, float] | None = None
    speed_km_s: float | None = None
    classes: list[str] = field(default_factory=list)
    custom_km: float | None = None


def choose_rings() -> Rings:
    """The "Reach" widgets: class presets, a launch's estimated maximum range, or a custom distance."""
    reach_mode = st.radio(
        "Reach",
        ["Class presets", "A launch's estimated maximum range", CUSTOM],
        horizontal=True,
        key="reach_mode",
    )
    if reach_mode == "Class presets":
        st.session_state.setdefault("ring_classes", ["MRBM", "IRBM", "ICBM"])
        chosen = st.multiselect("Classes", CLASSES, key="ring_classes")
        st.caption(
            "Class bounds: SRBM < 1,000 km, MRBM 1,000-3,000, IRBM 3,000-5,500, ICBM > 5,500 (US NASIC, "
            "CSIS); the ICBM ring is 13,000 km, the Hwasong-15 estimate of D. Wright (UCS, 2017)."
        )
        return Rings(rv.preset_rings(chosen), classes=chosen)
    if reach_mode == CUSTOM:
        st.session_state.setdefault("ring_km", 1000.0)
        km = st.number_input("Distance (km)", 1.0, rv.MAX_CUSTOM_DISTANCE_KM, step=100.0, key="ring_km")
        custom = rv.custom_ring(km)
        if custom.notice:
            st.info(custom.notice)
        return Rings(list(custom.rings), custom_km=float(km))
    launches = _cache.dataset_launches()
    labels = rv.launch_choices(launches)
    pick = st.selectbox("Launch estimate", list(labels), format_func=labels.__getitem__, key="ring_launch")
    if pick is None:
        return Rings()
    got = rv.launch_reach(launches.loc[pick], _cache.max_range)
    if got.warning:
        st.warning(md(got.warning))
    if not got.rings:
        return Rings()
    label = "Class range" if got.warning else "Estimated maximum range"
    st.metric(label, got.value_text, help="; ".join(got.assumptions) or None)
    st.caption(md(got.caption))
    return Rings(list(got.rings), got.band, got.speed_km_s)


def rotating() -> bool:
    """The "Earth's rotation" choice: whether it is included."""
    return st.radio("Earth's rotation", ROTATION, horizontal=True, key="ring_rotation") == ROTATION[1]


def show_map(
    m: folium.Map, fg: folium.FeatureGroup, center: tuple[float, float], zoom: int, *, clicks: bool = True
) -> dict[str, Any] | None:
    """The page's one map (:func:`pages._place.show_map`)."""
    return _place.show_map(m, fg, key="reach_map", height=560, center=center, zoom=zoom, clicks=clicks)


def targets_table(heading: str, table: pd.DataFrame, *, within: str, **notes: str) -> None:
    """The targets table under its heading: each source a link, ``first_ring`` headed "within" and
    explained by ``within``, and each other column named in ``notes`` explained by its note."""
    st.subheader(md(heading))
    config = {
        "source_url": st.column_config.LinkColumn("source"),
        "first_ring": st.column_config.TextColumn("within", help=within),
    }
    config.update({col: st.column_config.NumberColumn(col, help=note) for col, note in notes.items()})
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def people_in_range(people: tuple[dict[str, object], ...], caption: str) -> None:
    """The cities within each ring and their summed population, when there are any."""
    if people:
        st.subheader("People in range")
        st.dataframe(list(people), hide_index=True, width="stretch")
        st.caption(caption)
