"""The default dataset: the full record of launches, and keeping it current.

The *full record* is the nagix/nk-missile-tests history (one row per missile, every launch since 1984)
merged with our curated estimates (``data/launches.csv``): curated rows win for their events and keep their
competing estimates side by side, and the nagix figures become one more estimate, named
``nagix/nk-missile-tests`` (:func:`trajmap.importers.merge.merge` says how events are matched).

A snapshot of the nagix files ships inside the package (``data/nagix/``, with its LICENSE and a NOTICE),
so a fresh install with no internet opens on the full record. :func:`update_record` fetches the latest
files from the publisher, validates them and swaps them in atomically under :func:`trajmap.config.record_dir`;
the newest valid copy is the one used. ``$TRAJMAP_LAUNCHES`` replaces it all by one launch file.

>>> info = record_info()
>>> info.latest_launch >= "2026-04-18", info.where in ("embedded snapshot", "updated copy")
(True, True)
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

from trajmap import config, importers, records
from trajmap.importers.merge import merge as merge_frames
from trajmap.importers.nagix import FILES, PUBLISHER_URL

__all__ = [
    "DATASETS",
    "RAW_URL",
    "DatasetKind",
    "RecordInfo",
    "UpdateError",
    "full_record",
    "load",
    "nagix_folder",
    "nagix_import",
    "record_info",
    "update_record",
]

DatasetKind = Literal["full", "curated"]
#: The built-in datasets, by kind, as pages name them.
DATASETS: dict[str, str] = {
    "full": "Full record (nagix/nk-missile-tests merged with the curated estimates)",
    "curated": "Curated estimates only (data/launches.csv)",
}
#: Where the publisher's current files are (raw files of the repository's default branch).
RAW_URL = "https://raw.githubusercontent.com/nagix/nk-missile-tests/master/data/"
_COMMIT_URL = "https://api.github.com/repos/nagix/nk-missile-tests/commits/master"
_VERSION_FILE = "VERSION.json"
_CURATED_DATASET = "trajmap curated (data/launches.csv)"

Progress = Callable[[int, int], None]


class UpdateError(RuntimeError):
    """The record could not be updated (no connection, or the files are not a valid record); the copy in
    use is unchanged."""


@dataclass(frozen=True, slots=True)
class RecordInfo:
    """Which nagix record is in use: ``version`` (its commit, or a checksum), ``as_of`` (the date of that
    version), ``latest_launch`` (its newest launch date), ``where`` (``embedded snapshot`` or ``updated
    copy``) and ``folder``."""

    version: str
    as_of: str
    latest_launch: str
    where: str
    folder: Path

    @property
    def text(self) -> str:
        """What the pages say: "Record as of <date> (nagix/nk-missile-tests <commit>, <where>; ...)"."""
        short = self.version[:7] if len(self.version) == 40 else self.version
        return (
            f"Record as of {self.as_of} (nagix/nk-missile-tests {short}, {self.where}; "
            f"latest launch {self.latest_launch})"
        )


def _version(folder: Path) -> dict[str, str] | None:
    try:
        with open(folder / _VERSION_FILE, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all((folder / name).is_file() for name in FILES.values()):
        return None
    return {str(k): str(v) for k, v in data.items()}


def _embedded() -> Path:
    return config.curated_path("nagix")


def nagix_folder() -> Path:
    """The newest valid nagix record: the updated copy when there is one and it is newer, else the
    embedded snapshot."""
    return record_info().folder


def record_info() -> RecordInfo:
    """Which record is in use, as the pages say it ("Record as of ...").

    Read again only when a file of either record changes (their sizes and times, a few ``stat`` calls):
    the pages ask on every rerun, and reading both version files took about 3 ms (issue 12)."""
    updated, embedded = config.record_dir() / "nagix", _embedded()
    return _record_info(updated, embedded, _stamp(updated), _stamp(embedded))


def _stamp(folder: Path) -> tuple[tuple[int, int] | None, ...]:
    """The size and modification time of each file of a record folder (None for a file missing)."""
    out: list[tuple[int, int] | None] = []
    for name in (_VERSION_FILE, *FILES.values()):
        try:
            stat = (folder / name).stat()
        except OSError:
            out.append(None)
        else:
            out.append((stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@functools.lru_cache(maxsize=8)
def _record_info(updated: Path, embedded: Path, *_stamps: object) -> RecordInfo:
    mine, shipped = _version(updated), _version(embedded)
    newer = mine is not None and (shipped is None or mine.get("as_of", "") >= shipped.get("as_of", ""))
    folder, meta = (updated, mine) if newer else (embedded, shipped)
    meta = meta or {}
    return RecordInfo(
        version=meta.get("commit") or meta.get("sha256", "unknown"),
        as_of=meta.get("as_of", "unknown"),
        latest_launch=meta.get("latest_launch", "unknown"),
        where="embedded snapshot" if folder == embedded else "updated copy",
        folder=folder,
    )


@functools.lru_cache(maxsize=4)
def _nagix_cached(folder: str, _files: tuple[object, ...], version: str) -> records.LaunchImport:
    return importers.read_nagix(Path(folder), version=version)


def nagix_import() -> records.LaunchImport:
    """The nagix record in use, imported (cached per folder and file times)."""
    info = record_info()
    return _nagix_cached(str(info.folder), _stamp(info.folder), info.version)


def _curated() -> pd.DataFrame:
    df = records.load_launches(config.curated_path("launches.csv"))
    unnamed = df["source_dataset"] == ""
    df.loc[unnamed, "source_dataset"] = _CURATED_DATASET
    df.loc[unnamed, "source_row"] = "line " + df.loc[unnamed, "row"].astype(str)
    return df


def full_record() -> pd.DataFrame:
    """The curated estimates merged with the nagix record (a new frame each call)."""
    return merge_frames(_curated(), nagix_import().frame).frame


def load(kind: DatasetKind = "full") -> pd.DataFrame:
    """A built-in dataset: ``"full"`` (the full record) or ``"curated"``. ``$TRAJMAP_LAUNCHES`` (a launch
    CSV) replaces both."""
    override = config.launches_override()
    if override is not None:
        return records.load_launches(override)
    if kind == "curated":
        return _curated()
    if kind == "full":
        return full_record()
    raise ValueError(f"unknown dataset {kind!r}; expected one of {', '.join(DATASETS)}")


# --------------------------------------------------------------------------------------------------------
# Updating from the publisher
# --------------------------------------------------------------------------------------------------------


def _get(url: str, timeout_s: float) -> bytes:
    if not url.startswith(("https://", "http://")):
        raise UpdateError(f"not a web address: {url!r}")
    request = urllib.request.Request(url, headers={"User-Agent": "trajmap"})  # noqa: S310 (http(s) only)
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            data: bytes = response.read(20_000_000)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise UpdateError(f"could not fetch {url}: {exc}") from exc
    return data


def _commit(timeout_s: float) -> tuple[str, str]:
    """The publisher's latest commit and its date, or ("", "") when they cannot be read."""
    try:
        data = json.loads(_get(_COMMIT_URL, timeout_s))
        return str(data["sha"]), str(data["commit"]["committer"]["date"])[:10]
    except (UpdateError, ValueError, KeyError, TypeError):
        return "", ""


