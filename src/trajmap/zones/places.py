"""Where a point is, as official statements phrase it: ``"about 250 km W of the Oga Peninsula"``.

Places are read from a CSV (``data/places.csv``, or the file named by ``TRAJMAP_PLACES``); distances are
geodesic (WGS84), in kilometres.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

import numpy as np

from trajmap import config, geodesy

__all__ = ["nearest_place"]

_COMPASS = ("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE",
            "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW")  # fmt: skip


def about_km(km: float) -> str:
    """``"about 250 km"``: nearest 1 km below 20 km, 5 km below 100 km, 10 km below 1000 km, else 50 km."""
    step = 1 if km < 20 else 5 if km < 100 else 10 if km < 1000 else 50
    return f"about {round(km / step) * step:,} km" if km >= 1 else "less than 1 km"


def _places_path(places: Path | None) -> Path:
    if places is not None:
        return Path(places)
    return config.places_path()


@functools.lru_cache(maxsize=4)
def _read_places(file: str, _mtime_ns: int) -> tuple[tuple[str, str, float, float], ...]:
    with open(file, encoding="utf-8", newline="") as fh:
        return tuple((r["name"], r["country"], float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh))


def nearest_place(
    lat: float, lon: float, *, country: str | None = None, places: Path | None = None
) -> str | None:
    """Where a point is, as official statements phrase it: ``"about 250 km W of the Oga Peninsula"``.

    The place is the nearest in the places CSV (columns ``place,name,kind,country,lat,lon,source_url``),
    preferring places of ``country``; the 16-point direction is from the place to the point. None when there
    is no places file.
    """
    file = _places_path(places)
    if not file.is_file():
        return None
    rows = _read_places(str(file), file.stat().st_mtime_ns)
    pick = [r for r in rows if r[1] == country] or list(rows)
    if not pick:
        return None
    plat = np.array([r[2] for r in pick])
    plon = np.array([r[3] for r in pick])
    dist, _ = geodesy.inverses(lat, lon, plat, plon)
    i = int(np.argmin(dist))
    if dist[i] < 1.0:
        return f"at {pick[i][0]}"
    bearing = geodesy.inverse(pick[i][2], pick[i][3], lat, lon).bearing_deg
    return f"{about_km(float(dist[i]))} {_COMPASS[round(bearing / 22.5) % 16]} of {pick[i][0]}"
