"""Merging launch datasets: another dataset's events matched to ours by date, site and missile, so that
one launch is one event and every source's figures for it sit side by side as estimates.

Rules of :func:`merge`, for each event of ``other`` (in date order):

1. its candidates are the events of ``base`` within :data:`MAX_DAYS` day(s) of its date (datasets differ on
   UTC or local dates) whose launch site lies within :data:`MAX_SITE_KM` of its site;
2. the best candidate has the closest date, then the same class, then the same ``event_id``, then the
   nearest site; the event's rows
   join it (they take its ``event_id``) unless ``base`` already holds an estimate by the same source for
   that event: ``base`` rows win, so those rows are dropped as duplicates;
3. an event with no candidate is a new event; its ``event_id`` gets a suffix (``-b``, ``-c``...) when
   ``base`` already uses it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from trajmap import geodesy

__all__ = ["MAX_DAYS", "MAX_SITE_KM", "Merged", "merge"]

#: How far apart (days) two datasets' dates of one launch may be.
MAX_DAYS = 1
#: How far apart (km) two datasets' launch sites of one launch may be (sites are often only a region).
MAX_SITE_KM = 250.0


@dataclass(frozen=True, slots=True)
class Merged:
    """The merged frame and what happened to ``other``'s events: ``joined`` maps an event of ``other``
    to the event of ``base`` it joined, ``dropped`` lists those already held by ``base``, ``added`` the
    new events (by their ``event_id`` in the merged frame)."""

    frame: pd.DataFrame
    joined: dict[str, str]
    dropped: tuple[str, ...]
    added: tuple[str, ...]


def merge(base: pd.DataFrame, other: pd.DataFrame) -> Merged:
    """``base`` with ``other``'s estimates merged in (both loaded frames; ``base`` rows first)."""
    if other.empty:
        return Merged(base, {}, (), ())
    heads = base.drop_duplicates("event_id")[["event_id", "date", "class", "site_lat", "site_lon"]]
    sources = base.groupby("event_id")["estimate_by"].agg(set).to_dict()
    used = set(base["event_id"])
    joined: dict[str, str] = {}
    dropped: list[str] = []
    added: list[str] = []
    new_ids: dict[str, str] = {}
    for event_id, rows in other.groupby("event_id", sort=False):
        first = rows.iloc[0]
        target = _best(heads, first)
        if target is None:
            new_id = _free_id(str(event_id), used)
            used.add(new_id)
            new_ids[str(event_id)] = new_id
            added.append(new_id)
        elif set(rows["estimate_by"]) & sources.get(target, set()):
            dropped.append(str(event_id))
        else:
            joined[str(event_id)] = target
    keep = other[~other["event_id"].isin(dropped)].copy()
    keep["event_id"] = keep["event_id"].map(lambda e: joined.get(e) or new_ids.get(e, e))
    frame = pd.concat([base, keep], ignore_index=True)
    return Merged(frame, joined, tuple(dropped), tuple(added))


def _best(heads: pd.DataFrame, rec: pd.Series) -> str | None:
    days = (heads["date"] - rec["date"]).dt.days.abs()
    near = heads[days <= MAX_DAYS]
    if near.empty:
        return None
    dist, _ = geodesy.inverses(
        float(rec["site_lat"]),
        float(rec["site_lon"]),
        near["site_lat"].to_numpy(),
        near["site_lon"].to_numpy(),
    )
    scored = near.assign(
        days=days[near.index],
        other_class=(near["class"] != rec["class"]).astype(int),
        other_id=(near["event_id"] != rec["event_id"]).astype(int),
        km=np.asarray(dist),
    )
    scored = scored[scored["km"] <= MAX_SITE_KM]
    if scored.empty:
        return None
    return str(scored.sort_values(["days", "other_class", "other_id", "km"]).iloc[0]["event_id"])


def _free_id(event_id: str, used: set[str]) -> str:
    if event_id not in used:
        return event_id
    root = event_id.rsplit("-", 1)[0] if event_id[-2:-1] == "-" and event_id[-1].isalpha() else event_id
    for letter in "bcdefghijklmnopqrstuvwxyz":
        candidate = f"{root}-{letter}"
        if candidate not in used:
            return candidate
    n = 2
    while f"{root}-{n}" in used:
        n += 1
    return f"{root}-{n}"
