"""Filtering launch estimates, and the choices a filter offers.

>>> import pandas as pd
>>> df = pd.DataFrame({"date": pd.to_datetime(["2017-07-04", "2025-01-06"]), "class": ["ICBM", "HGV"],
...                    "outcome": ["success"] * 2, "site": ["a", "b"], "estimate_by": ["Japan MOD", "KCNA"]})
>>> len(apply(df, Filters(classes=("ICBM",))))
1
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

__all__ = ["Filters", "apply", "choices"]


@dataclass(frozen=True, slots=True)
class Filters:
    """A view's filters; an empty tuple means "all"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    classes: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


def apply(df: pd.DataFrame, f: Filters) -> pd.DataFrame:
    """Rows of ``df`` (a frame from :func:`trajmap.records.load_launches`) that pass ``f``."""
    keep = pd.Series(True, index=df.index)
    if f.date_from is not None:
        keep &= df["date"] >= pd.Timestamp(f.date_from)
    if f.date_to is not None:
        keep &= df["date"] <= pd.Timestamp(f.date_to)
    for col, allowed in (
        ("class", f.classes),
        ("outcome", f.outcomes),
        ("site", f.sites),
        ("estimate_by", f.sources),
    ):
        if allowed:
            keep &= df[col].isin(allowed)
    return df.loc[keep]


def choices(df: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct values of a column, for a multiselect."""
    return sorted({str(v) for v in df[column].dropna()})
