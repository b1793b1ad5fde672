"""The Flight profile page's view: to-scale altitude against downrange for chosen launch estimates.

>>> from trajmap import records
>>> df = records.load_launches()
>>> labels, default = choices(df)
>>> view = profile_view(df, default)
>>> len(view.rows) == len(default), view.scale.height >= 160
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from trajmap import ballistics, profile

__all__ = ["FOUR_2017", "ProfileView", "Scale", "choices", "profile_chart", "profile_view", "to_scale"]

#: The four long-range tests of 2017 that the page opens on.
FOUR_2017 = ("2017-05-14", "2017-07-04", "2017-07-28", "2017-11-29")


def choices(launches: pd.DataFrame) -> tuple[dict[Any, str], list[Any]]:
    """Estimates with a range and an apogee (index -> label, oldest first), and the default picks: one
    estimate of each 2017 long-range test, Japan MOD's where it gave one."""
    usable = launches.dropna(subset=["apogee_km", "range_km"]).sort_values("date")
    labels = {
        i: f"{r.event_id} {r.missile} — {r.estimate_by} ({r.range_km:,.0f} km, apogee {r.apogee_km:,.0f} km)"
        for i, r in usable.iterrows()
    }
    firsts = usable[usable["event_id"].isin(FOUR_2017)].sort_values(
        "estimate_by", key=lambda c: c != "Japan MOD"
    )
    default = sorted(firsts.drop_duplicates("event_id").index, key=lambda i: usable.loc[i, "date"])
    return labels, default or list(labels)[-1:]


@dataclass(frozen=True, slots=True)
class Scale:
    """Axis domains (km) and chart size (px) with the same km per pixel on both axes."""

    x_max_km: float
    y_max_km: float
    width: int
    height: int


def to_scale(x_max_km: float, y_max_km: float, *, width: int = 800, max_height: int = 560) -> Scale:
    """A chart ``width`` px wide and at most ``max_height`` tall that holds both extents to scale.

    A tall lofted arc alone gets a wider x-axis rather than a taller or squeezed chart.

    >>> s = to_scale(1000.0, 4500.0)
    >>> round(s.x_max_km / s.width, 6) == round(s.y_max_km / s.height, 6), s.height
    (True, 560)
    """
    px_per_km = min(width / x_max_km, max_height / y_max_km)
    height = max(160, round(y_max_km * px_per_km))
    return Scale(width / px_per_km, height / px_per_km, width, height)


@dataclass(frozen=True)
class ProfileView:
    """The chart's points, the comparison rows, the model's assumptions and per-estimate warnings."""

    data: pd.DataFrame
    rows: list[dict[str, Any]]
    assumptions: tuple[str, ...]
    warnings: list[str]
    scale: Scale


def _row(name: str, r: pd.Series, s: profile.ProfileSummary) -> dict[str, Any]:
    est = s.max_range
    return {
        "launch": name,
        "apogee_km": r["apogee_km"],
        "range_km": r["range_km"],
        "flight_min reported": s.reported_flight_min,
        "flight_min free-flight model": round(s.lofted.flight_min, 1),
        "model - reported (min)": None
        if s.model_minus_reported_min is None
        else round(s.model_minus_reported_min, 1),
        "burnout speed (km/s)": round(s.lofted.burnout_speed_km_s, 2),
        "est. max range (km)": None if est is None or est.reaches_anywhere else round(est.value_km, -1),
        "est. max range": "" if est is None else est.value_text,
        "free-flight floor": "" if est is None else est.floor_text,
        "band": "" if est is None else est.band_text,
        "model": est.model if est else s.reason,
    }


def profile_view(
    launches: pd.DataFrame,
    picked: Sequence[Any],
    *,
    show_flat: bool = True,
    summarize: Callable[..., profile.ProfileSummary] | None = None,
) -> ProfileView:
    """Profiles of the ``picked`` estimates (indices of ``launches``); ``summarize(apogee_km, range_km,
    flight_min, class)`` defaults to :func:`trajmap.profile.summarize`."""
    summarize = summarize or profile.summarize
    frames, rows, warnings = [], [], []
    assumptions: tuple[str, ...] = ()
    for i in picked:
        r = launches.loc[i]
        name = f"{r['event_id']} {r['missile']} ({r['estimate_by']})"
        flight = None if pd.isna(r["flight_min"]) else float(r["flight_min"])
        try:
            s = summarize(float(r["apogee_km"]), float(r["range_km"]), flight, str(r["class"]))
        except ballistics.BallisticsError as exc:
            warnings.append(f"{name}: {exc}")
            continue
        if s.max_range is not None:
            assumptions = tuple(s.max_range.assumptions)
        pts = profile.profile_points(s, name)
        frames.append(pts if show_flat else pts[pts["arc"] == "reported (lofted)"])
        rows.append(_row(name, r, s))
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    scale = to_scale(
        float(data["downrange_km"].max()) * 1.02 if frames else 1000.0,
        max(float(data["altitude_km"].max()) * 1.05, 500.0) if frames else 500.0,
    )
    return ProfileView(data, rows, assumptions, warnings, scale)


def profile_chart(view: ProfileView) -> alt.LayerChart:
    """The to-scale chart: each arc by launch and kind, with the 100 km and ISS altitudes marked."""
    sc = view.scale
    base = alt.Chart(view.data).encode(
        x=alt.X("downrange_km:Q", title="downrange distance (km)", scale=alt.Scale(domain=[0, sc.x_max_km])),
        y=alt.Y("altitude_km:Q", title="altitude (km)", scale=alt.Scale(domain=[0, sc.y_max_km])),
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
        .encode(y="altitude_km:Q", x=alt.value(sc.width), text="label:N"),
    )
    # autosize "pad": the plot area is exactly width x height, so one km up is as long as one km across
    return (base.mark_line(clip=True) + rules + text).properties(
        width=sc.width, height=sc.height, autosize=alt.AutoSizeParams(type="pad")
    )
