"""Filtering launch estimates, and the choices a filter offers.

>>> import pandas as pd
>>> df = pd.DataFrame({"date": pd.to_datetime(["2017-07-04", "2025-01-06"]), "class": ["ICBM", "IRBM"],
...                    "outcome": ["success"] * 2, "site": ["a", "b"], "estimate_by": ["Japan MOD", "KCNA"]})
>>> len(apply(df, Filters(classes=("ICBM",))))
1
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Filters", "apply", "choices", "events"]


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


def events(df: pd.DataFrame) -> pd.DataFrame:
    """One row per launch event in ``df``, newest first: for the launch picker and the timeline.

    Columns: ``event_id``, ``date``, ``missile`` and ``class`` (from the event's first estimate),
    ``estimates`` (how many), ``range_km`` (the largest estimate, NaN when none gives one) and
    ``estimate_by`` (the sources, joined with ", ").

    >>> df = pd.DataFrame({"event_id": ["a", "a", "b"],
    ...                    "date": pd.to_datetime(["2017-07-04"] * 2 + ["2025-01-06"]),
    ...                    "missile": ["Hwasong-14"] * 2 + ["Hwasong-16B"], "class": ["ICBM"] * 2 + ["IRBM"],
    ...                    "range_km": [933.0, 930.0, None], "estimate_by": ["KCNA", "Japan MOD", "ROK JCS"]})
    >>> events(df)[["event_id", "estimates", "range_km", "estimate_by"]].to_dict("records")[1]
    {'event_id': 'a', 'estimates': 2, 'range_km': 933.0, 'estimate_by': 'KCNA, Japan MOD'}
    """
    codes, ids = pd.factorize(df["event_id"], sort=False)  # events in order of first appearance
    held = codes >= 0  # a missing event_id belongs to no event (as in a groupby)
    codes = codes[held]
    rows = df.loc[held]
    # keyed by a Series, not the bare array (pandas would first look the array up as a column name)
    key = pd.Series(codes, index=rows.index)
    grouped = rows[["date", "missile", "class", "range_km"]].groupby(key, sort=True)
    out = grouped[["date", "missile", "class"]].first()  # the first value given, as groupby's "first"
    sources: list[dict[str, None]] = [{} for _ in range(len(ids))]
    for code, by in zip(codes.tolist(), rows["estimate_by"].tolist(), strict=True):
        sources[code][str(by)] = None
    out = pd.DataFrame(
        {
            "event_id": ids.take(out.index),
            "date": out["date"].array,  # the columns' own types, as a groupby keeps them
            "missile": out["missile"].array,
            "class": out["class"].array,
            "estimates": np.bincount(codes, minlength=len(ids))[out.index],
            "range_km": grouped["range_km"].max().to_numpy(),
            "estimate_by": pd.array(
                [", ".join(sources[c]) for c in out.index], dtype=df["estimate_by"].dtype
            ),
        }
    )
    return out.sort_values(["date", "event_id"], ascending=False, kind="stable").reset_index(drop=True)
