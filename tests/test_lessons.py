"""The Lessons' figures (trajmap.lessons) against independent computations: hand formulas, pyproj.Geod, and
brute force over the reference layers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from trajmap import ballistics, layers, records, zones
from trajmap import lessons as L
from trajmap.views import explorer

GEOD = Geod(ellps="WGS84")
A_M, F = 6378137.0, 1 / 298.257223563  # WGS84 (NGA TR8350.2)
E2 = F * (2 - F)


@pytest.fixture(scope="module")
def launches() -> pd.DataFrame:
    return records.load_launches()


# ------------------------------------------------------------------------------------------- units


@pytest.mark.parametrize(
    ("nm", "km"),
    [(200, 370.4), (12, 22.224), (24, 44.448), (1, 1.852), (350, 648.2), (0, 0.0)],
)
def test_nautical_miles_are_exactly_1852_m(nm: float, km: float) -> None:
    assert L.nautical_miles_km(nm) == km


def test_the_eez_and_territorial_sea_breadths_are_unclos_articles_57_and_3() -> None:
    assert (L.EEZ_NM, L.TERRITORIAL_SEA_NM) == (200, 12)
    assert "un.org" in L.CITATIONS["unclos"].url


# ------------------------------------------------------------------------------------------- curve


def _web_mercator_length_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Length on WGS84 of the line straight in spherical (Web) Mercator, by quadrature of
    ds^2 = M^2 dphi^2 + N^2 cos^2(phi) dlambda^2 along it: a hand formula, no pyproj."""
    dlon = math.radians(math.remainder(lon2 - lon1, 360.0))
    p1, p2 = math.radians(lat1), math.radians(lat2)

    def m(p: np.ndarray) -> np.ndarray:
        return A_M * (1 - E2) / (1 - E2 * np.sin(p) ** 2) ** 1.5

    def n(p: np.ndarray) -> np.ndarray:
        return A_M / np.sqrt(1 - E2 * np.sin(p) ** 2)

    if abs(p2 - p1) < 1e-12:  # along a parallel
        return float(n(np.array(p1)) * math.cos(p1) * abs(dlon)) / 1000.0
    psi = lambda p: math.log(math.tan(math.pi / 4 + p / 2))  # noqa: E731
    k = dlon / (psi(p2) - psi(p1))  # dlambda / dpsi, constant along the straight line
    x, w = np.polynomial.legendre.leggauss(200)
    p = (p1 + p2) / 2 + (p2 - p1) / 2 * x
    # dlambda/dphi = k / cos(phi): ds/dphi = sqrt(M^2 + N^2 k^2)
    return float(np.sum(w * np.sqrt(m(p) ** 2 + (n(p) * k) ** 2)) * abs(p2 - p1) / 2) / 1000.0


@pytest.mark.parametrize(
    ("lat1", "lon1", "lat2", "lon2"),
    [
        (40.6112, 126.4257, 35.1618, 179.0536),  # 2022-10-04, Japan MOD
        (39.0339, 125.7543, 43.7270, 137.3539),  # 2025-01-06, Japan MOD
        (0.0, 0.0, 0.0, 10.0),  # the equator: both lines are the equator
        (10.0, 20.0, 50.0, 20.0),  # a meridian: both lines are the meridian
        (35.0, 170.0, 35.0, -170.0),  # over the antimeridian, the short way
        (-33.87, 151.21, -41.29, 174.78),  # Sydney to Wellington
    ],
)
def test_web_mercator_line_length_matches_the_hand_formula(
    lat1: float, lon1: float, lat2: float, lon2: float
) -> None:
    line = L.web_mercator_line(lat1, lon1, lat2, lon2, n=2048)
    assert L.line_length_km(line) == pytest.approx(_web_mercator_length_km(lat1, lon1, lat2, lon2), rel=1e-5)
    geodesic_km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000.0
    assert L.line_length_km(line) >= geodesic_km - 1e-6  # the geodesic is the shortest


