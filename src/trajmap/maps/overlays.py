"""Map overlays beyond the launches: EEZ boundaries, the legend, and a landing's uncertainty footprint."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import folium
import numpy as np
from branca.element import Template

from trajmap import geodesy
from trajmap.constants import CLASS_COLORS, EEZ_ATTRIBUTION_HTML
from trajmap.escape import html_text
from trajmap.maps.base import drawing_only
from trajmap.maps.packed import pack_polygons, styles_by
from trajmap.maps.rings import MapFrame, ring_label
from trajmap.maps.static import ReferenceLayer

__all__ = [
    "EEZ_ATTRIBUTION",
    "EEZ_STYLE",
    "EEZ_STYLE_BY",
    "Legend",
    "eez_drawing",
    "eez_file",
    "eez_layer",
    "footprint_layer",
    "footprint_outline",
    "legend",
]


EEZ_ATTRIBUTION = EEZ_ATTRIBUTION_HTML


def eez_layer(overlay: dict[str, Any], *, url: str | None = None) -> ReferenceLayer:
    """The simplified EEZ overlay (:func:`trajmap.zones.eez_overlay_geojson`), filled by sovereign.

    Joint regimes and overlapping claims have their own colours and dashed outlines. Drawn above the
    basemap and below the launches; it takes no click or hover. With ``url`` (where the app serves
    :func:`eez_drawing` of the same overlay) the map fetches it; without it the data is inlined.
    """
    return ReferenceLayer(
        None if url else eez_file(overlay), url=url, pane="trajmapEez", z_index=350, name="EezLayer"
    )


#: How the EEZ overlay is drawn: Leaflet path options, and those set by a feature's ``fill`` (its colour)
#: and ``dashed`` (joint regimes and overlapping claims).
EEZ_STYLE: dict[str, Any] = {"color": "#7f7f7f", "weight": 1.2, "fillColor": "#7f7f7f", "fillOpacity": 0.06}
EEZ_STYLE_BY: dict[str, Any] = {
    "fill": ["color", "fillColor"],
    "dashed": {"dashArray": "5 4", "fillOpacity": 0.2},
}


def eez_drawing(overlay: dict[str, Any]) -> dict[str, Any]:
    """What the EEZ layer draws: geometry, fill colour, dashed."""
    return drawing_only(overlay, keep=("fill", "dashed"))


def eez_file(overlay: dict[str, Any]) -> bytes:
    """The EEZ layer's file (and inlined data): :func:`eez_drawing` packed with its styles."""
    return pack_polygons(eez_drawing(overlay), styles_by(EEZ_STYLE, EEZ_STYLE_BY))


class Legend(folium.MacroElement):
    """A small legend box (trusted HTML built here from fixed labels and colours)."""

    _template = Template(
        """{% macro html(this, kwargs) %}
        <div class="trajmap-legend" style="position:absolute;top:10px;right:10px;z-index:1000;
             background:rgba(255,255,255,.9);padding:6px 8px;border-radius:4px;font:12px sans-serif;
             box-shadow:0 1px 3px rgba(0,0,0,.3);max-width:220px">{{ this.body }}</div>
        {% endmacro %}"""
    )

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.body = body


def legend(classes: Iterable[str], eez: dict[str, Any] | None = None) -> Legend:
    """Legend for the classes shown and, when given, the EEZ overlay's sovereign colours."""
    rows = [
        f"<div><span style='display:inline-block;width:18px;height:3px;"
        f"background:{CLASS_COLORS.get(c, '#666')};vertical-align:middle;margin-right:5px'></span>"
        f"{html_text(c)}</div>"
        for c in classes
    ]
    rows.append(
        "<div style='margin-top:3px'><span style='display:inline-block;width:9px;height:9px;"
        "border-radius:50%;background:#444;margin-right:5px'></span>reported landing</div>"
        "<div><span style='display:inline-block;width:9px;height:9px;border-radius:50%;border:2px solid #444;"
        "box-sizing:border-box;margin-right:5px'></span>derived landing</div>"
    )
    if eez is not None:
        seen: dict[str, str] = {}
        for f in eez.get("features", []):
            p = f["properties"]
            if p.get("dashed"):
                label = "joint regime / disputed"
            else:
                sov = p.get("sovereigns") or []
                label = "EEZ: " + (sov[0] if len(sov) == 1 else "/".join(sov))
            seen.setdefault(label, p.get("fill", "#7f7f7f"))
        keep = [
            k for k in seen if k.startswith("EEZ: ") and k[5:] in ("JPN", "KOR", "PRK", "CHN", "RUS", "TWN")
        ]
        keep += [k for k in seen if k == "joint regime / disputed"]
        for label in keep:
            rows.append(
                f"<div><span style='display:inline-block;width:12px;height:9px;background:{seen[label]};"
                f"opacity:.6;margin-right:5px'></span>{html_text(label)}</div>"
            )
    return Legend("".join(rows))


