"""What if: a launch from any site, on any bearing, to any range, and what it would mean.

The page reads its widgets and renders what :mod:`trajmap.views.whatif` computes; every value is in the
URL (``wi_*``), so a link reopens the same launch.
"""

from __future__ import annotations

import streamlit as st

from pages import _cache, _place, _url
from trajmap import ballistics, geodesy
from trajmap.escape import markdown_text as md
from trajmap.views import whatif as wv

_cache.require_navigation()
st.title("What if?")
st.caption(
    "Choose a launch site, a bearing and a range (or a missile class): trajmap solves where it lands on the "
    "WGS84 ellipsoid, in whose waters and how sure, the flight's profile, and what lies within its range."
)

sites = _cache.sites()
SITE = _place.Keys(listed="wi_site", lat="wi_lat", lon="wi_lon", clicked="_wi_clicked")


def _owns(key: str) -> bool:
    return key in wv.PARAMS


# ---------------------------------------------------------------- the launch in the URL (read once)
state = _url.read_once("whatif", lambda params: wv.decode(params, sites=sites["site"]))
if state is not None:
    if state.lat is not None and state.lon is not None:
        st.session_state.update(wi_mode="Coordinates", wi_lat=state.lat, wi_lon=state.lon)
    else:
        st.session_state.update(wi_mode="Launch site", wi_site=state.site or wv.DEFAULT_SITE)
    st.session_state["wi_bearing"] = float(state.bearing_deg)
    st.session_state["wi_range_km"] = float(state.range_km)
    if state.missile_class:
        st.session_state.update(wi_range_mode="Missile class", wi_class=state.missile_class)
    st.session_state["wi_min_energy"] = state.apogee_km is None
    if state.apogee_km is not None:
        st.session_state["wi_apogee_km"] = float(state.apogee_km)
_url.show_notices("whatif")

left, mid, right = st.columns([1.2, 1, 1])
with left:
    mode = st.radio(
        "Launch from", ["Launch site", _place.COORDINATES, _place.CLICK], horizontal=True, key="wi_mode"
    )
    site = _place.choose(mode, sites, "site", SITE, default=wv.DEFAULT_SITE, start=(39.03, 125.75))
with mid:
    st.session_state.setdefault("wi_bearing", wv.DEFAULT_BEARING_DEG)
    bearing = st.number_input("Bearing (° clockwise from north)", 0.0, 360.0, step=1.0, key="wi_bearing")
    range_mode = st.radio("Range", ["Distance", "Missile class"], horizontal=True, key="wi_range_mode")
    st.session_state.setdefault("wi_range_km", wv.DEFAULT_RANGE_KM)
    cls = None
    if range_mode == "Distance":
        range_km = st.number_input("Range (km)", 1.0, 20000.0, step=50.0, key="wi_range_km")
    else:
        st.session_state.setdefault("wi_class", "IRBM")
        cls = st.selectbox("Class", list(ballistics.CLASS_RANGES_KM), key="wi_class")
        range_km = float(st.session_state["wi_range_km"])
with right:
    st.session_state.setdefault("wi_min_energy", True)
    min_energy = st.checkbox("Minimum-energy apogee", key="wi_min_energy")
    apogee = None
    if not min_energy:
        st.session_state.setdefault("wi_apogee_km", 500.0)
        apogee = st.number_input("Apogee (km)", 1.0, wv.MAX_APOGEE_KM, step=50.0, key="wi_apogee_km")

chosen = wv.WhatIf(
    site=site.key,
    lat=None if site.key else float(site.lat),
    lon=None if site.key else geodesy.normalize_lon(float(site.lon)),
    bearing_deg=float(bearing) % 360.0,
    range_km=float(range_km),
    missile_class=cls,
    apogee_km=None if apogee is None else float(apogee),
)
view = wv.whatif_view(chosen, sites, _cache.targets(), odds=_cache.landing_odds, table=_cache.reach_table)

# ---------------------------------------------------------------- what it means
for notice in view.notices:
    st.warning(md(notice))
la, lo = view.landing
a, b, c = st.columns(3)
a.metric("Landing point", geodesy.format_lat_lon(la, lo), help="geodesic direct problem on WGS84")
b.metric(view.range_label, f"{view.range_km:,.0f} km")
c.metric("EEZ verdict (Japan)", view.odds.status if view.odds else "no EEZ layer")
st.markdown(f"**In whose waters, how sure:** {md(view.verdict_text)}")

land, eez = _cache.vector_land(), _cache.eez_overlay()
urls = {  # the land and the EEZ overlay are fetched once from the app's static files, not in every rerun
    "land_url": _cache.vector_land_url() if land is not None else None,
    "eez_url": _cache.eez_overlay_url() if eez is not None else None,
}
m, fg = wv.whatif_map(view, land=land, eez=eez, **urls)
out = _place.show_map(m, fg, key="whatif_map", height=520, center=view.center, zoom=view.zoom)
if mode == _place.CLICK:
    _place.follow_click(out, SITE)

st.subheader("Flight profile")
st.altair_chart(wv.profile_chart(view), width="content")
st.caption(md(view.flight_text))
st.subheader(md(view.targets_heading))
st.dataframe(
    view.targets[
        ["name", "country", "kind", "distance_km", "bearing_deg", "in_reach", "margin_km", "source_url"]
    ],
    hide_index=True,
    width="stretch",
    column_config={"source_url": st.column_config.LinkColumn("source")},
)

_url.write_back(wv.url_params(chosen), owns=_owns)
