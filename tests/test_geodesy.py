"""Geodesy against Karney's GeographicLib test set, plus paths and range rings."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from trajmap import geodesy

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "geodesy" / "geodtest_subset2000.txt"


def _karney_lines() -> list[tuple[float, ...]]:
    import os

    path = Path(os.environ["TRAJMAP_DATA_DIR"]) / "geodesy" / "geodtest_subset2000.txt"
    rows = [tuple(float(x) for x in line.split()) for line in path.read_text().splitlines() if line.strip()]
    assert len(rows) == 2000
    return rows


KARNEY = _karney_lines()
POS_TOL_M = 1e-3
AZI_TOL_DEG = 1e-6
NEARLY_ANTIPODAL_M = 19_960_000.0


def _angle_diff(a: float, b: float) -> float:
    return abs((a - b + 180.0) % 360.0 - 180.0)


def _pos_error_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return geodesy.inverse(lat1, lon1, lat2, lon2).distance_km * 1000.0


def _cases(transform: str) -> list[tuple[float, ...]]:
    out = []
    for lat1, lon1, azi1, lat2, lon2, azi2, s12, *_ in KARNEY:
        if transform == "antimeridian":  # shift so that the line crosses +-180
            lon1, lon2 = lon1 + 179.9, lon2 + 179.9
            lon1, lon2 = geodesy.normalize_lon(lon1), geodesy.normalize_lon(lon2)
        elif transform == "south":  # mirror to the southern hemisphere
            lat1, lat2, azi1, azi2 = -lat1, -lat2, 180.0 - azi1, 180.0 - azi2
        out.append((lat1, lon1, azi1, lat2, lon2, azi2, s12))
    return out


@pytest.mark.parametrize("transform", ["plain", "antimeridian", "south"])
def test_direct_matches_karney(transform: str) -> None:
    worst = 0.0
    for lat1, lon1, azi1, lat2, lon2, _azi2, s12 in _cases(transform):
        lat, lon = geodesy.destination(lat1, lon1, azi1, s12 / 1000.0)
        assert -180.0 <= lon < 180.0
        worst = max(worst, _pos_error_m(lat, lon, lat2, lon2))
    assert worst < POS_TOL_M, f"worst position error {worst} m"


@pytest.mark.parametrize("transform", ["plain", "antimeridian", "south"])
def test_inverse_matches_karney_both_directions(transform: str) -> None:
    worst_s = worst_az = 0.0
    skipped = 0
    for lat1, lon1, azi1, lat2, lon2, azi2, s12 in _cases(transform):
        fwd = geodesy.inverse(lat1, lon1, lat2, lon2)
        back = geodesy.inverse(lat2, lon2, lat1, lon1)
        worst_s = max(worst_s, abs(fwd.distance_km * 1000 - s12), abs(back.distance_km * 1000 - s12))
        if s12 > NEARLY_ANTIPODAL_M:
            # Nearly antipodal points (lines 1601-2000 of the set): many geodesics of almost the same length
            # join them, so the inverse azimuths are ill-conditioned (GeographicLib's own accuracy statement
            # covers positions there, not inverse azimuths). Distances are still checked above.
            skipped += 1
            continue
        worst_az = max(
            worst_az,
            _angle_diff(fwd.bearing_deg, azi1),
            _angle_diff(fwd.final_bearing_deg, azi2),
            _angle_diff(back.bearing_deg, azi2 + 180.0),
            _angle_diff(back.final_bearing_deg, azi1 + 180.0),
        )
    assert worst_s < POS_TOL_M, f"worst distance error {worst_s} m"
    assert worst_az < AZI_TOL_DEG, f"worst azimuth error {worst_az} deg"
    assert skipped <= 700, "the antipodal exemption must stay narrow"


@pytest.mark.parametrize(
    ("lat", "lon", "radius_km"),
    [
        (39.0, 125.8, 1.0),
        (39.0, 125.8, 1000.0),
        (39.0, 125.8, 5500.0),
        (39.0, 125.8, 13000.0),
        (80.0, 0.0, 2000.0),
        (-80.0, 10.0, 3000.0),
        (0.0, 179.5, 1000.0),
        (0.0, -179.9, 19000.0),
        (39.0, 125.8, 20000.0),
        (89.99, 45.0, 500.0),
    ],
)
def test_ring_vertices_at_radius(lat: float, lon: float, radius_km: float) -> None:
    polys = geodesy.range_ring(lat, lon, radius_km)
    assert polys
    n = 0
    for poly in polys:
        for ring in poly:
            assert ring[0] == ring[-1], "rings are closed"
            for la, lo in ring:
                assert -180.0 <= lo <= 180.0
                assert -90.0 <= la <= 90.0
                if abs(la) == 90.0:  # pole closure vertex of a ring that encloses a pole
                    continue
                d = geodesy.inverse(lat, lon, la, lo).distance_km
                assert abs(d - radius_km) * 1000 < 1.0, (la, lo, d)
                n += 1
    # near the antipode (radius close to 20,004 km) the circle is a few km wide and ill-conditioned
    assert n >= (360 if radius_km < 19_000 else 50)


def _max_lon_jump(coords: list) -> float:
    return max((abs(b[0] - a[0]) for a, b in itertools.pairwise(coords)), default=0.0)


def _geojson_pieces(geom: dict) -> list[list]:
    t, c = geom["type"], geom["coordinates"]
    if t == "LineString":
        return [c]
    if t == "MultiLineString":
        return c
    if t == "Polygon":
        return c
    return [ring for poly in c for ring in poly]


@pytest.mark.parametrize(
    "geom",
    [
        geodesy.ring_geojson(0.0, 179.5, 1000.0),
        geodesy.ring_geojson(39.0, 125.8, 10000.0),
        geodesy.ring_geojson(80.0, 0.0, 2000.0),
        geodesy.ring_geojson(-60.0, -170.0, 4000.0),
        geodesy.path_geojson(39.0, 125.8, 21.3, -157.9),
        geodesy.path_geojson(35.0, 170.0, 40.0, -170.0, step_km=10),
    ],
)
def test_no_geojson_piece_jumps_over_180(geom: dict) -> None:
    for piece in _geojson_pieces(geom):
        for lon, lat in piece:
            assert -180.0 <= lon <= 180.0
            assert -90.0 <= lat <= 90.0
        assert _max_lon_jump(piece) < 180.0


def test_ring_at_80n_covers_the_north_pole() -> None:
    from shapely.geometry import Point, shape

    area = shape(geodesy.ring_geojson(80.0, 0.0, 2000.0))
    assert area.is_valid
    assert area.covers(Point(0.0, 90.0))
    assert area.covers(Point(123.0, 89.9))
    assert not area.covers(Point(0.0, 60.0))


def test_ring_near_antimeridian_stays_continuous() -> None:
    """A ring at (0, 179.5) is cut into pieces that meet exactly at +-180 (no streak, no gap)."""
    polys = geodesy.range_ring(0.0, 179.5, 1000.0)
    assert len(polys) == 2
    east = [p for p in polys if max(lo for _, lo in p[0]) == 180.0]
    west = [p for p in polys if min(lo for _, lo in p[0]) == -180.0]
    assert east
    assert west
    lats_e = sorted(la for la, lo in east[0][0] if lo == 180.0)
    lats_w = sorted(la for la, lo in west[0][0] if lo == -180.0)
    assert lats_e == pytest.approx(lats_w, abs=1e-9)
    outline = geodesy.ring_outline(0.0, 179.5, 1000.0)
    assert _max_lon_jump([(lo, la) for la, lo in outline]) < 5.0


def test_ring_radius_limits() -> None:
    with pytest.raises(geodesy.GeodesyError, match="20000"):
        geodesy.range_ring(0.0, 0.0, 20_001.0)
    with pytest.raises(geodesy.GeodesyError):
        geodesy.range_ring(0.0, 0.0, 0.5)
    with pytest.raises(geodesy.GeodesyError, match="latitude"):
        geodesy.range_ring(91.0, 0.0, 100.0)


def test_path_is_dense_and_unrolled() -> None:
    pts = geodesy.path(35.0, 170.0, 40.0, -170.0, step_km=50)
    assert pts[0] == (35.0, 170.0)
    assert pts[-1][1] == pytest.approx(190.0)
    for a, b in itertools.pairwise(pts):
        assert geodesy.inverse(a[0], a[1], b[0], b[1]).distance_km <= 50.0 + 1e-6
    total = geodesy.inverse(35.0, 170.0, 40.0, -170.0).distance_km
    assert sum(geodesy.inverse(*a, *b).distance_km for a, b in itertools.pairwise(pts)) == pytest.approx(
        total, rel=1e-9
    )


def test_destination_longitude_range() -> None:
    assert geodesy.destination(0.0, 179.5, 90.0, 111.32)[1] < -179.0
    _lat, lon = geodesy.destination(0.0, 0.0, 270.0, 20037.5)
    assert -180.0 <= lon < 180.0


def test_vectorised_agrees_with_scalar() -> None:
    import numpy as np

    rng = np.random.default_rng(1)
    lat = rng.uniform(-80, 80, 200)
    lon = rng.uniform(-180, 180, 200)
    brg = rng.uniform(0, 360, 200)
    dist = rng.uniform(1, 15000, 200)
    vlat, vlon = geodesy.destinations(lat, lon, brg, dist)
    for i in range(200):
        la, lo = geodesy.destination(lat[i], lon[i], brg[i], dist[i])
        assert math.isclose(vlat[i], la, abs_tol=1e-9)
        assert geodesy.inverse(la, lo, vlat[i], vlon[i]).distance_km < 1e-6


@pytest.mark.parametrize("transform", ["plain", "antimeridian", "south"])
def test_line_points_match_karney(transform: str) -> None:
    """display_paths' numpy transcription of GeographicLib's GeodesicLine solves Karney's direct problems
    (one line per row; each row's s12 and a few points before it on the same line)."""
    import numpy as np

    rows = np.array(_cases(transform))
    lat1, lon1, azi1, lat2, lon2, s12 = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3], rows[:, 4], rows[:, 6]
    which = np.repeat(np.arange(len(rows)), 4)
    frac = np.tile([0.0, 0.25, 0.7, 1.0], len(rows))
    lat, lon = geodesy._line_points(lat1, lon1, azi1, which, frac * s12[which])
    ends = slice(3, None, 4)
    err_m, _ = geodesy.inverses(lat[ends], lon[ends], lat2, lon2)
    assert err_m.max() * 1000.0 < POS_TOL_M
    # the points on the way are pyproj's (PROJ's C code: the same algorithm) to ~1e-12 degrees
    plon, plat, _ = geodesy._GEOD.fwd(lon1[which], lat1[which], azi1[which], frac * s12[which])
    assert np.abs(lat - plat).max() < 1e-11
    assert (np.abs((lon - plon + 180.0) % 360.0 - 180.0) * np.cos(np.radians(plat))).max() < 1e-11


