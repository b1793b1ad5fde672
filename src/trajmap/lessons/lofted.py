"""Lofted against depressed flights, to scale, and what "maximum range" means."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trajmap import ballistics, profile
from trajmap.lessons.sources import CITATIONS, Citation, cited, estimate

__all__ = ["LoftedFlight", "LoftedLesson", "lofted_lesson"]


@dataclass(frozen=True, slots=True)
class LoftedFlight:
    """One reported flight against the minimum-energy arc of the same range."""

    label: str
    range_km: float
    apogee_km: float
    minimum_energy_apogee_km: float
    shape: str  #: "lofted" (above the minimum-energy apogee) or "depressed" (below)
    flight: ballistics.Trajectory
    glide: bool = False  #: a glide vehicle: the arc is only the ballistic one through its figures


@dataclass(frozen=True)
class LoftedLesson:
    """Two flights to scale, and the Hwasong-15's estimated maximum range."""

    flights: tuple[LoftedFlight, ...]
    points: pd.DataFrame  #: launch, arc, downrange_km, altitude_km, t_min (the profile chart's long form)
    max_range: ballistics.RangeEstimate
    max_range_label: str
    citations: tuple[Citation, ...]


def _arc_points(label: str, arc_name: str, arc: ballistics.Trajectory) -> pd.DataFrame:
    d, h, t = zip(*arc.points, strict=True)
    return pd.DataFrame(
        {"launch": label, "arc": arc_name, "downrange_km": d, "altitude_km": h, "t_min": [x / 60 for x in t]}
    )


def lofted_lesson(
    launches: pd.DataFrame,
    low: tuple[str, str] = ("2025-01-06", "Japan MOD"),
    high: tuple[str, str] = ("2017-11-29", "KCNA"),
) -> LoftedLesson:
    """The ``low`` and ``high`` (event, estimate_by) flights as reported and on the minimum-energy arc of
    the same range, and the ``high`` flight's implied maximum range (:func:`trajmap.profile.summarize`)."""
    flights, frames, recs = [], [], []
    for event_id, who in (low, high):
        rec = estimate(launches, event_id, who)
        recs.append(rec)
        r_km, a_km = float(rec["range_km"]), float(rec["apogee_km"])
        label = f"{event_id} {rec['missile']} ({who}: {r_km:,.0f} km, apogee {a_km:,.0f} km)"
        me_km = ballistics.minimum_energy_apogee_km(r_km)
        arc = ballistics.trajectory(r_km, a_km)
        shape = "lofted" if a_km > me_km else "depressed"
        flights.append(LoftedFlight(label, r_km, a_km, me_km, shape, arc, rec["payload"] == "glide"))
        frames.append(_arc_points(label, "as reported", arc))
        frames.append(_arc_points(label, "minimum-energy, same range", ballistics.trajectory(r_km, me_km)))
    rec = recs[1]
    flight_min = None if pd.isna(rec["flight_min"]) else float(rec["flight_min"])
    summary = profile.summarize(
        float(rec["apogee_km"]), float(rec["range_km"]), flight_min, str(rec["class"])
    )
    if summary.max_range is None or summary.range_maximising is None:
        raise ValueError(f"no maximum-range estimate for {high}: {summary.reason}")
    frames.append(_arc_points(flights[1].label, "range-maximising (model)", summary.range_maximising))
    return LoftedLesson(
        flights=tuple(flights),
        points=pd.concat(frames, ignore_index=True),
        max_range=summary.max_range,
        max_range_label=flights[1].label,
        citations=(CITATIONS["ballistics"], *(cited(r) for r in recs)),
    )
