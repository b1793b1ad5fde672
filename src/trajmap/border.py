"""Rings from a border: the area within R km (geodesic, WGS84) of anywhere in a country's territory.

How it is built, so that it holds at every size, across the antimeridian and over the poles:

1. The country's polygons (Natural Earth admin-0, :mod:`trajmap.layers`) are grouped into clusters whose
   boundary lies within ``CLUSTER_KM`` of the cluster's centre (Russia's mainland and Chukotka, Norway
   and Svalbard, ...); the buffer of the country is the union of its clusters' buffers.
2. Each cluster's boundary is simplified (tolerance 0.5 % of R) and densified (a point every 5 % of R,
   at most 200 km) in an azimuthal equidistant projection centred on the cluster (pyproj, ellipsoidal).
3. For R up to about ``20,003 km - (cluster radius) - 1,000 km``, geodesic circles of R (72 vertices,
   solved on the ellipsoid) around every boundary point are projected and unioned there with the
   country itself. For larger R the projection is centred on the cluster's antipode instead, where the
   points *farther* than R from the boundary form a small area: the intersection of the circles'
   far sides; the ring is the whole Earth minus that area (the whole Earth when it is empty, said so).
4. Back to longitude and latitude, the projected shape is cut along the antimeridian (its image in the
   projection), so every piece lies within [-180, 180] and a piece over a pole reaches the pole.

A point of the outline is R from the nearest boundary point to within about 1 % (the circles have 72
vertices, the boundary points are 5 % of R apart); ``MIN_BORDER_RING_KM`` keeps the number of circles
for a long coastline reasonable.

>>> ring = border_ring(_square(), 500.0, "square", "A square")
>>> bool(ring.holds(0.0, 5.0)[0]), bool(ring.holds(0.0, 30.0)[0]), ring.whole_earth
(True, False, False)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
import shapely.affinity
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

from trajmap import geodesy
from trajmap.constants import MAX_RING_RADIUS_KM

__all__ = [
    "CLUSTER_KM",
    "MIN_BORDER_RING_KM",
    "BorderError",
    "BorderRing",
    "border_ring",
    "countries",
    "country_geometry",
    "distance_to_country_km",
]

#: The largest distance (km) from a cluster's centre to its boundary; farther parts form their own cluster.
CLUSTER_KM = 4000.0
#: The smallest border ring, km (a coastline of 50,000 km then takes 20,000 circles).
MIN_BORDER_RING_KM = 25.0
_HALF_MERIDIAN_KM = 20003.93
_CIRCLE_VERTICES = 72
_WORLD = box(-180.0, -90.0, 180.0, 90.0)


class BorderError(ValueError):
    """A country or radius a border ring cannot be built for (the message names it)."""


@dataclass(frozen=True)
class BorderRing:
    """The area within ``radius_km`` of a country's territory.

    Attributes
    ----------
    country, name : str
        Natural Earth's ADM0_A3 code and the country's name.
    radius_km : float
        The distance, km.
    shape : shapely geometry
        The area in (lon, lat), within [-180, 180] x [-90, 90]; pieces cut at the antimeridian.
    whole_earth : bool
        True when the area is the whole Earth.
    country_shape : shapely geometry
        The country itself, (lon, lat).
    """

    country: str
    name: str
    radius_km: float
    shape: BaseGeometry
    whole_earth: bool
    country_shape: BaseGeometry

    def holds(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """Whether each point (degrees) lies inside the area (its boundary counts as inside)."""
        la = np.atleast_1d(np.asarray(lat, dtype=float))
        lo = np.atleast_1d(np.asarray(lon, dtype=float))
        lo = (lo + 180.0) % 360.0 - 180.0
        if self.whole_earth:
            return np.ones(la.shape, dtype=bool)
        return np.asarray(shapely.intersects_xy(self.shape, lo, la))

    def polygons(self) -> list[list[list[tuple[float, float]]]]:
        """The area as polygons ``[exterior, *holes]`` of ``(lat, lon)`` points (cut at +-180)."""
        parts = list(self.shape.geoms) if isinstance(self.shape, MultiPolygon) else [self.shape]
        return [
            [[(float(y), float(x)) for x, y in r.coords] for r in (p.exterior, *p.interiors)]
            for p in parts
            if isinstance(p, Polygon) and not p.is_empty
        ]

    def display(self, center_lon: float) -> list[list[list[tuple[float, float]]]]:
        """The area for a Leaflet map centred near ``center_lon``: longitudes within
        [center_lon - 180, center_lon + 180], the pieces cut at +-180 glued back together, so the only
        seam is on the far side of the globe (Leaflet draws coordinates as given)."""
        c = geodesy.normalize_lon(center_lon)
        west = self.shape.intersection(box(-180.0, -90.0, c - 180.0, 90.0)) if c > 0 else None
        east = self.shape.intersection(box(c + 180.0, -90.0, 180.0, 90.0)) if c < 0 else None
        middle = self.shape.intersection(box(max(-180.0, c - 180.0), -90.0, min(180.0, c + 180.0), 90.0))
        pieces = [middle]
        if west is not None and not west.is_empty:
            pieces.append(shapely.affinity.translate(west, xoff=360.0))
        if east is not None and not east.is_empty:
            pieces.append(shapely.affinity.translate(east, xoff=-360.0))
        # on a 1e-4 degree grid (about 10 m) the two sides' vertices along the cut coincide: no sliver
        glued = shapely.set_precision(unary_union(pieces), 1e-4)
        shift = 360.0 * round((center_lon - c) / 360.0)
        return [
            [[(float(y), float(x) + shift) for x, y in r.coords] for r in (p.exterior, *p.interiors)]
            for p in _parts(glued)
        ]


def _square() -> Polygon:
    return box(-1.0, -1.0, 1.0, 1.0)


def countries(collection: dict[str, Any]) -> dict[str, str]:
    """ADM0_A3 code -> name (``NAME``) of each country of a Natural Earth admin-0 FeatureCollection."""
    out = {}
    for f in collection.get("features", []):
        p = f.get("properties") or {}
        code, name = p.get("ADM0_A3"), p.get("NAME") or p.get("ADMIN")
        if isinstance(code, str) and code and isinstance(name, str) and f.get("geometry"):
            out[code] = name
    return dict(sorted(out.items(), key=lambda kv: kv[1]))


def country_geometry(collection: dict[str, Any], code: str) -> tuple[BaseGeometry, str]:
    """The (lon, lat) geometry and name of the country ``code`` (ADM0_A3); BorderError if there is none."""
    for f in collection.get("features", []):
        p = f.get("properties") or {}
        if p.get("ADM0_A3") == code and f.get("geometry"):
            geom = shape(f["geometry"])
            return (geom if geom.is_valid else geom.buffer(0)), str(p.get("NAME") or p.get("ADMIN"))
    raise BorderError(f"no country with the Natural Earth code {code!r}")


def _aeqd(lat: float, lon: float) -> tuple[Transformer, Transformer]:
    return geodesy.aeqd(lat, lon), geodesy.aeqd(lat, lon, inverse=True)


def _parts(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon) and not g.is_empty]


def _boundary_lonlat(poly: Polygon) -> np.ndarray:
    return np.vstack([np.asarray(r.coords) for r in (poly.exterior, *poly.interiors)])


def _clusters(geom: BaseGeometry) -> list[tuple[tuple[float, float], list[Polygon]]]:
    """Parts grouped around centres ((lat, lon), parts): every boundary point within CLUSTER_KM."""
    parts = sorted(_parts(geom), key=lambda p: -p.area)
    clusters: list[tuple[tuple[float, float], list[Polygon]]] = []
    for part in parts:
        pts = _boundary_lonlat(part)
        for centre, members in clusters:
            dist, _ = geodesy.inverses(centre[0], centre[1], pts[:, 1], pts[:, 0])
            if dist.max() <= CLUSTER_KM:
                members.append(part)
                break
        else:
            rp = part.representative_point()
            clusters.append(((rp.y, rp.x), [part]))
    return clusters


def _boundary_points(parts: Sequence[Polygon], fwd: Transformer, radius_km: float) -> np.ndarray:
    """Simplified and densified boundary of ``parts`` as (lon, lat) points."""
    out = []
    spacing_m = min(0.05 * radius_km, 200.0) * 1000.0
    for part in parts:
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)
            px, py = fwd.transform(xy[:, 0], xy[:, 1])
            line = LineString(np.column_stack([px, py])).simplify(0.005 * radius_km * 1000.0)
            line = shapely.segmentize(line, spacing_m)
            out.append(np.asarray(line.coords))
    return np.vstack(out)


def _circles(lonlat: np.ndarray, radius_km: float, fwd: Transformer) -> list[Polygon]:
    """Geodesic circles of ``radius_km`` around (lon, lat) points, projected by ``fwd``."""
    n = len(lonlat)
    az = np.linspace(0.0, 360.0, _CIRCLE_VERTICES, endpoint=False)
    lat2, lon2 = geodesy.destinations(
        np.repeat(lonlat[:, 1], len(az)),
        np.repeat(lonlat[:, 0], len(az)),
        np.tile(az, n),
        np.full(n * len(az), radius_km),
    )
    x, y = fwd.transform(lon2, lat2)
    coords = np.stack([np.asarray(x), np.asarray(y)], axis=-1).reshape(n, len(az), 2)
    return list(shapely.polygons(coords))


def _to_lonlat(geom: BaseGeometry, fwd: Transformer, inv: Transformer, domain_m: float) -> BaseGeometry:
    """A projected shape back to (lon, lat), cut along the antimeridian's image (see the module docstring)."""
    if geom.is_empty:
        return geom
    lats = np.linspace(-90.0, 90.0, 1441)
    cx, cy = fwd.transform(np.full(lats.shape, 180.0), lats)
    cut_xy = np.column_stack([cx, cy])
    ok = np.hypot(cut_xy[:, 0], cut_xy[:, 1]) < domain_m
    runs, current = [], []
    for keep, p in zip(ok, cut_xy, strict=True):
        if keep and np.all(np.isfinite(p)):
            current.append(p)
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    lines = [LineString(r) for r in runs if len(r) >= 2]
    cut = MultiLineString(lines)
    pieces = geom.difference(cut.buffer(1.0)) if not cut.is_empty else geom
    out = []
    for piece in _parts(pieces):
        rings = []
        for ring in (piece.exterior, *piece.interiors):
            dense = np.asarray(shapely.segmentize(LineString(ring.coords), 50_000.0).coords)
            lon, lat = (np.asarray(v) for v in inv.transform(dense[:, 0], dense[:, 1]))
            if lines:
                lon = _snap_to_cut(dense, lon, lines, fwd)
            lat = np.where(np.abs(lat) > 89.9999, np.copysign(90.0, lat), lat)
            rings.append(np.column_stack([lon, lat]))
        poly = Polygon(rings[0], rings[1:])
        out.append(poly if poly.is_valid else shapely.make_valid(poly))
    return unary_union(out).intersection(_WORLD)


