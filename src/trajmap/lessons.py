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
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
import shapely.ops
from pyproj import Geod, Transformer
from shapely.geometry import shape

from trajmap import ballistics, geodesy, layers, profile, uncertainty, zones

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
    "coast_distance_km",
    "curve_lesson",
    "eez_kinds",
    "eez_lesson",
    "estimate",
    "leaflet_circle",
    "line_length_km",
    "lofted_lesson",
    "nautical_miles_km",
    "ring_lesson",
    "web_mercator_line",
]

_GEOD = Geod(ellps="WGS84")
#: The international nautical mile, km: exactly 1,852 m (International Hydrographic Conference, 1929;
#: BIPM SI Brochure, 9th ed., table 8).
NAUTICAL_MILE_KM = 1.852
#: Breadth of the EEZ: "shall not extend beyond 200 nautical miles from the baselines" (UNCLOS art. 57).
EEZ_NM = 200
#: Breadth of the territorial sea: "up to a limit not exceeding 12 nautical miles" (UNCLOS art. 3).
TERRITORIAL_SEA_NM = 12
#: The sphere Leaflet 1.9.3 measures ``L.Circle`` radii on (``L.CRS.Earth.R``, 6,371,000 m).
LEAFLET_EARTH_RADIUS_KM = 6371.0
#: Web Mercator's latitude limit (``L.Projection.SphericalMercator.MAX_LATITUDE``): projected latitudes
#: are clamped to it.
LEAFLET_MAX_LATITUDE = 85.0511287798


@dataclass(frozen=True, slots=True)
class Citation:
    """A source: what it is, and where to read it."""

    text: str
    url: str


CITATIONS: dict[str, Citation] = {
    "karney": Citation(
        "C. F. F. Karney, Algorithms for geodesics, Journal of Geodesy 87, 43-55 (2013); the solutions "
        "trajmap uses (GeographicLib, PROJ)",
        "https://doi.org/10.1007/s00190-012-0578-z",
    ),
    "web_mercator": Citation(
        "EPSG:3857, WGS 84 / Pseudo-Mercator: the projection of web maps (Leaflet's default CRS)",
        "https://epsg.io/3857",
    ),
    "leaflet_circle": Citation(
        "Leaflet 1.9.3, src/layer/vector/Circle.js: how L.Circle (folium.Circle) is drawn",
        "https://github.com/Leaflet/Leaflet/blob/v1.9.3/src/layer/vector/Circle.js",
    ),
    "folium_circle": Citation(
        "folium issue 1377: folium.Circle is not a geodesic circle",
        "https://github.com/python-visualization/folium/issues/1377",
    ),
    "unclos": Citation(
        "United Nations Convention on the Law of the Sea (1982), articles 3 (territorial sea), 55-57 "
        "(exclusive economic zone)",
        "https://www.un.org/depts/los/convention_agreements/texts/unclos/unclos_e.pdf",
    ),
    "nautical_mile": Citation(
        "BIPM, The International System of Units (SI Brochure, 9th ed.), table 8: 1 nautical mile = 1852 m",
        "https://www.bipm.org/en/publications/si-brochure",
    ),
    "marine_regions": Citation(
        "Flanders Marine Institute (2019), Maritime Boundaries Geodatabase: Maritime Boundaries and "
        "Exclusive Economic Zones (200NM), version 11 (CC BY 4.0; not a legal boundary)",
        "https://doi.org/10.14284/386",
    ),
    "natural_earth": Citation(
        "Natural Earth, 1:50m Admin 0 countries (public domain)",
        "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
    ),
    "ballistics": Citation(
        "D. Wright, North Korea's Hwasong-15 (Union of Concerned Scientists, 2017-11-28): about 13,000 km "
        "on a standard trajectory",
        "https://allthingsnuclear.org/dwright/nk-longest-missile-test-yet",
    ),
}


def nautical_miles_km(nm: float) -> float:
    """Nautical miles in km (1 nm = 1.852 km exactly), rounded to the metre.

    >>> nautical_miles_km(12)
    22.224
    """
    return round(nm * NAUTICAL_MILE_KM, 3)


def estimate(launches: pd.DataFrame, event_id: str, estimate_by: str) -> pd.Series:
    """One estimate of a launch from the record; raises ``KeyError`` naming what is missing."""
    rows = launches[(launches["event_id"] == event_id) & (launches["estimate_by"] == estimate_by)]
    if rows.empty:
        raise KeyError(f"no estimate of {event_id!r} by {estimate_by!r} in the record")
    return rows.iloc[0]


