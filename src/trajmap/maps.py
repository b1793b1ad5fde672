"""Folium maps of launches: a stable base map (basemap, overlays) and layers that change with the view.

The split follows streamlit-folium's advice: the base map's script is hashed to key the component, so
anything that changes with filters or the selection goes in a :class:`folium.FeatureGroup` passed as
``feature_group_to_add`` instead, and the map is not remounted. Markers are SVG circle markers (no
``folium.Icon``), so the map needs only Leaflet, which :mod:`trajmap.assets` serves locally.

Every text that comes from a record goes through :func:`trajmap.escape.html_text` before it reaches a
popup, tooltip or label, so it is shown as given and never runs as HTML, Jinja2 or JavaScript; links are
kept only when they are http(s) URLs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
from branca.element import Template

from trajmap import assets, geodesy
from trajmap.escape import html_text

__all__ = [
    "BASEMAPS",
    "CLASS_COLORS",
    "TileSpec",
    "base_map",
    "drawing_only",
    "estimate_popup_html",
    "launches_layer",
    "point_marker",
    "ring_label",
    "ring_layer",
    "view_for_points",
]

#: Colour per class (ColorBrewer Dark2 and Set1, distinguishable for common colour blindness).
CLASS_COLORS: dict[str, str] = {
    "SRBM": "#1b9e77",
    "MRBM": "#d95f02",
    "IRBM": "#7570b3",
    "ICBM": "#e7298a",
    "SLBM": "#66a61e",
    "SLV": "#e6ab02",
    "HGV": "#a6761d",
    "cruise": "#377eb8",
    "unknown": "#666666",
}
SEA_COLOR = "#dbe9f4"
LAND_COLOR = "#f4f1ea"
TRAJECTORY_CLASS = "trajmap-trajectory"


@dataclass(frozen=True, slots=True)
class TileSpec:
    """An online tile basemap and the attribution its publisher requires."""

    title: str
    url: str
    attribution: str
    max_zoom: int = 18


#: Basemaps: ``vector`` needs no server (Natural Earth, drawn from the layer cache); the others are tiles.
BASEMAPS: dict[str, TileSpec | None] = {
    "vector": None,
    "osm": TileSpec(
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        19,
    ),
    "carto": TileSpec(
        "CARTO light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
        20,
    ),
    "esri": TileSpec(
        "Esri World Imagery",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
        18,
    ),
}
NATURAL_EARTH_ATTRIBUTION = 'Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>'


class Attribution(folium.MacroElement):
    """Adds a (trusted, HTML) line to the map's attribution control."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class LocalMap(folium.Map):
    """A :class:`folium.Map` that loads Leaflet from the app's own static files, not from CDNs."""

    default_js, default_css = assets.local_js_css()


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


