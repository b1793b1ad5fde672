"""The EEZ index: World EEZ v11 features and Natural Earth land with spatial indexes, built once per process.

:class:`ZoneIndex` holds the zones (:class:`ZoneHit` says what one is) and, per country, its 200 NM area
and EEZ line; :func:`zone_index` builds it from layers ``eez`` and ``land`` of :mod:`trajmap.layers`.
:mod:`trajmap.zones` answers questions with it and :mod:`trajmap.zones.overlay` draws it.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry import box, shape

from trajmap import layers

__all__ = [
    "COUNTRY_NAMES",
    "CellIndex",
    "NearestIndex",
    "ZoneHit",
    "ZoneIndex",
    "country_name",
    "possessive",
    "zone_index",
]

_KINDS = {"200NM": "200 NM", "JOINTREGIME": "joint regime", "OVERLAPPINGCLAIM": "overlapping claim"}
#: Display names by ISO 3166 alpha-3 code.
COUNTRY_NAMES = {
    "JPN": "Japan", "KOR": "South Korea", "PRK": "North Korea", "CHN": "China", "RUS": "Russia",
    "TWN": "Taiwan", "PHL": "the Philippines", "USA": "the United States", "VNM": "Vietnam",
    "IDN": "Indonesia", "MYS": "Malaysia", "PLW": "Palau", "FSM": "Micronesia",
}  # fmt: skip
_REGION = box(100.0, -5.0, 180.0, 60.0)
# Conformal projection for the region, used to find the nearest boundary point (distances are then geodesic).
# The PROJ pipeline that from_crs("EPSG:4326", "+proj=lcc ...", always_xy=True) resolves to: pyproj rebuilds a
# transformer in each thread that uses it (Streamlit runs every rerun in a new one), and a pipeline takes
# 0.3 ms to build, a CRS pair 26 ms.
LCC = Transformer.from_pipeline(
    "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
    "+step +proj=lcc +lat_0=30 +lon_0=140 +lat_1=15 +lat_2=45 +x_0=0 +y_0=0 +ellps=WGS84"
)


def country_name(iso3: str) -> str:
    """Display name of a country code, e.g. ``"Japan"`` (the code itself when unknown)."""
    return COUNTRY_NAMES.get(iso3, iso3)


def possessive(iso3: str) -> str:
    """``"Japan's"``, ``"the Philippines'"``."""
    name = country_name(iso3)
    return f"{name}'" if name.endswith("s") else f"{name}'s"


@dataclass(frozen=True, slots=True)
class ZoneHit:
    """One EEZ feature holding a point: Marine Regions id, name, kind and sovereign ISO3 codes."""

    mrgid: int
    name: str
    kind: str
    sovereigns: tuple[str, ...]

    @classmethod
    def from_properties(cls, props: dict[str, Any]) -> ZoneHit:
        """Build from EEZ feature properties (field names in any case; "200NM"/"200 NM" normalised)."""
        p = {k.upper(): v for k, v in props.items()}
        raw = str(p.get("POL_TYPE") or "")
        kind = _KINDS.get(raw.replace(" ", "").upper())
        if kind is None:
            raise ValueError(f"EEZ feature {p.get('MRGID')!r}: unknown POL_TYPE {raw!r}")
        sov = tuple(str(p[k]) for k in ("ISO_SOV1", "ISO_SOV2", "ISO_SOV3") if p.get(k))
        return cls(int(p["MRGID"]), str(p["GEONAME"]), kind, sov)

    def describe(self) -> str:
        """``"Russia's EEZ"`` for a 200 NM zone of one state, else the feature's name."""
        if self.kind == "200 NM" and len(self.sovereigns) == 1 and self.sovereigns[0] in COUNTRY_NAMES:
            return f"{possessive(self.sovereigns[0])} EEZ"
        return f"the {self.name[:1].lower()}{self.name[1:]}" if self.kind != "200 NM" else self.name