def _source(rec: pd.Series) -> Citation:
    return Citation(
        f"{rec['estimate_by']}, {rec['event_id']} {rec['missile']} (as cited in data/launches.csv)",
        str(rec["source_url"]),
    )


# ------------------------------------------------------------------------------------------------ curve


def _merc_y(lat_deg: float | np.ndarray) -> Any:
    lat = np.clip(lat_deg, -LEAFLET_MAX_LATITUDE, LEAFLET_MAX_LATITUDE)
    return np.log(np.tan(np.pi / 4.0 + np.radians(lat) / 2.0))


def _merc_lat(y: float | np.ndarray) -> Any:
    return np.degrees(2.0 * np.arctan(np.exp(y)) - np.pi / 2.0)


def web_mercator_line(
    lat1: float, lon1: float, lat2: float, lon2: float, n: int = 512
) -> list[geodesy.Point]:
    """The line drawn straight on a Web Mercator map (EPSG:3857) from point 1 to point 2, as ``n + 1``
    ``(lat, lon)`` points; the longitude of point 2 is unrolled to the side of point 1 (the short way).

    Web Mercator's x is the longitude and its y is ``ln tan(pi/4 + lat/2)`` (spherical formulas on WGS84
    latitudes), both times 6,378,137 m: a straight line is linear in both.
    """
    lon2 = lon1 + math.remainder(lon2 - lon1, 360.0)
    t = np.linspace(0.0, 1.0, n + 1)
    y1, y2 = float(_merc_y(lat1)), float(_merc_y(lat2))
    lats = _merc_lat(y1 + t * (y2 - y1))
    lons = lon1 + t * (lon2 - lon1)
    return [(float(a), float(b)) for a, b in zip(lats, lons, strict=True)]


def line_length_km(points: Sequence[geodesy.Point]) -> float:
    """Length of a line through ``(lat, lon)`` points on the WGS84 ellipsoid (its geodesic segments), km."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return float(_GEOD.line_length(lons, lats)) / 1000.0


@dataclass(frozen=True)
class CurveLesson:
    """One launch drawn two ways, and the distance each way implies."""

    event_id: str
    missile: str
    estimate_by: str
    start: geodesy.Point
    end: geodesy.Point
    geodesic_km: float  #: the shortest path on the ellipsoid (Karney's inverse problem)
    mercator_km: float  #: the length of the line drawn straight on Web Mercator, measured on the ellipsoid
    max_gap_km: float  #: how far apart the two lines get (geodesic distance, at equal fractions of length)
    geodesic_points: tuple[geodesy.Point, ...]
    mercator_points: tuple[geodesy.Point, ...]
    citations: tuple[Citation, ...]

    @property
    def extra_km(self) -> float:
        return self.mercator_km - self.geodesic_km


def curve_lesson(
    launches: pd.DataFrame, event_id: str = "2022-10-04", estimate_by: str = "Japan MOD"
) -> CurveLesson:
    """The launch's geodesic from the site to its landing point against the straight Web Mercator line."""
    rec = estimate(launches, event_id, estimate_by)
    if rec["landing_basis"] == "unknown":
        raise ValueError(f"the {estimate_by} estimate of {event_id} has no landing point")
    lat1, lon1 = float(rec["site_lat"]), float(rec["site_lon"])
    lat2, lon2 = float(rec["landing_lat"]), float(rec["landing_lon"])
    n = 512
    line = _GEOD.inv_intermediate(
        lon1, lat1, lon2, lat2, npts=n + 1, initial_idx=0, terminus_idx=0, return_back_azimuth=True
    )
    glons = np.unwrap(np.asarray(line.lons, dtype=float), period=360.0)
    glons += lon1 - glons[0]
    geo = [(float(a), float(b)) for a, b in zip(line.lats, glons, strict=True)]
    merc = web_mercator_line(lat1, lon1, lat2, lon2, n)
    gap, _ = geodesy.inverses(
        np.array([p[0] for p in geo]),
        np.array([p[1] for p in geo]),
        np.array([p[0] for p in merc]),
        np.array([p[1] for p in merc]),
    )
    return CurveLesson(
        event_id=event_id,
        missile=str(rec["missile"]),
        estimate_by=estimate_by,
        start=(lat1, lon1),
        end=(lat2, geo[-1][1]),
        geodesic_km=geodesy.inverse(lat1, lon1, lat2, lon2).distance_km,
        mercator_km=line_length_km(merc),
        max_gap_km=float(np.max(gap)),
        geodesic_points=tuple(geo),
        mercator_points=tuple(merc),
        citations=(CITATIONS["karney"], CITATIONS["web_mercator"], _source(rec)),
    )


