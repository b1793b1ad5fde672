"""EEZ membership and verdicts for a country (the rules are in :mod:`trajmap.zones`)."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import shapely

from trajmap import geodesy
from trajmap.zones.index import (
    LCC,
    ZoneHit,
    ZoneIndex,
    country_name,
    possessive,
    to_lcc,
    zone_index,
)
from trajmap.zones.places import about_km, nearest_place

__all__ = [
    "BOUNDARY_KM",
    "COAST_GAP_KM",
    "STATUSES",
    "Verdict",
    "VerdictBatch",
    "boundary_distance_km",
    "eez_at",
    "eez_at_many",
    "verdict",
    "verdicts",
]

#: Half-width of the "boundary" band, km: the EEZ file's resolution (z4 tiles, ~0.5 km; ~1 km slivers).
BOUNDARY_KM = 1.0
#: A point in no EEZ polygon and not on land, this close (km) to a country's zones but farther than this from
#: its EEZ line, is in a coastal gap (the zones stop at a coastline more detailed than Natural Earth's).
COAST_GAP_KM = 3.0
#: A verdict's status (see the rules in :mod:`trajmap.zones`).
Status = Literal["inside", "outside", "joint regime", "overlapping claim", "on land", "boundary"]
STATUSES: tuple[str, ...] = get_args(Status)
#: On which side of the country's EEZ line a point lies.
Side = Literal["inside", "outside"]


def _as_points(lats: Any, lons: Any) -> tuple[np.ndarray, np.ndarray]:
    la = np.atleast_1d(np.asarray(lats, dtype=float))
    lo = np.atleast_1d(np.asarray(lons, dtype=float))
    if la.shape != lo.shape:
        raise ValueError(f"lats and lons differ in shape: {la.shape} vs {lo.shape}")
    if not ((np.abs(la) <= 90).all() and np.isfinite(lo).all()):  # (a NaN latitude fails the first)
        raise ValueError("latitudes must be within [-90, 90] and longitudes finite")
    if (np.abs(lo) > 180.0).any():
        lo = np.where(lo > 180.0, lo - 360.0, np.where(lo < -180.0, lo + 360.0, lo))
    return la, lo


def eez_at(lat: float, lon: float, *, index: ZoneIndex | None = None) -> list[ZoneHit]:
    """Every EEZ feature containing ``(lat, lon)`` (boundary included); empty on the high seas."""
    idx = index or zone_index()
    la, lo = _as_points(lat, lon)
    return [h for h, g in zip(idx.hits, idx.geoms, strict=True) if shapely.intersects_xy(g, lo[0], la[0])]


def _near(tree: shapely.STRtree, pts: np.ndarray, distance: float) -> np.ndarray:
    """Indices of the points within ``distance`` of a tree geometry.

    The tree gives the candidates by bounding box; the test then runs with the tree's geometries
    prepared (GEOS indexes their edges once). ``STRtree.query(..., predicate=...)`` prepares the points
    instead, and tests each against a whole unindexed polygon: about 20x slower on the EEZ polygons.
    """
    geoms = tree.geometries
    shapely.prepare(geoms)  # once: a prepared geometry stays prepared
    xy = shapely.get_coordinates(pts)
    boxes = shapely.box(xy[:, 0] - distance, xy[:, 1] - distance, xy[:, 0] + distance, xy[:, 1] + distance)
    qi, ti = tree.query(boxes)
    return qi[shapely.dwithin(geoms[ti], pts[qi], distance)]


def _group(n: int, pi: np.ndarray, gi: np.ndarray, hits: list[ZoneHit]) -> list[list[ZoneHit]]:
    out: list[list[ZoneHit]] = [[] for _ in range(n)]
    for p, g in zip(pi.tolist(), gi.tolist(), strict=True):
        out[p].append(hits[g])
    return out


def eez_at_many(lats: Any, lons: Any, *, index: ZoneIndex | None = None) -> list[list[ZoneHit]]:
    """Vectorised :func:`eez_at` (one grid lookup for all points, :class:`~trajmap.zones.index.CellIndex`)."""
    idx = index or zone_index()
    la, lo = _as_points(lats, lons)
    pi, gi = idx.cells.pairs(lo, la)
    return _group(len(la), pi, gi, idx.hits)


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """Whether a point is in a country's EEZ.

    ``distance_km`` is the geodesic distance to the country's EEZ line and ``side`` says on which side of it
    the point lies; ``signed_distance_km`` is negative inside. ``zones`` are all features holding the point.
    """

    lat: float
    lon: float
    country: str
    status: Status
    side: Side
    distance_km: float
    signed_distance_km: float
    zones: tuple[ZoneHit, ...]
    nearest_place: str | None
    summary: str

    @property
    def waters(self) -> str:
        """A short table cell: the status with the zones that hold the point, or where on land it is.

        ``"outside (Russia's EEZ)"``, ``"inside (Japan's EEZ)"``, ``"outside (high seas)"``,
        ``"on land, about 240 km NNE of Sapporo"``, ``"the joint regime area Japan / Korea"``.
        """
        if self.status == "on land":
            return f"on land, {self.nearest_place}" if self.nearest_place else "on land"
        where = ", ".join(z.describe() for z in self.zones) or "high seas"
        return f"{self.status} ({where})" if self.status in ("inside", "outside", "boundary") else where


def _status(
    hits: list[ZoneHit], iso3: str, on_land: bool, inside: bool, coastal: bool, dist: float
) -> Status:
    mine = [h for h in hits if iso3 in h.sovereigns]
    if on_land and not hits:
        return "on land"
    if dist <= BOUNDARY_KM:
        return "boundary"
    for kind in ("joint regime", "overlapping claim"):
        if any(h.kind == kind for h in mine):
            return kind
    if inside or any(h.kind == "200 NM" for h in mine) or (coastal and not hits and dist > COAST_GAP_KM):
        return "inside"
    return "outside"


@dataclass(frozen=True)
class VerdictBatch:
    """Verdicts for many points as arrays; ``batch[i]`` builds the full :class:`Verdict`."""

    country: str
    lats: np.ndarray
    lons: np.ndarray
    status: np.ndarray  # str
    signed_distance_km: np.ndarray
    #: (point index, zone index) of every zone holding a point, by point then zone; the zones in ``hits``
    pairs: tuple[np.ndarray, np.ndarray] = field(repr=False)
    hits: list[ZoneHit] = field(repr=False)
    places: Path | None = None

    @functools.cached_property
    def zones(self) -> list[list[ZoneHit]]:
        """The zones holding each point (listed when first asked for: most callers need the statuses)."""
        return _group(len(self.lats), *self.pairs, self.hits)

    def __len__(self) -> int:
        return len(self.lats)

    def __iter__(self) -> Iterator[Verdict]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> Verdict:
        lat, lon, d = float(self.lats[i]), float(self.lons[i]), float(self.signed_distance_km[i])
        status, hits = str(self.status[i]), tuple(self.zones[i])
        place = nearest_place(lat, lon, country=self.country, places=self.places)
        return Verdict(
            lat=lat,
            lon=lon,
            country=self.country,
            status=status,  # type: ignore[arg-type]
            side="inside" if d < 0 else "outside",
            distance_km=abs(d),
            signed_distance_km=d,
            zones=hits,
            nearest_place=place,
            summary=_summary(status, self.country, abs(d), hits, place),
        )


def verdicts(
    lats: Any, lons: Any, country: str = "JPN", *, index: ZoneIndex | None = None, places: Path | None = None
) -> VerdictBatch:
    """Vectorised :func:`verdict`: statuses and signed distances for all points at once.

    The nearest point of the EEZ line is found in a conformal projection of the region, and the distance to it
    is then solved geodesically (WGS84); :func:`verdict` agrees to well under 1%.
    """
    idx = index or zone_index()
    c = idx.country(country)
    la, lo = _as_points(lats, lons)
    n = len(la)
    # the zones, land and the country's 200 NM area holding each point, in one grid lookup
    pi, gi = c.cells.pairs(lo, la)
    nz, nl = len(idx.geoms), len(idx.land)
    on_land = np.zeros(n, dtype=bool)
    on_land[pi[(gi >= nz) & (gi < nz + nl)]] = True
    inside = np.zeros(n, dtype=bool)
    inside[pi[gi >= nz + nl]] = True
    zone = gi < nz
    pi, gi = pi[zone], gi[zone]
    xp, yp = to_lcc(lo, la)
    # the nearest point of the EEZ line: the one shapely.shortest_line finds on the whole line (or on its
    # nearest piece), from the few segments that can be nearest in each point's grid cell
    foot = c.nearest.feet(xp, yp)
    foot_lon, foot_lat = LCC.transform(foot[:, 0], foot[:, 1], direction="INVERSE")
    dist, _ = geodesy.inverses(la, lo, np.asarray(foot_lat), np.asarray(foot_lon))
    status = _statuses(idx, country, pi, gi, on_land, inside, dist, xp, yp)
    signed = np.where(inside, -dist, dist)
    return VerdictBatch(country, la, lo, status, signed, (pi, gi), idx.hits, places)


def _statuses(
    idx: ZoneIndex,
    iso3: str,
    pi: np.ndarray,
    gi: np.ndarray,
    on_land: np.ndarray,
    inside: np.ndarray,
    dist: np.ndarray,
    xp: np.ndarray,
    yp: np.ndarray,
) -> np.ndarray:
    """:func:`_status` for many points at once, from the ``(point, zone)`` pairs (by point, then zone).

    The coastal-gap search (the slowest) runs only for the points whose status depends on it: in no zone,
    not on land, not inside, and farther than ``COAST_GAP_KM`` from the EEZ line.
    """
    n = len(on_land)
    c = idx.country(iso3)
    in_zone = np.zeros(n, dtype=bool)
    in_zone[pi] = True
    coastal = np.zeros(n, dtype=bool)
    ask = np.flatnonzero(~in_zone & ~on_land & ~inside & (dist > COAST_GAP_KM))
    if len(ask):
        coastal[ask[_near(c.parts_p_tree, shapely.points(xp[ask], yp[ask]), COAST_GAP_KM * 1000.0)]] = True
    # the rules of _status, the first that holds wins: set from the last to the first
    own = c.own_kind[gi]  # per (point, zone) pair: 1 joint regime, 2 overlapping claim, 3 200 NM of iso3
    code = np.full(n, len(_BY_PRIORITY) - 1)
    code[inside | coastal] = 4
    code[pi[own == 3]] = 4
    code[pi[own == 2]] = 3
    code[pi[own == 1]] = 2
    code[dist <= BOUNDARY_KM] = 1
    code[on_land & ~in_zone] = 0
    return _BY_PRIORITY[code]


#: The statuses in the order :func:`_statuses` tries them ("outside" when no other holds).
_BY_PRIORITY = np.array(
    ["on land", "boundary", "joint regime", "overlapping claim", "inside", "outside"], dtype=object
)


def boundary_distance_km(
    lat: float, lon: float, country: str = "JPN", *, index: ZoneIndex | None = None
) -> float:
    """Geodesic distance (km) from ``(lat, lon)`` to the country's EEZ line.

    The line is projected to an azimuthal equidistant projection centred on the point, where distances from
    the centre are true, so the planar minimum is the geodesic one (to the line's vertex spacing).
    """
    c = (index or zone_index()).country(country)
    # Candidate pieces: those within 1.25x the projected nearest distance (+20 km) in the regional projection.
    pt_p = shapely.Point(*to_lcc(np.array([lon]), np.array([lat])))
    near = float(shapely.distance(c.lines[c.line_tree.query_nearest(pt_p, all_matches=False)[0]], pt_p))
    cand = c.lines_lonlat[c.line_tree.query(pt_p, predicate="dwithin", distance=near * 1.25 + 20_000.0)]
    line_p = shapely.transform(
        shapely.multilinestrings(cand), geodesy.aeqd(lat, lon).transform, interleaved=False
    )
    return float(shapely.distance(line_p, shapely.Point(0.0, 0.0))) / 1000.0


def verdict(
    lat: float,
    lon: float,
    country: str = "JPN",
    *,
    index: ZoneIndex | None = None,
    places: Path | None = None,
) -> Verdict:
    """Is ``(lat, lon)`` in ``country``'s EEZ? See the module docstring for the rules."""
    idx = index or zone_index()
    c = idx.country(country)
    la, lo = _as_points(lat, lon)
    pt = shapely.Point(lo[0], la[0])
    hits = eez_at(la[0], lo[0], index=idx)
    on_land = any(shapely.intersects(g, pt) for g in idx.land[idx.land_tree.query(pt)])
    inside = len(c.filled_tree.query(pt, predicate="intersects")) > 0
    coastal = len(c.parts_p_tree.query(shapely.Point(*to_lcc(lo, la)), "dwithin", COAST_GAP_KM * 1000.0)) > 0
    d = boundary_distance_km(la[0], lo[0], country, index=idx)
    status = _status(hits, country, on_land, inside, coastal, d)
    place = nearest_place(la[0], lo[0], country=country, places=places)
    side: Side = "inside" if inside else "outside"
    summary = _summary(status, country, d, tuple(hits), place)
    signed = -d if inside else d
    return Verdict(
        lat=float(la[0]),
        lon=float(lo[0]),
        country=country,
        status=status,
        side=side,
        distance_km=d,
        signed_distance_km=signed,
        zones=tuple(hits),
        nearest_place=place,
        summary=summary,
    )


def _summary(status: str, iso3: str, dist: float, hits: tuple[ZoneHit, ...], place: str | None) -> str:
    eez = f"{possessive(iso3)} EEZ"
    where = ", ".join(f"in {h.describe()}" for h in hits) or "on the high seas"
    if status == "on land":
        text = "on land (Natural Earth 1:50m)"
    elif status == "boundary":
        text = f"on the boundary of {eez} (within {BOUNDARY_KM:g} km, the data's resolution), {where}"
    elif status == "inside":
        text = f"inside {eez}, {about_km(dist)} from its boundary"
    elif status == "outside":
        text = f"outside {eez} ({about_km(dist)} beyond its boundary), {where}"
    else:
        text = f"{where} ({status} involving {country_name(iso3)})"
    return f"{text}; {place}" if place else text
