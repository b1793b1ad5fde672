"""Over time: launches per year by class, and the map played year by year (in the browser, offline).

The page reads its widgets, asks :func:`trajmap.views.history.history_view` what to show, and renders it.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from pages import _cache, _present, _url
from trajmap import dataset, filters, maps
from trajmap.escape import markdown_text as md
from trajmap.views import data as dv
from trajmap.views import history as hv
from trajmap.views.common import basemap_in_use

_cache.require_navigation()
st.title("Over time")
messages = st.container()  # always there, so a notice never shifts the map (which would remount it)

launches = _cache.launches_or_stop(messages)

url_state = _url.read_once("history", lambda params: hv.decode_url(params, launches))
if url_state is not None:
    st.session_state["history_classes"] = list(url_state.classes)
    st.session_state["history_year"] = url_state.year or 0
_url.show_notices("history", messages)

record_text = dataset.record_info().text
with st.sidebar:
    st.header("Data")
    st.caption(md(f"{dv.CHOICES[_cache.dataset_choice()]}. {record_text}."))
    classes = st.multiselect("Class", filters.choices(launches, "class"), key="history_classes")

# the year picker's 0 is "the first year": the map opens there and the link carries no year
state = hv.HistoryState(year=st.session_state.get("history_year") or None, classes=tuple(classes))
view = hv.history_view(launches, state, record_text=record_text)
years = [f.year for f in view.frames]
st.session_state["history_year"] = view.state.year or 0  # kept within the years of the classes shown
with st.sidebar:
    st.selectbox(
        "Open the map at",
        [0, *years],
        format_func=lambda y: str(y) if y else f"the first year ({years[0] if years else 'none'})",
        key="history_year",
        help="The map opens paused at this year; press play on the map to run the years from there.",
    )

# ---------------------------------------------------------------- the map over time
basemap, basemap_notice = basemap_in_use("auto", _cache.tiles_reachable)
if basemap_notice:
    messages.warning(basemap_notice)
if view.frames:
    land = _cache.vector_land() if basemap == "vector" else None
    land_url = _cache.vector_land_url() if land is not None else None  # fetched once, not in every rerun
    m = hv.history_map(view, basemap=basemap, land=land, land_url=land_url)
    maps.scale_strokes([m], _present.map_scale())  # thicker lines in presentation mode, the player's too
    st_folium(
        m,
        key="history_map",
        height=600,
        use_container_width=True,
        returned_objects=[],  # the player runs in the browser: no map event reruns the page
    )
    st.caption(md(view.caption))
else:
    messages.info("No launches of the classes chosen.")

# ---------------------------------------------------------------- launches per year
st.subheader("Launches per year")


def _pick_year() -> None:
    picked = st.session_state["history_chart"]["selection"].get("pick_year") or []
    if picked and picked[0].get("year") in years:
        st.session_state["history_year"] = int(picked[0]["year"])


if not view.counts.empty:
    st.altair_chart(hv.counts_chart(view.counts), width="stretch", on_select=_pick_year, key="history_chart")
    st.caption(md(view.chart_caption) + " Click a bar to open the map at its year.")
    with st.expander("Counts per year and class (table)"):
        st.dataframe(view.table, hide_index=True, width="stretch")
    st.download_button(
        "Counts per year (CSV)",
        view.csv(),
        "trajmap-launches-per-year.csv",
        "text/csv",
        key="history_csv",
        on_click="ignore",
    )

_url.write_back(hv.url_params(view.state), owns=lambda k: k in ("year", "class"))
