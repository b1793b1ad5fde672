"""Profile: altitude against downrange distance, to scale, for the lofted tests and their implied reach."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from pages import _cache
from trajmap import ballistics, profile
from trajmap.escape import markdown_text as md

_cache.require_navigation()
st.title("Flight profile")
st.markdown(
    "North Korea tests its long-range missiles on **lofted** trajectories: almost straight up and down, so "
    "they come down in the sea between Korea and Japan. The same missile on a flatter, range-maximising "
    "path would fly much farther. The chart is to scale (one km up is as long as one km across); the "
    "ground is drawn flat."
)

launches = _cache.curated_launches()
usable = launches.dropna(subset=["apogee_km", "range_km"]).sort_values("date")
labels = {
    i: f"{r.event_id} {r.missile} — {r.estimate_by} ({r.range_km:,.0f} km, apogee {r.apogee_km:,.0f} km)"
    for i, r in usable.iterrows()
}
four_2017 = ("2017-05-14", "2017-07-04", "2017-07-28", "2017-11-29")
firsts = usable[usable["event_id"].isin(four_2017)].sort_values("estimate_by", key=lambda c: c != "Japan MOD")
default = sorted(firsts.drop_duplicates("event_id").index, key=lambda i: usable.loc[i, "date"])
picked = st.multiselect(
    "Launch estimates (with a reported range and apogee)",
    list(labels),
    default=default or list(labels)[-1:],
    format_func=labels.__getitem__,
    key="profile_pick",
)
show_flat = st.checkbox("Show the implied range-maximising arcs", value=True, key="profile_flat")

frames, rows = [], []
assumptions: tuple[str, ...] = ()
for i in picked:
    r = usable.loc[i]
    name = f"{r['event_id']} {r['missile']} ({r['estimate_by']})"
    try:
        s = _cache.profile_summary(*_cache.figures(r))
    except ballistics.BallisticsError as exc:
        st.warning(md(f"{name}: {exc}"))
        continue
    if s.max_range is not None:
        assumptions = s.max_range.assumptions
    pts = profile.profile_points(s, name)
    if not show_flat:
        pts = pts[pts["arc"] == "reported (lofted)"]
    frames.append(pts)
    rows.append(
        {
            "launch": name,
            "apogee_km": r["apogee_km"],
            "range_km": r["range_km"],
            "flight_min reported": s.reported_flight_min,
            "flight_min free-flight model": round(s.lofted.flight_min, 1),
            "model - reported (min)": None
            if s.model_minus_reported_min is None
            else round(s.model_minus_reported_min, 1),
            "burnout speed (km/s)": round(s.lofted.burnout_speed_km_s, 2),
            "est. max range (km)": None if s.max_range is None else round(s.max_range.value_km, -1),
            "band (km)": ""
            if s.max_range is None
            else f"{s.max_range.low_km:,.0f}-{s.max_range.high_km:,.0f}",
            "model": s.max_range.model if s.max_range else s.reason,
        }
    )

if frames:
    data = pd.concat(frames, ignore_index=True)
    x_max = float(data["downrange_km"].max()) * 1.02
    y_max = max(float(data["altitude_km"].max()) * 1.05, 500.0)
    # to scale: one pixel per the same number of km on both axes, in at most 800 x 560 px; a tall lofted
    # arc alone gets a wider x-axis rather than a taller or squeezed chart
    width = 800
    px_per_km = min(width / x_max, 560.0 / y_max)
    x_max = width / px_per_km
    height = max(160, round(y_max * px_per_km))
    y_max = height / px_per_km
    base = alt.Chart(data).encode(
        x=alt.X("downrange_km:Q", title="downrange distance (km)", scale=alt.Scale(domain=[0, x_max])),
        y=alt.Y("altitude_km:Q", title="altitude (km)", scale=alt.Scale(domain=[0, y_max])),
        color=alt.Color(
            "launch:N", title=None, legend=alt.Legend(orient="bottom", columns=1, labelLimit=500)
        ),
        strokeDash=alt.StrokeDash("arc:N", title=None, legend=alt.Legend(orient="bottom")),
        tooltip=[
            "launch",
            "arc",
            alt.Tooltip("downrange_km:Q", format=",.0f"),
            alt.Tooltip("altitude_km:Q", format=",.0f"),
            alt.Tooltip("t_min:Q", format=".1f"),
        ],
    )
    refs = pd.DataFrame(
        {"altitude_km": [100.0, 420.0], "label": ["100 km (edge of space)", "ISS, about 420 km"]}
    )
    rules = alt.Chart(refs).mark_rule(color="#999", strokeDash=[2, 2]).encode(y="altitude_km:Q")
    # the two labels sit at opposite ends: 100 km and 420 km are only a few pixels apart at this scale
    text = alt.layer(
        alt.Chart(refs.iloc[[0]])
        .mark_text(align="left", dx=4, dy=-6, color="#666")
        .encode(y="altitude_km:Q", x=alt.value(0), text="label:N"),
        alt.Chart(refs.iloc[[1]])
        .mark_text(align="right", dx=-4, dy=-6, color="#666")
        .encode(y="altitude_km:Q", x=alt.value(width), text="label:N"),
    )
    # autosize "pad": the plot area is exactly width x height, so one km up is as long as one km across
    chart = (base.mark_line(clip=True) + rules + text).properties(
        width=width, height=height, autosize=alt.AutoSizeParams(type="pad")
    )
    st.altair_chart(chart, width="content")
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(
        "Free-flight model: a Kepler ellipse on a spherical, non-rotating Earth with no drag, through the "
        "reported range and apogee; its flight time lacks the powered phase, so it runs shorter than the "
        "reported time. Maximum range: the same burnout speed corrected for the gravity lost in a steep "
        "climb, flown on the minimum-energy arc. Gliding warheads (hypersonic glide vehicles) do not fly "
        "ballistic arcs: no estimate is given for them."
    )
    if assumptions:
        with st.expander("Every assumption of the maximum-range model"):
            st.markdown("\n".join(f"- {a}" for a in assumptions))
else:
    st.info("Choose at least one launch estimate that has both a range and an apogee.")