def drawing_only(fc: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    """``fc`` with only the properties named in ``keep``: a reference layer's text (names from a file
    the user may have imported) never reaches the page, where folium would put it through Jinja2."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {k: f["properties"][k] for k in keep if k in (f.get("properties") or {})},
            }
            for f in fc.get("features", [])
        ],
    }


def base_map(
    *,
    basemap: str = "vector",
    land_geojson: dict[str, Any] | None = None,
    overlays: Iterable[folium.map.Layer] = (),
    location: Sequence[float] = (38.5, 132.0),
    zoom: int = 5,
    attribution: str = "",
) -> folium.Map:
    """The stable part of a map: basemap and reference overlays.

    Parameters
    ----------
    basemap : str
        A key of :data:`BASEMAPS`. ``"vector"`` draws ``land_geojson`` (Natural Earth countries) on a sea
        colour and needs no tile server.
    land_geojson : dict, optional
        FeatureCollection for the vector basemap (see :func:`trajmap.basemap.vector_basemap`).
    overlays : iterable of folium layers
        Added in order (for example the EEZ overlay).
    attribution : str
        Extra attribution (HTML, trusted) shown in the map corner, e.g. the data sources.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {sorted(BASEMAPS)}, got {basemap!r}")
    m = LocalMap(
        location=list(location), zoom_start=zoom, tiles=None, control_scale=True, world_copy_jump=False
    )
    spec = BASEMAPS[basemap]
    if spec is None:
        root = m.get_root()
        assert isinstance(root, folium.Figure)
        root.header.add_child(
            folium.Element(f"<style>.leaflet-container {{ background: {SEA_COLOR} !important; }}</style>")
        )
        if land_geojson is not None:
            folium.GeoJson(
                drawing_only(land_geojson),
                name="Land (Natural Earth)",
                style_function=lambda _f: {
                    "fillColor": LAND_COLOR,
                    "color": "#9a9a9a",
                    "weight": 0.6,
                    "fillOpacity": 1.0,
                    "interactive": False,
                },
                attr=NATURAL_EARTH_ATTRIBUTION,
                control=False,
            ).add_to(m)
        attr = NATURAL_EARTH_ATTRIBUTION
    else:
        folium.TileLayer(spec.url, attr=spec.attribution, name=spec.title, max_zoom=spec.max_zoom).add_to(m)
        attr = spec.attribution
    for layer in overlays:
        layer.add_to(m)
    for text in (attr if spec is None else "", attribution):
        if text:
            Attribution(text).add_to(m)
    return m


def _trajectory_points(rec: dict[str, Any], step_km: float) -> list[tuple[float, float]]:
    pts = geodesy.path(rec["site_lat"], rec["site_lon"], rec["landing_lat"], rec["landing_lon"], step_km)
    return pts


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


def ring_layer(
    lat: float,
    lon: float,
    radii_km: Sequence[tuple[float, str]],
    *,
    color: str = "#c0392b",
    name: str = "Range rings",
    label_bearing_deg: float | None = 150.0,
) -> folium.FeatureGroup:
    """Geodesic range rings (never ``folium.Circle``), drawn continuously around the centre's meridian.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radii_km : sequence of (radius_km, label)
        Each ring's radius in km and its label (plain text; escaped here).
    label_bearing_deg : float or None
        Where each label is written on the map: the ring's point at about this bearing from the centre
        (see :func:`ring_label`); None for tooltips only.
    """
    fg = folium.FeatureGroup(name=name)
    for radius_km, label in radii_km:
        if label_bearing_deg is not None:
            ring_label(lat, lon, radius_km, label, bearing_deg=label_bearing_deg, color=color).add_to(fg)
        ring, fill = geodesy.ring_display(lat, lon, radius_km)
        if fill:
            folium.Polygon(
                ring,
                color=color,
                weight=2,
                fill=True,
                fill_opacity=0.04,
                tooltip=html_text(label),
                class_name="trajmap-ring",
            ).add_to(fg)
        else:
            folium.PolyLine(
                ring, color=color, weight=2, tooltip=html_text(label), class_name="trajmap-ring"
            ).add_to(fg)
    return fg


def ring_label(
    lat: float,
    lon: float,
    radius_km: float,
    label: str,
    *,
    bearing_deg: float = 150.0,
    color: str = "#c0392b",
) -> folium.Marker:
    """A text label on the ring of ``radius_km`` around (lat, lon), at its point at ``bearing_deg``.

    The longitude is unrolled to the centre's side of the antimeridian, as :func:`geodesy.ring_display`
    draws the ring. When that point is beyond 45 degrees of latitude (off a world view for a long ring) and
    the centre is not, the label moves by 30 degrees of bearing at a time to a point that is not.
    """
    for b in (bearing_deg, bearing_deg - 30.0, bearing_deg - 60.0, bearing_deg + 30.0, bearing_deg + 60.0):
        plat, plon = geodesy.destination(lat, lon, b, radius_km)
        if abs(plat) <= 45.0 or abs(lat) > 45.0:
            break
    else:
        plat, plon = geodesy.destination(lat, lon, bearing_deg, radius_km)
    plon += 360.0 * round((lon - plon) / 360.0)
    text = (
        f'<div style="color:{color};font:600 12px/1.2 sans-serif;white-space:nowrap;'
        'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;transform:translate(4px,-50%)">'
        f"{html_text(label)}</div>"
    )
    return folium.Marker(
        (plat, plon), icon=folium.DivIcon(html=text, icon_size=(0, 0), class_name="trajmap-ring-label")
    )


def view_for_points(
    points: Sequence[tuple[float, float]], *, min_zoom: int = 2, max_zoom: int = 9
) -> tuple[tuple[float, float], int]:
    """Centre and zoom that frame ``points`` on a Web Mercator map about 900 x 560 px.

    (streamlit-folium ignores ``fit_bounds``, so the view is computed here.)
    """
    if not points:
        return (38.5, 132.0), 5
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat0, lat1 = max(min(lats), -85.0), min(max(lats), 85.0)
    lon0, lon1 = min(lons), max(lons)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max((lon1 - lon0) / 360.0, 1e-6)
    span_y = max((merc_y(lat1) - merc_y(lat0)) / (2 * math.pi), 1e-6)
    zoom_x = math.log2(900 / 256 / (span_x * 1.3))
    zoom_y = math.log2(560 / 256 / (span_y * 1.3))
    zoom = int(max(min_zoom, min(max_zoom, math.floor(min(zoom_x, zoom_y)))))
    ymid = (merc_y(lat0) + merc_y(lat1)) / 2
    lat_c = math.degrees(2 * math.atan(math.exp(ymid)) - math.pi / 2)
    return (lat_c, (lon0 + lon1) / 2), zoom
