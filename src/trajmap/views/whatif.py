"""The What-if page's view: a launch from any site, on any bearing, to any range, and what it would mean.

Every value of the view is a URL parameter, so a teacher can prepare links: ``wi_site`` (a site key of
``data/sites.csv``) or ``wi_lat`` and ``wi_lon`` (degrees; they win over ``wi_site``), ``wi_bearing``
(degrees clockwise from north, 0-360), ``wi_range_km`` (1-20,000 km) or ``wi_class`` (SRBM, MRBM, IRBM,
ICBM: the class's typical range, which wins over ``wi_range_km``), and ``wi_apogee_km`` (default: the
minimum-energy apogee for the range). A bad value gives a notice and its default; nothing raises.

>>> state, notices = decode({"wi_site": "sunan", "wi_bearing": "90", "wi_range_km": "nan"}, sites=["sunan"])
>>> state.site, state.bearing_deg, state.range_km, notices
('sunan', 90.0, 1100.0, ['wi_range_km: nan is not a distance from 1 to 20,000 km; using 1,100 km'])
>>> url_params(state)
{'wi_site': 'sunan', 'wi_bearing': '90', 'wi_range_km': '1100'}
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import folium
import pandas as pd

from trajmap import ballistics, geodesy, maps, reach, uncertainty
from trajmap.constants import MAX_RANGE_KM, MIN_RING_RADIUS_KM
from trajmap.views import common
from trajmap.views import profile as pv

__all__ = [
    "DEFAULT_BEARING_DEG",
    "DEFAULT_RANGE_KM",
    "DEFAULT_SITE",
    "MAX_APOGEE_KM",
    "PARAMS",
    "WhatIf",
    "WhatIfView",
    "decode",
    "profile_chart",
    "url_params",
    "whatif_map",
    "whatif_view",
]

#: The URL parameters the page owns (other pages' stories link to them by these names).
PARAMS = ("wi_site", "wi_lat", "wi_lon", "wi_bearing", "wi_range_km", "wi_class", "wi_apogee_km")
#: The view the page opens on: the 2025-01-06 launch's reported bearing and range from Pyongyang.
DEFAULT_SITE = "pyongyang"
DEFAULT_BEARING_DEG = 58.0
DEFAULT_RANGE_KM = 1100.0
#: The highest apogee accepted, km (the highest reported, the 2024-10-31 Hwasong-19's, is 7,687.5 km).
MAX_APOGEE_KM = 20_000.0
_MAX_PARAM_LEN = 100


@dataclass(frozen=True, slots=True)
class WhatIf:
    """A what-if launch as the URL gives it; ``None`` means the default (see the module docstring)."""

    site: str | None = DEFAULT_SITE
    lat: float | None = None
    lon: float | None = None
    bearing_deg: float = DEFAULT_BEARING_DEG
    range_km: float = DEFAULT_RANGE_KM
    missile_class: str | None = None
    apogee_km: float | None = None

    @property
    def effective_range_km(self) -> float:
        """The range flown: the class's typical range when a class is chosen, else ``range_km``."""
        return ballistics.preset_radius_km(self.missile_class) if self.missile_class else self.range_km


def _first(v: str | Iterable[str]) -> str:
    if isinstance(v, str):
        return v
    items = list(v)
    return str(items[0]) if items else ""


def _number(raw: str, low: float, high: float) -> float | None:
    if len(raw) > _MAX_PARAM_LEN:
        return None
    try:
        x = float(raw)
    except ValueError:
        return None
    return round(x, 4) if math.isfinite(x) and low <= x <= high else None


def _shown(raw: str) -> str:
    return raw if len(raw) <= 40 else raw[:37] + "..."


