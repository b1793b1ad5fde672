"""Reference layers (EEZ, land, countries, coastline), fetched from their publishers and cached locally.

Nothing here is shipped with the package: each :class:`Layer` knows its publisher, version, licence, the
attribution the map shows and the URL it is downloaded from. Files live in :func:`data_dir` (the
``TRAJMAP_DATA_DIR`` environment variable, else the user cache directory) under :attr:`Layer.filename`.

>>> LAYERS["eez"].filename
'eez/eez_v11_lon100-180_lat-5-60.geojson'
>>> sorted(LAYERS)
['coastline', 'countries', 'countries110', 'eez', 'land']

Fetch what is missing from a shell with ``python -m trajmap.layers download`` and see what is there with
``python -m trajmap.layers status``.
"""

from __future__ import annotations

import argparse
import functools
import http.client
import json
import os
import sys
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import platformdirs

__all__ = [
    "DATA_DIR_ENV",
    "LAYERS",
    "Layer",
    "LayerDependencyError",
    "LayerDownloadError",
    "LayerError",
    "LayerInvalidError",
    "LayerMissingError",
    "LayerStatus",
    "available",
    "data_dir",
    "ensure",
    "import_file",
    "load_geojson",
    "main",
    "path",
    "status",
    "text_progress",
]

#: Environment variable naming the folder that holds the layer files (overrides the user cache dir).
DATA_DIR_ENV = "TRAJMAP_DATA_DIR"
#: The command that fetches missing layers; every "missing" message names it.
DOWNLOAD_COMMAND = "python -m trajmap.layers download"

Progress = Callable[[int, int | None], None]
BBox = tuple[float, float, float, float]

_NE = "https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson"
_NE_ATTRIBUTION = "Made with Natural Earth"
_EEZ_BBOX: BBox = (100.0, -5.0, 180.0, 60.0)
_COUNTRY_FIELDS = ("ADMIN", "ISO_A3", "ADM0_A3")


class LayerError(Exception):
    """Base class: a reference layer could not be provided."""


class LayerMissingError(LayerError):
    """The layer is not cached and could not be downloaded (offline, or downloads disabled)."""


class LayerDownloadError(LayerError):
    """The server answered but the transfer failed (HTTP error, connection cut mid-file)."""


class LayerInvalidError(LayerError):
    """The file arrived but is not the expected GeoJSON (bad JSON, wrong fields, implausible size)."""


class LayerDependencyError(LayerError, ImportError):
    """Reading this file format needs an optional package that is not installed."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One reference layer and how to get and check it.

    Attributes
    ----------
    name : str
        Registry key (``"eez"``, ``"land"``, ...).
    title, publisher, version, licence : str
        What it is and who publishes it under which terms.
    attribution : str
        The credit line the map shows.
    url : str
        Download URL (GeoJSON).
    filename : str
        Path of the cached file relative to :func:`data_dir`.
    kind : str
        Geometry kind: ``"polygons"`` or ``"lines"``.
    required_fields : tuple of str
        Property names every feature must carry (compared case-insensitively).
    min_features, max_features : int
        Plausible feature count; outside it the file is rejected.
    bbox : tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)`` the cached file is clipped to, or None to keep it whole.
    """

    name: str
    title: str
    publisher: str
    version: str
    licence: str
    attribution: str
    url: str
    filename: str
    kind: str
    required_fields: tuple[str, ...]
    min_features: int
    max_features: int
    bbox: BBox | None = None


def _ne(
    name: str, title: str, scale: str, theme: str, kind: str, fields: tuple[str, ...], lo: int, hi: int
) -> Layer:
    return Layer(
        name=name,
        title=title,
        publisher="Natural Earth (naturalearthdata.com)",
        version="5.x (nvkelso/natural-earth-vector master)",
        licence="public domain",
        attribution=_NE_ATTRIBUTION,
        url=f"{_NE}/ne_{scale}_{theme}.geojson",
        filename=f"naturalearth/ne_{scale}_{theme}.geojson",
        kind=kind,
        required_fields=fields,
        min_features=lo,
        max_features=hi,
    )