def _side(line: LineString, xy: np.ndarray) -> np.ndarray:
    """Which side of ``line`` each projected point lies on (+1 left, -1 right, of its direction)."""
    pts = shapely.points(xy)
    d = shapely.line_locate_point(line, pts)
    a = np.array([(q.x, q.y) for q in shapely.line_interpolate_point(line, np.maximum(d - 10.0, 0.0))])
    b = np.array(
        [(q.x, q.y) for q in shapely.line_interpolate_point(line, np.minimum(d + 10.0, line.length))]
    )
    cross = (b[:, 0] - a[:, 0]) * (xy[:, 1] - a[:, 1]) - (b[:, 1] - a[:, 1]) * (xy[:, 0] - a[:, 0])
    return np.sign(cross)


def _snap_to_cut(xy: np.ndarray, lon: np.ndarray, lines: list[LineString], fwd: Transformer) -> np.ndarray:
    """Longitudes of the vertices on the antimeridian cut set to +180 (west side) or -180 (east side).

    The side is read geometrically (the cut runs south to north in the projection), not from the
    inverse-projected longitude, which is +-180 to within rounding there.
    """
    out = lon.copy()
    for line in lines:
        near = shapely.distance(shapely.points(xy), line) < 3.0
        if not near.any():
            continue
        mid = line.interpolate(0.5, normalized=True)
        _, mid_lat = fwd.transform(mid.x, mid.y, direction="INVERSE")
        px, py = fwd.transform(179.0, float(mid_lat))
        west = _side(line, np.array([[px, py]]))[0]
        side = _side(line, xy[near])
        out[near] = np.where(side == west, 180.0, -180.0)
    return out