def decode(params: Mapping[str, str | Iterable[str]], *, sites: Iterable[str]) -> tuple[WhatIf, list[str]]:
    """The what-if launch from query parameters (``wi_*``; others are left to the page), with notices.

    ``sites`` are the known site keys. Whatever the parameters hold, this returns; it never raises.
    """
    known = set(sites)
    raw = {k: _first(v).strip() for k, v in params.items() if k in PARAMS}
    notices: list[str] = []
    values: dict[str, Any] = {}

    def bad(key: str, what: str, default: str) -> None:
        notices.append(f"{key}: {_shown(raw[key])} is not {what}; using {default}")

    if "wi_site" in raw:
        if raw["wi_site"] in known:
            values["site"] = raw["wi_site"]
        else:
            bad("wi_site", "a known launch site", DEFAULT_SITE)
    numbers = {
        "wi_lat": ("lat", -90.0, 90.0, "a latitude from -90 to 90", "the site"),
        "wi_lon": ("lon", -180.0, 180.0, "a longitude from -180 to 180", "the site"),
        "wi_bearing": ("bearing_deg", 0.0, 360.0, "a bearing from 0 to 360 degrees", f"{DEFAULT_BEARING_DEG:g}°"),  # noqa: E501
        "wi_range_km": (
            "range_km",
            MIN_RING_RADIUS_KM,
            MAX_RANGE_KM,
            f"a distance from {MIN_RING_RADIUS_KM:,.0f} to {MAX_RANGE_KM:,.0f} km",
            f"{DEFAULT_RANGE_KM:,.0f} km",
        ),
        "wi_apogee_km": (
            "apogee_km",
            1.0,
            MAX_APOGEE_KM,
            f"an apogee from 1 to {MAX_APOGEE_KM:,.0f} km",
            "the minimum-energy apogee",
        ),
    }  # fmt: skip
    for key, (name, low, high, what, default) in numbers.items():
        if key in raw:
            x = _number(raw[key], low, high)
            if x is None:
                bad(key, what, default)
            else:
                values[name] = x % 360.0 if name == "bearing_deg" else x
    if "wi_class" in raw:
        if raw["wi_class"] in ballistics.CLASS_RANGES_KM:
            values["missile_class"] = raw["wi_class"]
            if "range_km" in values:
                notices.append("wi_range_km: ignored, wi_class sets the range")
                del values["range_km"]
        else:
            bad("wi_class", f"one of {', '.join(ballistics.CLASS_RANGES_KM)}", "the range in km")
    if ("lat" in values) != ("lon" in values):
        notices.append("wi_lat and wi_lon go together; using the site")
        values.pop("lat", None)
        values.pop("lon", None)
    if "lat" in values:
        values["site"] = None  # coordinates win over a named site
    return replace(WhatIf(), **values), notices


def _fmt(x: float) -> str:
    return f"{x:.4f}".rstrip("0").rstrip(".")


def url_params(state: WhatIf) -> dict[str, str]:
    """The page's query parameters for ``state``: the site (or coordinates), bearing, range or class, and
    the apogee when it is not the default; every value is written, so the link holds the whole view."""
    out: dict[str, str] = {}
    if state.lat is not None and state.lon is not None:
        out.update(wi_lat=_fmt(state.lat), wi_lon=_fmt(state.lon))
    elif state.site:
        out["wi_site"] = state.site
    out["wi_bearing"] = _fmt(state.bearing_deg)
    if state.missile_class:
        out["wi_class"] = state.missile_class
    else:
        out["wi_range_km"] = _fmt(state.range_km)
    if state.apogee_km is not None:
        out["wi_apogee_km"] = _fmt(state.apogee_km)
    return out