#: The registry of reference layers, by name.
LAYERS: dict[str, Layer] = {
    "eez": Layer(
        name="eez",
        title="World EEZ v11 (East Asia and West Pacific: lon 100-180, lat -5-60)",
        publisher="Flanders Marine Institute (VLIZ), Marine Regions",
        version="11 (2019-11-18); the WFS serves the publisher's current release",
        licence="CC BY 4.0",
        attribution=(
            "EEZ: Flanders Marine Institute (2019), Maritime Boundaries Geodatabase v11, marineregions.org, "
            "CC BY 4.0 — not a legal boundary"
        ),
        url=(
            "https://geo.vliz.be/geoserver/MarineRegions/wfs?service=WFS&version=1.0.0&request=GetFeature"
            "&typeName=MarineRegions:eez&outputFormat=application/json&bbox=100,-5,180,60"
        ),
        filename="eez/eez_v11_lon100-180_lat-5-60.geojson",
        kind="polygons",
        required_fields=("MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1"),
        min_features=10,
        max_features=500,
        bbox=_EEZ_BBOX,
    ),
    "land": _ne("land", "Natural Earth 1:50m land", "50m", "land", "polygons", ("featurecla",), 1000, 3000),
    "countries": _ne(
        "countries",
        "Natural Earth 1:50m admin 0 countries",
        "50m",
        "admin_0_countries",
        "polygons",
        _COUNTRY_FIELDS,
        200,
        300,
    ),
    "countries110": _ne(
        "countries110",
        "Natural Earth 1:110m admin 0 countries",
        "110m",
        "admin_0_countries",
        "polygons",
        _COUNTRY_FIELDS,
        150,
        250,
    ),
    "coastline": _ne(
        "coastline", "Natural Earth 1:50m coastline", "50m", "coastline", "lines", ("featurecla",), 1000, 3000
    ),
}


@dataclass(frozen=True, slots=True)
class LayerStatus:
    """Whether a layer is available locally, for the app to show what is missing."""

    name: str
    title: str
    available: bool
    path: Path
    attribution: str


def _layer(name: str) -> Layer:
    try:
        return LAYERS[name]
    except KeyError:
        raise ValueError(f"unknown layer {name!r}; known layers: {', '.join(sorted(LAYERS))}") from None