def _cluster_ring(centre: tuple[float, float], parts: list[Polygon], radius_km: float) -> BaseGeometry:
    """The (lon, lat) area within ``radius_km`` of one cluster (None-free; may be the whole world box)."""
    fwd, inv = _aeqd(*centre)
    pts_xy = _boundary_points(parts, fwd, radius_km)
    pts_lon, pts_lat = (np.asarray(v) for v in inv.transform(pts_xy[:, 0], pts_xy[:, 1]))
    lonlat = np.column_stack([pts_lon, pts_lat])
    dist, _ = geodesy.inverses(centre[0], centre[1], lonlat[:, 1], lonlat[:, 0])
    rho = float(dist.max())
    if radius_km + rho < _HALF_MERIDIAN_KM - 1000.0:
        circles = _circles(lonlat, radius_km, fwd)
        country = [
            shapely.polygons(np.column_stack(fwd.transform(*np.asarray(p.exterior.coords).T))) for p in parts
        ]
        near = unary_union([*circles, *country])
        return _to_lonlat(near, fwd, inv, (_HALF_MERIDIAN_KM - 300.0) * 1000.0)
    if radius_km <= rho + 500.0:
        raise BorderError(f"cannot build a ring of {radius_km!r} km around a cluster {rho:,.0f} km across")
    anti = (-centre[0], geodesy.normalize_lon(centre[1] + 180.0))
    fwd_a, inv_a = _aeqd(*anti)
    far = shapely.intersection_all(_circles(lonlat, radius_km, fwd_a))
    unreachable = _to_lonlat(far, fwd_a, inv_a, (_HALF_MERIDIAN_KM - 300.0) * 1000.0)
    return _WORLD.difference(unreachable)


