"""Getting a reference layer's file: checking it, clipping it, writing it atomically, downloading it.

These are the internals of :func:`trajmap.layers.ensure` and :func:`trajmap.layers.importer.import_file`:
:func:`validate` rejects anything that is not a plausible FeatureCollection for the layer, :func:`clip`
cuts a layer to its region, :func:`write_atomic` never leaves a half-written file, and :func:`fetch`
streams a download, turning network failures into :class:`~trajmap.layers.registry.LayerMissingError` or
:class:`~trajmap.layers.registry.LayerDownloadError`.
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from trajmap.layers.registry import (
    Layer,
    LayerDownloadError,
    LayerInvalidError,
    LayerMissingError,
    data_dir,
    missing_message,
)

__all__ = ["Progress", "text_progress"]

Progress = Callable[[int, int | None], None]


# --------------------------------------------------------------------------------------------------------
# Validation and transformation
# --------------------------------------------------------------------------------------------------------


def validate(layer: Layer, data: Any, source: str) -> dict[str, Any]:
    """Check ``data`` is a plausible FeatureCollection for ``layer``; return it or raise LayerInvalidError."""
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        kind = data.get("type") if isinstance(data, dict) else type(data).__name__
        raise LayerInvalidError(f"{layer.name}: {source} is not a GeoJSON FeatureCollection (got {kind!r})")
    features = data.get("features")
    if not isinstance(features, list):
        raise LayerInvalidError(f"{layer.name}: {source} has no 'features' list")
    n = len(features)
    if not layer.min_features <= n <= layer.max_features:
        raise LayerInvalidError(
            f"{layer.name}: {source} has {n} features, expected {layer.min_features}-{layer.max_features}"
        )
    required = {f.upper() for f in layer.required_fields}
    for i, feat in enumerate(features):
        props = feat.get("properties") if isinstance(feat, dict) else None
        if not isinstance(props, dict) or not isinstance(feat.get("geometry"), dict):
            raise LayerInvalidError(f"{layer.name}: {source} feature {i} lacks properties or geometry")
        missing = required - {k.upper() for k in props}
        if missing:
            raise LayerInvalidError(f"{layer.name}: {source} feature {i} lacks fields {sorted(missing)}")
    return data


def clip(layer: Layer, data: dict[str, Any]) -> dict[str, Any]:
    """Clip features to ``layer.bbox`` (dropping those outside) and upper-case property names."""
    if layer.bbox is None:
        return data
    import shapely
    from shapely.geometry import box, mapping, shape

    frame = box(*layer.bbox)
    out = []
    for feat in data["features"]:
        geom = shapely.make_valid(shape(feat["geometry"]))
        if not geom.intersects(frame):
            continue
        if not frame.contains(geom):
            geom = geom.intersection(frame)
        polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
        if not polys or all(p.is_empty for p in polys):
            continue
        props = {k.upper(): v for k, v in feat["properties"].items()}
        out.append({"type": "Feature", "properties": props, "geometry": mapping(shapely.union_all(polys))})
    return {"type": "FeatureCollection", "name": layer.name, "features": out}


def write_atomic(target: Path, data: dict[str, Any]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, separators=(",", ":"))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --------------------------------------------------------------------------------------------------------
# Download
# --------------------------------------------------------------------------------------------------------


def text_progress(label: str, stream: Any = None) -> Progress:
    """A progress callback that draws a one-line text bar on ``stream`` (stderr by default)."""
    out = stream if stream is not None else sys.stderr

    def report(done: int, total: int | None) -> None:
        mb = done / 1e6
        if total:
            frac = min(1.0, done / total)
            bar = "#" * int(frac * 30)
            out.write(f"\r{label:<12} [{bar:<30}] {mb:7.1f} / {total / 1e6:.1f} MB")
        else:
            out.write(f"\r{label:<12} {mb:7.1f} MB")
        out.flush()

    return report


def fetch(layer: Layer, url: str, part: Path, progress: Progress | None, timeout_s: float) -> None:
    """Stream ``url`` into ``part``; raise LayerMissingError (no connection) or LayerDownloadError."""
    target = data_dir() / layer.filename
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"{layer.name}: only http(s) downloads are supported, got {url!r}")
    headers = {"User-Agent": "trajmap (reference-layer download)"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (scheme checked above)
    try:
        response = urllib.request.urlopen(request, timeout=timeout_s)  # noqa: S310 (scheme checked above)
    except urllib.error.HTTPError as exc:
        raise LayerDownloadError(f"{layer.name}: {url} answered HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise LayerMissingError(missing_message(layer, target, f"cannot reach {url} ({reason})")) from exc
    with response:
        length = response.headers.get("Content-Length")
        total = int(length) if length and length.isdigit() else None
        done = 0
        try:
            with part.open("wb") as fh:
                while chunk := response.read(1 << 16):
                    fh.write(chunk)
                    done += len(chunk)
                    if progress is not None:
                        progress(done, total)
        except (OSError, http.client.HTTPException) as exc:
            msg = f"{layer.name}: transfer from {url} failed after {done} bytes: {exc}"
            raise LayerDownloadError(msg) from exc
    if total is not None and done != total:
        raise LayerDownloadError(f"{layer.name}: {url} sent {done} of {total} bytes, then closed")
