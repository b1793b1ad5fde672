"""What a missile could reach: distances and bearings from a launch site to curated targets.

>>> import pandas as pd
>>> t = pd.DataFrame({"target": ["tokyo"], "name": ["Tokyo"], "country": ["JPN"], "kind": ["capital"],
...                   "lat": [35.68], "lon": [139.70], "source_url": ["https://example.org"]})
>>> row = targets_in_reach(39.03, 125.75, 1000.0, t).iloc[0]
>>> round(row["distance_km"]), bool(row["in_reach"])
(1289, False)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from trajmap import config, geodesy
from trajmap.records import load_points

__all__ = ["default_targets_path", "load_targets", "targets_in_reach"]


def default_targets_path() -> Path:
    """The project's ``data/targets.csv`` (``TRAJMAP_TARGETS`` overrides it; :mod:`trajmap.config`)."""
    return config.targets_path()


def load_targets(source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read and validate targets (target, name, country, kind, lat, lon, source_url)."""
    return load_points(default_targets_path() if source is None else Path(source), "target")


def targets_in_reach(
    site_lat: float,
    site_lon: float,
    range_km: float,
    targets: pd.DataFrame,
    rings: Sequence[tuple[float, str]] = (),
) -> pd.DataFrame:
    """Each target's geodesic distance and initial bearing from the site, and whether it is within range.

    Returns a copy of ``targets`` with ``distance_km``, ``bearing_deg``, ``in_reach``, ``range_used_km`` and
    ``margin_km`` (``range_used_km`` minus distance), sorted by distance. With ``rings`` (radius_km, label),
    a ``first_ring`` column names the smallest ring that holds each target ("" when none does), and the
    margin is measured against that same ring (against ``range_km`` for a target no ring holds):

    >>> t = pd.DataFrame({"target": ["a", "b"], "name": ["A", "B"], "lat": [0.0, 0.0], "lon": [15.0, 50.0]})
    >>> out = targets_in_reach(0.0, 0.0, 3000.0, t, [(3000.0, "MRBM"), (1000.0, "SRBM")])
    >>> out["first_ring"].tolist(), out["range_used_km"].tolist()
    (['MRBM', ''], [3000.0, 3000.0])
    """
    dist, brg = geodesy.inverses(site_lat, site_lon, targets["lat"].to_numpy(), targets["lon"].to_numpy())
    ordered = sorted(rings)
    first = [next(((r, lab) for r, lab in ordered if d <= r), (range_km, "")) for d in dist]
    used = np.array([r for r, _ in first], dtype=float)
    out = targets.assign(
        distance_km=np.round(dist, 1),
        bearing_deg=np.round(brg, 1),
        in_reach=dist <= range_km,
        range_used_km=used,
        margin_km=np.round(used - dist, 1),
    )
    if rings:
        out["first_ring"] = [lab for _, lab in first]
    return out.sort_values("distance_km").reset_index(drop=True)
