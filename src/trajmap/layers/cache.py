"""Reference layers on this machine: ensure a layer is there (downloading it if allowed), load it (the full
file, else the small default shipped in the package), list what is available and what a page says about
it, and the ``python -m trajmap.layers`` command."""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trajmap.layers.fetch import Progress, clip, fetch, text_progress, validate, write_atomic
from trajmap.layers.importer import import_file
from trajmap.layers.registry import (
    DATA_DIR_ENV,
    DOWNLOAD_COMMAND,
    LAYERS,
    LayerDownloadError,
    LayerError,
    LayerInvalidError,
    LayerMissingError,
    LayerSource,
    available,
    data_dir,
    default_path,
    get_layer,
    missing_message,
    path,
    source,
)

__all__ = ["LayerStatus", "ensure", "load_geojson", "main", "resolve", "source_notice", "status"]


@dataclass(frozen=True, slots=True)
class LayerStatus:
    """Whether a layer is available locally, for the app to show what is missing.

    ``available`` and ``path`` are about the full file (what a download would fetch); ``source`` says what
    :func:`load_geojson` reads: ``"full"``, ``"regional default"`` (the simplified copy in the package) or
    ``"missing"``.
    """

    name: str
    title: str
    available: bool
    path: Path
    attribution: str
    source: LayerSource


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


def resolve(name: str) -> Path:
    """The file :func:`load_geojson` reads for layer ``name``: the full file when it is cached, else the
    default shipped in the package (:attr:`Layer.default`). It never downloads.

    Raises
    ------
    LayerMissingError
        Neither the full file nor a default is there.
    """
    layer = get_layer(name)
    target = data_dir() / layer.filename
    if target.is_file():
        return target
    fallback = default_path(name)
    if fallback is None:
        raise LayerMissingError(
            missing_message(layer, target, f"no file at {target} and no embedded default")
        )
    return fallback


def load_geojson(name: str) -> dict[str, Any]:
    """The parsed FeatureCollection of layer ``name`` (cached per path and mtime; do not mutate it).

    The full file when it is cached, else the layer's embedded default (:func:`source` says which). Raises
    :class:`LayerMissingError` when there is neither; it never downloads.
    """
    target = resolve(name)
    return _load_cached(str(target), target.stat().st_mtime_ns)


def status() -> list[LayerStatus]:
    """Every registered layer with whether its full file is available, where it lives, and what is used."""
    return [
        LayerStatus(
            name=n,
            title=x.title,
            available=available(n),
            path=path(n),
            attribution=x.attribution,
            source=source(n),
        )
        for n, x in LAYERS.items()
    ]


def source_notice(status: Iterable[LayerStatus], wanted: Iterable[str] | None = None) -> str:
    """What a page says about the ``wanted`` layers (all when None) that are not read from their full files.

    One sentence per layer on its regional default (:attr:`Layer.default_note`), the titles of those that
    are missing altogether, and how to fetch the full files; ``""`` when every wanted layer is full.

    >>> st = LayerStatus("eez", "EEZ", False, Path("x"), "", "regional default")
    >>> source_notice([st]).startswith("EEZ: using the regional default (East Asia and West Pacific")
    True
    >>> source_notice([st], wanted=["land"])
    ''
    """
    keep = None if wanted is None else set(wanted)
    chosen = [s for s in status if keep is None or s.name in keep]
    parts = [f"{LAYERS[s.name].default_note}." for s in chosen if s.source == "regional default"]
    missing = [s.title for s in chosen if s.source == "missing"]
    if missing:
        parts.append(
            f"Reference layers missing on this machine: {'; '.join(missing)}. The map and verdicts work "
            "without them but show less."
        )
    if not parts:
        return ""
    parts.append(
        f"Fetch the full layers once with `{DOWNLOAD_COMMAND}`, or set `{DATA_DIR_ENV}` to a folder that "
        "has them."
    )
    return " ".join(parts)


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
            shown = {"full": "ok", "regional default": "default", "missing": "MISSING"}[st.source]
            using = f"  (using the embedded {resolve(st.name)})" if st.source == "regional default" else ""
            print(f"{st.name:<13} {shown:<8} {st.path}{using}")
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
