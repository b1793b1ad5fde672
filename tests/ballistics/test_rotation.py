"""Rotation-aware footprints: rotation added at launch, Kepler free flight, the Earth turning under it."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import Polygon

from trajmap import geodesy
from trajmap.ballistics import EARTH_RADIUS_KM, HALF_CIRCUMFERENCE_KM, MU_EARTH_KM3_S2, BallisticsError
from trajmap.ballistics import rotation as rot

GEOD = Geod(ellps="WGS84")
PYONGYANG = (39.03, 125.75)


def _surface_kepler(speed: float, gamma_deg: float) -> tuple[float, float]:
    """Range angle (rad) and flight time (s) of a surface-to-surface conic, by hand (no trajmap code)."""
    g = math.radians(gamma_deg)
    r = EARTH_RADIUS_KM
    p = (r * speed * math.cos(g)) ** 2 / MU_EARTH_KM3_S2
    a = 1.0 / (2.0 / r - speed**2 / MU_EARTH_KM3_S2)
    e = math.sqrt(1.0 - p / a)
    psi = 2.0 * math.pi - 2.0 * math.acos((p / r - 1.0) / e)
    e1 = math.acos((1.0 - r / a) / e)  # eccentric anomaly where the conic meets the surface, rising
    t = (2.0 * math.pi - 2.0 * e1 + 2.0 * e * math.sin(e1)) / math.sqrt(MU_EARTH_KM3_S2 / a**3)
    return psi, t


@pytest.mark.parametrize("lat", [0.0, 39.03, 60.0, -45.0, 90.0])
def test_rotation_speed_is_omega_times_the_distance_from_the_axis(lat: float) -> None:
    """Against PROJ's geodetic-to-geocentric conversion (the site's distance from the spin axis)."""
    from pyproj import Transformer

    to_ecef = Transformer.from_crs("EPSG:4979", "EPSG:4978", always_xy=True)
    x, y, _ = to_ecef.transform(125.75, lat, 0.0)
    want = 7.292115e-5 * math.hypot(x, y)  # m/s
    assert rot.rotation_speed_km_s(lat) * 1000.0 == pytest.approx(want, abs=1e-6)


def test_the_ground_at_the_equator_moves_465_1_m_s() -> None:
    assert rot.rotation_speed_km_s(0.0) * 1000.0 == pytest.approx(465.10, abs=0.005)


@pytest.mark.parametrize(("speed", "gamma"), [(7.0, 20.0), (5.0, 40.0), (3.0, 44.0)])
def test_due_east_from_the_equator_matches_a_hand_computation(speed: float, gamma: float) -> None:
    """At the equator the inertial velocity is v + 465.1 m/s eastward; the Earth turns omega t under it."""
    g = math.radians(gamma)
    east, up = speed * math.cos(g) + 0.46510108, speed * math.sin(g)
    psi, t = _surface_kepler(math.hypot(east, up), math.degrees(math.atan2(up, east)))
    want_km = EARTH_RADIUS_KM * (psi - rot.OMEGA_EARTH_RAD_S * t)
    f = rot.footprint(0.0, 0.0, speed, gamma)
    i = int(np.argmin(np.abs(f.launch_azimuth_deg - 90.0)))
    assert f.range_km[i] == pytest.approx(want_km, abs=0.001)
    assert f.flight_time_s[i] == pytest.approx(t, abs=1e-3)
    assert f.landing_azimuth_deg[i] == pytest.approx(90.0, abs=1e-9)
    assert f.landing_lat[i] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize(("speed", "gamma"), [(7.0, 20.0), (6.0, 30.0), (2.0, 45.0)])
def test_without_rotation_every_azimuth_flies_the_kepler_range(speed: float, gamma: float) -> None:
    psi, t = _surface_kepler(speed, gamma)
    f = rot.footprint(*PYONGYANG, speed, gamma, rotating=False)
    np.testing.assert_allclose(f.range_km, EARTH_RADIUS_KM * psi, atol=1e-6)
    np.testing.assert_allclose(f.flight_time_s, t, atol=1e-6)
    np.testing.assert_allclose(f.landing_azimuth_deg, f.launch_azimuth_deg, atol=1e-9)


@pytest.mark.parametrize("range_km", [1000.0, 5500.0, 13000.0])
def test_footprint_without_rotation_is_the_ring_to_within_metres(range_km: float) -> None:
    f = rot.footprint_for_range(*PYONGYANG, range_km, rotating=False)
    ring = geodesy.ring_outline(*PYONGYANG, range_km, n_points=360)[:-1]
    lat = np.array([p[0] for p in ring])
    lon = np.array([p[1] for p in ring])
    _, _, metres = GEOD.inv(lon, lat, f.landing_lon, f.landing_lat)
    assert np.max(metres) < 1.0


def test_eastward_beats_westward_for_an_icbm_from_pyongyang() -> None:
    f = rot.footprint_for_range(*PYONGYANG, 13000.0)
    east, west = f.range_toward(90.0), f.range_toward(270.0)
    assert east > 13000.0 > west
    assert east - west > 2000.0  # near orbital speed the ~360 m/s of the ground is worth thousands of km
    # and a short-range missile barely notices
    s = rot.footprint_for_range(*PYONGYANG, 1000.0)
    assert 0.0 < s.range_toward(90.0) - s.range_toward(270.0) < 100.0


def test_toward_is_the_launch_azimuth_whose_landing_point_has_that_bearing() -> None:
    f = rot.footprint_for_range(*PYONGYANG, 13000.0)
    rng, launch = f.toward(np.array([45.0]))
    i = round(float(launch[0]))  # 1 degree steps: the nearest computed launch azimuth
    assert f.landing_azimuth_deg[i % 360] == pytest.approx(45.0, abs=1.5)
    assert float(rng[0]) == pytest.approx(float(f.range_km[i % 360]), rel=0.02)
    lat, lon = geodesy.destination(*PYONGYANG, 45.0, float(rng[0]) - 10.0)
    assert f.holds(lat, lon)[0]
    lat, lon = geodesy.destination(*PYONGYANG, 45.0, float(rng[0]) + 10.0)
    assert not f.holds(lat, lon)[0]


def _valid(points: list[tuple[float, float]]) -> bool:
    return Polygon([(lo, la) for la, lo in points]).is_valid


def test_a_footprint_over_the_pole_and_the_antimeridian_draws_a_valid_polygon() -> None:
    # Svalbard: an ICBM footprint holds the north pole and crosses the antimeridian
    f = rot.footprint_for_range(78.22, 15.65, 13000.0)
    pts, fill = f.display()
    assert fill
    assert f.holds(90.0, 0.0)[0]
    assert not f.holds(-90.0, 0.0)[0]
    assert max(p[0] for p in pts) == 90.0
    assert all(-90.0 <= p[0] <= 90.0 for p in pts)
    assert _valid(pts)
    # next to the antimeridian: the outline is continuous (no jump of 180 degrees or more) but along the
    # pole line that closes a footprint holding the pole
    for lat, range_km in [(60.0, 1500.0), (65.0, 3000.0)]:
        g = rot.footprint_for_range(lat, 179.5, range_km)
        pts, fill = g.display()
        assert fill
        jumps = [(a, b) for a, b in itertools.pairwise(pts) if abs(b[1] - a[1]) >= 180.0]
        assert all(a[0] == b[0] == 90.0 for a, b in jumps)
        assert bool(jumps) == bool(g.holds(90.0, 0.0)[0])
        assert _valid(pts)


def test_a_footprint_holding_both_poles_is_drawn_as_a_line() -> None:
    f = rot.footprint_for_range(0.0, 0.0, 19500.0, rotating=False)
    _, fill = f.display()
    assert not fill


def test_orbital_azimuths_reach_anywhere_along_them() -> None:
    f = rot.footprint_for_speed(0.0, 0.0, 7.95)  # above circular speed: horizontal, orbital eastward
    assert f.orbital.any()
    assert not f.reaches_anywhere  # westward the ground's speed is lost: it comes down
    assert np.all(f.range_km[f.orbital] == HALF_CIRCUMFERENCE_KM)
    assert f.orbital[90]
    assert not f.orbital[270]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"speed_km_s": -1.0, "flight_path_angle_deg": 30.0}, "speed_km_s"),
        ({"speed_km_s": 5.0, "flight_path_angle_deg": 95.0}, "flight_path_angle_deg"),
        ({"speed_km_s": 5.0, "flight_path_angle_deg": 30.0, "altitude_km": -3.0}, "altitude_km"),
        ({"speed_km_s": 5.0, "flight_path_angle_deg": 30.0, "step_deg": 0.0}, "step_deg"),
    ],
)
def test_bad_inputs_are_refused_naming_the_value(kwargs: dict, message: str) -> None:
    with pytest.raises(BallisticsError, match=message):
        rot.footprint(0.0, 0.0, **kwargs)