class CellIndex:
    """Which of some geometries (lon/lat) hold each of many points, exactly as ``shapely.intersects`` says.

    A grid of ``cell_deg`` cells over the geometries' bounds records, per cell, the geometries that cover
    the whole closed cell (every point in it is held, no test needed) and those that only cross it (each
    point there is tested against the whole prepared geometry). Most points fall in cells that one
    geometry covers or that none touches, so few point-in-polygon tests run and no Point objects are made.
    A point is put in its cell by comparisons against the cell edges (``searchsorted``), the same floats
    the cells were classified with, so the shortcut never changes an answer.
    """

    def __init__(self, geoms: np.ndarray, cell_deg: float = 1.0) -> None:
        self.geoms = np.asarray(geoms, dtype=object)
        shapely.prepare(self.geoms)
        bounds = shapely.bounds(self.geoms)
        used = np.flatnonzero(~shapely.is_empty(self.geoms))  # an empty geometry holds nothing
        lo = bounds[used, :2].min(axis=0) if len(used) else np.zeros(2)
        hi = bounds[used, 2:].max(axis=0) if len(used) else np.ones(2)
        edges = []
        for a, b in zip(lo, hi, strict=True):
            start = float(np.floor(a / cell_deg)) * cell_deg
            e = start + cell_deg * np.arange(max(1, int(np.ceil((b - start) / cell_deg))) + 1)
            edges.append(e if e[-1] >= b else np.append(e, b))
        self.xs, self.ys = edges
        nx, ny = len(self.xs) - 1, len(self.ys) - 1
        self.ny = ny
        cells, which, full = [], [], []
        for k in used:
            g, (bx0, by0, bx1, by1) = self.geoms[k], bounds[k]
            # every cell a point of the bounding box can be put in (a point on the last edge: the last cell)
            ix = np.arange(
                min(nx - 1, np.searchsorted(self.xs, bx0, "right") - 1),
                min(nx, np.searchsorted(self.xs, bx1) + 1),
            )
            iy = np.arange(
                min(ny - 1, np.searchsorted(self.ys, by0, "right") - 1),
                min(ny, np.searchsorted(self.ys, by1) + 1),
            )
            gx, gy = (a.ravel() for a in np.meshgrid(ix, iy, indexing="ij"))
            boxes = shapely.box(self.xs[gx], self.ys[gy], self.xs[gx + 1], self.ys[gy + 1])
            touch = np.flatnonzero(shapely.intersects(g, boxes))
            cells.append(gx[touch] * ny + gy[touch])
            which.append(np.full(len(touch), k, dtype=np.int64))
            full.append(shapely.covers(g, boxes[touch]))
        cell = np.concatenate([np.zeros(0, dtype=np.int64), *cells])
        order = np.argsort(cell, kind="stable")  # by cell, then geometry (added in order)
        self.which = np.concatenate([np.zeros(0, dtype=np.int64), *which])[order]
        self.full = np.concatenate([np.zeros(0, dtype=bool), *full])[order]
        self.starts = np.searchsorted(cell[order], np.arange(nx * ny + 1))

    def pairs(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(point index, geometry index)`` of every geometry holding a point, by point then geometry."""
        ix = np.searchsorted(self.xs, x, "right") - 1
        iy = np.searchsorted(self.ys, y, "right") - 1
        # a point on the grid's last edge is in the last cell (cells are closed); beyond the grid, in none
        ix = np.where(x == self.xs[-1], len(self.xs) - 2, ix)
        iy = np.where(y == self.ys[-1], self.ny - 1, iy)
        on = np.flatnonzero((ix >= 0) & (ix < len(self.xs) - 1) & (iy >= 0) & (iy < self.ny))
        cell = ix[on] * self.ny + iy[on]
        first, counts = self.starts[cell], self.starts[cell + 1] - self.starts[cell]
        pi = np.repeat(on, counts)
        offsets = np.cumsum(counts) - counts
        slot = np.repeat(first - offsets, counts) + np.arange(len(pi))
        gi, full = self.which[slot], self.full[slot]
        test = np.flatnonzero(~full)
        keep = full
        keep[test] = shapely.intersects_xy(self.geoms[gi[test]], x[pi[test]], y[pi[test]])
        return pi[keep], gi[keep]


#: Points measured at once by :meth:`NearestIndex.feet` (their pairs with segments stay in the cache).
_FEET_CHUNK = 2048


class NearestIndex:
    """The nearest point of a (multi)line to many points: what ``shapely.shortest_line(line, point)`` gives,
    computed with GEOS's own formulas in numpy on a few candidate segments per point.

    A grid of ``cell_m`` cells (projected metres) over the line's bounds widened by ``margin_m`` keeps,
    per cell, the segments that can be nearest to a point in it: those no farther from the cell's centre
    than the nearest one is plus the cell's diagonal (a point in the cell is within half of it from the
    centre, so its nearest segment is at most that much farther from the centre than the centre's own).
    Each point is then measured against its cell's segments as GEOS measures (``Distance::pointToSegment``,
    ``LineSegment::closestPoint``), the first of equally near segments winning; points beyond the grid, or
    not finite, are left to GEOS on the whole prepared line.
    """

    def __init__(
        self, line: shapely.Geometry, cell_m: float = 50_000.0, margin_m: float = 1_000_000.0
    ) -> None:
        self.line = line
        shapely.prepare(line)
        a, b = [], []
        for piece in shapely.get_parts(line):
            xy = shapely.get_coordinates(piece)
            a.append(xy[:-1])
            b.append(xy[1:])
        self.a, self.b = np.concatenate(a), np.concatenate(b)
        x0, y0, x1, y1 = shapely.bounds(line)
        self.xs = np.arange(x0 - margin_m, x1 + margin_m + cell_m, cell_m)
        self.ys = np.arange(y0 - margin_m, y1 + margin_m + cell_m, cell_m)
        self.ny = ny = len(self.ys) - 1
        cy = 0.5 * (self.ys[:-1] + self.ys[1:])[:, None]
        reach = math.hypot(cell_m, cell_m) * (1 + 1e-9) + 1.0  # the diagonal, and a metre for rounding
        d = self.b - self.a
        dd = np.maximum((d * d).sum(axis=1), 1e-300)
        segs = []
        for x in 0.5 * (self.xs[:-1] + self.xs[1:]):  # one column of cells at a time
            t = np.clip(((x - self.a[:, 0]) * d[:, 0] + (cy - self.a[:, 1]) * d[:, 1]) / dd, 0.0, 1.0)
            dist = np.hypot(x - (self.a[:, 0] + t * d[:, 0]), cy - (self.a[:, 1] + t * d[:, 1]))
            row, seg = np.nonzero(dist <= dist.min(axis=1, keepdims=True) + reach)
            segs.append((row, seg))
        counts = np.concatenate([np.bincount(r, minlength=ny) for r, _ in segs])
        self.starts = np.concatenate([[0], np.cumsum(counts)])
        self.segs = np.concatenate([s for _, s in segs])  # by cell (column-major), then segment

    def feet(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``(n, 2)``: the line's nearest point to each projected point ``x, y`` (NaN where there is none)."""
        ix = np.searchsorted(self.xs, x, "right") - 1
        iy = np.searchsorted(self.ys, y, "right") - 1
        grid = (ix >= 0) & (ix < len(self.xs) - 1) & (iy >= 0) & (iy < self.ny)
        out = np.empty((len(x), 2))
        near, far = np.flatnonzero(grid), np.flatnonzero(~grid)
        cell = ix[near] * self.ny + iy[near]
        for i in range(0, len(near), _FEET_CHUNK):
            part = near[i : i + _FEET_CHUNK]
            out[part] = self._feet(x[part], y[part], cell[i : i + _FEET_CHUNK])
        if len(far):
            shortest = shapely.shortest_line(self.line, shapely.points(x[far], y[far]))
            ends = shapely.get_coordinates(shortest)
            out[far] = (
                ends[0::2]
                if len(ends) == 2 * len(far)
                else shapely.get_coordinates(shapely.get_point(shortest, 0))
            )
        return out

    def _feet(self, x: np.ndarray, y: np.ndarray, cell: np.ndarray) -> np.ndarray:
        """The nearest points to ``x, y`` among the segments of their grid cells ``cell``."""
        first, counts = self.starts[cell], self.starts[cell + 1] - self.starts[cell]
        group = np.repeat(np.arange(len(x)), counts)
        offsets = np.cumsum(counts) - counts
        seg = self.segs[np.repeat(first - offsets, counts) + np.arange(len(group))]
        px, py = x[group], y[group]
        ax, ay, bx, by = self.a[seg, 0], self.a[seg, 1], self.b[seg, 0], self.b[seg, 1]
        dx, dy = bx - ax, by - ay
        len2 = dx * dx + dy * dy
        with np.errstate(divide="ignore", invalid="ignore"):
            r = ((px - ax) * dx + (py - ay) * dy) / len2
            s = ((ay - py) * dx - (ax - px) * dy) / len2
        to_a = np.sqrt((px - ax) * (px - ax) + (py - ay) * (py - ay))
        to_b = np.sqrt((px - bx) * (px - bx) + (py - by) * (py - by))
        # Distance::pointToSegment, then LineSegment::closestPoint on the first nearest segment
        dist = np.where(
            len2 == 0.0, to_a, np.where(r <= 0.0, to_a, np.where(r >= 1.0, to_b, np.abs(s) * np.sqrt(len2)))
        )
        best = np.minimum.reduceat(dist, offsets)
        hit = np.flatnonzero(dist == best[group])
        k = hit[np.searchsorted(group[hit], np.arange(len(x)))]
        inner = (r[k] > 0.0) & (r[k] < 1.0) & (len2[k] > 0.0)
        end_a = to_a[k] < to_b[k]
        fx = np.where(inner, ax[k] + r[k] * dx[k], np.where(end_a, ax[k], bx[k]))
        fy = np.where(inner, ay[k] + r[k] * dy[k], np.where(end_a, ay[k], by[k]))
        return np.column_stack([fx, fy])


