"""Explorer: filter the launch history, see trajectories and landing points, compare estimates.

The page reads its widgets, asks :func:`trajmap.views.explorer.explorer_view` what to show, and renders it.
"""

from __future__ import annotations

import datetime as dt

import folium
import streamlit as st

from pages import _cache, _present, _url
from pages._chips import chip_filter
from pages._foliummap import show_map
from trajmap import dataset, filters, layers, maps, records
from trajmap.constants import CLASS_COLORS
from trajmap.escape import markdown_text as md
from trajmap.maps.viewreport import AskedViewFilter, reported_view, view_to_share
from trajmap.views import data as dv
from trajmap.views import explorer as ev
from trajmap.views.common import BASEMAP_NAMES, MAP_LAYERS, basemap_in_use, missing_layers

#: The panels under the map, one open at a time (the first on opening).
PANELS = ("Selected launch", "Timeline", "All launches", "Export")


_cache.require_navigation()
st.title("trajmap — launch explorer")
# Messages about the user's file and link go in this one container, which is always there: an element that
# appears above the map would shift the map's place in the page, and Streamlit would mount a new map.
messages = st.container()

# ---------------------------------------------------------------- data: the chosen dataset, the user's upload
curated = _cache.launches_or_stop(messages)

with st.sidebar:
    st.header("Data")
    st.caption(md(f"{dv.CHOICES[_cache.dataset_choice()]}. {dataset.record_info().text}."))
    _cache.link_to_page("pages/data.py", "Choose the dataset", ":material/database:")
    limit_mb = st.get_option("server.maxUploadSize")
    # The uploader is built while its section is open, or while it holds a file (closing the section then
    # only hides it, and the file stays): the first view loads no uploader script and draws less (issue 12)
    adding = st.expander(
        "Add your own records", key="add_records", on_change="rerun", icon=":material/upload_file:"
    )
    upload, mode = None, "add to the dataset"
    if adding.open or st.session_state.get("upload") is not None:
        with adding:
            upload = st.file_uploader(
                f"Your records (CSV, same columns as data/launches.csv, up to {limit_mb} MB)",
                type=["csv"],
                key="upload",
                help=f"Files over {limit_mb} MB are refused (the server's upload limit, set in "
                ".streamlit/config.toml). Your file stays in this browser session: it is not stored or "
                "sent on.",
            )
            if upload is not None:
                mode = st.radio(
                    "Your records", ["add to the dataset", "replace the dataset"], key="upload_mode"
                )

mine = None
if upload is not None:
    try:
        mine = _cache.uploaded_launches(upload)
    except records.RecordError as exc:
        first_few = "\n".join(f"- {md(p)}" for p in exc.problems[:3])
        more = f"\n\n... {len(exc.problems) - 3} more in the table below." if len(exc.problems) > 3 else ""
        messages.error(
            f"Your file {md(repr(upload.name))} was not loaded "
            f"(row = line in your file, the header is line 1):\n\n{first_few}{more}"
        )
        messages.dataframe(ev.problems_table(exc), hide_index=True)
    else:
        st.sidebar.success(f"Loaded {len(mine)} of your records from {md(upload.name)}.")
launches = ev.with_upload(curated, mine, replace_curated=mode.startswith("replace"))

# ---------------------------------------------------------------- the view in the URL (read once per session)
first, last = launches["date"].min().date(), launches["date"].max().date()
url_state = _url.read_once("explorer", lambda params: ev.decode_url(params, launches))
if url_state is not None:
    st.session_state.pop("_url_view", None)  # a new link (a story's next step) replaces the last one's view
    st.session_state.update(ev.widget_state(url_state, (first, last)))
_url.show_notices("explorer", messages)

