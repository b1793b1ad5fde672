"""Why a trajectory curves on the map: the geodesic against the line drawn straight on Web Mercator."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from pyproj import Geod

from trajmap import geodesy
from trajmap.geodesy import LEAFLET_MAX_LATITUDE, mercator_y
from trajmap.lessons.sources import CITATIONS, Citation, cited, estimate

__all__ = [
    "LEAFLET_MAX_LATITUDE",
    "CurveLesson",
    "curve_lesson",
    "line_length_km",
    "mercator_lat",
    "mercator_y",
    "web_mercator_line",
]

_GEOD = Geod(ellps="WGS84")


def mercator_lat(y: float | np.ndarray) -> Any:
    """The latitude (degrees) of a Web Mercator y over the radius."""
    return np.degrees(2.0 * np.arctan(np.exp(y)) - np.pi / 2.0)


def web_mercator_line(
    lat1: float, lon1: float, lat2: float, lon2: float, n: int = 512
) -> list[geodesy.Point]:
    """The line drawn straight on a Web Mercator map (EPSG:3857) from point 1 to point 2, as ``n + 1``
    ``(lat, lon)`` points; the longitude of point 2 is unrolled to the side of point 1 (the short way).

    Web Mercator's x is the longitude and its y is ``ln tan(pi/4 + lat/2)`` (spherical formulas on WGS84
    latitudes), both times 6,378,137 m: a straight line is linear in both.
    """
    lon2 = lon1 + math.remainder(lon2 - lon1, 360.0)
    t = np.linspace(0.0, 1.0, n + 1)
    y1, y2 = float(mercator_y(lat1)), float(mercator_y(lat2))
    lats = mercator_lat(y1 + t * (y2 - y1))
    lons = lon1 + t * (lon2 - lon1)
    return [(float(a), float(b)) for a, b in zip(lats, lons, strict=True)]


def line_length_km(points: Sequence[geodesy.Point]) -> float:
    """Length of a line through ``(lat, lon)`` points on the WGS84 ellipsoid (its geodesic segments), km."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return float(_GEOD.line_length(lons, lats)) / 1000.0


@dataclass(frozen=True)
class CurveLesson:
    """One launch drawn two ways, and the distance each way implies."""

    event_id: str
    missile: str
    estimate_by: str
    start: geodesy.Point
    end: geodesy.Point
    geodesic_km: float  #: the shortest path on the ellipsoid (Karney's inverse problem)
    mercator_km: float  #: the length of the line drawn straight on Web Mercator, measured on the ellipsoid
    max_gap_km: float  #: how far apart the two lines get (geodesic distance, at equal fractions of length)
    geodesic_points: tuple[geodesy.Point, ...]
    mercator_points: tuple[geodesy.Point, ...]
    citations: tuple[Citation, ...]

    @property
    def extra_km(self) -> float:
        return self.mercator_km - self.geodesic_km


def curve_lesson(
    launches: pd.DataFrame, event_id: str = "2022-10-04", estimate_by: str = "Japan MOD"
) -> CurveLesson:
    """The launch's geodesic from the site to its landing point against the straight Web Mercator line."""
    rec = estimate(launches, event_id, estimate_by)
    if rec["landing_basis"] == "unknown":
        raise ValueError(f"the {estimate_by} estimate of {event_id} has no landing point")
    lat1, lon1 = float(rec["site_lat"]), float(rec["site_lon"])
    lat2, lon2 = float(rec["landing_lat"]), float(rec["landing_lon"])
    n = 512
    line = _GEOD.inv_intermediate(
        lon1, lat1, lon2, lat2, npts=n + 1, initial_idx=0, terminus_idx=0, return_back_azimuth=True
    )
    glons = np.unwrap(np.asarray(line.lons, dtype=float), period=360.0)
    glons += lon1 - glons[0]
    geo = [(float(a), float(b)) for a, b in zip(line.lats, glons, strict=True)]
    merc = web_mercator_line(lat1, lon1, lat2, lon2, n)
    gap, _ = geodesy.inverses(
        np.array([p[0] for p in geo]),
        np.array([p[1] for p in geo]),
        np.array([p[0] for p in merc]),
        np.array([p[1] for p in merc]),
    )
    return CurveLesson(
        event_id=event_id,
        missile=str(rec["missile"]),
        estimate_by=estimate_by,
        start=(lat1, lon1),
        end=(lat2, geo[-1][1]),
        geodesic_km=geodesy.inverse(lat1, lon1, lat2, lon2).distance_km,
        mercator_km=line_length_km(merc),
        max_gap_km=float(np.max(gap)),
        geodesic_points=tuple(geo),
        mercator_points=tuple(merc),
        citations=(CITATIONS["karney"], CITATIONS["web_mercator"], cited(rec)),
    )
