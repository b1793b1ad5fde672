"""In whose waters: EEZ membership and verdicts for a country.

The zones are Marine Regions' World EEZ v11 (layer ``eez`` of :mod:`trajmap.layers`); land is Natural Earth
1:50m (layer ``land``). Points are ``(lat, lon)`` in degrees, distances in kilometres.

>>> [h.sovereigns for h in eez_at(43.88, 137.59)]
[('RUS',)]
>>> print(verdict(43.88, 137.59).summary.replace("; ", ";\\n"))
outside Japan's EEZ (about 45 km beyond its boundary), in Russia's EEZ;
about 230 km WNW of the Shakotan Peninsula

Rules of :func:`verdict`, in order: ``"on land"`` when Natural Earth land holds the point and no EEZ
polygon does (the polygons stop at the coast); ``"boundary"`` within :data:`BOUNDARY_KM` (the data's
resolution) of the country's EEZ line; ``"joint regime"`` / ``"overlapping claim"`` inside such a feature
that lists the country as a sovereign; ``"inside"`` within the country's 200 NM zones (islands inside them
count, and so does a coastal gap within :data:`COAST_GAP_KM` of them); else ``"outside"``. The EEZ *line*
is the zones' outline without coasts (parts within about 3 km of land, and island holes) and without the
edges of the region's bounding box.

The family: :mod:`trajmap.zones.verdicts` (the questions and their rules), :mod:`trajmap.zones.index` (the
EEZ polygons they run against), :mod:`trajmap.zones.places` (place phrasing) and
:mod:`trajmap.zones.overlay` (the map's EEZ overlay); every public name is importable from here.
"""

from trajmap.zones.index import COUNTRY_NAMES, ZoneHit, ZoneIndex, country_name, possessive, zone_index
from trajmap.zones.overlay import eez_overlay_geojson
from trajmap.zones.places import nearest_place
from trajmap.zones.verdicts import (
    BOUNDARY_KM,
    COAST_GAP_KM,
    STATUSES,
    Verdict,
    VerdictBatch,
    boundary_distance_km,
    eez_at,
    eez_at_many,
    verdict,
    verdicts,
)

__all__ = [
    "BOUNDARY_KM",
    "COAST_GAP_KM",
    "COUNTRY_NAMES",
    "STATUSES",
    "Verdict",
    "VerdictBatch",
    "ZoneHit",
    "ZoneIndex",
    "boundary_distance_km",
    "country_name",
    "eez_at",
    "eez_at_many",
    "eez_overlay_geojson",
    "nearest_place",
    "possessive",
    "verdict",
    "verdicts",
    "zone_index",
]