def test_line_points_at_poles_equator_meridians_and_any_azimuth() -> None:
    import numpy as np

    rng = np.random.default_rng(5)
    special_lat = [90.0, -90.0, 0.0, 0.0, 89.9999999, -45.0, 45.0, 0.0, 30.0, -89.0]
    special_azi = [0.0, 90.0, 180.0, -180.0, 360.0, 270.0, -90.0, 45.0, 89.99999999, 1e-300]
    lat1 = np.concatenate([rng.uniform(-90.0, 90.0, 3000), np.repeat(special_lat, len(special_azi))])
    azi1 = np.concatenate([rng.uniform(-360.0, 720.0, 3000), np.tile(special_azi, len(special_lat))])
    lon1 = rng.uniform(-540.0, 540.0, len(lat1))
    which = np.repeat(np.arange(len(lat1)), 6)
    s12 = np.tile([0.0, 1e-3, 1.0e5, 1.0e7, 2.0003931e7, 3.9e7], len(lat1))
    lat, lon = geodesy._line_points(lat1, lon1, azi1, which, s12)
    plon, plat, _ = geodesy._GEOD.fwd(lon1[which], lat1[which], azi1[which], s12)
    assert np.isfinite(lat).all()
    assert np.isfinite(lon).all()
    assert np.abs(lat - plat).max() < 1e-11
    assert (np.abs((lon - plon + 180.0) % 360.0 - 180.0) * np.cos(np.radians(plat))).max() < 1e-11


