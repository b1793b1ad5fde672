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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace

from trajmap.constants import BASEMAP_KEYS, MAX_CUSTOM_DISTANCE_KM, MIN_RING_RADIUS_KM
from trajmap.filters import Filters

__all__ = ["BASEMAP_KEYS", "RING_MODES", "ViewState", "decode", "encode"]

_MAX_PARAM_LEN = 2000
#: Parameters of Streamlit and of the app on every page (the story playing, its step, presentation mode):
#: not part of a view, never a notice (trajmap.stories.APP_PARAMS names the app's).
_APP_KEYS = ("page", "embed", "embed_options", "story", "step", "present")
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
    ring_classes: tuple[str, ...] = ()
    ring_rot: bool = False
    ring_mode: str | None = None
    ring_target: str | None = None
    ring_tlat: float | None = None
    ring_tlon: float | None = None
    ring_country: str | None = None


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
    "ring_classes": "ring_class",
    "ring_rot": "ring_rot",
    "ring_mode": "ring_mode",
    "ring_target": "ring_target",
    "ring_tlat": "ring_tlat",
    "ring_tlon": "ring_tlon",
    "ring_country": "ring_country",
}
#: The Reach page's modes besides "what can a site reach" (the default).
RING_MODES = ("reverse", "border")


_FILTER_FIELDS = tuple(f.name for f in fields(Filters))
#: Numeric parameters: (low, high, what a valid value is).
_NUMBERS = {
    "lat": (-90.0, 90.0, "a latitude from -90 to 90"),
    "ring_lat": (-90.0, 90.0, "a latitude from -90 to 90"),
    "lon": (-180.0, 180.0, "a longitude from -180 to 180"),
    "ring_lon": (-180.0, 180.0, "a longitude from -180 to 180"),
    "ring_tlat": (-90.0, 90.0, "a latitude from -90 to 90"),
    "ring_tlon": (-180.0, 180.0, "a longitude from -180 to 180"),
    "ring_km": (
        MIN_RING_RADIUS_KM,
        MAX_CUSTOM_DISTANCE_KM,
        f"a distance from 1 to {MAX_CUSTOM_DISTANCE_KM:,.0f} km",
    ),
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


#: A parameter's parser: its text to (the value kept or None, the text rejected or "", why it was).
_Parser = Callable[[str], tuple[object | None, str, str]]


def _date(raw: str) -> tuple[object | None, str, str]:
    try:
        return dt.date.fromisoformat(raw), "", ""
    except ValueError:
        return None, raw, "is not a date (YYYY-MM-DD)"


def _one_of(allowed: Iterable[str], why: str) -> _Parser:
    allowed = set(allowed)
    return lambda raw: (raw, "", "") if raw in allowed else (None, raw, why)


def _list_of(allowed: Iterable[str]) -> _Parser:
    allowed = set(allowed)

    def parse(raw: str) -> tuple[object | None, str, str]:
        items = tuple(dict.fromkeys(x.strip() for x in raw.split(",") if x.strip()))
        good = tuple(x for x in items if x in allowed)
        bad = ",".join(x for x in items if x not in allowed)
        return good or None, bad, "names nothing in the data"

    return parse


def _zoom(raw: str) -> tuple[object | None, str, str]:
    if _ZOOM.fullmatch(raw) and 1 <= int(raw) <= 18:
        return int(raw), "", ""
    return None, raw, "is not a whole number from 1 to 18"


def _number(low: float, high: float, what: str) -> _Parser:
    def parse(raw: str) -> tuple[object | None, str, str]:
        x = _float(raw, low, high)  # kept to the link's precision (4 decimals, about 10 m), as encode writes
        return (round(x, 4), "", "") if x is not None else (None, raw, f"is not {what}")

    return parse


def _bool(raw: str) -> tuple[object | None, str, str]:
    return (raw == "1", "", "") if raw in ("0", "1") else (None, raw, "is not 0 or 1")


def _parsers(
    lists: dict[str, Iterable[str]],
    *,
    events: set[str],
    ring_sites: set[str],
    ring_targets: set[str] = frozenset(),  # type: ignore[assignment]
    ring_countries: set[str] = frozenset(),  # type: ignore[assignment]
) -> dict[str, _Parser]:
    """One parser per field, knowing what exists in the data."""
    parsers: dict[str, _Parser] = {
        "date_from": _date,
        "date_to": _date,
        "event": _one_of(events, "is not a launch in the data"),
        "ring_site": _one_of(ring_sites, "is not a known launch site"),
        "basemap": _one_of(BASEMAP_KEYS, f"is not one of {', '.join(BASEMAP_KEYS)}"),
        "eez": _bool,
        "ring_rot": _bool,
        "ring_mode": _one_of(RING_MODES, f"is not one of {', '.join(RING_MODES)}"),
        "ring_target": _one_of(ring_targets, "is not a known target"),
        "ring_country": _one_of(ring_countries, "is not a country code of Natural Earth"),
        "zoom": _zoom,
    }
    parsers.update({name: _list_of(allowed) for name, allowed in lists.items()})
    parsers.update({name: _number(*bounds) for name, bounds in _NUMBERS.items()})
    return parsers


def decode(
    params: Mapping[str, str | Iterable[str]],
    *,
    events: Iterable[str] = (),
    classes: Iterable[str] = (),
    outcomes: Iterable[str] = (),
    sites: Iterable[str] = (),
    sources: Iterable[str] = (),
    ring_sites: Iterable[str] = (),
    ring_classes: Iterable[str] = (),
    ring_targets: Iterable[str] = (),
    ring_countries: Iterable[str] = (),
    dates: tuple[dt.date, dt.date] | None = None,
) -> tuple[ViewState, list[str]]:
    """Parse query parameters into a :class:`ViewState`; return it with notices for what was dropped.

    The ``events``, ``classes``, ... arguments list the values that exist; a parameter naming anything
    else is dropped with a notice. ``dates`` is the data's first and last date: a date window is clipped
    to it (with a notice), so the decoded window always lies within the data. Unknown parameters are
    ignored with a notice. Whatever the parameters hold, this returns; it never raises.
    """
    parsers = _parsers(
        {
            "classes": classes,
            "outcomes": outcomes,
            "sites": sites,
            "sources": sources,
            "ring_classes": ring_classes,
        },
        events=set(events),
        ring_sites=set(ring_sites),
        ring_targets=set(ring_targets),
        ring_countries=set(ring_countries),
    )
    notices: list[str] = []
    values: dict[str, object] = {}
    by_param = {v: k for k, v in _PARAM.items()}
    for key, raw_value in params.items():
        name = by_param.get(key)
        if name is None:
            if key not in _APP_KEYS:
                notices.append(f"ignored unknown parameter {key[:40]!r}")
            continue
        raw = _first(raw_value).strip()
        value, rejected, why = (None, raw, "is too long") if len(raw) > _MAX_PARAM_LEN else parsers[name](raw)
        if rejected:
            shown = rejected if len(rejected) <= 40 else rejected[:37] + "..."
            notices.append(f"{key}: {shown} {why}; using the default")
        if value is not None:
            values[name] = value
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
    if (state.ring_tlat is None) != (state.ring_tlon is None):
        notices.append("ring_tlat and ring_tlon go together; using the default target")
        state = replace(state, ring_tlat=None, ring_tlon=None)
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