def data_dir() -> Path:
    """The folder holding layer files: ``$TRAJMAP_DATA_DIR`` if set, else the user cache dir."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_cache_dir("trajmap"))


def path(name: str) -> Path:
    """Where layer ``name`` is (or would be) cached."""
    return data_dir() / _layer(name).filename


def available(name: str) -> bool:
    """True when layer ``name`` is cached locally."""
    return path(name).is_file()


def _missing_message(layer: Layer, target: Path, reason: str) -> str:
    return (
        f"Reference layer {layer.name!r} ({layer.title}) is not available: {reason}. "
        f"Fetch it from {layer.publisher} with `{DOWNLOAD_COMMAND} {layer.name}`, or set {DATA_DIR_ENV} "
        f"to a folder that holds {layer.filename} (looked for {target})."
    )


# --------------------------------------------------------------------------------------------------------
# Validation and transformation
# --------------------------------------------------------------------------------------------------------


def _validate(layer: Layer, data: Any, source: str) -> dict[str, Any]:
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


def _clip(layer: Layer, data: dict[str, Any]) -> dict[str, Any]:
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


def _write_atomic(target: Path, data: dict[str, Any]) -> None:
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


def _fetch(layer: Layer, url: str, part: Path, progress: Progress | None, timeout_s: float) -> None:
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
        raise LayerMissingError(_missing_message(layer, target, f"cannot reach {url} ({reason})")) from exc
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


def ensure(
    name: str,
    *,
    download: bool = True,
    progress: Progress | None = None,
    url: str | None = None,
    timeout_s: float = 60.0,
) -> Path:
    """Return the local file of layer ``name``, downloading it first if it is missing.

    Parameters
    ----------
    name : str
        A key of :data:`LAYERS`.
    download : bool
        When False, never touch the network: a missing file raises :class:`LayerMissingError`.
    progress : callable, optional
        Called as ``progress(done_bytes, total_bytes_or_None)`` while downloading.
    url : str, optional
        Download from here instead of :attr:`Layer.url` (mirrors, tests).
    timeout_s : float
        Socket timeout in seconds.

    Raises
    ------
    LayerMissingError
        Not cached, and downloads are off or the server cannot be reached.
    LayerDownloadError
        The transfer failed (HTTP error, connection cut).
    LayerInvalidError
        What arrived is not a plausible FeatureCollection for this layer. Nothing is cached then.
    """
    layer = _layer(name)
    target = data_dir() / layer.filename
    if target.is_file():
        return target
    if not download:
        raise LayerMissingError(_missing_message(layer, target, f"no file at {target} and downloads are off"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LayerDownloadError(f"{layer.name}: cannot create {target.parent}: {exc}") from exc
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".download")
    os.close(fd)
    part = Path(tmp)
    try:
        _fetch(layer, url or layer.url, part, progress, timeout_s)
        try:
            with part.open("rb") as fh:
                data = json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            msg = f"{layer.name}: download from {url or layer.url} is not JSON: {exc}"
            raise LayerInvalidError(msg) from exc
        data = _validate(layer, data, "the download")
        if layer.bbox is not None:
            data = _validate(layer, _clip(layer, data), "the clipped download")
            _write_atomic(target, data)
        else:
            os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------------------------------------
# Import of a file the user downloaded
# --------------------------------------------------------------------------------------------------------


def _read_ogr(src: Path) -> dict[str, Any]:
    """Read a GeoPackage or shapefile into a FeatureCollection with pyogrio, else fiona."""
    from shapely import from_wkb
    from shapely.geometry import mapping

    try:
        import pyogrio
    except ImportError:
        pyogrio = None
    if pyogrio is not None:
        meta, _, geoms, fields = pyogrio.read(src)
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
    layer = _layer(name)
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
        _validate(replace(layer, min_features=1, max_features=10**6), data, str(src))
        data = _clip(layer, data)
    data = _validate(layer, data, str(src))
    target = data_dir() / layer.filename
    _write_atomic(target, data)
    return target


# --------------------------------------------------------------------------------------------------------
# Loading and status
# --------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _load_cached(file: str, mtime_ns: int) -> dict[str, Any]:
    with open(file, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_geojson(name: str) -> dict[str, Any]:
    """The parsed FeatureCollection of layer ``name`` (cached per path and mtime; do not mutate it).

    Raises :class:`LayerMissingError` when the layer is not cached; it never downloads.
    """
    target = ensure(name, download=False)
    return _load_cached(str(target), target.stat().st_mtime_ns)


def status() -> list[LayerStatus]:
    """Every registered layer with whether it is available and where it lives."""
    return [
        LayerStatus(name=n, title=x.title, available=available(n), path=path(n), attribution=x.attribution)
        for n, x in LAYERS.items()
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``download [NAME ...]``, ``status`` and ``import NAME FILE``."""
    parser = argparse.ArgumentParser(prog="python -m trajmap.layers", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    dl = sub.add_parser("download", help="download missing layers (all when no NAME is given)")
    dl.add_argument("names", nargs="*", metavar="NAME", help=f"one of: {', '.join(LAYERS)}")
    sub.add_parser("status", help="list layers and whether they are cached")
    imp = sub.add_parser("import", help="install a hand-downloaded file (GeoJSON; .gpkg/.shp need pyogrio)")
    imp.add_argument("name", metavar="NAME")
    imp.add_argument("file", metavar="FILE")
    args = parser.parse_args(argv)

    if args.command == "status":
        print(f"data dir: {data_dir()}  (set {DATA_DIR_ENV} to change)")
        for st in status():
            print(f"{st.name:<13} {'ok' if st.available else 'MISSING':<8} {st.path}")
        return 0
    try:
        if args.command == "import":
            print(import_file(args.name, args.file))
            return 0
        names = args.names or list(LAYERS)
        for name in names:
            _layer(name)
        failed = 0
        for name in names:
            try:
                target = ensure(name, progress=text_progress(name))
            except LayerError as exc:
                sys.stderr.write(f"\nerror: {exc}\n")
                failed += 1
            else:
                sys.stderr.write("\n")
                print(f"{name}: {target}")
        return 1 if failed else 0
    except (LayerError, ValueError, OSError) as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
