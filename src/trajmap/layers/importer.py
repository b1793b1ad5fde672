"""Installing a reference layer from a file the user downloaded (GeoJSON, GeoPackage or shapefile).

GeoJSON is read directly; GeoPackage and shapefile go through the optional ``pyogrio`` (or ``fiona``).
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from trajmap.layers.fetch import clip, validate, write_atomic
from trajmap.layers.registry import LayerDependencyError, LayerInvalidError, data_dir, get_layer

__all__ = ["import_file"]


def _read_ogr(src: Path) -> dict[str, Any]:
    """Read a GeoPackage or shapefile into a FeatureCollection with pyogrio, else fiona."""
    from shapely import from_wkb
    from shapely.geometry import mapping

    try:
        from pyogrio.raw import read as ogr_read
    except ImportError:
        ogr_read = None
    if ogr_read is not None:
        meta, _, geoms, fields = ogr_read(src)
        crs = str(meta.get("crs") or "EPSG:4326")
        if "4326" not in crs and "WGS 84" not in crs and "CRS84" not in crs:
            raise LayerInvalidError(f"{src}: expected lon/lat WGS84 (EPSG:4326), got CRS {crs}")
        names = list(meta["fields"])
        feats = [
            {
                "type": "Feature",
                "properties": {n: _plain(col[i]) for n, col in zip(names, fields, strict=True)},
                "geometry": mapping(from_wkb(g)),
            }
            for i, g in enumerate(geoms)
            if g is not None
        ]
        return {"type": "FeatureCollection", "features": feats}
    try:
        import fiona
    except ImportError:
        raise LayerDependencyError(
            f"reading {src.suffix} files needs the optional package pyogrio (`pip install pyogrio`) or "
            "fiona; alternatively export the file as GeoJSON and import that"
        ) from None
    with fiona.open(src) as coll:
        feats = [
            {"type": "Feature", "properties": dict(f["properties"]), "geometry": dict(f["geometry"])}
            for f in coll
            if f["geometry"] is not None
        ]
    return {"type": "FeatureCollection", "features": feats}


def _plain(value: Any) -> Any:
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def import_file(name: str, source: str | os.PathLike[str]) -> Path:
    """Install a file the user downloaded (e.g. World EEZ v11 from marineregions.org) as layer ``name``.

    GeoJSON is read directly; GeoPackage and shapefile need ``pyogrio`` (or ``fiona``). Features are
    clipped to the layer's region, validated, and written as the cached GeoJSON (atomically).

    Raises
    ------
    LayerDependencyError
        The format needs pyogrio/fiona and neither is installed.
    LayerInvalidError
        The file is not a plausible copy of the layer.
    """
    layer = get_layer(name)
    src = Path(source)
    if not src.is_file():
        raise FileNotFoundError(f"no such file: {src}")
    if src.suffix.lower() in (".geojson", ".json"):
        try:
            data = json.loads(src.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise LayerInvalidError(f"{layer.name}: {src} is not JSON: {exc}") from exc
    elif src.suffix.lower() in (".gpkg", ".shp", ".zip"):
        data = _read_ogr(src)
    else:
        msg = f"{layer.name}: unsupported file type {src.suffix!r} (use GeoJSON, .gpkg or .shp)"
        raise LayerInvalidError(msg)
    if layer.bbox is not None:
        # A world file holds far more features than the region's plausible range: check fields, then clip.
        validate(replace(layer, min_features=1, max_features=10**6), data, str(src))
        data = clip(layer, data)
    data = validate(layer, data, str(src))
    target = data_dir() / layer.filename
    write_atomic(target, data)
    return target
