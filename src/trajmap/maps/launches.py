"""Launches on the map: sites, geodesic trajectories and landing points, with their popups and tooltips.

Every text that comes from a record goes through :func:`trajmap.escape.html_text` before it reaches a
popup, tooltip or label, so it is shown as given and never runs as HTML, Jinja2 or JavaScript; links are
kept only when they are http(s) URLs. Markers are SVG circle markers (no ``folium.Icon``).
"""

from __future__ import annotations

import math
from typing import Any

import folium
import pandas as pd

from trajmap import geodesy
from trajmap.constants import CLASS_COLORS
from trajmap.escape import html_text

__all__ = ["TRAJECTORY_CLASS", "estimate_popup_html", "launches_layer", "point_marker"]

TRAJECTORY_CLASS = "trajmap-trajectory"


def _safe_url(url: str) -> str | None:
    u = url.strip()
    return html_text(u) if u.lower().startswith(("http://", "https://")) else None


def _fmt(x: Any, unit: str = "", digits: int = 0) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "not given"
    return f"{float(x):,.{digits}f}{unit}"


def estimate_popup_html(rec: dict[str, Any]) -> str:
    """HTML for one launch estimate's popup; every record field is escaped (:func:`html_text`)."""
    e = html_text
    date = pd.Timestamp(rec["date"]).date().isoformat()
    when = f" {e(str(rec['time_utc']))} UTC" if rec.get("time_utc") else ""
    rows = [
        (
            "Event",
            f"{e(str(rec['event_id']))} ({date}{when})",
        ),
        ("Missile", f"{e(str(rec['missile']))} ({e(str(rec['class']))})"),
        ("Estimate by", e(str(rec["estimate_by"]))),
        ("Site", e(str(rec["site"]))),
        ("Range", _fmt(rec.get("range_km"), " km")),
        ("Apogee", _fmt(rec.get("apogee_km"), " km")),
        ("Flight time", _fmt(rec.get("flight_min"), " min", 1 if (rec.get("flight_min") or 0) % 1 else 0)),
        ("Bearing", _fmt(rec.get("bearing_deg"), "°")),
        ("Outcome", e(str(rec.get("outcome", "")))),
    ]
    basis = rec.get("landing_basis", "unknown")
    if basis != "unknown":
        where = f"{geodesy.format_lat_lon(rec['landing_lat'], rec['landing_lon'])} ({e(str(basis))})"
        rows.append(("Landing", where))
    if rec.get("verdict"):
        rows.append(("Waters", e(str(rec["verdict"]))))
    if rec.get("landing_statement"):
        rows.append(("Statement", e(str(rec["landing_statement"]))))
    url = _safe_url(str(rec.get("source_url", "")))
    src = (
        f'<a href="{url}" target="_blank" rel="noopener">source</a>'
        if url
        else e(str(rec.get("source_url", "")))
    )
    rows.append(("Source", src))
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:6px'>{k}</th><td>{v}</td></tr>" for k, v in rows
    )
    return f"<table style='font-size:12px'>{body}</table>"


def _trajectory_points(rec: dict[str, Any], step_km: float) -> list[tuple[float, float]]:
    return geodesy.path(rec["site_lat"], rec["site_lon"], rec["landing_lat"], rec["landing_lon"], step_km)


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
    sites: dict[str, dict[str, Any]] = {}
    for rec in df.to_dict("records"):
        sites.setdefault(str(rec["site"]), rec)
    for site, rec in sorted(sites.items()):
        folium.CircleMarker(
            (rec["site_lat"], rec["site_lon"]),
            radius=4,
            color="#222222",
            weight=1,
            fill=True,
            fill_color="#ffffff",
            fill_opacity=1.0,
            tooltip=html_text(f"launch site: {site}"),
            class_name="trajmap-site",
        ).add_to(fg)
    for rec in df.to_dict("records"):
        if rec["landing_basis"] == "unknown":
            continue
        color = CLASS_COLORS.get(str(rec["class"]), CLASS_COLORS["unknown"])
        selected = selected_event is not None and rec["event_id"] == selected_event
        popup = folium.Popup(estimate_popup_html(rec), max_width=360)
        label = html_text(f"{pd.Timestamp(rec['date']).date()} {rec['missile']} ({rec['estimate_by']})")
        folium.PolyLine(
            _trajectory_points(rec, step_km),
            color=color,
            weight=4 if selected else 2,
            opacity=0.95 if selected else 0.7,
            dash_array="6 4" if rec["landing_basis"] == "derived" and not selected else None,
            tooltip=label,
            popup=popup,
            class_name=TRAJECTORY_CLASS,
        ).add_to(fg)
        reported = rec["landing_basis"] == "reported"
        folium.CircleMarker(
            (rec["landing_lat"], rec["landing_lon"]),
            radius=6 if selected else 4,
            color=color,
            weight=2,
            fill=True,
            fill_color=color if reported else "#ffffff",
            fill_opacity=0.9 if reported else 0.6,
            tooltip=label
            + (" — reported landing" if reported else " — landing derived from bearing and range"),
            popup=folium.Popup(estimate_popup_html(rec), max_width=360),
            class_name="trajmap-landing",
        ).add_to(fg)
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
