"""Reach: geodesic range rings from a launch site or a country's border, rotating-Earth footprints, which
targets they hold, and which known sites reach a target.

The page reads the view from the URL and the question and where from, and hands over to one mode: a point
(pages/_reach_point.py), a country's border (pages/_reach_border.py) or the reverse question
(pages/_reach_reverse.py); they render what :mod:`trajmap.views.reach`, ``border_reach`` and
``reverse_reach`` compute.
"""

from __future__ import annotations

import streamlit as st

from pages import _cache, _reach_border, _reach_point, _reach_reverse, _url
from pages._reach_common import CLASSES, CUSTOM, ROTATION
from trajmap import viewstate

_cache.require_navigation()
st.title("What could it reach?")
st.caption(
    "Rings are geodesic circles on the WGS84 ellipsoid: every point of a ring is the stated distance from "
    "the site. On a flat map they are not circles, and a long-range ring wraps over the pole."
)

sites = _cache.sites()
targets = _cache.targets()
countries = _cache.country_names()
QUESTIONS = ["What can it reach?", "Which sites reach a target?"]
BORDER = "A country's border"


def _owns(key: str) -> bool:
    return key.startswith("ring_")


# ---------------------------------------------------------------- the view in the URL (read once)
state = _url.read_once(
    "reach",
    lambda params: viewstate.decode(
        {k: v for k, v in params.items() if _owns(k)},
        ring_sites=sites["site"],
        ring_classes=CLASSES,
        ring_targets=targets["target"],
        ring_countries=countries,
    ),
)
if state is not None:
    if state.ring_lat is not None and state.ring_lon is not None:
        st.session_state.update(site_mode="Coordinates", ring_lat=state.ring_lat, ring_lon=state.ring_lon)
    elif state.ring_country:
        st.session_state.update(site_mode=BORDER, ring_country=state.ring_country)
    elif state.ring_site:
        st.session_state.update(site_mode="Launch site", ring_site=state.ring_site)
    if state.ring_km:
        st.session_state.update(reach_mode=CUSTOM, ring_km=float(state.ring_km))
    elif state.ring_classes:
        st.session_state.update(reach_mode="Class presets", ring_classes=list(state.ring_classes))
        st.session_state.update(rev_class=state.ring_classes[0])
    st.session_state["ring_rotation"] = ROTATION[int(state.ring_rot)]
    if state.ring_mode == "reverse":
        st.session_state["reach_question"] = QUESTIONS[1]
        if state.ring_km:
            st.session_state["rev_reach"] = CUSTOM
        elif state.ring_classes:
            st.session_state["rev_reach"] = "A class"
        if state.ring_tlat is not None and state.ring_tlon is not None:
            st.session_state.update(
                target_mode="Coordinates", ring_tlat=state.ring_tlat, ring_tlon=state.ring_tlon
            )
        elif state.ring_target:
            st.session_state.update(target_mode="Target list", ring_target=state.ring_target)
_url.show_notices("reach")

question = st.radio("Question", QUESTIONS, horizontal=True, key="reach_question")
land = _cache.vector_land()
land_url = _cache.vector_land_url() if land is not None else None  # fetched once, not in every rerun
if question == QUESTIONS[1]:
    params = _reach_reverse.show(sites, targets, land, land_url)
else:
    left, right = st.columns([1, 1])
    site_mode = left.radio(
        "Launch from",
        ["Launch site", "Coordinates", "Click on the map", BORDER],
        horizontal=True,
        key="site_mode",
    )
    if site_mode == BORDER:
        params = _reach_border.show(left, right, targets, land, land_url)
    else:
        params = _reach_point.show(site_mode, left, right, sites, targets, land, land_url)

# ---------------------------------------------------------------- the view back into the URL
_url.write_back(params, owns=_owns)
