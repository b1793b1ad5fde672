"""The region's EEZ polygons for the map: simplified, rounded and colour-coded by sovereign."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import mapping

from trajmap import layers
from trajmap.zones.index import ZoneIndex, zone_index

__all__ = ["eez_overlay_geojson"]

_FILL = {"JPN": "#d62728", "KOR": "#1f77b4", "PRK": "#9467bd", "CHN": "#ff7f0e", "RUS": "#2ca02c",
         "TWN": "#17becf", "PHL": "#bcbd22", "USA": "#8c564b"}  # fmt: skip
_FILL_OTHER, _FILL_JOINT, _FILL_CLAIM = "#7f7f7f", "#e377c2", "#111111"


def _drop_specks(geom: shapely.Geometry, min_area_deg2: float) -> shapely.Geometry:
    """Remove parts and holes (islets) smaller than ``min_area_deg2``: invisible at display scale."""
    polys = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon) and part.area >= min_area_deg2:
            holes = [r for r in part.interiors if shapely.Polygon(r).area >= min_area_deg2]
            polys.append(shapely.Polygon(part.exterior, holes))
    return shapely.MultiPolygon(polys) if len(polys) > 1 else polys[0] if polys else shapely.Polygon()


def eez_overlay_geojson(
    tolerance_deg: float = 0.05,
    decimals: int = 3,
    min_area_deg2: float = 0.005,
    *,
    index: ZoneIndex | None = None,
) -> dict[str, Any]:
    """The region's EEZ polygons for display: simplified (shared edges kept shared), rounded, colour-coded.

    Parameters
    ----------
    tolerance_deg : float
        Simplification tolerance in degrees (shapely ``coverage_simplify``: edges shared by two zones are
        simplified once, so neighbours still meet).
    decimals : int
        Decimal places kept in coordinates (3 is about 100 m).
    min_area_deg2 : float
        Parts and island holes smaller than this (square degrees; 0.005 is about 50 km2) are dropped.

    Returns
    -------
    dict
        A FeatureCollection with ``(lon, lat)`` coordinates; properties ``MRGID, GEONAME, kind, sovereigns,
        fill`` and ``dashed`` (True for joint regimes and overlapping claims, which also get their own fill
        colours, since Leaflet cannot hatch).
    """
    idx = index or zone_index()
    simple = shapely.coverage_simplify(idx.geoms, tolerance_deg, simplify_boundary=True)
    simple = shapely.set_precision(simple, 10.0**-decimals, mode="valid_output")
    feats = []
    for hit, simplified in zip(idx.hits, simple, strict=True):
        geom = _drop_specks(simplified, min_area_deg2)
        if geom.is_empty:
            continue
        if hit.kind == "joint regime":
            fill = _FILL_JOINT
        elif hit.kind == "overlapping claim":
            fill = _FILL_CLAIM
        else:
            fill = _FILL.get(hit.sovereigns[0], _FILL_OTHER)
        sov = list(hit.sovereigns)
        props = {"MRGID": hit.mrgid, "GEONAME": hit.name, "kind": hit.kind, "sovereigns": sov, "fill": fill,
                 "dashed": hit.kind != "200 NM"}  # fmt: skip
        feats.append({"type": "Feature", "properties": props, "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": feats, "attribution": layers.LAYERS["eez"].attribution}
