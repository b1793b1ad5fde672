"""Footprints, range bands and rings with their labels, drawn by the browser from one compact data literal.

The folium-element versions (:func:`trajmap.maps.footprint_layer`, :func:`trajmap.maps.ring_layer`) make
one Jinja2 template per path and label, compiled on every render; :class:`OverlayLayers` is one element
whatever the number of shapes, like :class:`trajmap.maps.LaunchLayers`: the same geometry and the same
label placement (:func:`trajmap.maps.rings.label_place`, computed here in Python), carried as data
(:func:`trajmap.escape.script_json`) and drawn by a fixed script. Label texts are set with
``textContent`` (never parsed as HTML); every shape and label is non-interactive, so it never takes a
click or a hover from the launches.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import folium
from folium.template import Template

from trajmap import geodesy
from trajmap.escape import script_json, shown_text
from trajmap.maps.overlays import FOOTPRINT_STYLE, footprint_outline
from trajmap.maps.rendered import RenderedFeatureGroup, RenderedMacroElement
from trajmap.maps.rings import LABEL_MAX_PX, MapFrame, label_place

__all__ = [
    "FOOTPRINT_CLASS",
    "LABEL_CLASS",
    "RING_CLASS",
    "OverlayLayers",
    "Shapes",
    "encode_shapes",
    "overlay_layer",
    "overlay_layer_of",
]

#: SVG class names (Leaflet's ``className``) of the shapes and the labels' icons, as the folium versions.
FOOTPRINT_CLASS = "trajmap-footprint"
RING_CLASS = "trajmap-ring"
LABEL_CLASS = "trajmap-ring-label"
_DIGITS = 4  # 1e-4 degrees is about 11 m


def _coords(points: Sequence[tuple[float, float]]) -> list[list[float]]:
    """(lat, lon) points as GeoJSON-ordered [lon, lat], rounded to 4 decimals."""
    return [[round(lo, _DIGITS), round(la, _DIGITS)] for la, lo in points]


@dataclass
class Shapes:
    """What :class:`OverlayLayers` draws, built up with :meth:`footprint` and :meth:`rings`.

    ``shapes``: each ``{"c": [[lon, lat], ...], "fill": bool, "color", "weight", "dash" (SVG dash pattern
    or None), "fo" (fill opacity), "cls" (class name)}``, a polygon when ``fill`` and else a line;
    ``labels``: each ``{"at": [lon, lat], "text", "color", "left"}`` (written left of its point when
    ``left``). Labels are placed as :func:`trajmap.maps.ring_label` places them, inside ``frame`` when
    given (which then collects their boxes, so later labels keep clear of them).
    """

    frame: MapFrame | None = None
    shapes: list[dict[str, Any]] = field(default_factory=list)
    labels: list[dict[str, Any]] = field(default_factory=list)

    def _label(self, lat: float, lon: float, radius_km: float, label: str, color: str, **kw: Any) -> None:
        plat, plon, left = label_place(lat, lon, radius_km, label, frame=self.frame, **kw)
        self.labels.append(
            {"at": _coords([(plat, plon)])[0], "text": shown_text(label), "color": color, "left": left}
        )

    def footprint(
        self,
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
    ) -> Shapes:
        """A landing's uncertainty footprint and its label, as :func:`trajmap.maps.footprint_layer`."""
        outline, far_km = footprint_outline(
            site_lat, site_lon, bearing_deg, range_km, bearing_sd_deg, range_sd_km, k_sigma=k_sigma
        )
        self.shapes.append(
            {"c": _coords(outline), "fill": True, "color": color, "cls": FOOTPRINT_CLASS}
            | {"weight": FOOTPRINT_STYLE["weight"], "dash": FOOTPRINT_STYLE["dash"]}
            | {"fo": FOOTPRINT_STYLE["fill_opacity"]}
        )
        within = k_sigma * bearing_sd_deg
        self._label(site_lat, site_lon, far_km, label, color, bearing_deg=bearing_deg, within_deg=within)
        return self

    def rings(
        self,
        lat: float,
        lon: float,
        radii_km: Sequence[tuple[float, str]],
        *,
        color: str = "#c0392b",
        label_bearing_deg: float | None = 150.0,
        dash: str | None = None,
        class_name: str = RING_CLASS,
    ) -> Shapes:
        """Geodesic rings around (lat, lon) and their labels, as :func:`trajmap.maps.ring_layer`
        (an empty label writes none)."""
        for radius_km, label in radii_km:
            if label_bearing_deg is not None and label:
                self._label(lat, lon, radius_km, label, color, bearing_deg=label_bearing_deg)
            ring, fill = geodesy.ring_display(lat, lon, radius_km)
            self.shapes.append(
                {"c": _coords(ring), "fill": fill, "color": color, "weight": 2, "dash": dash, "fo": 0.04}
                | {"cls": class_name}
            )
        return self

    def data(self) -> dict[str, Any]:
        return {"shapes": self.shapes, "labels": self.labels}


