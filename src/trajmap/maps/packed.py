"""Polygons packed as binary for a canvas that draws them itself: the basemap's land, the EEZ overlay.

Drawn from GeoJSON, Leaflet turns every vertex of the land (some 29,000) and of the EEZ overlay (some
10,000) into objects, projects each one, and keeps them all: on opening a map that was most of the main
thread's time spent on the reference layers (issue 12's navigation budget). A packed layer's vertices
are already projected (Web Mercator, as fractions of the world's width: Leaflet's own projection at
zoom 0 divided by 256) and stored as little-endian float32, so the browser reads them with no parsing,
and a small canvas layer draws them at the map's scale, leaving out vertices less than half a pixel
from the last one drawn and features outside the view (for the land, once for each copy of the world
the view shows, as a tile basemap repeats).

The layout (every number little-endian, every section a multiple of 4 bytes)::

    "TJP1"                       magic
    u32 n_features, n_rings, n_points, n_style_bytes
    styles                       JSON list of Leaflet path options, padded with spaces
    u32 feature_ring[n_features + 1]   first ring of each feature (and the end)
    u32 ring_point[n_rings + 1]        first point of each ring (and the end)
    u32 feature_style[n_features]      index in styles
    f32 xy[2 * n_points]               x, y of each point (0..1 west to east, north to south)

A feature's rings (polygons' outer rings and holes) are filled together with the even-odd rule. The
styles use Leaflet's names (``color``, ``weight``, ``opacity``, ``fillColor``, ``fillOpacity``,
``dashArray``) and come from the code, not from the data: a feature carries only the index of its style.
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from trajmap.geodesy import LEAFLET_MAX_LATITUDE, mercator_y

__all__ = [
    "MAGIC",
    "MAX_LAT",
    "Packed",
    "mercator_xy",
    "pack_polygons",
    "styles_by",
    "unpack_polygons",
]

MAGIC = b"TJP1"
#: Web Mercator's limit (Leaflet's ``SphericalMercator.MAX_LATITUDE``): points beyond it are put on it.
MAX_LAT = LEAFLET_MAX_LATITUDE
_HEADER = struct.Struct("<4s4I")

Style = dict[str, Any]


def mercator_xy(lon_deg: np.ndarray, lat_deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator of degrees as fractions of the world's width: x = 0 at 180 W, y = 0 at the top.

    >>> [round(float(v), 6) for v in np.concatenate(mercator_xy(np.array([0.0, 90.0]), np.array([0.0, 0.0])))]
    [0.5, 0.75, 0.5, 0.5]
    """
    x = (np.asarray(lon_deg, dtype=float) + 180.0) / 360.0
    return x, 0.5 - mercator_y(lat_deg) / (2 * math.pi)


def _polygons(geometry: Mapping[str, Any] | None) -> Iterator[list[Any]]:
    if not geometry:
        return
    kind = geometry.get("type")
    if kind == "Polygon":
        yield geometry["coordinates"]
    elif kind == "MultiPolygon":
        yield from geometry["coordinates"]
    elif kind == "GeometryCollection":  # as shapely's make_valid may give: its polygons, no lines or points
        for g in geometry.get("geometries", []):
            if g and g.get("type") in ("Polygon", "MultiPolygon", "GeometryCollection"):
                yield from _polygons(g)
    else:
        raise ValueError(f"a packed layer draws polygons, not {kind!r}")


def _ring(ring: Any) -> np.ndarray:
    a = np.asarray(ring, dtype=float)
    return a[:, :2] if a.ndim == 2 and a.shape[1] >= 2 else np.zeros((0, 2))