# ------------------------------------------------------------------------------------------------- ring


@dataclass(frozen=True)
class LeafletCircle:
    """What Leaflet 1.9.3 draws for ``L.Circle(centre, radius)`` on a Web Mercator map.

    Leaflet takes the radius as an angle on a sphere of 6,371 km, ``lat_r = r / R``; it projects the points
    ``lat +- lat_r`` on the centre's meridian (clamped to Web Mercator's 85.05 degrees), puts the drawn
    centre halfway between them on the screen (at latitude ``mid_lat``, north of the true centre), and
    draws an ellipse through them whose half-width is ``lng_r`` degrees of longitude at ``mid_lat``.
    """

    center: geodesy.Point
    radius_km: float
    north: geodesy.Point
    south: geodesy.Point
    mid_lat: float
    lng_r_deg: float
    outline: tuple[geodesy.Point, ...]


def leaflet_circle(lat: float, lon: float, radius_km: float, n_points: int = 360) -> LeafletCircle:
    """Re-trace Leaflet 1.9.3's ``L.Circle._project`` (``folium.Circle``) for a circle of ``radius_km``.

    The outline is the drawn ellipse (screen space is Web Mercator), as ``(lat, lon)`` points.
    """
    d = math.pi / 180.0
    lat_r = radius_km / LEAFLET_EARTH_RADIUS_KM / d
    y_top, y_bottom = float(_merc_y(lat + lat_r)), float(_merc_y(lat - lat_r))
    y_mid = (y_top + y_bottom) / 2.0
    lat2 = float(_merc_lat(y_mid))
    cos_arg = (math.cos(lat_r * d) - math.sin(lat * d) * math.sin(lat2 * d)) / (
        math.cos(lat * d) * math.cos(lat2 * d)
    )
    lng_r = math.acos(cos_arg) / d if -1.0 <= cos_arg <= 1.0 else math.nan
    if math.isnan(lng_r) or lng_r == 0.0:
        lng_r = lat_r / math.cos(d * lat)  # Leaflet's fallback (its issue 2425)
    ry = (y_top - y_bottom) / 2.0
    t = np.linspace(0.0, 2.0 * np.pi, n_points + 1)
    lats = _merc_lat(y_mid + ry * np.sin(t))
    lons = lon + lng_r * np.cos(t)
    return LeafletCircle(
        center=(lat, lon),
        radius_km=radius_km,
        north=(float(_merc_lat(y_top)), lon),
        south=(float(_merc_lat(y_bottom)), lon),
        mid_lat=lat2,
        lng_r_deg=lng_r,
        outline=tuple((float(a), float(b)) for a, b in zip(lats, lons, strict=True)),
    )


@dataclass(frozen=True, slots=True)
class RingRow:
    """One radius: Leaflet's circle against the geodesic ring."""

    radius_km: float
    north_error_km: float  #: Leaflet's north point to the geodesic ring's (azimuth 0), km
    south_error_km: float  #: Leaflet's south point to the geodesic ring's (azimuth 180), km
    leaflet_min_km: float  #: the nearest point of Leaflet's outline to the centre, km
    leaflet_max_km: float  #: the farthest, km (a true ring is radius_km everywhere)


@dataclass(frozen=True)
class RingLesson:
    """Geodesic rings against Leaflet circles around one site."""

    site: str
    center: geodesy.Point
    rows: tuple[RingRow, ...]
    circles: tuple[LeafletCircle, ...]
    citations: tuple[Citation, ...]


def _ring_row(c: LeafletCircle) -> RingRow:
    lat, lon = c.center
    north = geodesy.destination(lat, lon, 0.0, c.radius_km)
    south = geodesy.destination(lat, lon, 180.0, c.radius_km)
    pts = np.array(c.outline)
    dist, _ = geodesy.inverses(lat, lon, pts[:, 0], pts[:, 1])
    return RingRow(
        radius_km=c.radius_km,
        north_error_km=geodesy.inverse(*c.north, *north).distance_km,
        south_error_km=geodesy.inverse(*c.south, *south).distance_km,
        leaflet_min_km=float(dist.min()),
        leaflet_max_km=float(dist.max()),
    )


