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
from trajmap.ballistics import rotation
from trajmap.records import load_points

__all__ = [
    "default_targets_path",
    "load_targets",
    "sites_reaching",
    "targets_in_footprints",
    "targets_in_reach",
]


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


def targets_in_footprints(
    footprints: Sequence[tuple[rotation.Footprint, str]], targets: pd.DataFrame
) -> pd.DataFrame:
    """Each target's distance and bearing from the footprints' site, and whether a footprint holds it.

    The columns of :func:`targets_in_reach`, with ``range_used_km`` the footprint's range *toward the
    target*: that of the launch azimuth whose landing point has the target's bearing from the site
    (``launch_azimuth_deg``, interpolated between the computed azimuths;
    :meth:`trajmap.ballistics.rotation.Footprint.toward`). ``first_ring`` names the smallest footprint
    (by mean range) that holds the target and the margin is measured against it, against the largest for
    a target none holds; ``in_reach`` means the largest holds it.
    """
    if not footprints:
        raise ValueError("targets_in_footprints needs at least one footprint")
    ordered = sorted(footprints, key=lambda f: float(np.mean(f[0].range_km)))
    site = ordered[0][0]
    dist, brg = geodesy.inverses(site.lat, site.lon, targets["lat"].to_numpy(), targets["lon"].to_numpy())
    reach_by = [(f.toward(brg), label) for f, label in ordered]
    n = len(dist)
    used = np.array(reach_by[-1][0][0], dtype=float)
    launch = np.array(reach_by[-1][0][1], dtype=float)
    first = [""] * n
    for i in range(n):
        for (rng, az), label in reach_by:
            if dist[i] <= rng[i]:
                used[i], launch[i], first[i] = rng[i], az[i], label
                break
    out = targets.assign(
        distance_km=np.round(dist, 1),
        bearing_deg=np.round(brg, 1),
        in_reach=dist <= reach_by[-1][0][0],
        range_used_km=np.round(used, 1),
        margin_km=np.round(used - dist, 1),
        launch_azimuth_deg=np.round(launch, 1),
        first_ring=first,
    )
    return out.sort_values("distance_km").reset_index(drop=True)


def sites_reaching(
    target_lat: float,
    target_lon: float,
    range_km: float,
    sites: pd.DataFrame,
    *,
    rotating: bool = False,
) -> pd.DataFrame:
    """The launch sites from which a missile of ``range_km`` reaches a target, and by how much.

    Returns a copy of ``sites`` with ``distance_km`` (geodesic, site to target), ``bearing_deg`` (from the
    site toward the target), ``range_used_km``, ``margin_km`` (range used minus distance) and ``in_reach``,
    sorted by margin, largest first. Without rotation the range used is ``range_km`` in every direction;
    with ``rotating=True`` it is each site's own rotation-aware footprint
    (:func:`trajmap.ballistics.rotation.footprint_for_range`) toward the target.

    >>> s = pd.DataFrame({"site": ["a", "b"], "name": ["A", "B"], "lat": [0.0, 0.0], "lon": [1.0, 20.0]})
    >>> sites_reaching(0.0, 0.0, 1000.0, s)[["site", "in_reach"]].values.tolist()
    [['a', True], ['b', False]]
    """
    geodesy.inverse(target_lat, target_lon, target_lat, target_lon)  # validates the target
    lat, lon = sites["lat"].to_numpy(dtype=float), sites["lon"].to_numpy(dtype=float)
    dist, _ = geodesy.inverses(target_lat, target_lon, lat, lon)
    _, brg = geodesy.inverses(lat, lon, np.full(lat.shape, target_lat), np.full(lat.shape, target_lon))
    if rotating:
        used = np.array(
            [
                rotation.footprint_for_range(a, b, range_km).range_toward(z)
                for a, b, z in zip(lat, lon, brg, strict=True)
            ]
        )
    else:
        used = np.full(dist.shape, float(range_km))
    out = sites.assign(
        distance_km=np.round(dist, 1),
        bearing_deg=np.round(brg, 1),
        range_used_km=np.round(used, 1),
        margin_km=np.round(used - dist, 1),
        in_reach=dist <= used,
    )
    return out.sort_values(["margin_km", "distance_km"], ascending=[False, True]).reset_index(drop=True)