def styles_by(base: Style, rules: Mapping[str, Any] | None = None) -> Callable[[Mapping[str, Any]], Style]:
    """A feature's style from its properties: ``base``, with ``rules`` applied in order.

    A rule ``"fill": ["color", "fillColor"]`` sets those options to the feature's ``fill`` (a string); a rule
    ``"dashed": {"dashArray": "5 4"}`` adds those options to features whose ``dashed`` is true.

    >>> style = styles_by({"weight": 1}, {"fill": ["color"], "dashed": {"dashArray": "5 4"}})
    >>> style({"fill": "#f00", "dashed": 1})
    {'weight': 1, 'color': '#f00', 'dashArray': '5 4'}
    """
    rules = dict(rules or {})

    def style(props: Mapping[str, Any]) -> Style:
        out = dict(base)
        for key, rule in rules.items():
            value = props.get(key)
            if isinstance(rule, list | tuple):
                if isinstance(value, str):
                    out.update(dict.fromkeys(rule, value))
            elif value:
                out.update(rule)
        return out

    return style


@dataclass(frozen=True, slots=True)
class Packed:
    """What :func:`unpack_polygons` reads back: per feature its rings of (x, y) and its style."""

    styles: list[Style]
    features: list[tuple[list[np.ndarray], int]]


def pack_polygons(fc: Mapping[str, Any], style: Callable[[Mapping[str, Any]], Style]) -> bytes:
    """``fc``'s polygons in the packed layout (module docstring), each feature styled by ``style`` of its
    properties (equal styles share one entry). Only geometry and styles reach the bytes: no name or
    other property of a feature does."""
    styles: list[Style] = []
    style_index: dict[str, int] = {}
    feature_ring, ring_point, feature_style = [0], [0], []
    chunks: list[np.ndarray] = []
    n_points = 0
    for f in fc.get("features", []):
        rings = [
            np.asarray(ring, dtype=float)[:, :2] for poly in _polygons(f.get("geometry")) for ring in poly
        ]
        rings = [r for r in rings if len(r) >= 3]
        if not rings:
            continue
        for r in rings:
            chunks.append(r)
            n_points += len(r)
            ring_point.append(n_points)
        feature_ring.append(len(ring_point) - 1)
        s = style(f.get("properties") or {})
        key = json.dumps(s, sort_keys=True)
        if key not in style_index:
            style_index[key] = len(styles)
            styles.append(s)
        feature_style.append(style_index[key])
    lonlat = np.concatenate(chunks) if chunks else np.zeros((0, 2))
    x, y = mercator_xy(lonlat[:, 0], lonlat[:, 1])
    text = json.dumps(styles, separators=(",", ":"), ensure_ascii=True, allow_nan=False).encode()
    text += b" " * (-len(text) % 4)
    n_features, n_rings = len(feature_style), len(ring_point) - 1
    return b"".join(
        [
            _HEADER.pack(MAGIC, n_features, n_rings, n_points, len(text)),
            text,
            np.asarray(feature_ring, dtype="<u4").tobytes(),
            np.asarray(ring_point, dtype="<u4").tobytes(),
            np.asarray(feature_style, dtype="<u4").tobytes(),
            np.column_stack([x, y]).astype("<f4").tobytes(),
        ]
    )


def unpack_polygons(data: bytes) -> Packed:
    """Read :func:`pack_polygons`'s bytes back (what the map's script reads), checking their layout."""
    if len(data) < _HEADER.size:
        raise ValueError("not a packed polygon layer: too short")
    magic, n_features, n_rings, n_points, n_text = _HEADER.unpack_from(data)
    if magic != MAGIC:
        raise ValueError(f"not a packed polygon layer: magic {magic!r}")
    off = _HEADER.size
    styles = json.loads(data[off : off + n_text])
    off += n_text

    def u32(n: int) -> np.ndarray:
        nonlocal off
        a = np.frombuffer(data, dtype="<u4", count=n, offset=off)
        off += 4 * n
        return a

    feature_ring, ring_point, feature_style = u32(n_features + 1), u32(n_rings + 1), u32(n_features)
    xy = np.frombuffer(data, dtype="<f4", count=2 * n_points, offset=off).reshape(-1, 2)
    if off + 8 * n_points != len(data):
        raise ValueError(f"packed polygon layer of {len(data)} bytes, its counts say {off + 8 * n_points}")
    features = [
        ([xy[ring_point[r] : ring_point[r + 1]] for r in range(feature_ring[i], feature_ring[i + 1])], int(s))
        for i, s in enumerate(feature_style)
    ]
    return Packed(styles, features)
