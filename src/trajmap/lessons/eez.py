"""What an EEZ is (UNCLOS articles 3 and 57), the layer's joint regimes and disputed areas, and why
"outside Japan's EEZ" can still be near Japan."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

import pandas as pd
import shapely
import shapely.ops
from shapely.geometry import shape

from trajmap import geodesy, layers, uncertainty, zones
from trajmap.lessons.sources import CITATIONS, Citation, cited, estimate

__all__ = [
    "EEZ_NM",
    "NAUTICAL_MILE_KM",
    "TERRITORIAL_SEA_NM",
    "EezLesson",
    "coast_distance_km",
    "eez_kinds",
    "eez_lesson",
    "nautical_miles_km",
]

#: The international nautical mile, km: exactly 1,852 m (International Hydrographic Conference, 1929;
#: BIPM SI Brochure, 9th ed., table 8).
NAUTICAL_MILE_KM = 1.852
#: Breadth of the EEZ: "shall not extend beyond 200 nautical miles from the baselines" (UNCLOS art. 57).
EEZ_NM = 200
#: Breadth of the territorial sea: "up to a limit not exceeding 12 nautical miles" (UNCLOS art. 3).
TERRITORIAL_SEA_NM = 12


def nautical_miles_km(nm: float) -> float:
    """Nautical miles in km (1 nm = 1.852 km exactly), rounded to the metre.

    >>> nautical_miles_km(12)
    22.224
    """
    return round(nm * NAUTICAL_MILE_KM, 3)


def eez_kinds(fc: dict[str, Any]) -> tuple[Counter[str], tuple[zones.ZoneHit, ...]]:
    """The EEZ layer's features by kind ("200 NM", "joint regime", "overlapping claim", read from
    ``POL_TYPE``), and the features that are not plain 200 NM zones."""
    hits = [zones.ZoneHit.from_properties(f["properties"]) for f in fc["features"]]
    return Counter(h.kind for h in hits), tuple(sorted((h for h in hits if h.kind != "200 NM"), key=str))


def _country_coast(fc: dict[str, Any], iso3: str) -> shapely.Geometry:
    feats = [
        f
        for f in fc["features"]
        if iso3 in {str((f.get("properties") or {}).get(k)) for k in ("ADM0_A3", "ISO_A3", "SOV_A3")}
    ]
    if not feats:
        raise ValueError(f"no country {iso3!r} in the countries layer")
    return shapely.union_all([shape(f["geometry"]) for f in feats]).boundary


def coast_distance_km(
    lat: float, lon: float, country: str = "JPN", *, countries: dict[str, Any] | None = None
) -> tuple[float, geodesy.Point]:
    """Geodesic distance (km) from ``(lat, lon)`` to ``country``'s nearest coast, and that coast point.

    The coast is the outline of the country's polygons in Natural Earth 1:50m (layer ``countries``; an island
    country's outline is all coast), projected to an azimuthal equidistant projection centred on the point,
    where distances from the centre are true.
    """
    coast = _country_coast(countries or layers.load_geojson("countries"), country)
    aeqd = geodesy.aeqd(lat, lon)
    coast_p = shapely.transform(coast, aeqd.transform, interleaved=False)
    near = shapely.ops.nearest_points(coast_p, shapely.Point(0.0, 0.0))[0]
    plon, plat = aeqd.transform(near.x, near.y, direction="INVERSE")
    return geodesy.inverse(lat, lon, plat, plon).distance_km, (float(plat), float(plon))


@dataclass(frozen=True)
class EezLesson:
    """What an EEZ is, and one landing measured against Japan's."""

    eez_km: float
    territorial_km: float
    kinds: Counter[str]
    special: tuple[zones.ZoneHit, ...]
    event_id: str
    estimate_by: str
    site: geodesy.Point
    landing: geodesy.Point
    verdict: zones.Verdict
    odds: uncertainty.UncertainVerdict
    coast_km: float
    coast_point: geodesy.Point
    citations: tuple[Citation, ...]

    @property
    def eez_edge_km(self) -> float:
        """Distance from the landing to Japan's EEZ line, km."""
        return self.verdict.distance_km


def eez_lesson(
    launches: pd.DataFrame,
    event_id: str = "2025-01-06",
    estimate_by: str = "Japan MOD",
    *,
    eez: dict[str, Any] | None = None,
    countries: dict[str, Any] | None = None,
) -> EezLesson:
    """The EEZ's breadths, the layer's joint regimes and disputed areas, and one landing against Japan's
    EEZ: the verdict and its odds as the Explorer gives them, and the distances to the EEZ line and the coast.
    """
    kinds, special = eez_kinds(eez or layers.load_geojson("eez"))
    rec = estimate(launches, event_id, estimate_by)
    if rec["landing_basis"] == "unknown":
        raise ValueError(f"the {estimate_by} estimate of {event_id} has no landing point")
    lat, lon = float(rec["landing_lat"]), float(rec["landing_lon"])
    site = (float(rec["site_lat"]), float(rec["site_lon"]))
    odds = uncertainty.verdict_distribution(
        *site, float(rec["bearing_deg"]), float(rec["range_km"]), country="JPN"
    )
    coast_km, coast_point = coast_distance_km(lat, lon, "JPN", countries=countries)
    return EezLesson(
        eez_km=nautical_miles_km(EEZ_NM),
        territorial_km=nautical_miles_km(TERRITORIAL_SEA_NM),
        kinds=kinds,
        special=special,
        event_id=event_id,
        estimate_by=estimate_by,
        site=site,
        landing=(lat, lon),
        verdict=zones.verdict(lat, lon, "JPN"),
        odds=odds,
        coast_km=coast_km,
        coast_point=coast_point,
        citations=(
            CITATIONS["unclos"],
            CITATIONS["nautical_mile"],
            CITATIONS["marine_regions"],
            CITATIONS["natural_earth"],
            cited(rec),
        ),
    )
