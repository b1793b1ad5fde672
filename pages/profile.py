"""Profile: altitude against downrange distance, to scale, for the lofted tests and their implied reach.

The page reads its widgets and renders what :mod:`trajmap.views.profile` computes.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages import _cache
from trajmap.escape import markdown_text as md
from trajmap.views import profile as pv

_cache.require_navigation()
st.title("Flight profile")
st.markdown(
    "North Korea tests its long-range missiles on **lofted** trajectories: almost straight up and down, so "
    "they come down in the sea between Korea and Japan. The same missile on a flatter, range-maximising "
    "path would fly much farther. The chart is to scale (one km up is as long as one km across); the "
    "ground is drawn flat."
)

launches = _cache.dataset_launches()
labels, default = pv.choices(launches)
picked = st.multiselect(
    "Launch estimates (with a reported range and apogee)",
    list(labels),
    default=default,
    format_func=labels.__getitem__,
    key="profile_pick",
)
show_flat = st.checkbox("Show the implied range-maximising arcs", value=True, key="profile_flat")

view = pv.profile_view(launches, picked, show_flat=show_flat, summarize=_cache.profile_summary)
for warning in view.warnings:
    st.warning(md(warning))
if view.rows:
    st.altair_chart(pv.profile_chart(view), width="content")
    st.dataframe(pd.DataFrame(view.rows), hide_index=True, width="stretch")
    st.caption(
        "Free-flight model: a Kepler ellipse on a spherical, non-rotating Earth with no drag, through the "
        "reported range and apogee; its flight time lacks the powered phase, so it runs shorter than the "
        "reported time. Maximum range: the same burnout speed corrected for the gravity lost in a steep "
        "climb, flown on the minimum-energy arc. Gliding warheads (hypersonic glide vehicles) do not fly "
        "ballistic arcs: no estimate is given for them."
    )
    if view.assumptions:
        with st.expander("Every assumption of the maximum-range model"):
            st.markdown("\n".join(f"- {md(a)}" for a in view.assumptions))
else:
    st.info("Choose at least one launch estimate that has both a range and an apogee.")