class OverlayLayers(RenderedMacroElement):
    """Footprints, bands and rings (:class:`Shapes`) and their labels, drawn by the browser.

    The data (``var shapes = ...``, :func:`trajmap.escape.script_json`, compact) is :meth:`Shapes.data`.
    The script draws each shape as an ``L.polygon`` or ``L.polyline`` and each label as a marker with an
    ``L.divIcon`` (class ``trajmap-ring-label``) holding a ``div`` whose text is set with
    ``textContent``; all with ``interactive: false``. Line widths are multiplied by :attr:`scale`
    (presentation mode: :func:`trajmap.maps.scale_strokes`).
    """

    literal_fields = ("data",)

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (group) {
            var shapes = {{ this.data }}, K = {{ this.scale|tojson }};
            function latlngs(c) {
                return c.map(function (p) { return [p[1], p[0]]; });
            }
            shapes.shapes.forEach(function (s) {
                var options = {
                    color: s.color, weight: s.weight * K, opacity: 1.0, dashArray: s.dash,
                    fill: s.fill, fillColor: s.color, fillOpacity: s.fo, className: s.cls,
                    interactive: false
                };
                (s.fill ? L.polygon : L.polyline)(latlngs(s.c), options).addTo(group);
            });
            shapes.labels.forEach(function (l) {
                var div = document.createElement("div");
                div.style.cssText = {{ this.label_css|tojson }};
                div.style.color = l.color;
                div.style.transform = l.left ? "translate(calc(-100% - 4px),-50%)" : "translate(4px,-50%)";
                div.textContent = l.text;
                var icon = L.divIcon({html: div, iconSize: [0, 0], className: {{ this.label_class|tojson }}});
                L.marker([l.at[1], l.at[0]], {icon: icon, interactive: false, keyboard: false}).addTo(group);
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, shapes: Shapes | str) -> None:
        super().__init__()
        self._name = "OverlayLayers"
        self.data = shapes if isinstance(shapes, str) else encode_shapes(shapes)
        self.label_class = LABEL_CLASS
        self.label_css = (
            "font:600 12px/1.2 sans-serif;width:max-content;"
            f"max-width:{LABEL_MAX_PX:.0f}px;text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff"
        )
        #: line widths are multiplied by this (presentation mode: :func:`trajmap.maps.scale_strokes`)
        self.scale = 1.0


def encode_shapes(shapes: Shapes) -> str:
    """:meth:`Shapes.data` as the JSON literal :class:`OverlayLayers` holds
    (:func:`trajmap.escape.script_json`, compact): encode once and reuse it, as the Explorer does per view."""
    return script_json(shapes.data(), compact=True)


def overlay_layer(shapes: Shapes, *, name: str = "Footprints and rings") -> folium.FeatureGroup:
    """A feature group holding one :class:`OverlayLayers` of ``shapes``."""
    return overlay_layer_of(encode_shapes(shapes), name=name)


def overlay_layer_of(encoded: str, *, name: str = "Footprints and rings") -> folium.FeatureGroup:
    """:func:`overlay_layer` from data already encoded (:func:`encode_shapes`)."""
    fg = RenderedFeatureGroup(name=name)
    OverlayLayers(encoded).add_to(fg)
    return fg