@dataclass(frozen=True)
class WhatIfView:
    """What the page shows for a what-if launch."""

    site_lat: float
    site_lon: float
    where: str
    bearing_deg: float
    range_km: float
    range_label: str  #: "Range", or which class's typical range it is
    landing: geodesy.Point  #: lon in [-180, 180)
    path: tuple[geodesy.Point, ...]  #: the geodesic, longitudes unrolled from the site's
    odds: uncertainty.UncertainVerdict | None  #: None when the EEZ layer is missing
    verdict_text: str
    apogee_km: float
    minimum_energy_apogee_km: float
    flight: ballistics.Trajectory
    flight_text: str
    notices: tuple[str, ...]
    targets: pd.DataFrame
    targets_heading: str
    center: geodesy.Point
    zoom: int

    @property
    def landing_unrolled(self) -> geodesy.Point:
        """The landing point with its longitude on the site's side of the antimeridian (as drawn)."""
        return self.path[-1]


def _site(state: WhatIf, sites: pd.DataFrame) -> tuple[float, float, str]:
    if state.lat is not None and state.lon is not None:
        return state.lat, state.lon, geodesy.format_lat_lon(state.lat, state.lon)
    key = state.site if state.site in set(sites["site"]) else sites["site"].iloc[0]
    row = sites[sites["site"] == key].iloc[0]
    return float(row["lat"]), float(row["lon"]), str(row["name"])