def border_ring(geom: BaseGeometry, radius_km: float, code: str = "", name: str = "") -> BorderRing:
    """The area within ``radius_km`` (geodesic) of ``geom`` (a country's (lon, lat) (Multi)Polygon).

    Parameters
    ----------
    geom : shapely Polygon or MultiPolygon
        The territory, (lon, lat) within [-180, 180] (pieces cut at the antimeridian, as Natural Earth's).
    radius_km : float
        From ``MIN_BORDER_RING_KM`` to ``MAX_RING_RADIUS_KM`` (20,000 km).
    code, name : str
        What the ring is of (ADM0_A3 and name), kept for labels.

    Raises
    ------
    BorderError
        For a radius out of range or an empty territory.
    """
    if not isinstance(radius_km, int | float) or not math.isfinite(radius_km):
        raise BorderError(f"radius_km must be a finite number, got {radius_km!r}")
    if not MIN_BORDER_RING_KM <= radius_km <= MAX_RING_RADIUS_KM:
        raise BorderError(
            f"radius_km must be within [{MIN_BORDER_RING_KM:g}, {MAX_RING_RADIUS_KM:g}] km, got {radius_km!r}"
        )
    if geom.is_empty:
        raise BorderError(f"the territory of {code or name or 'the country'} is empty")
    pieces = [_cluster_ring(c, parts, float(radius_km)) for c, parts in _clusters(geom)]
    area = unary_union([*pieces, geom]).intersection(_WORLD)
    whole = _WORLD.difference(area).area < 1e-9
    return BorderRing(code, name, float(radius_km), area, bool(whole), geom)


def distance_to_country_km(
    geom: BaseGeometry, lat: Iterable[float], lon: Iterable[float], spacing_km: float = 10.0
) -> np.ndarray:
    """Geodesic distance (km) from each point to the nearest point of the territory (0 inside it).

    The boundary is sampled every ``spacing_km`` along each edge (an overestimate of at most
    spacing^2 / (8 d) at distance d, well under a kilometre for d above 100 km).
    """
    la = np.asarray(list(lat), dtype=float)
    lo = np.asarray(list(lon), dtype=float)
    pts = []
    for part in _parts(geom):
        for ring in (part.exterior, *part.interiors):
            xy = np.asarray(ring.coords)
            for (x0, y0), (x1, y1) in itertools.pairwise(xy):
                pts.append(geodesy.path(y0, x0, y1, x1, step_km=spacing_km))
    flat = np.array([p for seg in pts for p in seg])
    inside = shapely.intersects_xy(geom, lo, la)
    out = np.zeros(la.shape)
    for i, (a, b) in enumerate(zip(la, lo, strict=True)):
        if not inside[i]:
            out[i] = float(geodesy.inverses(a, b, flat[:, 0], flat[:, 1])[0].min())
    return out
