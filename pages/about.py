"""About the data: what trajmap shows, where each figure comes from, and how to read the map."""

from __future__ import annotations

import streamlit as st

from pages import _cache
from trajmap import records

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

df = _cache.curated_launches()
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
st.markdown(
    "- Land and borders: Natural Earth (public domain), *Made with Natural Earth*.\n"
    "- EEZ boundaries: Flanders Marine Institute (2019), Maritime Boundaries Geodatabase v11, "
    "marineregions.org, CC BY 4.0. Not a legal boundary.\n"
    "- Map scripts: Leaflet (BSD-2-Clause) from the XStatic-Leaflet package."
)
