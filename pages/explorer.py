"""Explorer: filter the launch history, see trajectories and landing points, compare estimates."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from dataclasses import replace

import altair as alt
import folium
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from pages import _cache
from trajmap import ballistics, export, filters, geodesy, maps, overlays, records, viewstate
from trajmap.escape import markdown_text as md

DEFAULT_EVENT = "2025-01-06"


_cache.require_navigation()
st.title("trajmap — launch explorer")
# Messages about the user's file and link go in this one container, which is always there: an element that
# appears above the map would shift the map's place in the page, and Streamlit would mount a new map.
messages = st.container()

# ---------------------------------------------------------------- data: curated + the user's own upload
try:
    curated = _cache.curated_launches()
except records.RecordError as exc:
    st.error("The curated data failed validation; fix `data/launches.csv`:")
    st.code(str(exc), language=None)
    st.stop()

with st.sidebar:
    st.header("Data")
    limit_mb = st.get_option("server.maxUploadSize")
    upload = st.file_uploader(
        f"Add your own records (CSV, same columns as data/launches.csv, up to {limit_mb} MB)",
        type=["csv"],
        key="upload",
        help=f"Files over {limit_mb} MB are refused (the server's upload limit, set in "
        ".streamlit/config.toml). Your file stays in this browser session: it is not stored or sent on.",
    )
    mode = st.radio(
        "Your records", ["add to the curated data", "replace the curated data"], key="upload_mode"
    )

launches = curated
if upload is not None:
    try:
        mine = _cache.uploaded_launches(upload)
    except records.RecordError as exc:
        first_few = "\n".join(f"- {md(p)}" for p in exc.problems[:3])
        more = f"\n\n... {len(exc.problems) - 3} more in the table below." if len(exc.problems) > 3 else ""
        messages.error(
            f"Your file {md(repr(upload.name))} was not loaded "
            "(row = line in your file, the header is line 1):\n\n"
            f"{first_few}{more}"
        )
        messages.dataframe(
            pd.DataFrame(
                [
                    {"row": p.row, "column": p.column, "value": p.value, "reason": p.reason}
                    for p in exc.problems
                ]
            ),
            hide_index=True,
        )
    else:
        launches = mine if mode.startswith("replace") else pd.concat([curated, mine], ignore_index=True)
        st.sidebar.success(f"Loaded {len(mine)} of your records from {upload.name}.")

# ---------------------------------------------------------------- the view in the URL (read once per session)
first, last = launches["date"].min().date(), launches["date"].max().date()
if "_url_read" not in st.session_state:
    st.session_state["_url_read"] = True
    state, notices = viewstate.decode(
        st.query_params.to_dict(),
        events=launches["event_id"].unique(),
        classes=filters.choices(launches, "class"),
        outcomes=filters.choices(launches, "outcome"),
        sites=filters.choices(launches, "site"),
        sources=filters.choices(launches, "estimate_by"),
        dates=(first, last),
    )
    st.session_state["_url_notices"] = notices
    url_flt = state.filters
    st.session_state["dates"] = (url_flt.date_from or first, url_flt.date_to or last)
    for widget in ("classes", "outcomes", "sites", "sources"):
        st.session_state[widget] = list(getattr(url_flt, widget))
    st.session_state["basemap"] = state.basemap
    st.session_state["eez"] = state.eez
    if state.event:
        st.session_state["event"] = state.event
    if state.lat is not None and state.lon is not None:
        st.session_state["_url_view"] = ((state.lat, state.lon), state.zoom or 5, state.event)
for notice in st.session_state.get("_url_notices", []):
    messages.warning(f"The link had a parameter trajmap could not use. {md(notice)}.")

# ---------------------------------------------------------------- filters
with st.sidebar:
    st.header("Filters")
    # the window stays within the data's dates, which change when the user's file is added or replaces
    # the curated data (a slider raises on a value outside its range, or on a range of one day)
    lo, hi = st.session_state.get("dates", (first, last))
    st.session_state["dates"] = (min(max(lo, first), last), max(min(hi, last), first))
    if first < last:
        date_range = st.slider("Dates", min_value=first, max_value=last, format="YYYY-MM-DD", key="dates")
    else:
        date_range = (first, last)
        st.text(f"Dates: {first} (every record is of this day)")
    classes = st.multiselect("Class", filters.choices(launches, "class"), key="classes")
    outcomes = st.multiselect("Outcome", filters.choices(launches, "outcome"), key="outcomes")
    sites = st.multiselect("Launch site", filters.choices(launches, "site"), key="sites")
    sources = st.multiselect("Estimate by", filters.choices(launches, "estimate_by"), key="sources")
    st.header("Map")
    basemap_names = {
        "auto": "Automatic (tiles when online)",
        "vector": "Vector (offline, Natural Earth)",
        "osm": "OpenStreetMap",
        "carto": "CARTO light",
        "esri": "Esri imagery",
    }
    basemap_choice = st.selectbox(
        "Basemap", list(basemap_names), format_func=basemap_names.__getitem__, key="basemap"
    )
    show_eez = st.checkbox("EEZ boundaries", key="eez")

flt = filters.Filters(
    date_from=date_range[0],
    date_to=date_range[1],
    classes=tuple(classes),
    outcomes=tuple(outcomes),
    sites=tuple(sites),
    sources=tuple(sources),
)
shown = filters.apply(launches, flt)

# ---------------------------------------------------------------- in whose waters (Japan's EEZ as reference)
has_landing = launches["landing_basis"] != "unknown"
texts = _cache.waters(
    tuple(launches.loc[has_landing, "landing_lat"]), tuple(launches.loc[has_landing, "landing_lon"])
)
launches = launches.assign(waters="")
if texts is not None:
    launches.loc[has_landing, "waters"] = texts
shown = launches.loc[shown.index]
shown = shown.assign(verdict=shown["waters"])
missing = [s for s in _cache.layer_status() if not s.available and s.name in ("eez", "countries", "land")]
if missing:
    with messages:
        st.warning(
            "Reference layers missing on this machine: " + "; ".join(s.title for s in missing) + ". The map "
            "and verdicts work without them but show less (no land on the offline basemap, no EEZ verdicts). "
            "Fetch them once with `python -m trajmap.layers download`, or set `TRAJMAP_DATA_DIR` to a folder "
            "that has them, or download them here:"
        )
        _cache.offer_layer_download([s.name for s in missing])

# ---------------------------------------------------------------- selection
events = filters.events(shown)
labels = {r.event_id: f"{r.event_id} — {r.missile}" for r in events.itertuples()}
if "event" not in st.session_state or st.session_state["event"] not in labels:
    st.session_state["event"] = DEFAULT_EVENT if DEFAULT_EVENT in labels else next(iter(labels), None)

# ---------------------------------------------------------------- map
basemap = basemap_choice
if basemap == "auto":
    basemap = "osm" if _cache.tiles_reachable() else "vector"
land = _cache.vector_land() if basemap == "vector" else None

selected = st.session_state["event"]
sel_rows = shown[shown["event_id"] == selected]
pts: list[tuple[float, float]] = []
for r in sel_rows.itertuples():
    pts.append((r.site_lat, r.site_lon))
    if r.landing_basis != "unknown":
        pts.append((r.landing_lat, r.landing_lon))
center, zoom = maps.view_for_points(pts, max_zoom=7) if pts else ((38.5, 132.0), 4)
url_view = st.session_state.get("_url_view")
if url_view is not None and url_view[2] in (None, selected):
    center, zoom = url_view[0], url_view[1]  # the shared link's own view, until another launch is chosen
else:
    st.session_state.pop("_url_view", None)

eez = _cache.eez_overlay() if show_eez else None
odds: dict[int, object] = {}
footprints: list[tuple[pd.Series, object]] = []  # (estimate, its odds), drawn below the launches
for idx, r in sel_rows.iterrows():
    if r["landing_basis"] != "derived":
        continue
    u = _cache.landing_odds(
        r["site_lat"],
        r["site_lon"],
        r["bearing_deg"],
        r["range_km"],
        None if pd.isna(r["bearing_sd_deg"]) else r["bearing_sd_deg"],
        None if pd.isna(r["range_sd_km"]) else r["range_sd_km"],
    )
    if u is not None:
        odds[idx] = u
        footprints.append((r, u))
st.caption(
    f"{shown['event_id'].nunique()} launch events, {len(shown)} estimates shown; "
    f"{int((shown['landing_basis'] != 'unknown').sum())} with a landing point "
    "(solid line/filled dot: reported; dashed line/hollow dot: derived from site, bearing and range)."
)

# the selected launch's implied reach: its estimated range on a range-maximising trajectory
reach_note = ""
reach_ring: tuple[float, float, float, str] | None = None  # (lat, lon, radius_km, label)
lofted = sel_rows.dropna(subset=["apogee_km", "range_km"])
if not lofted.empty:
    r0 = lofted.iloc[0]
    try:
        est = _cache.max_range(*_cache.figures(r0))
    except ballistics.BallisticsError as exc:
        reach_note = f"No implied-reach ring for this launch: {exc}."
    else:
        radius = min(est.value_km, geodesy.MAX_RING_RADIUS_KM)
        ring_label = (
            f"implied reach ~{est.value_km:,.0f} km ({est.model}; from {r0['estimate_by']}'s figures)"
        )
        reach_ring = (r0["site_lat"], r0["site_lon"], radius, ring_label)
        reach_note = (
            f"Ring: implied reach ~{est.value_km:,.0f} km (band {est.low_km:,.0f}-{est.high_km:,.0f} km), "
            f"model: {est.model}, from {r0['estimate_by']}'s apogee and range; see the Flight profile page."
        )


def build_map() -> tuple[folium.Map, list[folium.FeatureGroup]]:
    """The stable base map and the layers that change with the view, built anew on each call:
    st_folium changes the objects it is given, so the HTML export needs its own."""
    base = maps.base_map(
        basemap=basemap,
        land_geojson=land,
        overlays=[overlays.eez_layer(eez)] if eez is not None else [],
        attribution=overlays.EEZ_ATTRIBUTION if eez is not None else "",
    )
    overlays.legend([c for c in maps.CLASS_COLORS if c in set(launches["class"])], eez).add_to(base)
    layers_ = [
        overlays.footprint_layer(
            r["site_lat"],
            r["site_lon"],
            r["bearing_deg"],
            r["range_km"],
            u.bearing_sd_deg,  # type: ignore[attr-defined]
            u.range_sd_km,  # type: ignore[attr-defined]
            label=f"{r['estimate_by']}: 2-sigma landing area; {u.odds}",  # type: ignore[attr-defined]
        )
        for r, u in footprints
    ]
    layers_.append(maps.launches_layer(shown, selected_event=selected))
    if reach_ring is not None:
        lat, lon, radius_km, label = reach_ring
        layers_.append(maps.ring_layer(lat, lon, [(radius_km, label)], name="Reach"))
    return base, layers_


def map_for_export() -> folium.Map:
    """The map as shown, with its changing layers added, for the self-contained HTML download."""
    full, layers_ = build_map()
    for g in layers_:
        g.add_to(full)
    return full


m, groups = build_map()
map_state = st_folium(
    m,
    key="explorer_map",
    height=560,
    use_container_width=True,
    returned_objects=["center", "zoom"],
    feature_group_to_add=groups,
    center=center,
    zoom=zoom,
)

if reach_note:
    st.caption(md(reach_note))

# ---------------------------------------------------------------- timeline
class_order = [c for c in maps.CLASS_COLORS if c in set(events["class"])]


def _pick_on_timeline() -> None:
    picked = st.session_state["timeline"]["selection"].get("pick") or []
    if picked and picked[0].get("event_id") in labels:
        st.session_state["event"] = picked[0]["event_id"]


if not events.empty:
    is_selected = "datum.event_id === " + json.dumps(selected)
    timeline = (
        alt.Chart(events)
        .mark_circle(opacity=0.85, stroke="#111111")
        .encode(
            x=alt.X("date:T", title=None),
            y=alt.Y("class:N", sort=class_order, title=None),
            color=alt.Color(
                "class:N",
                scale=alt.Scale(domain=class_order, range=[maps.CLASS_COLORS[c] for c in class_order]),
                legend=None,
            ),
            size=alt.condition(is_selected, alt.value(260), alt.value(70)),
            strokeWidth=alt.condition(is_selected, alt.value(2.5), alt.value(0)),
            tooltip=[
                alt.Tooltip("date:T", format="%Y-%m-%d"),
                "missile:N",
                "class:N",
                alt.Tooltip("range_km:Q", title="range_km (largest estimate)", format=",.0f"),
                alt.Tooltip("estimate_by:N", title="estimates by"),
            ],
        )
        .add_params(alt.selection_point(name="pick", fields=["event_id"], on="click"))
        .properties(height=36 * len(class_order) + 40)
    )
    st.altair_chart(timeline, width="stretch", on_select=_pick_on_timeline, key="timeline")
    st.caption("Timeline of the filtered launch events by class; click one to select it.")

# ---------------------------------------------------------------- table and details
st.subheader("Launches")
st.selectbox("Launch", list(labels), format_func=labels.__getitem__, key="event")

table = shown.assign(date=shown["date"].dt.date)[
    [
        "event_id",
        "date",
        "time_utc",
        "missile",
        "class",
        "site",
        "range_km",
        "apogee_km",
        "flight_min",
        "bearing_deg",
        "landing_basis",
        "waters",
        "outcome",
        "estimate_by",
        "source_url",
    ]
].sort_values(["date", "event_id"], ascending=False)


def _pick_row() -> None:
    sel = st.session_state["launch_table"]["selection"]["rows"]
    if sel:
        st.session_state["event"] = table.iloc[sel[0]]["event_id"]


st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select=_pick_row,
    selection_mode="single-row",
    key="launch_table",
    column_config={"source_url": st.column_config.LinkColumn("source")},
)

if selected is not None:
    ests = launches[launches["event_id"] == selected]
    st.subheader(md(f"{selected}: {ests['missile'].iloc[0]} ({ests['class'].iloc[0]})"))
    st.caption("Competing estimates, side by side. Empty means the source gave no figure.")
    cols = st.columns(max(1, len(ests)))
    for col, (idx, rec) in zip(cols, ests.iterrows(), strict=False):
        with col:
            st.markdown(f"**{md(rec['estimate_by'])}**")
            for label, key, unit in (
                ("Range", "range_km", "km"),
                ("Apogee", "apogee_km", "km"),
                ("Flight time", "flight_min", "min"),
                ("Bearing", "bearing_deg", "°"),
            ):
                v = rec[key]
                # as precise as the source gave it: 99.8 km stays 99.8, not 100
                figure = f"{v:,.0f}" if pd.isna(v) or float(v).is_integer() else f"{v:,.1f}"
                st.metric(label, "—" if pd.isna(v) else f"{figure}{'' if unit == '°' else ' '}{unit}")
            if rec["landing_basis"] != "unknown":
                where = geodesy.format_lat_lon(rec["landing_lat"], rec["landing_lon"])
                st.text(f"Landing ({rec['landing_basis']}): {where}")
                if rec["waters"]:
                    st.text(f"Waters: {rec['waters']}")
                if idx in odds:
                    st.info(f"How sure: {odds[idx].summary}", icon=":material/my_location:")  # type: ignore[attr-defined]
            if rec.get("japan_eez"):
                st.text(f"Stated: {rec['japan_eez']} Japan's EEZ")
            if rec.get("landing_statement"):
                st.text(f"Statement: {rec['landing_statement']}")
            if rec.get("notes"):
                st.caption(md(rec["notes"]))
            url = str(rec["source_url"]).strip()
            if url.lower().startswith(("https://", "http://")):
                st.link_button("source", url, icon=":material/open_in_new:")
            else:
                st.text(f"source: {url}")

# ---------------------------------------------------------------- downloads
st.subheader("Export")
st.caption(
    "Snapshot: a static map of the selected launch for publication (azimuthal equidistant projection "
    "centred on the launch site, with legend, scale, sources and date). The other files hold the "
    "filtered records."
)
snap_size = st.radio("Snapshot size", ["1200x675", "2400x1350"], horizontal=True, key="snap_size")
stem = f"trajmap-{selected or 'launches'}"
w, h = (int(x) for x in snap_size.split("x"))


def _offer(
    col: DeltaGenerator, label: str, build: Callable[[], str | bytes], file_name: str, mime: str
) -> None:
    """A download button whose file is built only when it is pressed, and pressing it does not rerun the
    page (on_click="ignore"), so the file is built from the view the user sees."""
    kind = file_name.rsplit(".", 1)[-1]
    col.download_button(label, build, file_name, mime, key=f"dl_{kind}", on_click="ignore")


c1, c2, c3, c4, c5, c6 = st.columns(6)
if selected is not None:
    sel_all = launches[launches["event_id"] == selected]
    for col, fmt, mime in ((c1, "png", "image/png"), (c2, "svg", "image/svg+xml")):
        snap = functools.partial(_cache.snapshot, sel_all, selected, (w, h), fmt, show_eez)
        _offer(col, f"Snapshot {fmt.upper()}", snap, f"{stem}.{fmt}", mime)
_offer(
    c3,
    "Interactive map (HTML)",
    lambda: export.to_html(map_for_export()),
    f"{stem}.html",
    "text/html",
)
_offer(
    c4,
    "GeoJSON",
    lambda: json.dumps(export.to_geojson(shown)),
    "trajmap-launches.geojson",
    "application/geo+json",
)
_offer(
    c5,
    "KML (Google Earth)",
    lambda: export.to_kml(shown),
    "trajmap-launches.kml",
    "application/vnd.google-earth.kml+xml",
)
_offer(c6, "CSV", lambda: export.to_csv_safe(shown), "trajmap-launches.csv", "text/csv")

# ---------------------------------------------------------------- write the view back into the URL
view_center, view_zoom = center, zoom
if map_state and map_state.get("center") and map_state.get("zoom"):
    view_center = (map_state["center"]["lat"], map_state["center"]["lng"])
    view_zoom = int(map_state["zoom"])
has_view = "_url_view" in st.session_state or bool(map_state and map_state.get("center"))
url_state = viewstate.ViewState(
    # the full date range is the default, so it stays out of the link
    filters=replace(
        flt,
        date_from=flt.date_from if flt.date_from != first else None,
        date_to=flt.date_to if flt.date_to != last else None,
    ),
    event=selected,
    basemap=basemap_choice,
    eez=show_eez,
    lat=round(view_center[0], 4) if has_view else None,
    lon=round(geodesy.normalize_lon(view_center[1]), 4) if has_view else None,
    zoom=view_zoom if has_view else None,
)
params = viewstate.encode(url_state)
if params != st.query_params.to_dict():
    st.query_params.from_dict(params)

st.caption(f"As of {dt.date.today().isoformat()}. Figures are the sources' estimates; see *About the data*.")