@dataclass(frozen=True, slots=True)
class _Country:
    lines: np.ndarray  # pieces of the EEZ line, projected (LCC, metres)
    line_tree: shapely.STRtree
    lines_lonlat: np.ndarray  # the same pieces in lon/lat
    line_p: shapely.Geometry  # the whole line, projected, prepared (one nearest-point call for many points)
    nearest: NearestIndex  # the same line's nearest points, by grid cell
    filled_tree: shapely.STRtree  # parts of the 200 NM area with island holes filled, lon/lat
    #: the zones, then the land, then the parts of ``filled_tree``: which hold each of many points
    cells: CellIndex
    #: per zone: 1 a joint regime, 2 an overlapping claim, 3 a 200 NM zone of this country; else 0
    own_kind: np.ndarray
    parts_p_tree: shapely.STRtree  # parts of the 200 NM area, projected


class ZoneIndex:
    """EEZ features (and optionally land) with spatial indexes; build once, query many times.

    Parameters
    ----------
    eez : dict
        The EEZ FeatureCollection (fields as in World EEZ v11).
    land : dict, optional
        A land FeatureCollection (Natural Earth); without it nothing is "on land".
    """

    def __init__(self, eez: dict[str, Any], land: dict[str, Any] | None = None) -> None:
        feats = eez["features"]
        self.hits = [ZoneHit.from_properties(f["properties"]) for f in feats]
        self.geoms = np.array([shapely.make_valid(shape(f["geometry"])) for f in feats], dtype=object)
        shapely.prepare(self.geoms)
        self.tree = shapely.STRtree(self.geoms)
        self.cells = CellIndex(self.geoms)
        land_geoms = []
        for f in (land or {}).get("features", []):
            g = shape(f["geometry"])
            if g.intersects(_REGION):
                land_geoms.extend(shapely.get_parts(shapely.make_valid(g).intersection(_REGION.buffer(1.0))))
        self.land = np.array([g for g in land_geoms if g.area > 0], dtype=object)
        self.land_tree = shapely.STRtree(self.land)
        self._countries: dict[str, _Country] = {}

    def country(self, iso3: str) -> _Country:
        """The 200 NM zones of ``iso3`` and their EEZ line (cached)."""
        if iso3 not in self._countries:
            self._countries[iso3] = self._build_country(iso3)
        return self._countries[iso3]

    def _build_country(self, iso3: str) -> _Country:
        own = [i for i, h in enumerate(self.hits) if h.kind == "200 NM" and iso3 in h.sovereigns]
        if not own:
            known = sorted({s for h in self.hits for s in h.sovereigns})
            raise ValueError(
                f"no 200 NM zone for country {iso3!r} in the EEZ layer; known: {', '.join(known)}"
            )
        others = np.array([g for i, g in enumerate(self.geoms) if i not in own], dtype=object)
        other_tree = shapely.STRtree(others)
        filled = []
        for part in shapely.get_parts(shapely.union_all(self.geoms[own])):
            keep = []  # holes shared with another zone are real boundaries; the rest are islands
            for ring in part.interiors:
                hole = shapely.Polygon(ring)
                near = others[other_tree.query(hole, predicate="intersects")]
                if any(hole.intersection(g).area > 1e-6 for g in near):
                    keep.append(ring)
            filled.append(shapely.Polygon(part.exterior, keep))
        area = shapely.union_all(filled)
        mask = _REGION.exterior.buffer(1e-3)
        near_land = self.land[self.land_tree.query(area.buffer(0.1), predicate="intersects")]
        if len(near_land):
            mask = mask.union(shapely.union_all(near_land).buffer(0.03))
        line = shapely.line_merge(area.boundary.difference(mask))
        pieces = _chunks(line, 64)
        projected = shapely.transform(pieces, to_lcc, interleaved=False)
        parts_p = shapely.transform(
            shapely.get_parts(shapely.union_all(self.geoms[own])), to_lcc, interleaved=False
        )
        line_p = shapely.multilinestrings(projected)
        shapely.prepare(line_p)  # GEOS indexes its segments once: nearest points in one vectorised call
        return _Country(
            lines=projected,
            line_tree=shapely.STRtree(projected),
            lines_lonlat=pieces,
            line_p=line_p,
            nearest=NearestIndex(line_p),
            filled_tree=shapely.STRtree(shapely.get_parts(area)),
            cells=CellIndex(np.concatenate([self.geoms, self.land, shapely.get_parts(area)])),
            own_kind=np.array(
                [
                    {"joint regime": 1, "overlapping claim": 2, "200 NM": 3}[h.kind]
                    if iso3 in h.sovereigns
                    else 0
                    for h in self.hits
                ],
                dtype=np.int8,
            ),
            parts_p_tree=shapely.STRtree(parts_p),
        )


