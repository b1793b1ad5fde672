"""The Reach page's reverse mode: which known launch sites reach a target, and from where it is reachable.

>>> import pandas as pd
>>> s = pd.DataFrame({"site": ["a"], "name": ["A"], "lat": [0.0], "lon": [1.0], "kind": ["pad"]})
>>> v = reverse_view(0.0, 0.0, "Null Island", 1000.0, "1,000 km", s)
>>> v.heading
'Sites: 1 of 1 known launch sites reach Null Island with 1,000 km'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from trajmap import maps, reach

__all__ = ["REVERSE_COLUMNS", "ReverseView", "reverse_map", "reverse_view"]

#: The sites table's columns, in order.
REVERSE_COLUMNS = ("name", "kind", "distance_km", "bearing_deg", "in_reach", "range_used_km", "margin_km")


@dataclass(frozen=True)
class ReverseView:
    """What the reverse mode shows: the target, the area it is reachable from, and the sites."""

    lat: float
    lon: float
    where: str
    range_km: float
    label: str
    table: pd.DataFrame
    heading: str
    caption: str
    zoom: int


def reverse_view(
    lat: float,
    lon: float,
    where: str,
    range_km: float,
    label: str,
    sites: pd.DataFrame,
    *,
    rotating: bool = False,
) -> ReverseView:
    """The known sites (:func:`trajmap.reach.sites_reaching`) that reach the target at (lat, lon) with
    ``range_km``, sorted by margin, and the caption that says what the drawn area is."""
    table = reach.sites_reaching(lat, lon, range_km, sites, rotating=rotating)
    n_in = int(table["in_reach"].sum())
    heading = f"Sites: {n_in} of {len(table)} known launch sites reach {where} with {label}"
    caption = (
        f"The shaded area is where a missile of {label} can be launched from to reach {where}: the "
        "geodesic ring of that range around the target (on a non-rotating Earth, range is the same both "
        "ways). margin_km is the range used minus the site's distance."
    )
    if rotating:
        caption += (
            " Earth's rotation included for the sites: each site's range toward the target is that of its "
            "own rotating-Earth footprint (range_used_km), so a site outside the ring can still reach it "
            "(eastward) and one inside may not (westward); the ring is not rotation-aware, which would need "
            "a footprint solved at every launch point."
        )
    zoom = 2 if range_km > 4000 else 3 if range_km > 1500 else 5
    return ReverseView(lat, lon, where, range_km, label, table, heading, caption, zoom)


def reverse_map(
    view: ReverseView, *, land: dict[str, Any] | None, land_url: str | None = None
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The vector base map, and a layer with the reachable-from area (class ``trajmap-reverse``), the
    target and the sites (longitudes unrolled to the target's side of the antimeridian). With
    ``land_url`` (where the app serves ``land``) the map fetches the land once; None inlines it."""
    fg = folium.FeatureGroup(name="Reverse reach")
    maps.ring_layer(
        view.lat,
        view.lon,
        [(view.range_km, f"launch area: {view.label}")],
        color="#1a9850",
        class_name="trajmap-ring trajmap-reverse",
    ).add_to(fg)
    style = {"color": "#000", "fill_color": "#b2182b", "radius": 7, "class_name": "trajmap-target"}
    maps.point_marker(view.lat, view.lon, f"target: {view.where}", **style).add_to(fg)  # type: ignore[arg-type]
    for s in view.table.itertuples():
        slon = s.lon + 360.0 * round((view.lon - s.lon) / 360.0)
        color = "#1a9850" if s.in_reach else "#777777"
        text = f"{s.name}: {s.distance_km:,.0f} km, margin {s.margin_km:,.0f} km"
        style = {"color": color, "fill_color": color, "class_name": "trajmap-site"}
        maps.point_marker(s.lat, slon, text, **style).add_to(fg)  # type: ignore[arg-type]
    base = maps.base_map(
        basemap="vector", land_geojson=land, land_url=land_url, location=(view.lat, view.lon), zoom=view.zoom
    )
    return base, fg
