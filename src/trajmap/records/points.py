"""Curated tables of named places: launch sites, targets and reference places, validated."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from trajmap import config
from trajmap.records.schema import RecordError, RecordProblem

__all__ = ["default_sites_path", "load_points", "load_sites"]


def default_sites_path() -> Path:
    """The project's curated ``data/sites.csv``."""
    return config.curated_path("sites.csv")


def load_points(path: str | os.PathLike[str], key: str) -> pd.DataFrame:
    """Read a curated table of named places (sites, targets, reference places), validated.

    Required columns: ``key``, ``name``, ``lat``, ``lon`` and ``source_url``; every row needs all of them,
    with coordinates in degrees. Raises :class:`RecordError` listing every problem.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    required = (key, "name", "lat", "lon", "source_url")
    problems = [
        RecordProblem(1, col, "", "required column is missing from the header")
        for col in required
        if col not in df.columns
    ]
    if problems:
        raise RecordError(problems, str(path))
    for i, rec in enumerate(df.to_dict("records")):
        for col, lim in (("lat", 90.0), ("lon", 180.0)):
            try:
                ok = abs(float(rec[col])) <= lim
            except ValueError:
                ok = False
            if not ok:
                problems.append(RecordProblem(i + 2, col, rec[col], f"must be a number within +-{lim:g}"))
        for col in (key, "name", "source_url"):
            if not rec[col].strip():
                problems.append(RecordProblem(i + 2, col, "", "required"))
    if problems:
        raise RecordError(problems, str(path))
    return df.assign(lat=df["lat"].astype(float), lon=df["lon"].astype(float))


def load_sites(source: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Read ``data/sites.csv`` (site, name, lat, lon, kind, notes, source_url), validated."""
    return load_points(default_sites_path() if source is None else Path(source), "site")