# ---------------------------------------------------------------- filters
status = _cache.layer_status()
# the data are prepared once (each record's waters, map data, table row, the filters' choices), the view is
# kept per data (dataset, upload, reference layers in use), filters and selection
data_key = (
    _cache.launches_key(),
    (upload.file_id, mode) if upload is not None else None,
    tuple((s.name, s.source) for s in status),
)
data = _cache.explorer_data(launches, data_key)
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
    # chips, not a multiselect: the map shows the chosen classes before the rerun (pages/_chips.py)
    classes = chip_filter(
        "Class",
        data.classes,  # the classes in the data, in the legend's order
        key="classes",
        colors=CLASS_COLORS,
        hook=maps.LaunchLayers.ONLY_HOOK,
        none_text="None chosen: every class is shown.",
    )
    outcomes = st.multiselect("Outcome", data.choices["outcome"], key="outcomes")
    sites = st.multiselect("Launch site", data.choices["site"], key="sites")
    sources = st.multiselect("Estimate by", data.choices["estimate_by"], key="sources")
    st.header("Map")
    basemap_choice = st.selectbox(
        "Basemap", list(BASEMAP_NAMES), format_func=BASEMAP_NAMES.__getitem__, key="basemap"
    )
    show_eez = st.checkbox("EEZ boundaries", key="eez")

flt = filters.Filters(
    date_range[0], date_range[1], tuple(classes), tuple(outcomes), tuple(sites), tuple(sources)
)
view = _cache.explorer_view(data, flt, st.session_state.get("event"), data_key)
st.session_state["event"] = selected = view.selected
if missing_layers(status):
    with messages:
        st.warning(layers.source_notice(status, MAP_LAYERS))  # regional defaults in use, or missing
        _cache.offer_layer_download(missing_layers(status))

# ---------------------------------------------------------------- map
basemap, basemap_notice = basemap_in_use(basemap_choice, _cache.tiles_reachable)
if basemap_notice:
    messages.warning(basemap_notice)
center, zoom = view.center, view.zoom
url_view = st.session_state.get("_url_view")
if url_view is not None and url_view[2] in (None, selected):
    center, zoom = url_view[0], url_view[1]  # the shared link's own view, until another launch is chosen
else:
    st.session_state.pop("_url_view", None)
map_args = {
    "basemap": basemap,
    "land": _cache.vector_land() if basemap == "vector" else None,
    "eez": _cache.eez_overlay() if show_eez else None,
}
# the basemap and EEZ overlay come from the app's static files (fetched once, cached by the browser), not
# in every rerun's message; the HTML export inlines them (ev.map_document)
urls = {
    "land_url": _cache.vector_land_url() if map_args["land"] is not None else None,
    "eez_url": _cache.eez_overlay_url() if show_eez else None,
}
scale = _present.map_scale()


def _build_base() -> folium.Map:
    m = ev.explorer_base(view, **map_args, **urls)  # type: ignore[arg-type]
    maps.scale_strokes([m], scale)  # thicker lines in presentation mode
    # the map does not report back the view the page puts it in: one rerun per widget change, not two
    m.add_child(AskedViewFilter())
    return m


def _build_layers() -> list[folium.FeatureGroup]:
    groups = ev.explorer_layers(view)
    maps.scale_strokes(groups, scale)
    return groups


st.caption(view.summary)
# the base map is built once per map settings, the layers once per view (pages/_foliummap.py): the same
# content, the same map
map_state = show_map(
    _build_base,
    _build_layers,
    base_key=(data_key, basemap, show_eez, tuple(urls.values()), scale),
    layers_key=(data_key, flt, selected, scale),
    shared=_cache.shared_data(data_key),
    key="explorer_map",
    height=560,
    returned_objects=["center", "zoom"],
    center=center,
    zoom=zoom,
)
if view.reach_note:
    st.caption(md(view.reach_note))

# ---------------------------------------------------------------- the launch, then one panel at a time
st.selectbox("Launch", list(view.labels), format_func=view.labels.__getitem__, key="event")
# Each panel is built only while it is open (choosing one reruns the page). The first view draws the map
# without loading the timeline's and the table's scripts (about 2 MB, parsed before anything is shown),
# and a filter change redraws the open panel only: issue 12's budgets, measured in benchmarks/.
panels = dict(zip(PANELS, st.tabs(list(PANELS), key="explorer_panel", on_change="rerun"), strict=True))

