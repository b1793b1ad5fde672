"""The view in the URL: everything that defines what a page shows, as query parameters, and back.

A shared link must reopen the same view, and a bad or hostile parameter must never break the page: each
parameter is parsed on its own; one that does not parse, or names something that does not exist, falls back
to its default and adds a human-readable notice.

>>> state, notices = decode({"event": "2025-01-06", "class": "ICBM,IRBM", "zoom": "99"},
...                         events=["2025-01-06"], classes=["ICBM", "IRBM"])
>>> state.event, state.filters.classes, state.zoom, notices
('2025-01-06', ('ICBM', 'IRBM'), None, ['zoom: 99 is not a whole number from 1 to 18; using the default'])
>>> encode(state)["class"]
'ICBM,IRBM'
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from trajmap.filters import Filters

__all__ = ["BASEMAP_KEYS", "ViewState", "decode", "encode"]

BASEMAP_KEYS = ("auto", "vector", "osm", "carto", "esri")
_MAX_PARAM_LEN = 2000
_ZOOM = re.compile(r"[0-9]{1,2}")  # ASCII digits only: str.isdigit() accepts "²", which int() refuses


@dataclass(frozen=True, slots=True)
class ViewState:
    """What a view shows: the Explorer's filters and the rest. ``None`` / empty means the default."""

    filters: Filters = field(default_factory=Filters)
    event: str | None = None
    basemap: str = "auto"
    eez: bool = True
    lat: float | None = None
    lon: float | None = None
    zoom: int | None = None
    ring_site: str | None = None
    ring_lat: float | None = None
    ring_lon: float | None = None
    ring_km: float | None = None


_PARAM = {
    "date_from": "from",
    "date_to": "to",
    "classes": "class",
    "outcomes": "outcome",
    "sites": "site",
    "sources": "source",
    "event": "event",
    "basemap": "basemap",
    "eez": "eez",
    "lat": "lat",
    "lon": "lon",
    "zoom": "zoom",
    "ring_site": "ring_site",
    "ring_lat": "ring_lat",
    "ring_lon": "ring_lon",
    "ring_km": "ring_km",
}


_FILTER_FIELDS = tuple(f.name for f in fields(Filters))
#: Numeric parameters: (low, high, what a valid value is).
_NUMBERS = {
    "lat": (-90.0, 90.0, "a latitude from -90 to 90"),
    "ring_lat": (-90.0, 90.0, "a latitude from -90 to 90"),
    "lon": (-180.0, 180.0, "a longitude from -180 to 180"),
    "ring_lon": (-180.0, 180.0, "a longitude from -180 to 180"),
    "ring_km": (1.0, 20_000.0, "a radius from 1 to 20,000 km"),
}


def _flat(state: ViewState) -> dict[str, object]:
    """The state's values by field name, the filters' fields alongside the others (one URL parameter each)."""
    out: dict[str, object] = {name: getattr(state.filters, name) for name in _FILTER_FIELDS}
    out.update({f.name: getattr(state, f.name) for f in fields(ViewState) if f.name != "filters"})
    return out


def encode(state: ViewState) -> dict[str, str]:
    """Query parameters for ``state`` (defaults are left out, so links stay short)."""
    out: dict[str, str] = {}
    default = _flat(ViewState())
    for name, value in _flat(state).items():
        if value == default[name]:
            continue
        key = _PARAM[name]
        if isinstance(value, tuple):
            out[key] = ",".join(value)
        elif isinstance(value, bool):
            out[key] = "1" if value else "0"
        elif isinstance(value, float):
            out[key] = f"{value:.4f}".rstrip("0").rstrip(".")
        elif isinstance(value, dt.date):
            out[key] = value.isoformat()
        else:
            out[key] = str(value)
    return out


def _first(v: str | Iterable[str]) -> str:
    if isinstance(v, str):
        return v
    items = list(v)
    return items[0] if items else ""


def _float(text: str, low: float, high: float) -> float | None:
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) and low <= x <= high else None


