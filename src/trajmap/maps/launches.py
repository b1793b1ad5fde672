"""Launches on the map: sites, geodesic trajectories and landing points, with their popups and tooltips.

Every text that comes from a record goes through :func:`trajmap.escape.html_text` before it reaches a
popup, tooltip or label, so it is shown as given and never runs as HTML, Jinja2 or JavaScript; links are
kept only when they are http(s) URLs. The launches travel as GeoJSON features (data, JSON-encoded) in a
few layers, not one folium element each; markers are SVG circle markers (no ``folium.Icon``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
from folium.template import Template

from trajmap import geodesy
from trajmap.constants import CLASS_COLORS
from trajmap.escape import html_text
from trajmap.records import LaunchEstimate, estimates

__all__ = [
    "LANDING_CLASS",
    "SITE_CLASS",
    "TRAJECTORY_CLASS",
    "LaunchFeatures",
    "estimate_popup_html",
    "launch_features",
    "launch_geojson",
    "launches_layer",
    "point_marker",
]

#: SVG class names of the launches' paths (Leaflet's ``className``): the CSS and tests find them by these.
TRAJECTORY_CLASS = "trajmap-trajectory"
LANDING_CLASS = "trajmap-landing"
SITE_CLASS = "trajmap-site"


def _safe_url(url: str) -> str | None:
    u = url.strip()
    return html_text(u) if u.lower().startswith(("http://", "https://")) else None


def _fmt(x: float | None, unit: str = "", digits: int = 0) -> str:
    return "not given" if x is None else f"{x:,.{digits}f}{unit}"


def estimate_popup_html(est: LaunchEstimate) -> str:
    """HTML for one launch estimate's popup; every record field is escaped (:func:`html_text`).

    The "Waters" row shows ``est.extra["waters"]`` when the caller computed it (the Explorer does).
    """
    e = html_text
    when = f" {e(est.time_utc)} UTC" if est.time_utc else ""
    flight_digits = 1 if (est.flight_min or 0) % 1 else 0
    rows = [
        ("Event", f"{e(est.event_id)} ({est.date.isoformat()}{when})"),
        ("Missile", f"{e(est.missile)} ({e(est.missile_class)})"),
        ("Estimate by", e(est.estimate_by)),
        ("Site", e(est.site)),
        ("Range", _fmt(est.range_km, " km")),
        ("Apogee", _fmt(est.apogee_km, " km")),
        ("Flight time", _fmt(est.flight_min, " min", flight_digits)),
        ("Bearing", _fmt(est.bearing_deg, "°")),
        ("Outcome", e(est.outcome)),
    ]
    if est.has_landing:
        where = geodesy.format_lat_lon(est.landing_lat, est.landing_lon)  # type: ignore[arg-type]
        rows.append(("Landing", f"{where} ({e(est.landing_basis)})"))
    if est.extra.get("waters"):
        rows.append(("Waters", e(est.extra["waters"])))
    if est.landing_statement:
        rows.append(("Statement", e(est.landing_statement)))
    url = _safe_url(est.source_url)
    rows.append(
        ("Source", f'<a href="{url}" target="_blank" rel="noopener">source</a>' if url else e(est.source_url))
    )
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{k}</th><td>{v}</td></tr>" for k, v in rows
    )
    return f"<table style='font-size:12px'>{body}</table>"


#: Coordinates in the GeoJSON layers are rounded to this many decimals (1e-4 degrees is about 11 m).
_DIGITS = 4


def _feature(fid: int, geometry: dict[str, Any], **properties: object) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def _lon_lat(points: Sequence[tuple[float, float]]) -> list[list[float]]:
    return [[round(lon, _DIGITS), round(lat, _DIGITS)] for lat, lon in points]


def _trajectory_style(feature: dict[str, Any]) -> dict[str, Any]:
    p = feature["properties"]
    return {
        "color": p["color"],
        "weight": 4 if p["selected"] else 2,
        "opacity": 0.95 if p["selected"] else 0.7,
        "dashArray": None if p["reported"] or p["selected"] else "6 4",
        "className": TRAJECTORY_CLASS,
    }


def _landing_style(feature: dict[str, Any]) -> dict[str, Any]:
    p = feature["properties"]
    return {
        "radius": 6 if p["selected"] else 4,
        "color": p["color"],
        "weight": 2,
        "fill": True,
        "fillColor": p["color"] if p["reported"] else "#ffffff",
        "fillOpacity": 0.9 if p["reported"] else 0.6,
        "className": LANDING_CLASS,
    }


def _site_style(_feature: dict[str, Any]) -> dict[str, Any]:
    return {
        "radius": 4,
        "color": "#222222",
        "weight": 1,
        "fill": True,
        "fillColor": "#ffffff",
        "fillOpacity": 1.0,
        "className": SITE_CLASS,
    }


def _geojson(
    features: list[dict[str, Any]],
    style: Callable[[dict[str, Any]], dict[str, Any]],
    *,
    name: str,
    popup: bool,
    points: bool,
) -> folium.GeoJson:
    """One layer of ``features``; tooltip and popup show the (escaped) ``tooltip`` / ``popup`` properties."""
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name=name,
        control=False,
        style_function=style,
        marker=folium.CircleMarker() if points else None,
        tooltip=folium.GeoJsonTooltip(["tooltip"], labels=False, class_name="trajmap-tooltip"),
        popup=(
            folium.GeoJsonPopup(
                ["popup"], labels=False, localize=False, class_name="trajmap-popup", max_width=360
            )
            if popup
            else None
        ),
    )


class _PopupOf(folium.MacroElement):
    """Binds to its parent GeoJSON layer the popup of the feature with the same id in ``source``.

    The landing points open their trajectory's popup, so each popup's HTML travels once, in ``source``'s
    features (escaped there); only layer names and fixed options enter this script.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.bindPopup(function (layer) {
            let div = L.DomUtil.create("div");
            {{ this.source.get_name() }}.eachLayer(function (other) {
                if (other.feature.id === layer.feature.id) div.innerHTML = other.feature.properties.popup;
            });
            return div;
        }, {{ this.options | tojavascript }});
        {% endmacro %}"""
    )

    def __init__(self, source: folium.GeoJson, **options: Any) -> None:
        super().__init__()
        self._name = "PopupOf"
        self.source = source
        self.options = options


@dataclass(frozen=True, slots=True)
class LaunchFeatures:
    """The launches as GeoJSON features: ``lines`` (one geodesic trajectory per estimate with a landing
    point), ``landings`` (its landing point, same ``id``) and ``sites`` (one per launch site)."""

    lines: list[dict[str, Any]]
    landings: list[dict[str, Any]]
    sites: list[dict[str, Any]]


def launch_features(
    df: pd.DataFrame,
    *,
    selected_event: str | None = None,
    step_km: float = 25.0,
    properties: Callable[[LaunchEstimate], dict[str, Any]] | None = None,
) -> LaunchFeatures:
    """The features :func:`launches_layer` draws, for other map elements to reuse.

    Each trajectory and landing point carries its style inputs (``color`` of its class, ``reported``,
    ``selected``), its ``tooltip`` and (trajectories) its ``popup`` as HTML already escaped
    (:func:`html_text`, :func:`estimate_popup_html`), and whatever ``properties(estimate)`` adds (numbers
    and fixed words only: the layers show ``tooltip`` and ``popup`` alone). The selected event's come last
    (drawn on top). Longitudes are unrolled from each site (:func:`geodesy.path`), so a trajectory over the
    antimeridian is one continuous line and its landing point sits at the line's end.
    """
    ests = list(estimates(df))
    by_site: dict[str, LaunchEstimate] = {}
    for est in ests:
        by_site.setdefault(est.site, est)
    sites = [
        _feature(
            i,
            {"type": "Point", "coordinates": _lon_lat([(est.site_lat, est.site_lon)])[0]},
            tooltip=html_text(f"launch site: {site}"),
        )
        for i, (site, est) in enumerate(sorted(by_site.items()))
    ]
    landed = [est for est in ests if est.landing_lat is not None and est.landing_lon is not None]
    landed.sort(key=lambda est: est.event_id == selected_event)  # the selected event's on top
    lines: list[dict[str, Any]] = []
    landings: list[dict[str, Any]] = []
    for i, est in enumerate(landed):
        path = geodesy.path(est.site_lat, est.site_lon, est.landing_lat, est.landing_lon, step_km)  # type: ignore[arg-type]
        reported = est.landing_basis == "reported"
        style = {
            "color": CLASS_COLORS.get(est.missile_class, CLASS_COLORS["unknown"]),
            "reported": reported,
            "selected": est.event_id == selected_event,
            **(properties(est) if properties is not None else {}),
        }
        label = html_text(f"{est.date} {est.missile} ({est.estimate_by})")
        popup = estimate_popup_html(est)
        coords = _lon_lat(path)
        lines.append(
            _feature(i, {"type": "LineString", "coordinates": coords}, **style, tooltip=label, popup=popup)
        )
        how = " — reported landing" if reported else " — landing derived from bearing and range"
        landings.append(
            _feature(i, {"type": "Point", "coordinates": coords[-1]}, **style, tooltip=label + how)
        )
    return LaunchFeatures(lines, landings, sites)


def launch_geojson(
    features: LaunchFeatures,
) -> tuple[folium.GeoJson | None, folium.GeoJson | None, folium.GeoJson | None]:
    """The (trajectories, landing points, sites) layers of ``features``, None where there are none.

    A landing point opens its trajectory's popup (one copy of the HTML, in the trajectory's feature).
    """
    paths = points = sites = None
    if features.lines:
        paths = _geojson(features.lines, _trajectory_style, name="Trajectories", popup=True, points=False)
        points = _geojson(features.landings, _landing_style, name="Landing points", popup=False, points=True)
        _PopupOf(paths, max_width=360, class_name="trajmap-popup").add_to(points)
    if features.sites:
        sites = _geojson(features.sites, _site_style, name="Launch sites", popup=False, points=True)
    return paths, points, sites


def launches_layer(
    df: pd.DataFrame,
    *,
    selected_event: str | None = None,
    step_km: float = 25.0,
    name: str = "Launches",
) -> folium.FeatureGroup:
    """Sites, geodesic trajectories (one line per estimate with a landing point) and landing points.

    Drawn as three :class:`folium.GeoJson` layers (trajectories, landing points, sites) whatever the number
    of launches: the map's script does not grow by a template per element, only by the features' data
    (:func:`launch_features` says what each feature carries). Trajectories are coloured by class; the
    selected event's are drawn thicker and on top. Landing points are filled when reported and hollow when
    derived from site, bearing and range. A landing point opens its trajectory's popup.
    """
    fg = folium.FeatureGroup(name=name)
    for layer in launch_geojson(launch_features(df, selected_event=selected_event, step_km=step_km)):
        if layer is not None:
            layer.add_to(fg)
    return fg


def point_marker(
    lat: float,
    lon: float,
    label: str,
    *,
    color: str = "#222222",
    fill_color: str = "#ffffff",
    radius: int = 4,
    class_name: str = "trajmap-point",
) -> folium.CircleMarker:
    """A circle marker with a tooltip; ``label`` is plain text (escaped here, shown as given)."""
    return folium.CircleMarker(
        (lat, lon),
        radius=radius,
        color=color,
        weight=1,
        fill=True,
        fill_color=fill_color,
        fill_opacity=1.0 if fill_color != color else 0.9,
        tooltip=html_text(label),
        class_name=class_name,
    )
