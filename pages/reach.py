"""Reach: geodesic range rings from a launch site, and which targets they hold."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from pages import _cache
from trajmap import ballistics, geodesy, maps, viewstate
from trajmap.escape import markdown_text as md

_cache.require_navigation()
st.title("What could it reach?")
st.caption(
    "Rings are geodesic circles on the WGS84 ellipsoid: every point of a ring is the stated distance from "
    "the site. On a flat map they are not circles, and a long-range ring wraps over the pole."
)

sites = _cache.sites()
targets = _cache.targets()
launches = _cache.curated_launches()
site_names = dict(zip(sites["site"], sites["name"], strict=True))

# ---------------------------------------------------------------- the view in the URL (read once)
if "_reach_url_read" not in st.session_state:
    st.session_state["_reach_url_read"] = True
    state, notices = viewstate.decode(
        {k: v for k, v in st.query_params.to_dict().items() if k.startswith("ring_")},
        ring_sites=sites["site"],
    )
    st.session_state["_reach_notices"] = notices
    if state.ring_lat is not None and state.ring_lon is not None:
        st.session_state.update(site_mode="Coordinates", ring_lat=state.ring_lat, ring_lon=state.ring_lon)
    elif state.ring_site:
        st.session_state.update(site_mode="Launch site", ring_site=state.ring_site)
    if state.ring_km:
        st.session_state.update(reach_mode="Custom distance", ring_km=float(state.ring_km))
for notice in st.session_state.get("_reach_notices", []):
    st.warning(f"The link had a parameter trajmap could not use. {md(notice)}.")

# ---------------------------------------------------------------- where from
left, right = st.columns([1, 1])
with left:
    site_mode = st.radio(
        "Launch from", ["Launch site", "Coordinates", "Click on the map"], horizontal=True, key="site_mode"
    )
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
        clicked = st.session_state.get("_clicked", (39.03, 125.75))
        lat, lon = clicked
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
    if reach_mode == "Class presets":
        chosen = st.multiselect(
            "Classes", list(ballistics.CLASS_RANGES_KM), default=["MRBM", "IRBM", "ICBM"], key="ring_classes"
        )
        for c in chosen:
            rings.append((ballistics.preset_radius_km(c), f"{c}: {ballistics.preset_radius_km(c):,.0f} km"))
        st.caption(
            "Class bounds: SRBM < 1,000 km, MRBM 1,000-3,000, IRBM 3,000-5,500, ICBM > 5,500 (US NASIC, "
            "CSIS); the ICBM ring is 13,000 km, the Hwasong-15 estimate of D. Wright (UCS, 2017)."
        )
    elif reach_mode == "A launch's estimated maximum range":
        usable = launches.dropna(subset=["apogee_km", "range_km"])
        labels = {
            i: f"{r.event_id} {r.missile} ({r.estimate_by}: {r.range_km:,.0f} km, "
            f"apogee {r.apogee_km:,.0f} km)"
            for i, r in usable.sort_values("date", ascending=False).iterrows()
        }
        pick = st.selectbox(
            "Launch estimate", list(labels), format_func=labels.__getitem__, key="ring_launch"
        )
        if pick is not None:
            r = usable.loc[pick]
            try:
                est = _cache.max_range(*_cache.figures(r))
            except ballistics.BallisticsError as exc:  # includes OutsideModelError (gliding warheads)
                st.warning(f"No maximum-range estimate for this launch: {md(exc)}.")
            else:
                radius = min(est.value_km, geodesy.MAX_RING_RADIUS_KM)
                rings.append((radius, f"{r['missile']}: ~{est.value_km:,.0f} km ({est.model})"))
                band = (est.low_km, min(est.high_km, geodesy.MAX_RING_RADIUS_KM))
                st.metric(
                    "Estimated maximum range",
                    f"{est.value_km:,.0f} km",
                    help="; ".join(est.assumptions),
                )
                st.caption(
                    f"Band {est.low_km:,.0f}-{est.high_km:,.0f} km. Flown: {r['range_km']:,.0f} km with "
                    f"apogee {r['apogee_km']:,.0f} km. Kepler-only floor {est.kepler_floor_km:,.0f} km. "
                    f"Model: {est.model}. Assumptions: " + "; ".join(est.assumptions)
                )
    else:
        st.session_state.setdefault("ring_km", 1000.0)
        km = st.number_input("Distance (km)", 1.0, 20_000.0, step=100.0, key="ring_km")
        rings.append((km, f"{km:,.0f} km"))

# ---------------------------------------------------------------- map and targets
reach_km = max((r for r, _ in rings), default=0.0)
table = _cache.reach_table(lat, lon, reach_km, tuple(rings)) if rings else None

fg = folium.FeatureGroup(name="Reach")
if rings:
    maps.ring_layer(lat, lon, rings).add_to(fg)
if band is not None:
    maps.ring_layer(
        lat, lon, [(band[0], "low end of band"), (band[1], "high end of band")], color="#888888"
    ).add_to(fg)
maps.point_marker(
    lat, lon, f"launch site: {where}", color="#000", fill_color="#ffcc00", radius=6, class_name="trajmap-site"
).add_to(fg)
if table is not None:
    for t in table.itertuples():
        tlon = t.lon + 360.0 * round((lon - t.lon) / 360.0)
        color = "#b2182b" if t.in_reach else "#2166ac"
        maps.point_marker(
            t.lat,
            tlon,
            f"{t.name}: {t.distance_km:,.0f} km, {'in' if t.in_reach else 'out of'} reach",
            color=color,
            fill_color=color,
            class_name="trajmap-target",
        ).add_to(fg)

zoom = 2 if reach_km > 4000 else 3 if reach_km > 1500 else 5
m = maps.base_map(basemap="vector", land_geojson=_cache.vector_land(), location=(lat, lon), zoom=zoom)
out = st_folium(
    m,
    key="reach_map",
    height=560,
    use_container_width=True,
    returned_objects=["last_clicked"],
    feature_group_to_add=fg,
    center=(lat, lon),
    zoom=zoom,
)
if site_mode == "Click on the map" and out and out.get("last_clicked"):
    c = out["last_clicked"]
    new = (float(c["lat"]), geodesy.normalize_lon(float(c["lng"])))
    if new != st.session_state.get("_clicked"):
        st.session_state["_clicked"] = new
        st.rerun()

COLUMNS = [
    "name",
    "country",
    "kind",
    "distance_km",
    "bearing_deg",
    "in_reach",
    "first_ring",
    "margin_km",
    "source_url",
]
if table is not None:
    n_in = int(table["in_reach"].sum())
    st.subheader(md(f"Targets: {n_in} of {len(table)} within {reach_km:,.0f} km of {where}"))
    st.dataframe(
        table[COLUMNS],
        hide_index=True,
        width="stretch",
        column_config={
            "source_url": st.column_config.LinkColumn("source"),
            "first_ring": st.column_config.TextColumn(
                "within", help="the smallest ring that holds the target"
            ),
            "margin_km": st.column_config.NumberColumn(
                "margin_km", help="the largest ring's radius minus the distance (negative: out of reach)"
            ),
        },
    )

# ---------------------------------------------------------------- the view back into the URL
params = {k: v for k, v in st.query_params.to_dict().items() if not k.startswith("ring_")}
ring_state = viewstate.ViewState(
    ring_site=site_key if site_mode == "Launch site" else None,
    ring_lat=lat if site_mode != "Launch site" else None,
    ring_lon=lon if site_mode != "Launch site" else None,
    ring_km=float(rings[0][0]) if reach_mode == "Custom distance" and rings else None,
)
params.update(viewstate.encode(ring_state))
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)