def _no_progress(_done: int, _total: int) -> None:
    return None


def update_record(
    progress: Progress | None = None, *, base_url: str = RAW_URL, timeout_s: float = 30.0
) -> RecordInfo:
    """Fetch the latest nagix files, validate them, and swap them in atomically.

    ``progress(done, total)`` is called after each step (the files, the check, the swap). Raises
    :class:`UpdateError`, leaving the record in use unchanged, when a file cannot be fetched or the files
    do not import (a problem of the file itself, or fewer records than the copy in use).
    """
    steps = len(FILES) + 3
    report = progress or _no_progress
    target = config.record_dir() / "nagix"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UpdateError(f"cannot create {target.parent}: {exc}") from exc
    staging = Path(tempfile.mkdtemp(prefix=".nagix-", dir=target.parent))
    try:
        for k, name in enumerate(FILES.values(), start=1):
            (staging / name).write_bytes(_get(base_url + name, timeout_s))
            report(k, steps)
        commit, day = _commit(timeout_s) if base_url == RAW_URL else ("", "")
        report(len(FILES) + 1, steps)
        version = commit or importers.file_version(staging / FILES["test"])
        try:
            fresh = importers.read_nagix(staging, version=version)
        except records.RecordError as exc:
            raise UpdateError(f"the fetched record is not valid: {exc}") from exc
        in_use = nagix_import().imported
        if fresh.imported < in_use:
            raise UpdateError(
                f"the fetched record holds {fresh.imported} valid records, fewer than the "
                f"{in_use} in use; kept the record in use"
            )
        meta = {
            "commit": commit,
            "sha256": importers.file_version(staging / FILES["test"]),
            "as_of": day or dt.date.today().isoformat(),
            "latest_launch": str(fresh.frame["date"].max().date()),
            "fetched": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "source": base_url,
            "publisher": PUBLISHER_URL,
        }
        (staging / _VERSION_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
        report(len(FILES) + 2, steps)
        _swap(staging, target)
        report(steps, steps)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return record_info()


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` at ``target`` with renames only: a reader sees the old folder or the new one."""
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(staging, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