def decode(
    params: Mapping[str, str | Iterable[str]],
    *,
    events: Iterable[str] = (),
    classes: Iterable[str] = (),
    outcomes: Iterable[str] = (),
    sites: Iterable[str] = (),
    sources: Iterable[str] = (),
    ring_sites: Iterable[str] = (),
    dates: tuple[dt.date, dt.date] | None = None,
) -> tuple[ViewState, list[str]]:
    """Parse query parameters into a :class:`ViewState`; return it with notices for what was dropped.

    The ``events``, ``classes``, ... arguments list the values that exist; a parameter naming anything
    else is dropped with a notice. ``dates`` is the data's first and last date: a date window is clipped
    to it (with a notice), so the decoded window always lies within the data. Unknown parameters are
    ignored with a notice. Whatever the parameters hold, this returns; it never raises.
    """
    known = {
        "classes": set(classes),
        "outcomes": set(outcomes),
        "sites": set(sites),
        "sources": set(sources),
    }
    event_set, ring_set = set(events), set(ring_sites)
    notices: list[str] = []
    values: dict[str, object] = {}
    by_param = {v: k for k, v in _PARAM.items()}

    def drop(key: str, raw: str, why: str) -> None:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        notices.append(f"{key}: {shown} {why}; using the default")

    for key, raw_value in params.items():
        raw = _first(raw_value).strip()
        name = by_param.get(key)
        if name is None:
            if key not in ("page", "embed", "embed_options"):
                notices.append(f"ignored unknown parameter {key[:40]!r}")
            continue
        if len(raw) > _MAX_PARAM_LEN:
            drop(key, raw, "is too long")
            continue
        if name in ("date_from", "date_to"):
            try:
                values[name] = dt.date.fromisoformat(raw)
            except ValueError:
                drop(key, raw, "is not a date (YYYY-MM-DD)")
        elif name in known:
            items = tuple(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
            bad = [x for x in items if x not in known[name]]
            if bad:
                drop(key, ",".join(bad), "names nothing in the data")
            good = tuple(x for x in items if x in known[name])
            if good:
                values[name] = good
        elif name == "event":
            if raw in event_set:
                values[name] = raw
            else:
                drop(key, raw, "is not a launch in the data")
        elif name == "ring_site":
            if raw in ring_set:
                values[name] = raw
            else:
                drop(key, raw, "is not a known launch site")
        elif name == "basemap":
            if raw in BASEMAP_KEYS:
                values[name] = raw
            else:
                drop(key, raw, f"is not one of {', '.join(BASEMAP_KEYS)}")
        elif name == "eez":
            if raw in ("0", "1"):
                values[name] = raw == "1"
            else:
                drop(key, raw, "is not 0 or 1")
        elif name == "zoom":
            if _ZOOM.fullmatch(raw) and 1 <= int(raw) <= 18:
                values[name] = int(raw)
            else:
                drop(key, raw, "is not a whole number from 1 to 18")
        elif name in _NUMBERS:
            low, high, what = _NUMBERS[name]
            x = _float(raw, low, high)
            if x is None:
                drop(key, raw, f"is not {what}")
            else:
                values[name] = x
    flt = replace(Filters(), **{k: v for k, v in values.items() if k in _FILTER_FIELDS})  # type: ignore[arg-type]
    if (flt.date_from and flt.date_to) and flt.date_from > flt.date_to:
        notices.append("from is after to; using the full date range")
        flt = replace(flt, date_from=None, date_to=None)
    if dates is not None:
        flt, clipped = _clip_dates(flt, dates)
        notices.extend(clipped)
    rest = {k: v for k, v in values.items() if k not in _FILTER_FIELDS}
    state = replace(ViewState(filters=flt), **rest)  # type: ignore[arg-type]
    if (state.lat is None) != (state.lon is None):
        notices.append("lat and lon go together; using the default view")
        state = replace(state, lat=None, lon=None)
    return state, notices


def _clip_dates(flt: Filters, dates: tuple[dt.date, dt.date]) -> tuple[Filters, list[str]]:
    """The filters' date window clipped to the data's ``dates`` (first, last), with notices."""
    first, last = dates
    notices: list[str] = []
    window: dict[str, dt.date | None] = {"date_from": flt.date_from, "date_to": flt.date_to}
    for name, day in window.items():
        if day is not None and not first <= day <= last:
            window[name] = min(max(day, first), last)
            notices.append(
                f"{_PARAM[name]}: {day} is outside the data ({first} to {last}); using {window[name]}"
            )
    return replace(flt, date_from=window["date_from"], date_to=window["date_to"]), notices
