"""Launches on the map: sites, geodesic trajectories and landing points, with their popups and tooltips.

Every text that comes from a record goes through :func:`trajmap.escape.html_text` before it reaches a
popup, tooltip or label, so it is shown as given and never runs as HTML, Jinja2 or JavaScript; links are
kept only when they are http(s) URLs. Markers are SVG circle markers (no ``folium.Icon``).
"""

from __future__ import annotations

import folium
import pandas as pd

from trajmap import geodesy
from trajmap.constants import CLASS_COLORS
from trajmap.escape import html_text
from trajmap.records import LaunchEstimate, estimates

__all__ = ["TRAJECTORY_CLASS", "estimate_popup_html", "launches_layer", "point_marker"]

TRAJECTORY_CLASS = "trajmap-trajectory"


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


def launches_layer(
    df: pd.DataFrame,
    *,
    selected_event: str | None = None,
    step_km: float = 25.0,
    name: str = "Launches",
) -> folium.FeatureGroup:
    """Sites, geodesic trajectories (one polyline per estimate with a landing point) and landing points.

    Trajectories are coloured by class; the selected event's are drawn thicker. Landing points are filled
    when reported and hollow when derived from site, bearing and range. Longitudes are unrolled from each
    site, so a trajectory over the antimeridian draws as one curve.
    """
    fg = folium.FeatureGroup(name=name)
    ests = list(estimates(df))
    sites: dict[str, LaunchEstimate] = {}
    for est in ests:
        sites.setdefault(est.site, est)
    for site, est in sorted(sites.items()):
        point_marker(est.site_lat, est.site_lon, f"launch site: {site}", class_name="trajmap-site").add_to(fg)
    for est in ests:
        if est.has_landing:
            _add_launch(fg, est, selected=est.event_id == selected_event, step_km=step_km)
    return fg


def _add_launch(fg: folium.FeatureGroup, est: LaunchEstimate, *, selected: bool, step_km: float) -> None:
    if est.landing_lat is None or est.landing_lon is None:
        return
    color = CLASS_COLORS.get(est.missile_class, CLASS_COLORS["unknown"])
    land = (est.landing_lat, est.landing_lon)
    label = html_text(f"{est.date} {est.missile} ({est.estimate_by})")
    folium.PolyLine(
        geodesy.path(est.site_lat, est.site_lon, *land, step_km),
        color=color,
        weight=4 if selected else 2,
        opacity=0.95 if selected else 0.7,
        dash_array="6 4" if est.landing_basis == "derived" and not selected else None,
        tooltip=label,
        popup=folium.Popup(estimate_popup_html(est), max_width=360),
        class_name=TRAJECTORY_CLASS,
    ).add_to(fg)
    reported = est.landing_basis == "reported"
    folium.CircleMarker(
        land,
        radius=6 if selected else 4,
        color=color,
        weight=2,
        fill=True,
        fill_color=color if reported else "#ffffff",
        fill_opacity=0.9 if reported else 0.6,
        tooltip=label + (" — reported landing" if reported else " — landing derived from bearing and range"),
        popup=folium.Popup(estimate_popup_html(est), max_width=360),
        class_name="trajmap-landing",
    ).add_to(fg)


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