@pytest.mark.parametrize(
    ("lat1", "lon1", "lat2", "lon2", "km"),
    [
        (0.0, 0.0, 0.0, 10.0, 2 * math.pi * A_M / 36 / 1000.0),  # 1,113.195 km of equator
        (0.0, 0.0, 45.0, 0.0, 4984.944378),  # the WGS84 meridian arc from the equator to 45 N
        (0.0, 10.0, 0.0, -10.0, 4 * math.pi * A_M / 36 / 1000.0),  # 20 degrees of equator, westward
    ],
)
def test_line_length_of_hand_values(lat1: float, lon1: float, lat2: float, lon2: float, km: float) -> None:
    assert L.line_length_km(L.web_mercator_line(lat1, lon1, lat2, lon2, n=4096)) == pytest.approx(
        km, abs=1e-3
    )


def test_curve_lesson_of_the_2022_japan_overflight(launches: pd.DataFrame) -> None:
    c = L.curve_lesson(launches, "2022-10-04", "Japan MOD")
    rec = L.estimate(launches, "2022-10-04", "Japan MOD")
    assert c.geodesic_km == pytest.approx(
        GEOD.inv(rec["site_lon"], rec["site_lat"], rec["landing_lon"], rec["landing_lat"])[2] / 1000.0,
        abs=1e-6,
    )
    assert c.geodesic_km == pytest.approx(rec["range_km"], abs=1e-3)  # a derived landing: range from the site
    assert c.mercator_km == pytest.approx(_web_mercator_length_km(*c.start, *c.end), rel=1e-5)
    assert 50.0 < c.extra_km < 100.0  # 4,665 km against 4,600 km
    # the geodesic bends to the pole: its midpoint lies north of the straight line's
    mid_g, mid_m = (
        c.geodesic_points[len(c.geodesic_points) // 2],
        c.mercator_points[len(c.mercator_points) // 2],
    )
    assert mid_g[0] > mid_m[0]
    # the largest gap, by brute force over both lines (any point to any point of the other)
    g, m = np.array(c.geodesic_points), np.array(c.mercator_points)
    nearest = [
        GEOD.inv(np.full(len(m), lo), np.full(len(m), la), m[:, 1], m[:, 0])[2].min() for la, lo in g[::8]
    ]
    assert max(nearest) / 1000.0 <= c.max_gap_km  # equal fractions of length are never closer than nearest
    assert c.max_gap_km > 300.0
    assert all(cite.url.startswith("https://") for cite in c.citations)
    assert rec["source_url"] in [cite.url for cite in c.citations]


def test_curve_lesson_needs_a_landing_point(launches: pd.DataFrame) -> None:
    with pytest.raises(KeyError, match="no estimate of '1900-01-01'"):
        L.curve_lesson(launches, "1900-01-01")


# -------------------------------------------------------------------------------------------- ring


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [(0.0, 0.0, 1000.0), (39.2239, 125.67, 1000.0), (39.2239, 125.67, 3000.0), (39.2239, 125.67, 5500.0),
     (-60.0, 10.0, 2000.0), (70.0, 170.0, 3000.0)],
)  # fmt: skip
def test_leaflet_circle_north_and_south_points_by_hand(lat: float, lon: float, radius_km: float) -> None:
    c = L.leaflet_circle(lat, lon, radius_km)
    lat_r = math.degrees(radius_km / 6371.0)  # Leaflet: L.CRS.Earth.R = 6371000 m
    cap = 85.0511287798
    assert c.north == pytest.approx((min(lat + lat_r, cap), lon), abs=1e-9)
    assert c.south == pytest.approx((max(lat - lat_r, -cap), lon), abs=1e-9)
    # the drawn centre is halfway between them on the screen (Web Mercator y)
    y = lambda p: math.log(math.tan(math.pi / 4 + math.radians(p) / 2))  # noqa: E731
    assert y(c.mid_lat) == pytest.approx((y(c.north[0]) + y(c.south[0])) / 2, abs=1e-12)
    # the outline is an ellipse on the screen through both points
    ys = [y(p[0]) for p in c.outline]
    assert max(ys) == pytest.approx(y(c.north[0]), abs=1e-9)
    assert min(ys) == pytest.approx(y(c.south[0]), abs=1e-6)


@pytest.mark.parametrize("radius_km", [1000.0, 3000.0, 5500.0])
def test_ring_lesson_errors_against_pyproj(radius_km: float) -> None:
    lat, lon = 39.2239, 125.67
    (row,) = L.ring_lesson("Sunan", lat, lon, [radius_km]).rows
    c = L.leaflet_circle(lat, lon, radius_km)
    lon_n, lat_n, _ = GEOD.fwd(lon, lat, 0.0, radius_km * 1000.0)
    lon_s, lat_s, _ = GEOD.fwd(lon, lat, 180.0, radius_km * 1000.0)
    assert row.north_error_km == pytest.approx(GEOD.inv(lon, c.north[0], lon_n, lat_n)[2] / 1000.0, abs=1e-6)
    assert row.south_error_km == pytest.approx(GEOD.inv(lon, c.south[0], lon_s, lat_s)[2] / 1000.0, abs=1e-6)
    pts = np.array(c.outline)
    dist = GEOD.inv(np.full(len(pts), lon), np.full(len(pts), lat), pts[:, 1], pts[:, 0])[2] / 1000.0
    assert (row.leaflet_min_km, row.leaflet_max_km) == pytest.approx((dist.min(), dist.max()), abs=1e-6)
    assert row.leaflet_min_km < radius_km < row.leaflet_max_km  # never a circle on the ellipsoid


def test_the_big_ring_is_clamped_by_web_mercator() -> None:
    """5,500 km north of Sunan is 88.7 N; Leaflet stops at 85.05 N: about 400 km short."""
    row = L.ring_lesson("Sunan", 39.2239, 125.67).rows[-1]
    assert row.radius_km == 5500.0
    assert 350.0 < row.north_error_km < 450.0
    assert row.leaflet_max_km - row.leaflet_min_km > 500.0


def test_a_small_leaflet_circle_on_the_equator_is_nearly_the_geodesic_ring() -> None:
    """For 10 km at the equator the sphere against the ellipsoid is the whole difference: Leaflet's 10 km
    north is an angle of 10 / 6,371 on WGS84's meridian (radius of curvature M = a (1 - e^2) there), and
    10 / 6,371 of the equator (radius a) east."""
    (row,) = L.ring_lesson("equator", 0.0, 0.0, [10.0]).rows
    assert row.leaflet_min_km == pytest.approx(10.0 * A_M * (1 - E2) / 6371e3, rel=1e-5)
    assert row.leaflet_max_km == pytest.approx(10.0 * A_M / 6371e3, rel=1e-5)


# --------------------------------------------------------------------------------------------- EEZ


def test_eez_kinds_count_the_raw_pol_type_field() -> None:
    fc = layers.load_geojson("eez")
    raw = [str(f["properties"]["POL_TYPE"]).replace(" ", "").upper() for f in fc["features"]]
    kinds, special = L.eez_kinds(fc)
    assert kinds["200 NM"] == raw.count("200NM")
    assert kinds["joint regime"] == raw.count("JOINTREGIME")
    assert kinds["overlapping claim"] == raw.count("OVERLAPPINGCLAIM")
    assert len(special) == len(raw) - raw.count("200NM")
    assert "Joint regime area Japan / Korea" in {h.name for h in special}


def _brute_coast_km(lat: float, lon: float) -> float:
    """The nearest vertex of Japan's outline in the raw countries layer, by pyproj over every vertex."""
    fc = layers.load_geojson("countries")
    (jpn,) = [f for f in fc["features"] if f["properties"]["ADM0_A3"] == "JPN"]
    coords = jpn["geometry"]["coordinates"]
    polys = coords if jpn["geometry"]["type"] == "MultiPolygon" else [coords]
    xy = np.array([pt for poly in polys for ring in poly for pt in ring], dtype=float)
    d = GEOD.inv(np.full(len(xy), lon), np.full(len(xy), lat), xy[:, 0], xy[:, 1])[2]
    return float(d.min()) / 1000.0


@pytest.mark.parametrize(
    ("lat", "lon"), [(43.727, 137.354), (40.0, 135.0), (30.0, 140.0), (35.68, 139.7 + 0.5)]
)
def test_coast_distance_against_brute_force(lat: float, lon: float) -> None:
    km, (plat, plon) = L.coast_distance_km(lat, lon, "JPN")
    brute = _brute_coast_km(lat, lon)
    assert km <= brute + 1e-6  # the nearest point of the outline is at most its nearest vertex
    assert brute - km < 5.0  # 1:50m vertices are a few km apart
    assert km == pytest.approx(GEOD.inv(lon, lat, plon, plat)[2] / 1000.0, abs=1e-6)


def test_coast_distance_names_an_unknown_country() -> None:
    with pytest.raises(ValueError, match="'XXX'"):
        L.coast_distance_km(40.0, 135.0, "XXX")


def test_eez_lesson_of_the_2025_launch(launches: pd.DataFrame) -> None:
    e = L.eez_lesson(launches)
    rec = L.estimate(launches, "2025-01-06", "Japan MOD")
    lon2, lat2, _ = GEOD.fwd(rec["site_lon"], rec["site_lat"], rec["bearing_deg"], rec["range_km"] * 1000.0)
    assert GEOD.inv(lon2, lat2, e.landing[1], e.landing[0])[2] < 1.0  # within 1 m
    assert (e.eez_km, e.territorial_km) == (370.4, 22.224)
    assert e.verdict.status == "outside" == rec["japan_eez"]  # as Japan's MOD stated
    assert e.verdict == zones.verdict(*e.landing, "JPN")
    # the distance to the EEZ line, by the other method (nearest in a conformal projection, then geodesic)
    batch = zones.verdicts([e.landing[0]], [e.landing[1]], "JPN")
    assert e.eez_edge_km == pytest.approx(float(batch.signed_distance_km[0]), rel=0.01)
    assert 30.0 < e.eez_edge_km < 80.0
    assert e.coast_km == pytest.approx(_brute_coast_km(*e.landing), abs=5.0)
    assert e.eez_edge_km < e.coast_km < 2 * e.eez_km  # outside the EEZ, yet within 400 nm of the coast
    # the odds are the Explorer's for the same estimate
    fast = explorer.Services(waters=lambda lats, lons: None)  # the table's waters are not asked here
    view = explorer.explorer_view(launches, explorer.filters.Filters(), "2025-01-06", services=fast)
    (mod,) = [f for f in view.footprints if f.estimate_by == "Japan MOD"]
    assert e.odds.probabilities == mod.odds.probabilities
    assert e.odds.odds == mod.odds.odds


# ------------------------------------------------------------------------------------------ lofted


def _minimum_energy_apogee_km(range_km: float) -> float:
    """Hand formula: the second focus at the chord's midpoint; h = R (sin(phi/2) + cos(phi/2) - 1) / 2."""
    r0 = ballistics.EARTH_RADIUS_KM
    half = range_km / r0 / 2
    return r0 * (math.sin(half) + math.cos(half) - 1) / 2


def test_lofted_lesson_flights_and_maximum_range(launches: pd.DataFrame) -> None:
    lo = L.lofted_lesson(launches)
    low, high = lo.flights
    assert (low.range_km, low.apogee_km, high.range_km, high.apogee_km) == (1100.0, 100.0, 950.0, 4475.0)
    for f in lo.flights:
        assert f.minimum_energy_apogee_km == pytest.approx(_minimum_energy_apogee_km(f.range_km), rel=1e-9)
    assert low.minimum_energy_apogee_km == pytest.approx(262.8, abs=0.1)
    assert high.minimum_energy_apogee_km == pytest.approx(228.4, abs=0.1)
    assert (low.shape, high.shape) == ("depressed", "lofted")
    assert (low.glide, high.glide) == (True, False)  # the Hwasong-16B's payload in the record
    pts = lo.points
    for f in lo.flights:
        arc = pts[(pts["launch"] == f.label) & (pts["arc"] == "as reported")]
        assert arc["altitude_km"].max() == pytest.approx(f.apogee_km, rel=1e-3)
        assert arc["downrange_km"].max() == pytest.approx(f.range_km, rel=1e-9)
    est = ballistics.max_range_km(4475.0, 950.0, 53.0, missile_class="ICBM")
    assert lo.max_range == est
    assert est.kepler_floor_km < est.value_km
    assert est.low_km < est.value_km < est.high_km
    assert 10_000 < est.value_km < 15_000  # D. Wright (UCS): about 13,000 km
    flat = pts[pts["arc"] == "range-maximising (model)"]
    assert flat["downrange_km"].max() == pytest.approx(est.value_km, rel=1e-6)
    assert flat["altitude_km"].max() == pytest.approx(_minimum_energy_apogee_km(est.value_km), rel=1e-3)
