"""The Reach page's reverse mode: which known launch sites reach a target (computed by
:mod:`trajmap.views.reverse_reach`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _place
from pages import _reach_common as common
from trajmap.escape import markdown_text as md
from trajmap.views import reach as rv
from trajmap.views import reverse_reach as rrv

TARGET = _place.Keys(listed="ring_target", lat="ring_tlat", lon="ring_tlon", clicked="_clicked_target")


def show(
    sites: pd.DataFrame, targets: pd.DataFrame, land: dict[str, object] | None, land_url: str | None = None
) -> dict[str, str]:
    """The target and the range (a class or a custom distance) side by side, then the map (its land
    fetched from ``land_url`` when given) and the sites that reach the target; returns the URL parameters."""
    left, right = st.columns([1, 1])
    with left:
        target_mode = st.radio(
            "Target", ["Target list", _place.COORDINATES, _place.CLICK], horizontal=True, key="target_mode"
        )
        target = _place.choose(
            target_mode, targets, "target", TARGET, default="hagatna", start=(13.48, 144.79)
        )
    with right:
        rev_by = st.radio("With", ["A class", common.CUSTOM], horizontal=True, key="rev_reach")
        if rev_by == "A class":
            st.session_state.setdefault("rev_class", "IRBM")
            cls = st.selectbox("Class", common.CLASSES, key="rev_class")
            range_km, label = rv.preset_rings([cls])[0]
            params_km, params_cls = None, [cls]
        else:
            st.session_state.setdefault("ring_km", 3400.0)
            km = st.number_input("Distance (km)", 1.0, rv.MAX_CUSTOM_DISTANCE_KM, step=100.0, key="ring_km")
            custom = rv.custom_ring(km)
            range_km, label = custom.rings[0]
            params_km, params_cls = float(km), []
            if custom.notice:
                st.info(custom.notice)
        rotating = common.rotating()
    rview = rrv.reverse_view(target.lat, target.lon, target.where, range_km, label, sites, rotating=rotating)
    m, fg = rrv.reverse_map(rview, land=land, land_url=land_url)
    out = common.show_map(m, fg, (target.lat, target.lon), rview.zoom)
    if target_mode == _place.CLICK:
        _place.follow_click(out, TARGET)
    st.subheader(md(rview.heading))
    st.dataframe(rview.table[list(rrv.REVERSE_COLUMNS)], hide_index=True, width="stretch")
    st.caption(md(rview.caption))
    return rv.url_params(
        site_key=None,
        lat=None,
        lon=None,
        custom_km=params_km,
        classes=params_cls,
        rotating=rotating,
        mode="reverse",
        target=target.key,
        target_lat=target.lat if target.key is None else None,
        target_lon=target.lon if target.key is None else None,
    )
