"""A vector basemap that needs no tile server: Natural Earth countries, simplified for display.

>>> fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"ADMIN": "X"},
...       "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
>>> vector_basemap(fc)["features"][0]["properties"]
{'name': 'X'}
"""

from __future__ import annotations

from typing import Any

from shapely import affinity
from shapely.geometry import box, mapping, shape
from shapely.validation import make_valid

__all__ = ["vector_basemap"]


def _round(obj: Any, digits: int) -> Any:
    if isinstance(obj, float):
        return round(obj, digits)
    if isinstance(obj, list | tuple):
        return [_round(x, digits) for x in obj]
    return obj


def vector_basemap(
    countries: dict[str, Any],
    *,
    tolerance_deg: float = 0.05,
    digits: int = 3,
    min_area_deg2: float = 0.0,
    wrap_east_of_deg: float | None = None,
) -> dict[str, Any]:
    """Simplify a Natural Earth countries (or land) FeatureCollection for drawing under the map.

    Parameters
    ----------
    countries : dict
        GeoJSON FeatureCollection (``ADMIN`` or ``NAME`` property used as the name when present).
    tolerance_deg : float
        Douglas-Peucker tolerance in degrees (0.05 degrees is about 5 km: invisible at zooms <= 6).
    digits : int
        Decimals kept in coordinates.
    min_area_deg2 : float
        Polygons smaller than this are dropped.
    wrap_east_of_deg : float or None
        Land west of this longitude is also given shifted by +360 degrees, for a drawer that draws
        longitudes as given (Leaflet's GeoJSON layers), so that a map centred on the western Pacific
        shows the Americas east of the antimeridian. None (the default) gives none: trajmap's maps draw
        the land at every copy of the world in view (:func:`trajmap.maps.land_file`).
    """
    feats = []
    for f in countries.get("features", []):
        geom = f.get("geometry")
        if not geom:
            continue
        g = shape(geom)
        if not g.is_valid:
            g = make_valid(g)
        g = g.simplify(tolerance_deg, preserve_topology=True)
        if g.is_empty or g.area < min_area_deg2:
            continue
        props = f.get("properties") or {}
        name = props.get("ADMIN") or props.get("NAME") or props.get("name") or ""
        feats.append(
            {"type": "Feature", "properties": {"name": str(name)}, "geometry": _round(mapping(g), digits)}
        )
        if wrap_east_of_deg is not None and g.bounds[0] < wrap_east_of_deg:
            west = g.intersection(box(-180.0, -90.0, wrap_east_of_deg, 90.0))
            if not west.is_empty:
                shifted = affinity.translate(west, xoff=360.0)
                feats.append(
                    {
                        "type": "Feature",
                        "properties": {"name": str(name)},
                        "geometry": _round(mapping(shifted), digits),
                    }
                )
    return {"type": "FeatureCollection", "features": feats}