@pytest.mark.parametrize("spread_deg", [90.0, 3.0])  # long paths (numpy line series), short (one PROJ call)
def test_display_paths_are_pyprojs_intermediate_points(spread_deg: float) -> None:
    """Every path's points are those pyproj.Geod.inv_intermediate gives for as many points (longitudes
    unrolled from the start), across the antimeridian and over the poles."""
    import numpy as np

    rng = np.random.default_rng(11)
    n = 400
    lat1, lon1 = rng.uniform(-89.0, 89.0, n), rng.uniform(-180.0, 180.0, n)
    lat2 = np.clip(lat1 + rng.uniform(-spread_deg, spread_deg, n), -89.9, 89.9)  # (at a pole: any lon)
    lon2 = (lon1 + rng.uniform(-2 * spread_deg, 2 * spread_deg, n) + 180.0) % 360.0 - 180.0
    lat1[:3], lon1[:3], lat2[:3], lon2[:3] = (
        [80.0, 10.0, 39.0],
        [0.0, 179.9, 125.8],
        [80.0, 10.0, 38.9],
        [
            180.0,
            -179.9,
            -77.0,
        ],
    )
    lats, lons, starts = geodesy.display_paths(lat1, lon1, lat2, lon2)
    for i in range(n):
        k = int(starts[i + 1] - starts[i])
        ref = geodesy._GEOD.inv_intermediate(
            lon1[i],
            lat1[i],
            lon2[i],
            lat2[i],
            npts=k,
            initial_idx=0,
            terminus_idx=0,
            return_back_azimuth=True,
        )
        la, lo = lats[starts[i] : starts[i + 1]], lons[starts[i] : starts[i + 1]]
        assert (la[0], lo[0], la[-1]) == (lat1[i], lon1[i], lat2[i])  # the ends as given
        assert np.abs(la - np.asarray(ref.lats)).max() < 1e-9, i
        assert np.abs((lo - np.asarray(ref.lons) + 180.0) % 360.0 - 180.0).max() < 1e-9, i
        assert (np.abs(np.diff(lo)) <= 180.0).all()  # unrolled (180: over a pole)


