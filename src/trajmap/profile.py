"""Flight profiles for charts: the reported lofted arc, the implied range-maximising arc, and their numbers.

>>> s = summarize(apogee_km=4475.0, range_km=950.0, flight_min=53.0, missile_class="ICBM")
>>> round(s.lofted.apogee_km), s.max_range is not None
(4475, True)
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from trajmap import ballistics

__all__ = ["ProfileSummary", "profile_points", "summarize"]


@dataclass(frozen=True, slots=True)
class ProfileSummary:
    """The numbers shown beside a profile; ``max_range`` is None when outside the model (``reason`` says)."""

    lofted: ballistics.Trajectory
    reported_flight_min: float | None
    model_minus_reported_min: float | None
    max_range: ballistics.RangeEstimate | None
    range_maximising: ballistics.Trajectory | None
    reason: str = ""


def summarize(
    apogee_km: float, range_km: float, flight_min: float | None = None, missile_class: str | None = None
) -> ProfileSummary:
    """Fit the lofted arc through the reported range and apogee, and estimate the range-maximising one."""
    arc = ballistics.trajectory(range_km, apogee_km)
    diff = ballistics.flight_time_check(range_km, apogee_km, flight_min) if flight_min else None
    try:
        est = ballistics.max_range_km(apogee_km, range_km, flight_min, missile_class=missile_class)
    except ballistics.OutsideModelError as exc:
        return ProfileSummary(arc, flight_min, diff, None, None, str(exc))
    flat_km = min(est.value_km, ballistics.HALF_CIRCUMFERENCE_KM * 0.999)
    flat = ballistics.trajectory(flat_km, ballistics.minimum_energy_apogee_km(flat_km))
    return ProfileSummary(arc, flight_min, diff, est, flat)


def profile_points(summary: ProfileSummary, label: str) -> pd.DataFrame:
    """Long-form points (label, arc, downrange_km, altitude_km, t_min) for both arcs of a summary."""
    frames = []
    arcs = [("reported (lofted)", summary.lofted)]
    if summary.range_maximising is not None:
        arcs.append(("range-maximising (model)", summary.range_maximising))
    for name, arc in arcs:
        d, h, t = zip(*arc.points, strict=True)
        frames.append(
            pd.DataFrame(
                {
                    "launch": label,
                    "arc": name,
                    "downrange_km": d,
                    "altitude_km": h,
                    "t_min": [x / 60 for x in t],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
