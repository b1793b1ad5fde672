"""The Reach page's border mode: the area within each range of a country's territory, and what it holds.

>>> from shapely.geometry import box
>>> import pandas as pd
>>> from trajmap import border
>>> t = pd.DataFrame({"target": ["a"], "name": ["A"], "country": ["X"], "kind": ["city"],
...                   "lat": [0.0], "lon": [10.0], "source_url": ["https://example.org"]})
>>> ring = border.border_ring(box(-1, -1, 1, 1), 1500.0, "SQR", "Square")
>>> v = border_view([ring], "Square", t)
>>> v.heading, v.table["in_reach"].tolist()
('Targets: 1 of 1 within 1,500 km of the territory of Square', [True])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import pandas as pd

from trajmap import border, cities, maps
from trajmap.views import common
from trajmap.views.reach import people_rows

__all__ = ["BORDER_COLUMNS", "BorderView", "border_map", "border_view"]

#: The targets table's columns in border mode.
BORDER_COLUMNS = (
    "name",
    "country",
    "kind",
    "distance_km",
    "in_reach",
    "first_ring",
    "range_used_km",
    "margin_km",
    "source_url",
)


@dataclass(frozen=True)
class BorderView:
    """What the border mode shows below its controls."""

    rings: tuple[border.BorderRing, ...]
    where: str
    table: pd.DataFrame
    heading: str
    caption: str
    lat: float
    lon: float
    zoom: int
    people: tuple[dict[str, Any], ...] = ()
    people_caption: str = ""


def border_view(
    rings: Sequence[border.BorderRing],
    where: str,
    targets: pd.DataFrame,
    city_table: pd.DataFrame | None = None,
) -> BorderView:
    """Targets by their geodesic distance from the territory (0 inside it), the smallest ring that holds
    each (``first_ring``, margin against it) and the people in each ring.

    ``distance_km`` is to the nearest point of the territory's boundary sampled every 10 km
    (:func:`trajmap.border.distance_to_country_km`); ``in_reach`` means within the largest range.
    """
    if not rings:
        raise ValueError("border_view needs at least one border ring")
    ordered = sorted(rings, key=lambda r: r.radius_km)
    geom = ordered[0].country_shape
    dist = border.distance_to_country_km(geom, targets["lat"], targets["lon"])
    largest = ordered[-1].radius_km
    first = [next((r for r in ordered if d <= r.radius_km), None) for d in dist]
    used = np.array([largest if r is None else r.radius_km for r in first])
    table = (
        targets.assign(
            distance_km=np.round(dist, 1),
            in_reach=dist <= largest,
            first_ring=[("" if r is None else f"{r.radius_km:,.0f} km") for r in first],
            range_used_km=used,
            margin_km=np.round(used - dist, 1),
        )
        .sort_values("distance_km")
        .reset_index(drop=True)
    )
    heading = (
        f"Targets: {int(table['in_reach'].sum())} of {len(table)} within {largest:,.0f} km of the "
        f"territory of {where}"
    )
    caption = (
        f"Each ring is the area within its range (geodesic, WGS84) of anywhere in {where}'s territory "
        "(Natural Earth admin-0 polygons, islands included): circles around the border's points, every 5 % "
        "of the range, unioned in an azimuthal equidistant projection centred on the country, with the "
        "country itself. The Earth's rotation is not applied to border rings."
    )
    wholes = [r for r in ordered if r.whole_earth]
    if wholes:
        caption += f" {wholes[0].radius_km:,.0f} km from {where} covers the whole Earth."
    found = cities.people_in_areas(
        [(f"{r.radius_km:,.0f} km", r.holds) for r in ordered], _cities(city_table)
    )
    people = people_rows(found, "ring")
    people_caption = (
        f"Cities within each ring from the border and their summed {cities.POPULATION_LABEL} (pop_max); "
        f"source: {cities.CITIES_SOURCE}."
        if people
        else ""
    )
    rp = geom.representative_point()
    west, south, east, north = geom.bounds
    extent_deg = max(east - west, north - south)  # a country across 180 spans the whole width: zoom 2
    zoom = 2 if largest > 800 or extent_deg > 40 else 3 if largest > 300 or extent_deg > 15 else 4
    centre_lat = min(max(rp.y, -40.0), 40.0) if zoom == 2 else rp.y  # a world view: keep the tropics in it
    return BorderView(
        tuple(ordered), where, table, heading, caption, centre_lat, rp.x, zoom, people, people_caption
    )


def _cities(city_table: pd.DataFrame | None) -> pd.DataFrame:
    if city_table is not None:
        return city_table
    return pd.DataFrame(columns=["name", "country", "lat", "lon", "pop_max"])


def border_map(
    view: BorderView, *, land: dict[str, Any] | None, land_url: str | None = None
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The vector base map, and a layer with the border rings (class ``trajmap-border-ring``) and targets.
    With ``land_url`` (where the app serves ``land``) the map fetches the land once; None inlines it."""
    fg = folium.FeatureGroup(name="Rings from the border")
    for ring in reversed(view.rings):
        for poly in ring.display(view.lon):  # one Leaflet polygon (outline and holes) per piece
            shape = folium.Polygon(
                poly,
                color="#d95f02",
                weight=2,
                fill=True,
                fill_opacity=0.05,
                class_name="trajmap-border-ring",
            )
            shape.options["interactive"] = False
            shape.add_to(fg)
    common.target_markers(fg, view.table, view.lon, measured=" from the border")
    base = maps.base_map(
        basemap="vector", land_geojson=land, land_url=land_url, location=(view.lat, view.lon), zoom=view.zoom
    )
    return base, fg
