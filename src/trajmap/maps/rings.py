"""Geodesic range rings and their labels (never ``folium.Circle``, which is a flat circle in metres).

Rings are context, never a target: their paths and labels are drawn with Leaflet's ``interactive: false``,
so a landing point or trajectory inside or under a ring still shows its tooltip and opens its popup. What a
ring is says its label, written on the map beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import folium
import numpy as np

from trajmap import geodesy
from trajmap.ballistics.rotation import Footprint
from trajmap.escape import html_text

__all__ = ["LABEL_MAX_PX", "MapFrame", "label_place", "reach_footprint_layer", "ring_label", "ring_layer"]


@dataclass(frozen=True, slots=True)
class MapFrame:
    """The view a map opens on, for placing labels inside it: centre (lat, lon) in degrees, Web Mercator
    zoom, and the map's size in CSS pixels. ``right_px`` is a strip along the right edge that a legend
    covers; ``margin_px`` keeps labels clear of the edges and the corner controls. ``taken`` collects the
    boxes of the labels placed in it so far, which later labels keep clear of when they can."""

    center: tuple[float, float]
    zoom: float
    width_px: float = 900.0
    height_px: float = 560.0
    right_px: float = 0.0
    margin_px: float = 14.0
    taken: list[tuple[float, float, float, float]] = field(default_factory=list, compare=False, repr=False)

    def pixel(self, lat: float, lon: float) -> tuple[float, float]:
        """(x, y) of a point in pixels from the frame's centre (x east, y down); the longitude is taken
        on the centre's side of the antimeridian."""
        scale = 256.0 * 2.0**self.zoom

        def merc(la: float) -> float:
            la = max(-85.0, min(85.0, la))
            return math.log(math.tan(math.pi / 4 + math.radians(la) / 2))

        lon += 360.0 * round((self.center[1] - lon) / 360.0)
        x = (lon - self.center[1]) / 360.0 * scale
        y = (merc(self.center[0]) - merc(lat)) / (2 * math.pi) * scale
        return x, y

    def location(self, x: float, y: float) -> tuple[float, float]:
        """The (lat, lon) at (x, y) pixels from the frame's centre: the inverse of :meth:`pixel`."""
        scale = 256.0 * 2.0**self.zoom
        la = max(-85.0, min(85.0, self.center[0]))
        y_c = math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
        lat = math.degrees(2 * math.atan(math.exp(y_c - y / scale * 2 * math.pi)) - math.pi / 2)
        return lat, self.center[1] + x / scale * 360.0

    def holds(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the box from (x0, y0) to (x1, y1), in pixels from the centre, lies inside the frame."""
        half_w, half_h, m = self.width_px / 2, self.height_px / 2, self.margin_px
        return (
            x0 >= -half_w + m and x1 <= half_w - m - self.right_px and y0 >= -half_h + m and y1 <= half_h - m
        )


_LABEL_PX_PER_CHAR = 7.2  # 600 12px sans-serif, a little wide
_LABEL_LINE_PX = 15.0  # 12px text, line height 1.2, and its shadow
_LABEL_MAX_PX = 260.0
#: A label wider than this many CSS pixels wraps.
LABEL_MAX_PX = _LABEL_MAX_PX


def ring_layer(
    lat: float,
    lon: float,
    radii_km: Sequence[tuple[float, str]],
    *,
    color: str = "#c0392b",
    name: str = "Range rings",
    label_bearing_deg: float | None = 150.0,
    dash: str | None = None,
    class_name: str = "trajmap-ring",
    frame: MapFrame | None = None,
) -> folium.FeatureGroup:
    """Geodesic range rings (never ``folium.Circle``), drawn continuously around the centre's meridian.

    Parameters
    ----------
    lat, lon : float
        Centre, degrees.
    radii_km : sequence of (radius_km, label)
        Each ring's radius in km and its label (plain text; escaped here); an empty label writes none.
    label_bearing_deg : float or None
        Where each label is written on the map: the ring's point at about this bearing from the centre
        (see :func:`ring_label`); None for no labels.
    dash : str or None
        An SVG dash pattern such as ``"6 6"`` (a ring drawn for comparison), None for a solid line.
    class_name : str
        The SVG path's class (``trajmap-ring``; more than one, space-separated, for a ring with a role).
    frame : MapFrame or None
        The view the map opens on: each label goes where it lies inside it (see :func:`ring_label`).
    """
    fg = folium.FeatureGroup(name=name)
    for radius_km, label in radii_km:
        if label_bearing_deg is not None and label:
            ring_label(
                lat, lon, radius_km, label, bearing_deg=label_bearing_deg, color=color, frame=frame
            ).add_to(fg)
        ring, fill = geodesy.ring_display(lat, lon, radius_km)
        line: folium.Polygon | folium.PolyLine = (
            folium.Polygon(
                ring,
                color=color,
                weight=2,
                fill=True,
                fill_opacity=0.04,
                dash_array=dash,
                class_name=class_name,
            )
            if fill
            else folium.PolyLine(ring, color=color, weight=2, dash_array=dash, class_name=class_name)
        )
        line.options["interactive"] = False  # folium's path options do not pass it on
        line.add_to(fg)
    return fg


def ring_label(
    lat: float,
    lon: float,
    radius_km: float,
    label: str,
    *,
    bearing_deg: float = 150.0,
    color: str = "#c0392b",
    frame: MapFrame | None = None,
    within_deg: float = 180.0,
) -> folium.Marker:
    """A text label on the ring of ``radius_km`` around (lat, lon), at its point at ``bearing_deg``.

    The longitude is unrolled to the centre's side of the antimeridian, as :func:`geodesy.ring_display`
    draws the ring. When that point is beyond 45 degrees of latitude (off a world view for a long ring) and
    the centre is not, the label moves by 30 degrees of bearing at a time to a point that is not.

    With ``frame`` (the view the map opens on), the label goes on the ring's point nearest in bearing to
    ``bearing_deg`` (and within ``within_deg`` of it: a footprint's label stays on its arc) where its whole
    text lies inside that view, written to the right of the point or, if only that fits, to its left: a
    label is never cut by the map's edge or hidden under the legend. When no such point has room in the
    view, it is placed as without a frame.
    """
    plat, plon, left = label_place(
        lat, lon, radius_km, label, bearing_deg=bearing_deg, frame=frame, within_deg=within_deg
    )
    shift = "translate(calc(-100% - 4px),-50%)" if left else "translate(4px,-50%)"
    # one style whatever the text: a short label stays on one line, a long one wraps at _LABEL_MAX_PX
    wrap = f"width:max-content;max-width:{_LABEL_MAX_PX:.0f}px"
    text = (
        f'<div style="color:{color};font:600 12px/1.2 sans-serif;{wrap};'
        f'text-shadow:0 0 3px #fff,0 0 3px #fff,0 0 3px #fff;transform:{shift}">'
        f"{html_text(label)}</div>"
    )
    return folium.Marker(
        (plat, plon),
        icon=folium.DivIcon(html=text, icon_size=(0, 0), class_name="trajmap-ring-label"),
        interactive=False,
        keyboard=False,
    )


def label_place(
    lat: float,
    lon: float,
    radius_km: float,
    label: str,
    *,
    bearing_deg: float = 150.0,
    frame: MapFrame | None = None,
    within_deg: float = 180.0,
) -> tuple[float, float, bool]:
    """Where :func:`ring_label` writes ``label``: (lat, lon, written_left), the longitude unrolled to the
    centre's side of the antimeridian (see there). With ``frame`` the label's box is added to
    ``frame.taken``."""
    plat, plon = _label_point(lat, lon, radius_km, bearing_deg)
    left = False
    one_line = _LABEL_PX_PER_CHAR * len(label) + 6.0
    # a long label (a footprint's odds) wraps in a box of at most _LABEL_MAX_PX
    lines = 1 if one_line <= _LABEL_MAX_PX else math.ceil(1.2 * one_line / _LABEL_MAX_PX)
    width = min(one_line, _LABEL_MAX_PX)
    if frame is not None:
        placed = _label_in_frame(lat, lon, radius_km, bearing_deg, within_deg, frame, (width, lines))
        if placed is not None:
            plat, plon, left = placed
    plon += 360.0 * round((lon - plon) / 360.0)
    return plat, plon, left


def reach_footprint_layer(
    footprints: Sequence[tuple[Footprint, str]],
    *,
    color: str = "#7b3294",
    name: str = "Rotating-Earth footprints",
    frame: MapFrame | None = None,
) -> folium.FeatureGroup:
    """Rotation-aware footprints (:class:`trajmap.ballistics.rotation.Footprint`) as closed polygons of
    landing points (class ``trajmap-footprint``), drawn by the ring rules: continuous around the site's
    meridian, closed over a pole the footprint holds, a line when it holds both; labelled like rings
    (inside ``frame``, the view the map opens on, when given)."""
    fg = folium.FeatureGroup(name=name)
    for fp, label in footprints:
        outline, fill = fp.display()
        shape: folium.Polygon | folium.PolyLine = (
            folium.Polygon(
                outline, color=color, weight=2, fill=True, fill_opacity=0.06, class_name="trajmap-footprint"
            )
            if fill
            else folium.PolyLine(outline, color=color, weight=2, class_name="trajmap-footprint")
        )
        shape.options["interactive"] = False
        shape.add_to(fg)
        if label:
            east, west = fp.range_toward(90.0), fp.range_toward(270.0)
            text = f"{label}, rotating Earth: {east:,.0f} km east, {west:,.0f} km west"
            at_km = min(fp.range_toward(120.0), 20000.0)  # on the footprint, toward the south-east
            ring_label(fp.lat, fp.lon, at_km, text, bearing_deg=120.0, color=color, frame=frame).add_to(fg)
    return fg


def _label_point(lat: float, lon: float, radius_km: float, bearing_deg: float) -> tuple[float, float]:
    for b in (bearing_deg, bearing_deg - 30.0, bearing_deg - 60.0, bearing_deg + 30.0, bearing_deg + 60.0):
        plat, plon = geodesy.destination(lat, lon, b, radius_km)
        if abs(plat) <= 45.0 or abs(lat) > 45.0:
            return plat, plon
    return geodesy.destination(lat, lon, bearing_deg, radius_km)


def _label_in_frame(
    lat: float,
    lon: float,
    radius_km: float,
    bearing_deg: float,
    within_deg: float,
    frame: MapFrame,
    box: tuple[float, int],
) -> tuple[float, float, bool] | None:
    """The ring's point (every 5 degrees of bearing, or every degree along a short arc, nearest to
    ``bearing_deg`` first) where a label box of ``box`` (width in px, lines) fits inside ``frame``, clear
    of the labels placed before if it can be, written right of it or else left: (lat, lon, written_left).
    The chosen box is added to ``frame.taken``."""
    width_px = box[0]
    step = 5 if within_deg >= 30.0 else 1
    offsets = sorted(range(-180, 180, step), key=abs)
    bearings = [(bearing_deg + d) % 360.0 for d in offsets if abs(d) <= within_deg] or [bearing_deg]
    lats, lons = geodesy.destinations(lat, lon, np.array(bearings), np.full(len(bearings), radius_km))
    half_h = _LABEL_LINE_PX * box[1] / 2
    fits: list[tuple[float, float, bool, tuple[float, float, float, float]]] = []
    for plat, plon in zip(lats.tolist(), lons.tolist(), strict=True):
        x, y = frame.pixel(plat, plon)
        for left, x0 in ((False, x + 4), (True, x - 4 - width_px)):
            rect = (x0, y - half_h, x0 + width_px, y + half_h)
            if frame.holds(*rect):
                fits.append((plat, plon, left, rect))
    if not fits:
        return None
    free = [f for f in fits if not any(_overlaps(f[3], t) for t in frame.taken)]
    if not free:  # every spot on the arc is taken: the label goes just above or below the nearest one
        plat, plon, left, rect = fits[0]
        height = rect[3] - rect[1] + 2.0
        for k in (1, -1, 2, -2, 3, -3, 4, -4):
            moved = (rect[0], rect[1] + k * height, rect[2], rect[3] + k * height)
            if frame.holds(*moved) and not any(_overlaps(moved, t) for t in frame.taken):
                x, y = frame.pixel(plat, plon)
                free = [(*frame.location(x, y + k * height), left, moved)]
                break
    plat, plon, left, rect = (free or fits)[0]
    frame.taken.append(rect)
    return plat, plon, left


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
