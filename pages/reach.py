"""Reach: geodesic range rings from a launch site, and which targets they hold.

The page reads its widgets and renders what :mod:`trajmap.views.reach` computes.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from pages import _cache, _present, _url
from trajmap import ballistics, geodesy, maps, viewstate
from trajmap.escape import markdown_text as md
from trajmap.views import reach as rv

_cache.require_navigation()
st.title("What could it reach?")
st.caption(
    "Rings are geodesic circles on the WGS84 ellipsoid: every point of a ring is the stated distance from "
    "the site. On a flat map they are not circles, and a long-range ring wraps over the pole."
)

sites = _cache.sites()
site_names = dict(zip(sites["site"], sites["name"], strict=True))


def _owns(key: str) -> bool:
    return key.startswith("ring_")


# ---------------------------------------------------------------- the view in the URL (read once)
state = _url.read_once(
    "reach",
    lambda params: viewstate.decode(
        {k: v for k, v in params.items() if _owns(k)},
        ring_sites=sites["site"],
        ring_classes=list(ballistics.CLASS_RANGES_KM),
    ),
)
if state is not None:
    if state.ring_lat is not None and state.ring_lon is not None:
        st.session_state.update(site_mode="Coordinates", ring_lat=state.ring_lat, ring_lon=state.ring_lon)
    elif state.ring_site:
        st.session_state.update(site_mode="Launch site", ring_site=state.ring_site)
    if state.ring_km:
        st.session_state.update(reach_mode="Custom distance", ring_km=float(state.ring_km))
    elif state.ring_classes:
        st.session_state.update(reach_mode="Class presets", ring_classes=list(state.ring_classes))
_url.show_notices("reach")

# ---------------------------------------------------------------- where from
left, right = st.columns([1, 1])
with left:
    site_mode = st.radio(
        "Launch from", ["Launch site", "Coordinates", "Click on the map"], horizontal=True, key="site_mode"
    )
    site_key = None
    if site_mode == "Launch site":
        st.session_state.setdefault("ring_site", "sunan" if "sunan" in site_names else sites["site"].iloc[0])
        site_key = st.selectbox(
            "Site", list(site_names), format_func=lambda k: f"{site_names[k]} ({k})", key="ring_site"
        )
        row = sites[sites["site"] == site_key].iloc[0]
        lat, lon, where = float(row["lat"]), float(row["lon"]), str(row["name"])
    elif site_mode == "Coordinates":
        st.session_state.setdefault("ring_lat", 39.03)
        st.session_state.setdefault("ring_lon", 125.75)
        c1, c2 = st.columns(2)
        lat = c1.number_input("Latitude (°N, negative south)", -90.0, 90.0, step=0.1, key="ring_lat")
        lon = c2.number_input("Longitude (°E, negative west)", -180.0, 180.0, step=0.1, key="ring_lon")
        where = geodesy.format_lat_lon(lat, lon)
    else:
        lat, lon = st.session_state.get("_clicked", (39.03, 125.75))
        where = geodesy.format_lat_lon(lat, lon)
        st.text(f"Click the map to move the site. Now: {where}")

with right:
    reach_mode = st.radio(
        "Reach",
        ["Class presets", "A launch's estimated maximum range", "Custom distance"],
        horizontal=True,
        key="reach_mode",
    )
    rings: list[tuple[float, str]] = []
    band: tuple[float, float] | None = None
    chosen: list[str] = []
    if reach_mode == "Class presets":
        st.session_state.setdefault("ring_classes", ["MRBM", "IRBM", "ICBM"])
        chosen = st.multiselect("Classes", list(ballistics.CLASS_RANGES_KM), key="ring_classes")
        rings = rv.preset_rings(chosen)
        st.caption(
            "Class bounds: SRBM < 1,000 km, MRBM 1,000-3,000, IRBM 3,000-5,500, ICBM > 5,500 (US NASIC, "
            "CSIS); the ICBM ring is 13,000 km, the Hwasong-15 estimate of D. Wright (UCS, 2017)."
        )
    elif reach_mode == "A launch's estimated maximum range":
        launches = _cache.dataset_launches()
        labels = rv.launch_choices(launches)
        pick = st.selectbox(
            "Launch estimate", list(labels), format_func=labels.__getitem__, key="ring_launch"
        )
        if pick is not None:
            got = rv.launch_reach(launches.loc[pick], _cache.max_range)
            if got.warning:
                st.warning(md(got.warning))
            if got.rings:
                rings, band = list(got.rings), got.band
                label = "Class range" if got.warning else "Estimated maximum range"
                st.metric(label, got.value_text, help="; ".join(got.assumptions) or None)
                st.caption(md(got.caption))
    else:
        st.session_state.setdefault("ring_km", 1000.0)
        km = st.number_input("Distance (km)", 1.0, rv.MAX_CUSTOM_DISTANCE_KM, step=100.0, key="ring_km")
        custom = rv.custom_ring(km)
        rings = list(custom.rings)
        if custom.notice:
            st.info(custom.notice)

# ---------------------------------------------------------------- map and targets
view = rv.reach_view(
    lat, lon, where, rings, _cache.targets(), table=_cache.reach_table, city_table=_cache.cities()
)
m, fg = rv.reach_map(view, band=band, land=_cache.vector_land())
maps.scale_strokes([m, fg], _present.map_scale())  # thicker lines in presentation mode
out = st_folium(
    m,
    key="reach_map",
    height=560,
    use_container_width=True,
    returned_objects=["last_clicked"],
    feature_group_to_add=fg,
    center=(lat, lon),
    zoom=view.zoom,
)
_cache.show_layer_notice(("countries",))  # the land drawn: the full layer, its regional default, or none
if site_mode == "Click on the map" and out and out.get("last_clicked"):
    c = out["last_clicked"]
    new = (float(c["lat"]), geodesy.normalize_lon(float(c["lng"])))
    if new != st.session_state.get("_clicked"):
        st.session_state["_clicked"] = new
        st.rerun()

if view.table is not None:
    st.subheader(md(view.heading))
    st.dataframe(
        view.table[list(rv.TABLE_COLUMNS)],
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn("source"),
            "first_ring": st.column_config.TextColumn(
                "within", help="the smallest ring that holds the target"
            ),
            "margin_km": st.column_config.NumberColumn(
                "margin_km",
                help="the radius of the ring named in 'within' minus the distance; for a target no ring "
                "holds, the largest ring's (negative: out of reach)",
            ),
        },
    )

if view.people:
    st.subheader("People in range")
    st.dataframe(list(view.people), hide_index=True, width="stretch")
    st.caption(view.people_caption)

# ---------------------------------------------------------------- the view back into the URL
_url.write_back(
    rv.url_params(
        site_key=site_key,
        lat=lat if site_key is None else None,
        lon=lon if site_key is None else None,
        custom_km=float(st.session_state["ring_km"]) if reach_mode == "Custom distance" else None,
        classes=chosen,
    ),
    owns=_owns,
)
