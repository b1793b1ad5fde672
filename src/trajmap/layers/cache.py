"""Reference layers on this machine: ensure a layer is there (downloading it if allowed), load it, list
what is available, and the ``python -m trajmap.layers`` command."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trajmap.layers.fetch import Progress, clip, fetch, text_progress, validate, write_atomic
from trajmap.layers.importer import import_file
from trajmap.layers.registry import (
    DATA_DIR_ENV,
    LAYERS,
    LayerDownloadError,
    LayerError,
    LayerInvalidError,
    LayerMissingError,
    available,
    data_dir,
    get_layer,
    missing_message,
    path,
)

__all__ = ["LayerStatus", "ensure", "load_geojson", "main", "status"]


@dataclass(frozen=True, slots=True)
class LayerStatus:
    """Whether a layer is available locally, for the app to show what is missing."""

    name: str
    title: str
    available: bool
    path: Path
    attribution: str


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
    layer = get_layer(name)
    target = data_dir() / layer.filename
    if target.is_file():
        return target
    if not download:
        raise LayerMissingError(missing_message(layer, target, f"no file at {target} and downloads are off"))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LayerDownloadError(f"{layer.name}: cannot create {target.parent}: {exc}") from exc
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".download")
    os.close(fd)
    part = Path(tmp)
    try:
        fetch(layer, url or layer.url, part, progress, timeout_s)
        try:
            with part.open("rb") as fh:
                data = json.load(fh)
        except (ValueError, UnicodeDecodeError) as exc:
            msg = f"{layer.name}: download from {url or layer.url} is not JSON: {exc}"
            raise LayerInvalidError(msg) from exc
        data = validate(layer, data, "the download")
        if layer.bbox is not None:
            data = validate(layer, clip(layer, data), "the clipped download")
            write_atomic(target, data)
        else:
            os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return target


# --------------------------------------------------------------------------------------------------------
# Loading and status
# --------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _load_cached(file: str, _mtime_ns: int) -> dict[str, Any]:
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
            get_layer(name)
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
