"""About the data: what trajmap shows, where each figure comes from, and how to read the map."""

from __future__ import annotations

import streamlit as st

from pages import _cache
from trajmap import layers, records, uncertainty, zones
from trajmap.views.common import MAP_LAYERS

_cache.require_navigation()
st.title("About trajmap and its data")
st.markdown(
    """
trajmap maps ballistic-missile launches: where each missile was launched, the path it flew over the Earth's
surface, and where it came down.

**How to read the map.** Each line is one *estimate* of one launch, drawn as a geodesic (the shortest path on
the WGS84 ellipsoid, which is why long lines curve on a flat map). Colours are missile classes. A filled dot
is a landing point a source reported; a hollow dot (and a dashed line) is a landing point *derived* from the
launch site, the initial bearing and the range, which is only as good as those three figures. Several sources
(South Korea's Joint Chiefs of Staff, Japan's Ministry of Defense, North Korea's KCNA) often disagree: trajmap
keeps each estimate as its own row and shows them side by side.

**Range and apogee.** North Korea usually tests long-range missiles on *lofted* trajectories: very high and
short, so they fall in the sea between Korea and Japan. A missile that climbed 4,000 km and flew 1,000 km
could fly much farther on a flatter path.

**Offline.** The map's scripts are served by this app and the offline basemap is drawn from Natural Earth
data on this machine, so trajmap works on a network with no internet.
"""
)
st.markdown(
    f"""
**In whose waters.** The "waters" column places each landing point against the exclusive economic zones
(EEZ, the sea up to 200 nautical miles from a coast) of Marine Regions' World EEZ: *inside* or *outside*
Japan's EEZ (and whose zone, or the high seas), a *joint regime* or an *overlapping claim* where states share
or dispute the sea, *on land*, or *boundary* when the point is within {zones.BOUNDARY_KM:g} km of the line
(about the resolution of the data). An EEZ is not territorial water; Japan's statements say whether a missile
fell inside its EEZ, where its ships and fishing boats work.

**How sure.** A derived landing point moves with its inputs. For the selected launch trajmap draws
{uncertainty.DEFAULT_SAMPLES:,} landing points with the bearing off by a normal error of
{uncertainty.DEFAULT_BEARING_SD_DEG:g} degrees and the range by {uncertainty.DEFAULT_RANGE_SD_FRACTION:.0%}
(one standard deviation, unless the record gives its own), shows the cloud's 2-sigma outline on the map,
and counts where the points fall. A verdict is stated as certain only when at least
{uncertainty.CONFIDENCE:.0%} of them agree; otherwise it is *uncertain*, with the odds. A reported landing
point (a filled dot) is taken as given.
"""
)

df = _cache.dataset_launches()
st.subheader("The curated records")
st.write(
    f"{df['event_id'].nunique()} launch events and {len(df)} estimates, "
    f"{df['date'].min().date()} to {df['date'].max().date()}, each with its source."
)
st.dataframe(df.groupby("estimate_by").size().rename("estimates").reset_index(), hide_index=True)
st.subheader("Columns")
st.dataframe(
    [{"column": c.name, "required": c.required, "meaning": c.doc} for c in records.COLUMNS], hide_index=True
)
st.subheader("Reference layers and attribution")
st.caption(
    f"Downloaded from their publishers on first use and cached; `{layers.DOWNLOAD_COMMAND}` fetches them "
    f"ahead of time, or set `{layers.DATA_DIR_ENV}` to a folder that holds them. Until then trajmap uses the "
    "small simplified defaults it ships (EEZ, land and countries; detailed in East Asia and the West Pacific "
    "only): the column *in use* says which."
)
_cache.show_layer_notice(MAP_LAYERS)
status = {s.name: s for s in _cache.layer_status()}
st.dataframe(
    [
        {
            "layer": lay.title,
            "publisher": lay.publisher,
            "version": lay.version,
            "licence": lay.licence,
            "credit": lay.attribution,
            "on this machine": bool(status[name].available) if name in status else False,
            "in use": status[name].source if name in status else "missing",
        }
        for name, lay in layers.LAYERS.items()
    ],
    hide_index=True,
)
st.markdown(
    "- EEZ boundaries are not legal boundaries (Marine Regions' own caveat).\n"
    "- The regional defaults are simplified copies: Natural Earth (public domain) and World EEZ v11 "
    "(Flanders Marine Institute (2019), Maritime Boundaries Geodatabase v11, marineregions.org, "
    "https://doi.org/10.14284/386, CC BY 4.0), lines simplified by about 0.5 km; `data/defaults/NOTICE.md` "
    "lists the changes.\n"
    "- Map scripts: Leaflet (BSD-2-Clause) from the XStatic-Leaflet package.\n"
    "- Launch records: compiled by the trajmap project from public statements; each row links its source."
)
