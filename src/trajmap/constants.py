"""Constants and styles shared across trajmap: one place for each, with its source.

Limits (ring radii, the default view), colours (missile classes, EEZ sovereigns) and the attribution
texts the maps, snapshots and exports show. Modules import them from here; none defines its own copy.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BASEMAP_KEYS",
    "CLASS_COLORS",
    "DEFAULT_VIEW",
    "EEZ_ATTRIBUTION_HTML",
    "EEZ_ATTRIBUTION_TEXT",
    "EEZ_FILLS",
    "EEZ_FILL_CLAIM",
    "EEZ_FILL_JOINT",
    "EEZ_FILL_OTHER",
    "LAND_COLOR",
    "MAX_CUSTOM_DISTANCE_KM",
    "MAX_RANGE_KM",
    "MAX_RING_RADIUS_KM",
    "MIN_RING_RADIUS_KM",
    "NATURAL_EARTH_ATTRIBUTION_HTML",
    "SEA_COLOR",
    "View",
]

#: Half the Earth's circumference along a meridian is 20,004 km on WGS84: a geodesic ring (or a flight)
#: longer than 20,000 km would start to come back towards its centre.
MAX_RING_RADIUS_KM = 20_000.0
MIN_RING_RADIUS_KM = 1.0
#: The largest custom distance the Reach page accepts, km: beyond MAX_RING_RADIUS_KM it is kept as typed and
#: drawn at MAX_RING_RADIUS_KM with a notice (every point on Earth is within about 20,004 km).
MAX_CUSTOM_DISTANCE_KM = 100_000.0
#: The longest ground distance a record may give, km (the same bound as rings).
MAX_RANGE_KM = MAX_RING_RADIUS_KM


@dataclass(frozen=True, slots=True)
class View:
    """A map view: centre (lat, lon) in degrees and a Web Mercator zoom level."""

    center: tuple[float, float]
    zoom: int


#: The Korean peninsula and the Sea of Japan, where most launches come down.
DEFAULT_VIEW = View(center=(38.5, 132.0), zoom=5)

#: Basemap keys a view may name ("auto" picks tiles when online, else the offline vector basemap).
BASEMAP_KEYS = ("auto", "vector", "osm", "carto", "esri")

#: Colour per missile class (ColorBrewer Dark2 and Set1, distinguishable for common colour blindness).
CLASS_COLORS: dict[str, str] = {
    "SRBM": "#1b9e77",
    "MRBM": "#d95f02",
    "IRBM": "#7570b3",
    "ICBM": "#e7298a",
    "SLBM": "#66a61e",
    "SLV": "#e6ab02",
    "cruise": "#377eb8",
    "unknown": "#666666",
}
SEA_COLOR = "#dbe9f4"
LAND_COLOR = "#f4f1ea"

#: EEZ fill per sovereign (ISO 3166 alpha-3), and for others, joint regimes and overlapping claims.
EEZ_FILLS: dict[str, str] = {
    "JPN": "#d62728",
    "KOR": "#1f77b4",
    "PRK": "#9467bd",
    "CHN": "#ff7f0e",
    "RUS": "#2ca02c",
}
EEZ_FILL_OTHER, EEZ_FILL_JOINT, EEZ_FILL_CLAIM = "#7f7f7f", "#e377c2", "#111111"

#: Attribution the EEZ layer's licence (CC BY 4.0) requires, as HTML for maps and as text for images.
EEZ_ATTRIBUTION_HTML = (
    'EEZ &copy; Flanders Marine Institute, <a href="https://www.marineregions.org/">Marine Regions</a> '
    "(CC BY 4.0), not a legal boundary"
)
EEZ_ATTRIBUTION_TEXT = "EEZ: Flanders Marine Institute, Marine Regions v11, CC BY 4.0 (not legal boundaries)"
NATURAL_EARTH_ATTRIBUTION_HTML = 'Made with <a href="https://www.naturalearthdata.com/">Natural Earth</a>'