def whatif_view(
    state: WhatIf,
    sites: pd.DataFrame,
    targets: pd.DataFrame,
    *,
    odds: Callable[..., uncertainty.UncertainVerdict | None],
    table: Callable[..., pd.DataFrame] | None = None,
) -> WhatIfView:
    """Landing point, EEZ verdict with its odds, flight profile and targets in reach for ``state``.

    ``odds(site_lat, site_lon, bearing_deg, range_km, bearing_sd_deg, range_sd_km)`` is the Explorer's
    :func:`trajmap.views.explorer.landing_odds` (the page passes its cached copy); ``table(lat, lon,
    range_km)`` defaults to :func:`trajmap.reach.targets_in_reach` on ``targets``.
    """
    lat, lon, where = _site(state, sites)
    range_km = state.effective_range_km
    bearing = state.bearing_deg
    landing = geodesy.destination(lat, lon, bearing, range_km)
    step = max(10.0, range_km / 200.0)
    path = geodesy.path(lat, lon, *landing, step_km=step)
    u = odds(lat, lon, bearing, range_km, None, None)
    verdict_text = (
        u.summary
        if u is not None
        else "No EEZ verdict: the EEZ layer is missing on this machine (see the About page)."
    )
    me_km = ballistics.minimum_energy_apogee_km(min(range_km, ballistics.HALF_CIRCUMFERENCE_KM * 0.999))
    notices: list[str] = []
    apogee = state.apogee_km if state.apogee_km is not None else me_km
    try:
        flight = ballistics.trajectory(range_km, apogee)
    except ballistics.BallisticsError as exc:
        notices.append(f"No arc for an apogee of {apogee:,.0f} km ({exc}); showing the minimum-energy arc.")
        apogee = me_km
        flight = ballistics.trajectory(range_km, apogee)
    shape = "minimum-energy" if abs(apogee - me_km) < 0.5 else "lofted" if apogee > me_km else "depressed"
    flight_text = (
        f"A {shape} arc: apogee {apogee:,.0f} km (the minimum-energy apogee for {range_km:,.0f} km is "
        f"{me_km:,.0f} km), burnout speed {flight.burnout_speed_km_s:.2f} km/s, flight-path angle "
        f"{flight.flight_path_angle_deg:.1f}°, free flight {flight.flight_min:.1f} min (spherical "
        "non-rotating Earth, no drag, burnout at the surface)."
    )
    build = table or (lambda la, lo, km: reach.targets_in_reach(la, lo, km, targets))
    rows = build(lat, lon, range_km)
    heading = f"Targets within {range_km:,.0f} km of {where}: {int(rows['in_reach'].sum())} of {len(rows)}"
    range_label = f"Range ({state.missile_class}'s typical range)" if state.missile_class else "Range"
    center, zoom = maps.view_for_points([(lat, lon), path[len(path) // 2], path[-1]], max_zoom=6)
    return WhatIfView(
        site_lat=lat,
        site_lon=lon,
        where=where,
        bearing_deg=bearing,
        range_km=range_km,
        range_label=range_label,
        landing=landing,
        path=tuple(path),
        odds=u,
        verdict_text=verdict_text,
        apogee_km=apogee,
        minimum_energy_apogee_km=me_km,
        flight=flight,
        flight_text=flight_text,
        notices=tuple(notices),
        targets=rows,
        targets_heading=heading,
        center=center,
        zoom=zoom,
    )


def whatif_map(
    view: WhatIfView,
    *,
    land: dict[str, Any] | None,
    eez: dict[str, Any] | None,
    land_url: str | None = None,
    eez_url: str | None = None,
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The stable vector base map (with the EEZ overlay) and one layer with the launch, its landing, the
    uncertainty footprint, the range ring and the targets; longitudes are unrolled to the site's side.

    ``land_url`` and ``eez_url`` are where the app serves ``land`` and ``eez``
    (:func:`trajmap.maps.write_layer`): the map fetches them once instead of carrying them on every
    rerun. None inlines them.
    """
    base = maps.base_map(
        basemap="vector",
        land_geojson=land,
        land_url=land_url,
        overlays=[maps.eez_layer(eez, url=eez_url)] if eez is not None else [],
        attribution=maps.EEZ_ATTRIBUTION if eez is not None else "",
        location=view.center,
        zoom=view.zoom,
    )
    fg = folium.FeatureGroup(name="What if")
    maps.ring_layer(
        view.site_lat, view.site_lon, [(view.range_km, f"{view.range_km:,.0f} km")], color="#888888"
    ).add_to(fg)
    if view.odds is not None:
        maps.footprint_layer(
            view.site_lat,
            view.site_lon,
            view.bearing_deg,
            view.range_km,
            view.odds.bearing_sd_deg,
            view.odds.range_sd_km,
            label=f"2-sigma landing area; {view.odds.odds}",
        ).add_to(fg)
    common.target_markers(fg, view.targets, view.site_lon)
    line = folium.PolyLine(list(view.path), color="#7570b3", weight=3, class_name="trajmap-whatif-path")
    line.options["interactive"] = False
    line.add_to(fg)
    site = f"launch site: {view.where}"
    maps.point_marker(
        view.site_lat,
        view.site_lon,
        site,
        color="#000",
        fill_color="#ffcc00",
        radius=6,
        class_name="trajmap-site",
    ).add_to(fg)
    la, lo = view.landing_unrolled
    label = f"landing: {geodesy.format_lat_lon(la, lo)}; {view.odds.odds if view.odds else 'no EEZ layer'}"
    maps.point_marker(
        la, lo, label, color="#000", fill_color="#7570b3", radius=7, class_name="trajmap-whatif-landing"
    ).add_to(fg)
    return base, fg


def profile_chart(view: WhatIfView) -> Any:
    """The to-scale profile of the chosen arc, and of the minimum-energy arc when the chosen one is not it."""
    arcs = [("chosen arc", view.flight)]
    if abs(view.apogee_km - view.minimum_energy_apogee_km) >= 0.5:
        arcs.append(
            ("minimum-energy arc", ballistics.trajectory(view.range_km, view.minimum_energy_apogee_km))
        )
    frames = []
    for name, arc in arcs:
        d, h, t = zip(*arc.points, strict=True)
        frames.append(
            pd.DataFrame(
                {
                    "launch": f"{view.range_km:,.0f} km from {view.where}",
                    "arc": name,
                    "downrange_km": d,
                    "altitude_km": h,
                    "t_min": [x / 60 for x in t],
                }
            )
        )
    data = pd.concat(frames, ignore_index=True)
    scale = pv.to_scale(
        float(data["downrange_km"].max()) * 1.02, max(float(data["altitude_km"].max()) * 1.05, 500.0)
    )
    return pv.profile_chart(pv.ProfileView(data, [], (), [], scale))
