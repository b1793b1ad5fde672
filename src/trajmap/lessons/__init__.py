"""The figures of the Lessons page, computed from the real record and reference layers (no Streamlit here).

Four short lessons, one function each; every figure is in km and says how it was computed:

- :func:`curve_lesson`: why a trajectory curves on the map (the geodesic against the line drawn straight on
  Web Mercator, and the length each implies);
- :func:`ring_lesson`: why a range ring is not a circle on the map, and how far Leaflet's ``L.Circle``
  (``folium.Circle``) is from the geodesic ring (:func:`leaflet_circle` re-traces Leaflet 1.9.3's own
  construction);
- :func:`eez_lesson`: what an EEZ is (UNCLOS articles 3 and 57) and why "outside Japan's EEZ" can still be
  near Japan;
- :func:`lofted_lesson`: a lofted flight against a depressed one, to scale, and what "maximum range" means.

>>> nautical_miles_km(200)
370.4
>>> c = leaflet_circle(0.0, 0.0, 1000.0)
>>> round(c.north[0], 4), round(c.south[0], 4)  # Leaflet: lat +- r / 6,371 km in degrees
(8.9932, -8.9932)

The family: :mod:`trajmap.lessons.curve`, :mod:`trajmap.lessons.rings`, :mod:`trajmap.lessons.eez`,
:mod:`trajmap.lessons.lofted` and :mod:`trajmap.lessons.sources` (the citations); every public name is
importable from here.
"""

from trajmap.lessons.curve import (
    LEAFLET_MAX_LATITUDE,
    CurveLesson,
    curve_lesson,
    line_length_km,
    mercator_lat,
    mercator_y,
    web_mercator_line,
)
from trajmap.lessons.eez import (
    EEZ_NM,
    NAUTICAL_MILE_KM,
    TERRITORIAL_SEA_NM,
    EezLesson,
    coast_distance_km,
    eez_kinds,
    eez_lesson,
    nautical_miles_km,
)
from trajmap.lessons.lofted import LoftedFlight, LoftedLesson, lofted_lesson
from trajmap.lessons.rings import (
    LEAFLET_EARTH_RADIUS_KM,
    LeafletCircle,
    RingLesson,
    RingRow,
    leaflet_circle,
    ring_lesson,
)
from trajmap.lessons.sources import CITATIONS, Citation, cited, estimate

__all__ = [
    "CITATIONS",
    "EEZ_NM",
    "LEAFLET_EARTH_RADIUS_KM",
    "LEAFLET_MAX_LATITUDE",
    "NAUTICAL_MILE_KM",
    "TERRITORIAL_SEA_NM",
    "Citation",
    "CurveLesson",
    "EezLesson",
    "LeafletCircle",
    "LoftedFlight",
    "LoftedLesson",
    "RingLesson",
    "RingRow",
    "cited",
    "coast_distance_km",
    "curve_lesson",
    "eez_kinds",
    "eez_lesson",
    "estimate",
    "leaflet_circle",
    "line_length_km",
    "lofted_lesson",
    "mercator_lat",
    "mercator_y",
    "nautical_miles_km",
    "ring_lesson",
    "web_mercator_line",
]
