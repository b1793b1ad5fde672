"""People in range: the cities of Natural Earth's 1:50m populated places within each ring.

The shipped ``cities.csv`` is derived by ``scripts/derive_cities.py`` from
``ne_50m_populated_places_simple`` (Natural Earth, public domain) and keeps name, country, lat, lon and
``pop_max``, Natural Earth's metropolitan population.

>>> import pandas as pd
>>> c = pd.DataFrame({"name": ["A", "B"], "country": ["X", "X"], "lat": [0.0, 0.0], "lon": [5.0, 40.0],
...                   "pop_max": [1000, 2000]})
>>> [(r.label, r.count, r.population) for r in people_in_rings(0.0, 0.0, [(1000.0, "1,000 km")], c)]
[('1,000 km', 1, 1000)]
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from trajmap import config, geodesy

__all__ = [
    "CITIES_SOURCE",
    "POPULATION_LABEL",
    "RingPeople",
    "load_cities",
    "people_in_areas",
    "people_in_rings",
]

#: How the summed population is labelled wherever it is shown.
POPULATION_LABEL = "metropolitan population, Natural Earth"
#: Where the cities come from (public domain).
CITIES_SOURCE = (
    "Natural Earth 1:50m populated places (public domain), "
    "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/50m-populated-places/"
)
_COLUMNS = ("name", "country", "lat", "lon", "pop_max")


@dataclass(frozen=True, slots=True)
class RingPeople:
    """The cities within one ring: how many, and their summed ``pop_max`` (metropolitan population)."""

    label: str
    radius_km: float
    count: int
    population: int
    cities: tuple[str, ...]  #: names, largest first


def load_cities(source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read the cities table (name, country, lat, lon, pop_max); raise ValueError naming a missing column."""
    path = config.cities_path() if source is None else Path(source)
    frame = pd.read_csv(path, keep_default_na=False, encoding="utf-8")
    missing = [c for c in _COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: the cities table lacks the columns {missing!r}")
    return frame.astype({"lat": float, "lon": float, "pop_max": "int64"})[list(_COLUMNS)]


def people_in_rings(
    site_lat: float, site_lon: float, rings: Sequence[tuple[float, str]], cities: pd.DataFrame
) -> list[RingPeople]:
    """For each ring (radius_km, label), smallest first, the cities within it (geodesic distance)."""
    if cities.empty or not rings:
        return []
    dist, _ = geodesy.inverses(site_lat, site_lon, cities["lat"].to_numpy(), cities["lon"].to_numpy())
    out = []
    for radius_km, label in sorted(rings):
        inside = cities[dist <= radius_km].sort_values("pop_max", ascending=False)
        out.append(
            RingPeople(
                label, radius_km, len(inside), int(inside["pop_max"].sum()), tuple(inside["name"].head(10))
            )
        )
    return out


def people_in_areas(
    areas: Sequence[tuple[str, Callable[..., object]]], cities: pd.DataFrame
) -> list[RingPeople]:
    """For each area (label, holds), the cities it holds: ``holds(lats, lons)`` returns a boolean array,
    as :meth:`trajmap.ballistics.rotation.Footprint.holds` or :meth:`trajmap.border.BorderRing.holds` do.

    >>> c = pd.DataFrame({"name": ["A", "B"], "country": ["X", "X"], "lat": [0.0, 0.0], "lon": [5.0, 40.0],
    ...                   "pop_max": [1000, 2000]})
    >>> [(r.label, r.count) for r in people_in_areas([("east of 10", lambda la, lo: lo > 10)], c)]
    [('east of 10', 1)]
    """
    if cities.empty or not areas:
        return []
    lat, lon = cities["lat"].to_numpy(), cities["lon"].to_numpy()
    out = []
    for label, holds in areas:
        mask = pd.Series(holds(lat, lon), index=cities.index).astype(bool)
        inside = cities[mask].sort_values("pop_max", ascending=False)
        names = tuple(inside["name"].head(10))
        out.append(RingPeople(label, 0.0, len(inside), int(inside["pop_max"].sum()), names))
    return out
