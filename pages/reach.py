"""Reach: geodesic range rings from a launch site or a country's border, rotating-Earth footprints, which
targets they hold, and which known sites reach a target.

The page reads its widgets and renders what :mod:`trajmap.views.reach` (and its reverse and border
modes) compute.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from pages import _cache, _present, _url
from trajmap import ballistics, border, geodesy, maps, viewstate
from trajmap.escape import markdown_text as md
from trajmap.views import border_reach as brv
from trajmap.views import reach as rv
from trajmap.views import reverse_reach as rrv

_cache.require_navigation()
st.title("What could it reach?")
st.caption(
    "Rings are geodesic circles on the WGS84 ellipsoid: every point of a ring is the stated distance from "
    "the site. On a flat map they are not circles, and a long-range ring wraps over the pole."
)

sites = _cache.sites()
site_names = dict(zip(sites["site"], sites["name"], strict=True))
targets = _cache.targets()
target_names = dict(zip(targets["target"], targets["name"], strict=True))
countries = _cache.country_names()
QUESTIONS = ["What can it reach?", "Which sites reach a target?"]
ROTATION = ["not included", "included"]
CLASSES = list(ballistics.CLASS_RANGES_KM)


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
        st.session_state.update(site_mode="A country's border", ring_country=state.ring_country)
    elif state.ring_site:
        st.session_state.update(site_mode="Launch site", ring_site=state.ring_site)
    if state.ring_km:
        st.session_state.update(reach_mode="Custom distance", ring_km=float(state.ring_km))
    elif state.ring_classes:
        st.session_state.update(reach_mode="Class presets", ring_classes=list(state.ring_classes))
        st.session_state.update(rev_class=state.ring_classes[0])
    st.session_state["ring_rotation"] = ROTATION[int(state.ring_rot)]
    if state.ring_mode == "reverse":
        st.session_state["reach_question"] = QUESTIONS[1]
        if state.ring_km:
            st.session_state["rev_reach"] = "Custom distance"
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
reverse = question == QUESTIONS[1]
land = _cache.vector_land()
params: dict[str, str] = {}

if reverse:
    # ------------------------------------------------------------ which sites reach a target?
    left, right = st.columns([1, 1])
    with left:
        target_mode = st.radio(
            "Target", ["Target list", "Coordinates", "Click on the map"], horizontal=True, key="target_mode"
        )
        target_key = None
        if target_mode == "Target list":
            st.session_state.setdefault(
                "ring_target", "hagatna" if "hagatna" in target_names else targets["target"].iloc[0]
            )
            target_key = st.selectbox(
                "Target",
                list(target_names),
                format_func=lambda k: f"{target_names[k]} ({k})",
                key="ring_target",
            )
            row = targets[targets["target"] == target_key].iloc[0]
            tlat, tlon, where = float(row["lat"]), float(row["lon"]), str(row["name"])
        elif target_mode == "Coordinates":
            st.session_state.setdefault("ring_tlat", 13.48)
            st.session_state.setdefault("ring_tlon", 144.79)
            c1, c2 = st.columns(2)
            tlat = c1.number_input("Latitude (°N, negative south)", -90.0, 90.0, step=0.1, key="ring_tlat")
            tlon = c2.number_input("Longitude (°E, negative west)", -180.0, 180.0, step=0.1, key="ring_tlon")
            where = geodesy.format_lat_lon(tlat, tlon)
        else:
            tlat, tlon = st.session_state.get("_clicked_target", (13.48, 144.79))
            where = geodesy.format_lat_lon(tlat, tlon)
            st.text(f"Click the map to move the target. Now: {where}")
    with right:
        rev_by = st.radio("With", ["A class", "Custom distance"], horizontal=True, key="rev_reach")
        if rev_by == "A class":
            st.session_state.setdefault("rev_class", "IRBM")
            cls = st.selectbox("Class", CLASSES, key="rev_class")
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
        rotation = st.radio("Earth's rotation", ROTATION, horizontal=True, key="ring_rotation")
    rview = rrv.reverse_view(tlat, tlon, where, range_km, label, sites, rotating=rotation == ROTATION[1])
    m, fg = rrv.reverse_map(rview, land=land)
    maps.scale_strokes([m, fg], _present.map_scale())  # thicker lines in presentation mode
    out = st_folium(
        m,
        key="reach_map",
        height=560,
        use_container_width=True,
        returned_objects=["last_clicked"],
        feature_group_to_add=fg,
        center=(tlat, tlon),
        zoom=rview.zoom,
    )
    if target_mode == "Click on the map" and out and out.get("last_clicked"):
        c = out["last_clicked"]
        new = (float(c["lat"]), geodesy.normalize_lon(float(c["lng"])))
        if new != st.session_state.get("_clicked_target"):
            st.session_state["_clicked_target"] = new
            st.rerun()
    st.subheader(md(rview.heading))
    st.dataframe(rview.table[list(rrv.REVERSE_COLUMNS)], hide_index=True, width="stretch")
    st.caption(md(rview.caption))
    params = rv.url_params(
        site_key=None,
        lat=None,
        lon=None,
        custom_km=params_km,
        classes=params_cls,
        rotating=rotation == ROTATION[1],
        mode="reverse",
        target=target_key,
        target_lat=tlat if target_key is None else None,
        target_lon=tlon if target_key is None else None,
    )
else:
    # ------------------------------------------------------------ what can it reach? where from
    left, right = st.columns([1, 1])
    with left:
        site_mode = st.radio(
            "Launch from",
            ["Launch site", "Coordinates", "Click on the map", "A country's border"],
            horizontal=True,
            key="site_mode",
        )
        site_key = None
        country = None
        if site_mode == "Launch site":
            st.session_state.setdefault(
                "ring_site", "sunan" if "sunan" in site_names else sites["site"].iloc[0]
            )
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
        elif site_mode == "Click on the map":
            lat, lon = st.session_state.get("_clicked", (39.03, 125.75))
            where = geodesy.format_lat_lon(lat, lon)
            st.text(f"Click the map to move the site. Now: {where}")
        else:
            if not countries:
                st.error("No countries layer is available: run `python -m trajmap.layers download`.")
                st.stop()
            st.session_state.setdefault(
                "ring_country", "PRK" if "PRK" in countries else next(iter(countries))
            )
            country = st.selectbox(
                "Country (Natural Earth)",
                list(countries),
                format_func=lambda k: f"{countries[k]} ({k})",
                key="ring_country",
            )
            where = countries[country]
            lat, lon = 39.03, 125.75

    with right:
        reach_mode = st.radio(
            "Reach",
            ["Class presets", "A launch's estimated maximum range", "Custom distance"],
            horizontal=True,
            key="reach_mode",
        )
        rings: list[tuple[float, str]] = []
        band: tuple[float, float] | None = None
        speed: float | None = None
        chosen: list[str] = []
        if reach_mode == "Class presets":
            st.session_state.setdefault("ring_classes", ["MRBM", "IRBM", "ICBM"])
            chosen = st.multiselect("Classes", CLASSES, key="ring_classes")
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
                    rings, band, speed = list(got.rings), got.band, got.speed_km_s
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
        rotating = False
        if country is None:
            rotation = st.radio("Earth's rotation", ROTATION, horizontal=True, key="ring_rotation")
            rotating = rotation == ROTATION[1]

    people: tuple[dict[str, object], ...] = ()
    people_caption = ""
    if country is not None:
        # -------------------------------------------------------- rings from a country's border
        usable = [(r, lab) for r, lab in rings if r >= border.MIN_BORDER_RING_KM]
        if len(usable) < len(rings):
            st.info(
                f"Rings from a border start at {border.MIN_BORDER_RING_KM:,.0f} km; "
                "smaller ones are not drawn."
            )
        if usable:
            bview = brv.border_view(
                [_cache.border_ring(country, r) for r, _ in usable], where, targets, _cache.cities()
            )
            m, fg = brv.border_map(bview, land=land)
            maps.scale_strokes([m, fg], _present.map_scale())  # thicker lines in presentation mode
            st_folium(
                m,
                key="reach_map",
                height=560,
                use_container_width=True,
                returned_objects=[],
                feature_group_to_add=fg,
                center=(bview.lat, bview.lon),
                zoom=bview.zoom,
            )
            st.caption(md(bview.caption))
            st.subheader(md(bview.heading))
            st.dataframe(
                bview.table[list(brv.BORDER_COLUMNS)],
                hide_index=True,
                width="stretch",
                column_config={
                    "source_url": st.column_config.LinkColumn("source"),
                    "distance_km": st.column_config.NumberColumn(
                        "distance_km", help="from the nearest point of the territory"
                    ),
                    "first_ring": st.column_config.TextColumn(
                        "within", help="the smallest ring that holds the target"
                    ),
                },
            )
            people, people_caption = bview.people, bview.people_caption
    else:
        # -------------------------------------------------------- map and targets from a point
        fps = _cache.footprints(lat, lon, tuple(rings), speed) if rotating and rings else ()
        view = rv.reach_view(
            lat,
            lon,
            where,
            rings,
            targets,
            table=_cache.reach_table,
            city_table=_cache.cities(),
            footprints=fps,
        )
        m, fg = rv.reach_map(view, band=band, land=land)
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
        _cache.show_layer_notice(
            ("countries",)
        )  # the land drawn: the full layer, its regional default, or none
        if site_mode == "Click on the map" and out and out.get("last_clicked"):
            c = out["last_clicked"]
            new = (float(c["lat"]), geodesy.normalize_lon(float(c["lng"])))
            if new != st.session_state.get("_clicked"):
                st.session_state["_clicked"] = new
                st.rerun()
        if view.footprint_caption:
            st.caption(md(view.footprint_caption))
        if view.table is not None:
            st.subheader(md(view.heading))
            st.dataframe(
                view.table[list(view.columns)],
                hide_index=True,
                width="stretch",
                column_config={
                    "source_url": st.column_config.LinkColumn("source"),
                    "first_ring": st.column_config.TextColumn(
                        "within", help="the smallest ring (or footprint) that holds the target"
                    ),
                    "margin_km": st.column_config.NumberColumn(
                        "margin_km",
                        help="the range of the ring named in 'within' (toward the target, for a "
                        "footprint) minus the distance; for a target none holds, the largest one's "
                        "(negative: out of reach)",
                    ),
                },
            )
        people, people_caption = view.people, view.people_caption
    if people:
        st.subheader("People in range")
        st.dataframe(list(people), hide_index=True, width="stretch")
        st.caption(people_caption)
    params = rv.url_params(
        site_key=site_key,
        lat=lat if site_key is None and country is None else None,
        lon=lon if site_key is None and country is None else None,
        custom_km=float(st.session_state["ring_km"]) if reach_mode == "Custom distance" else None,
        classes=chosen,
        rotating=rotating,
        mode="border" if country is not None else None,
        country=country,
    )

# ---------------------------------------------------------------- the view back into the URL
_url.write_back(params, owns=_owns)