def footprint_outline(
    site_lat: float,
    site_lon: float,
    bearing_deg: float,
    range_km: float,
    bearing_sd_deg: float,
    range_sd_km: float,
    *,
    k_sigma: float = 2.0,
) -> tuple[list[tuple[float, float]], float]:
    """The outline :func:`footprint_layer` draws, (lat, lon) vertices closed and unrolled so it is one
    continuous shape on the map, and the range of its far edge in km (where its label goes)."""
    b0, b1 = bearing_deg - k_sigma * bearing_sd_deg, bearing_deg + k_sigma * bearing_sd_deg
    r0, r1 = max(1.0, range_km - k_sigma * range_sd_km), range_km + k_sigma * range_sd_km
    n = 24
    bearings = [b0 + (b1 - b0) * i / n for i in range(n + 1)]
    # both edges in one vectorised call (PROJ), not a geodesic per vertex
    az = np.array([*bearings, *reversed(bearings)])
    lats, lons = geodesy.destinations(site_lat, site_lon, az, np.repeat([r1, r0], n + 1))
    outer = list(zip(lats[: n + 1].tolist(), lons[: n + 1].tolist(), strict=True))
    inner = list(zip(lats[n + 1 :].tolist(), lons[n + 1 :].tolist(), strict=True))
    ring = geodesy.shift_to_world([*outer, *inner, outer[0]], site_lon)
    # keep the ring continuous: unroll each vertex next to its predecessor
    unrolled = [ring[0]]
    for la, lo in ring[1:]:
        prev = unrolled[-1][1]
        unrolled.append((la, lo + 360.0 * round((prev - lo) / 360.0)))
    return unrolled, r1


#: How an uncertainty footprint is drawn (here and by :class:`trajmap.maps.shapes.Shapes`): a thin dashed
#: outline, a faint fill.
FOOTPRINT_STYLE: dict[str, Any] = {"weight": 1.5, "dash": "3 3", "fill_opacity": 0.08}


def footprint_layer(
    site_lat: float,
    site_lon: float,
    bearing_deg: float,
    range_km: float,
    bearing_sd_deg: float,
    range_sd_km: float,
    *,
    label: str,
    k_sigma: float = 2.0,
    color: str = "#333333",
    frame: MapFrame | None = None,
) -> folium.FeatureGroup:
    """The landing's uncertainty footprint: the area reached with bearing and range within ``k_sigma``.

    The sector between bearings ``bearing_deg +- k*sd`` and ranges ``range_km +- k*sd``, drawn on the
    ellipsoid (each edge is a geodesic arc or a range arc). Like a ring it never takes a click or a hover
    from the launches (``interactive: false``): ``label`` (the odds) is written on the map at the middle of
    its far edge (:func:`trajmap.maps.rings.ring_label`), not in a tooltip; with ``frame`` (the view the
    map opens on) at the point of that edge where it lies inside the view.
    """
    unrolled, r1 = footprint_outline(
        site_lat, site_lon, bearing_deg, range_km, bearing_sd_deg, range_sd_km, k_sigma=k_sigma
    )
    fg = folium.FeatureGroup(name="Uncertainty")
    area = folium.Polygon(
        unrolled,
        color=color,
        weight=FOOTPRINT_STYLE["weight"],
        dash_array=FOOTPRINT_STYLE["dash"],
        fill=True,
        fill_opacity=FOOTPRINT_STYLE["fill_opacity"],
        class_name="trajmap-footprint",
    )
    area.options["interactive"] = False  # folium's path options do not pass it on
    area.add_to(fg)
    half = k_sigma * bearing_sd_deg
    ring_label(
        site_lat, site_lon, r1, label, bearing_deg=bearing_deg, color=color, frame=frame, within_deg=half
    ).add_to(fg)
    return fg