def ring_lesson(
    site: str, lat: float, lon: float, radii_km: Sequence[float] = (1000.0, 3000.0, 5500.0)
) -> RingLesson:
    """For each radius, where Leaflet's ``L.Circle`` misses the geodesic ring (km)."""
    circles = tuple(leaflet_circle(lat, lon, r) for r in radii_km)
    return RingLesson(
        site=site,
        center=(lat, lon),
        rows=tuple(_ring_row(c) for c in circles),
        circles=circles,
        citations=(CITATIONS["karney"], CITATIONS["leaflet_circle"], CITATIONS["folium_circle"]),
    )


# -------------------------------------------------------------------------------------------------- EEZ


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
    aeqd = Transformer.from_crs(
        "EPSG:4326", f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84", always_xy=True
    )
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
            _source(rec),
        ),
    )


# ----------------------------------------------------------------------------------------------- lofted


@dataclass(frozen=True, slots=True)
class LoftedFlight:
    """One reported flight against the minimum-energy arc of the same range."""

    label: str
    range_km: float
    apogee_km: float
    minimum_energy_apogee_km: float
    shape: str  #: "lofted" (above the minimum-energy apogee) or "depressed" (below)
    flight: ballistics.Trajectory
    glide: bool = False  #: a glide vehicle: the arc is only the ballistic one through its figures


@dataclass(frozen=True)
class LoftedLesson:
    """Two flights to scale, and the Hwasong-15's estimated maximum range."""

    flights: tuple[LoftedFlight, ...]
    points: pd.DataFrame  #: launch, arc, downrange_km, altitude_km, t_min (the profile chart's long form)
    max_range: ballistics.RangeEstimate
    max_range_label: str
    citations: tuple[Citation, ...]


def _arc_points(label: str, arc_name: str, arc: ballistics.Trajectory) -> pd.DataFrame:
    d, h, t = zip(*arc.points, strict=True)
    return pd.DataFrame(
        {"launch": label, "arc": arc_name, "downrange_km": d, "altitude_km": h, "t_min": [x / 60 for x in t]}
    )


def lofted_lesson(
    launches: pd.DataFrame,
    low: tuple[str, str] = ("2025-01-06", "Japan MOD"),
    high: tuple[str, str] = ("2017-11-29", "KCNA"),
) -> LoftedLesson:
    """The ``low`` and ``high`` (event, estimate_by) flights as reported and on the minimum-energy arc of
    the same range, and the ``high`` flight's implied maximum range (:func:`trajmap.profile.summarize`)."""
    flights, frames, recs = [], [], []
    for event_id, who in (low, high):
        rec = estimate(launches, event_id, who)
        recs.append(rec)
        r_km, a_km = float(rec["range_km"]), float(rec["apogee_km"])
        label = f"{event_id} {rec['missile']} ({who}: {r_km:,.0f} km, apogee {a_km:,.0f} km)"
        me_km = ballistics.minimum_energy_apogee_km(r_km)
        arc = ballistics.trajectory(r_km, a_km)
        shape = "lofted" if a_km > me_km else "depressed"
        flights.append(LoftedFlight(label, r_km, a_km, me_km, shape, arc, rec["payload"] == "glide"))
        frames.append(_arc_points(label, "as reported", arc))
        frames.append(_arc_points(label, "minimum-energy, same range", ballistics.trajectory(r_km, me_km)))
    rec = recs[1]
    flight_min = None if pd.isna(rec["flight_min"]) else float(rec["flight_min"])
    summary = profile.summarize(
        float(rec["apogee_km"]), float(rec["range_km"]), flight_min, str(rec["class"])
    )
    if summary.max_range is None or summary.range_maximising is None:
        raise ValueError(f"no maximum-range estimate for {high}: {summary.reason}")
    frames.append(_arc_points(flights[1].label, "range-maximising (model)", summary.range_maximising))
    return LoftedLesson(
        flights=tuple(flights),
        points=pd.concat(frames, ignore_index=True),
        max_range=summary.max_range,
        max_range_label=flights[1].label,
        citations=(CITATIONS["ballistics"], *(_source(r) for r in recs)),
    )