def to_lcc(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return LCC.transform(x, y)


def _chunks(line: shapely.Geometry, n: int) -> np.ndarray:
    """Split a (multi)line into pieces of at most ``n`` vertices, for a nearest-piece index."""
    out = []
    for part in shapely.get_parts(line):
        xy = shapely.get_coordinates(part)
        for i in range(0, len(xy) - 1, n - 1):
            seg = xy[i : i + n]
            if len(seg) >= 2:
                out.append(shapely.LineString(seg))
    return np.array(out, dtype=object)


def zone_index() -> ZoneIndex:
    """The index from layers ``eez`` and ``land``: their full files, else the regional defaults shipped
    in the package (raises LayerMissingError when neither is there).

    Built once per pair of files (and their modification times), so a download or another
    ``TRAJMAP_DATA_DIR`` takes effect at the next call.
    """
    eez, land = layers.resolve("eez"), layers.resolve("land")
    return _zone_index(str(eez), eez.stat().st_mtime_ns, str(land), land.stat().st_mtime_ns)


@functools.lru_cache(maxsize=2)
def _zone_index(_eez: str, _eez_mtime: int, _land: str, _land_mtime: int) -> ZoneIndex:
    return ZoneIndex(layers.load_geojson("eez"), layers.load_geojson("land"))
