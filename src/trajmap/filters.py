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

__all__ = ["EVENT_COLUMNS", "EventTable", "Filters", "apply", "choices", "events", "mask"]


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
    return df.loc[mask(df, f)]


def mask(df: pd.DataFrame, f: Filters) -> pd.Series:
    """Which rows of ``df`` pass ``f``: a boolean Series on ``df``'s index (:func:`apply`, no copy)."""
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
    return keep


def choices(df: pd.DataFrame, column: str) -> list[str]:
    """Sorted distinct values of a column, for a multiselect."""
    return sorted({str(v) for v in df[column].dropna()})


#: The columns :func:`events` reads.
EVENT_COLUMNS = ("event_id", "date", "missile", "class", "range_km", "estimate_by")


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
    return EventTable(df).events(np.ones(len(df), dtype=bool))


def _events_by_groupby(df: pd.DataFrame) -> pd.DataFrame:
    """:func:`events` with pandas' groupby: for a frame missing a date, missile or class somewhere (the
    first value given stands, a missing date sorts last), which validated records never are."""
    out = (
        df.groupby("event_id", sort=False)
        .agg(
            date=("date", "first"),
            missile=("missile", "first"),
            **{"class": ("class", "first")},
            estimates=("event_id", "size"),
            range_km=("range_km", "max"),
            estimate_by=("estimate_by", lambda s: ", ".join(dict.fromkeys(str(v) for v in s))),
        )
        .reset_index()
    )
    return out.sort_values(["date", "event_id"], ascending=False, kind="stable").reset_index(drop=True)


class EventTable:
    """:func:`events` of any subset of one frame, the frame's columns read once (a filter state then only
    picks rows): ``EventTable(df).events(mask)`` equals ``events(df[mask])``."""

    def __init__(self, df: pd.DataFrame) -> None:
        self._df = df
        codes, self._ids = pd.factorize(df["event_id"], sort=False)
        self._codes = np.asarray(codes)
        # ranks of the ids in sorted order: a subset sorts its ids as the whole does
        self._id_rank = np.empty(len(self._ids), dtype=np.int64)
        self._id_rank[np.argsort(np.asarray(self._ids, dtype=object).astype(str), kind="stable")] = np.arange(
            len(self._ids)
        )
        self._date, self._missile, self._class = (df[c].array for c in ("date", "missile", "class"))
        self._date_int = df["date"].to_numpy().astype("int64")
        self._range = df["range_km"].to_numpy(dtype=float)
        self._by = [str(v) for v in df["estimate_by"].tolist()]
        self._by_dtype = df["estimate_by"].dtype
        # a missing date, missile or class anywhere: pandas' groupby handles it (the first value given, a
        # missing date last)
        self._plain = not bool(df[["date", "missile", "class"]].isna().to_numpy().any())

    def events(self, mask: np.ndarray | pd.Series) -> pd.DataFrame:
        """:func:`events` of the rows where ``mask`` (a boolean array or Series, one per row) is true."""
        keep = np.asarray(mask, dtype=bool)
        if not self._plain:
            return _events_by_groupby(self._df.loc[keep])
        pos = np.flatnonzero(keep & (self._codes >= 0))
        codes = self._codes[pos]
        present, first = np.unique(codes, return_index=True)
        n = len(present)
        local = np.searchsorted(present, codes)
        order = np.argsort(local, kind="stable")
        starts = np.searchsorted(local[order], np.arange(n))
        with np.errstate(invalid="ignore"):
            ranges = np.fmax.reduceat(self._range[pos][order], starts) if n else np.zeros(0)
        sources: list[dict[str, None]] = [{} for _ in range(n)]
        for code, p in zip(local.tolist(), pos.tolist(), strict=True):
            sources[code][self._by[p]] = None
        first_rows = pos[first]
        newest = np.lexsort((-self._id_rank[present], -self._date_int[first_rows]))
        rows = first_rows[newest]
        return pd.DataFrame(
            {
                "event_id": self._ids.take(present[newest]),
                "date": self._date.take(rows),
                "missile": self._missile.take(rows),
                "class": self._class.take(rows),
                "estimates": np.bincount(local, minlength=n)[newest],
                "range_km": ranges[newest],
                "estimate_by": pd.array(
                    [", ".join(sources[i]) for i in newest.tolist()], dtype=self._by_dtype
                ),
            }
        )