with panels["Selected launch"]:
    if panels["Selected launch"].open and view.heading:
        st.subheader(md(view.heading))
        st.caption("Competing estimates, side by side. Empty means the source gave no figure.")
        # one Markdown table (a column per estimate, every text escaped, built once per view), not st.table,
        # whose scripts (about 830 KB) the first view would load before drawing anything; the sources'
        # web pages as buttons under it
        st.markdown(view.comparison_markdown)
        links = st.container(horizontal=True, wrap=True, key="estimate_sources")
        for i, card in enumerate(view.cards):
            if card.source_url:
                label = f"{md(card.estimate_by)}: source"
                links.link_button(
                    label, card.source_url, icon=":material/open_in_new:", key=f"estimate_source_{i}"
                )
    elif panels["Selected launch"].open:
        st.caption("No launch matches the filters.")

with panels["Timeline"]:
    if panels["Timeline"].open and not view.events.empty:

        def _pick_on_timeline() -> None:
            picked = st.session_state["timeline"]["selection"].get("pick") or []
            if picked and picked[0].get("event_id") in view.labels:
                st.session_state["event"] = picked[0]["event_id"]

        st.vega_lite_chart(view.timeline_spec, width="stretch", on_select=_pick_on_timeline, key="timeline")
        st.caption("Timeline of the filtered launch events by class; click one to select it.")

with panels["All launches"]:
    if panels["All launches"].open:

        def _pick_row() -> None:
            sel = st.session_state["launch_table"]["selection"]["rows"]
            if sel:
                st.session_state["event"] = view.table.iloc[sel[0]]["event_id"]

        # numbers as the source gave them (1,100 and 99.8; a missing one shows as Streamlit's grey "None"),
        # empty texts empty; typed columns, so a column sorts by its values (ExplorerView.table_arrow, built
        # once per view). Not a pandas Styler: Streamlit translates a Styler cell by cell on every rerun,
        # and its display values do not reach number columns in the browser
        st.dataframe(
            view.table_arrow,
            hide_index=True,
            width="stretch",
            on_select=_pick_row,
            selection_mode="single-row",
            key="launch_table",
            column_config={
                **{c: st.column_config.NumberColumn(c, format="localized") for c in view.number_columns},
                "source_url": st.column_config.LinkColumn("source"),
            },
        )
        st.caption("The filtered estimates, newest first; select a row to select its launch.")

with panels["Export"]:
    if panels["Export"].open:
        st.caption(
            "Snapshot: a static map of the selected launch for publication (azimuthal equidistant "
            "projection centred on the launch site, with legend, scale, sources and date). The other files "
            "hold the filtered records."
        )
        snap_size = st.radio("Snapshot size", ["1200x675", "2400x1350"], horizontal=True, key="snap_size")
        w, h = (int(x) for x in snap_size.split("x"))
        files = ev.downloads(
            view, map_args=map_args, snapshot=_cache.snapshot, size=(w, h), show_eez=show_eez
        )
        # one row that wraps, each button as wide as its label (in fixed columns a long label was cut short)
        row = st.container(horizontal=True, wrap=True, key="downloads")
        for d in files:
            # built only when pressed, and pressing does not rerun the page: the file is of the view the
            # user sees
            kind = d.file_name.rsplit(".", 1)[-1]
            row.download_button(d.label, d.build, d.file_name, d.mime, key=f"dl_{kind}", on_click="ignore")

# ---------------------------------------------------------------- write the view back into the URL
asked_view = ((float(center[0]), float(center[1])), int(zoom))
shared_view, st.session_state["_map_asked"] = view_to_share(
    asked_view, reported_view(map_state), st.session_state.get("_map_asked")
)
if shared_view is None and "_url_view" in st.session_state:
    shared_view = asked_view
_url.write_back(
    ev.url_params(
        flt, (first, last), selected=selected, basemap=basemap_choice, eez=show_eez, view=shared_view
    )
)
st.caption(f"As of {dt.date.today().isoformat()}. Figures are the sources' estimates; see *About the data*.")
