"""Geodesic range rings and their labels (never ``folium.Circle``, which is a flat circle in metres).

Rings are context, never a target: their paths and labels are drawn with Leaflet's ``interactive: false``,
so a landing point or trajectory inside or under a ring still shows its tooltip and opens its popup. What a
ring is says its label, written on the map beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium

from trajmap import geodesy
from trajmap.ballistics.rotation import Footprint
from trajmap.escape import html_text

__all__ = ["reach_footprint_layer", "ring_label", "ring_layer"]


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
    """
    fg = folium.FeatureGroup(name=name)
    for radius_km, label in radii_km:
        if label_bearing_deg is not None and label:
            ring_label(lat, lon, radius_km, label, bearing_deg=label_bearing_deg, color=color).add_to(fg)
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
        (plat, plon),
        icon=folium.DivIcon(html=text, icon_size=(0, 0), class_name="trajmap-ring-label"),
        interactive=False,
        keyboard=False,
    )


def reach_footprint_layer(
    footprints: Sequence[tuple[Footprint, str]],
    *,
    color: str = "#7b3294",
    name: str = "Rotating-Earth footprints",
) -> folium.FeatureGroup:
    """Rotation-aware footprints (:class:`trajmap.ballistics.rotation.Footprint`) as closed polygons of
    landing points (class ``trajmap-footprint``), drawn by the ring rules: continuous around the site's
    meridian, closed over a pole the footprint holds, a line when it holds both; labelled like rings."""
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
            ring_label(fp.lat, fp.lon, at_km, text, bearing_deg=120.0, color=color).add_to(fg)
    return fg
