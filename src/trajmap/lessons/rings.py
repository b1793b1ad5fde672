"""Why a range ring is not a circle on the map: Leaflet's ``L.Circle`` (``folium.Circle``) against the
geodesic ring."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trajmap import geodesy
from trajmap.lessons.curve import mercator_lat, mercator_y
from trajmap.lessons.sources import CITATIONS, Citation

__all__ = [
    "LEAFLET_EARTH_RADIUS_KM",
    "LeafletCircle",
    "RingLesson",
    "RingRow",
    "leaflet_circle",
    "ring_lesson",
]

#: The sphere Leaflet 1.9.3 measures ``L.Circle`` radii on (``L.CRS.Earth.R``, 6,371,000 m).
LEAFLET_EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class LeafletCircle:
    """What Leaflet 1.9.3 draws for ``L.Circle(centre, radius)`` on a Web Mercator map.

    Leaflet takes the radius as an angle on a sphere of 6,371 km, ``lat_r = r / R``; it projects the points
    ``lat +- lat_r`` on the centre's meridian (clamped to Web Mercator's 85.05 degrees), puts the drawn
    centre halfway between them on the screen (at latitude ``mid_lat``, north of the true centre), and
    draws an ellipse through them whose half-width is ``lng_r`` degrees of longitude at ``mid_lat``.
    """

    center: geodesy.Point
    radius_km: float
    north: geodesy.Point
    south: geodesy.Point
    mid_lat: float
    lng_r_deg: float
    outline: tuple[geodesy.Point, ...]


def leaflet_circle(lat: float, lon: float, radius_km: float, n_points: int = 360) -> LeafletCircle:
    """Re-trace Leaflet 1.9.3's ``L.Circle._project`` (``folium.Circle``) for a circle of ``radius_km``.

    The outline is the drawn ellipse (screen space is Web Mercator), as ``(lat, lon)`` points.
    """
    d = math.pi / 180.0
    lat_r = radius_km / LEAFLET_EARTH_RADIUS_KM / d
    y_top, y_bottom = float(mercator_y(lat + lat_r)), float(mercator_y(lat - lat_r))
    y_mid = (y_top + y_bottom) / 2.0
    lat2 = float(mercator_lat(y_mid))
    cos_arg = (math.cos(lat_r * d) - math.sin(lat * d) * math.sin(lat2 * d)) / (
        math.cos(lat * d) * math.cos(lat2 * d)
    )
    lng_r = math.acos(cos_arg) / d if -1.0 <= cos_arg <= 1.0 else math.nan
    if math.isnan(lng_r) or lng_r == 0.0:
        lng_r = lat_r / math.cos(d * lat)  # Leaflet's fallback (its issue 2425)
    ry = (y_top - y_bottom) / 2.0
    t = np.linspace(0.0, 2.0 * np.pi, n_points + 1)
    lats = mercator_lat(y_mid + ry * np.sin(t))
    lons = lon + lng_r * np.cos(t)
    return LeafletCircle(
        center=(lat, lon),
        radius_km=radius_km,
        north=(float(mercator_lat(y_top)), lon),
        south=(float(mercator_lat(y_bottom)), lon),
        mid_lat=lat2,
        lng_r_deg=lng_r,
        outline=tuple((float(a), float(b)) for a, b in zip(lats, lons, strict=True)),
    )


@dataclass(frozen=True, slots=True)
class RingRow:
    """One radius: Leaflet's circle against the geodesic ring."""

    radius_km: float
    north_error_km: float  #: Leaflet's north point to the geodesic ring's (azimuth 0), km
    south_error_km: float  #: Leaflet's south point to the geodesic ring's (azimuth 180), km
    leaflet_min_km: float  #: the nearest point of Leaflet's outline to the centre, km
    leaflet_max_km: float  #: the farthest, km (a true ring is radius_km everywhere)


@dataclass(frozen=True)
class RingLesson:
    """Geodesic rings against Leaflet circles around one site."""

    site: str
    center: geodesy.Point
    rows: tuple[RingRow, ...]
    circles: tuple[LeafletCircle, ...]
    citations: tuple[Citation, ...]


def _ring_row(c: LeafletCircle) -> RingRow:
    lat, lon = c.center
    north = geodesy.destination(lat, lon, 0.0, c.radius_km)
    south = geodesy.destination(lat, lon, 180.0, c.radius_km)
    pts = np.array(c.outline)
    dist, _ = geodesy.inverses(lat, lon, pts[:, 0], pts[:, 1])
    return RingRow(
        radius_km=c.radius_km,
        north_error_km=geodesy.inverse(*c.north, *north).distance_km,
        south_error_km=geodesy.inverse(*c.south, *south).distance_km,
        leaflet_min_km=float(dist.min()),
        leaflet_max_km=float(dist.max()),
    )


def ring_lesson(
    site: str, lat: float, lon: float, radii_km: Sequence[float] = (1000.0, 3000.0, 5500.0)
) -> RingLesson:
    """For each radius, where Leaflet's ``L.Circle`` misses the geodesic ring (km)."""
    circles = tuple(leaflet_circle(lat, lon, r) for r in radii_km)
    return RingLesson(
        site=site,
        center=(lat, lon),
        rows=tuple(_ring_row(c) for c in circles),
        circles=circles,
        citations=(CITATIONS["karney"], CITATIONS["leaflet_circle"], CITATIONS["folium_circle"]),
    )