@pytest.mark.parametrize(
    ("lat", "lon"),
    [(40.5, 135.25), (39.03, 125.75), (89.9, -179.99), (-89.5, 0.0), (0.0, 180.0), (-60.1, 10.0)],
)
def test_aeqd_is_the_crs_transformers_operation_to_the_bit(lat: float, lon: float) -> None:
    import numpy as np
    from pyproj import Transformer

    crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m"
    rng = np.random.default_rng(7)
    x, y = rng.uniform(-180, 180, 300), rng.uniform(-89.9, 89.9, 300)
    want = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(x, y)
    np.testing.assert_array_equal(geodesy.aeqd(lat, lon).transform(x, y), want)
    xm, ym = rng.uniform(-9e6, 9e6, 300), rng.uniform(-9e6, 9e6, 300)
    back = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(xm, ym)
    # back: the same to the last bit or two (the degrees conversion is multiplied in another order)
    inv = geodesy.aeqd(lat, lon, inverse=True)
    np.testing.assert_allclose(inv.transform(xm, ym), back, rtol=0, atol=1e-12)
    np.testing.assert_allclose(
        geodesy.aeqd(lat, lon).transform(xm, ym, direction="INVERSE"), back, rtol=0, atol=1e-12
    )


def test_the_zones_projection_is_the_crs_transformers_operation_to_the_bit() -> None:
    import numpy as np
    from pyproj import Transformer

    from trajmap.zones import index

    crs = "+proj=lcc +lat_1=15 +lat_2=45 +lat_0=30 +lon_0=140 +ellps=WGS84 +units=m"
    rng = np.random.default_rng(3)
    x, y = rng.uniform(100, 180, 500), rng.uniform(-5, 60, 500)
    want = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(x, y)
    np.testing.assert_array_equal(index.LCC.transform(x, y), want)
