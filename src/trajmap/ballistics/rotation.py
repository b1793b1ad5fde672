"""Rotation-aware footprints: where a burnout state lands in every launch azimuth on a rotating Earth.

The model, and what it takes for granted:

- Gravity is that of :mod:`trajmap.ballistics.kepler`: a spherical Earth of radius ``EARTH_RADIUS_KM``,
  a point mass ``MU_EARTH_KM3_S2``, no drag, no oblateness (J2), no powered phase (burnout at the given
  altitude, in the site's vertical).
- The burnout speed and flight-path angle are relative to the rotating ground. The inertial velocity is
  that plus the site's rotation velocity omega x r, eastward, of magnitude omega times the site's true
  distance from the spin axis on the WGS84 ellipsoid (465.1 m/s at the equator, 0 at a pole), with
  ``OMEGA_EARTH_RAD_S`` = 7.292115e-5 rad/s (WGS84, NGA TR8350.2).
- Free flight is the Kepler conic of that inertial state, flown in the inertial frame that coincides with
  the Earth-fixed one at burnout. The missile lands where the conic comes back down to the sphere; the
  Earth turns by omega times the flight time meanwhile, and the landing point's longitude is moved back by
  that angle to give the Earth-fixed landing point.
- The flight-path angle is held fixed in every azimuth (not re-optimised for each one): from a
  launch's maximum-range estimate it is the minimum-energy angle of its surface-equivalent speed on a
  non-rotating Earth, so the rotating footprint is that missile flown the same way, and an angle tuned to
  each azimuth would reach a little farther.
- The site's latitude is read as a latitude on the sphere; ground ranges (great-circle angle times
  ``EARTH_RADIUS_KM``) are laid on the WGS84 ellipsoid along the landing azimuth, as the range rings are.
  With rotation off every landing point is then exactly on the geodesic ring of the Kepler range.
- Where the conic never comes back down, or sweeps half the globe or more before it does (orbital in
  that azimuth: a slightly lower burnout reaches any point short of it), the missile reaches any point
  along it:
  the range there is ``HALF_CIRCUMFERENCE_KM`` and the footprint is drawn at ``MAX_RING_RADIUS_KM``.

Eastward launches gain the rotation speed and westward ones lose it:

>>> f = footprint(39.0, 125.8, 6.9, 22.5)
>>> round(f.range_toward(90.0)) > round(f.range_toward(270.0))
True
>>> g = footprint(39.0, 125.8, 6.9, 22.5, rotating=False)
>>> bool(abs(g.range_km.max() - g.range_km.min()) < 1e-6)
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from trajmap import geodesy
from trajmap.ballistics.kepler import (
    EARTH_RADIUS_KM,
    HALF_CIRCUMFERENCE_KM,
    MU_EARTH_KM3_S2,
    BallisticsError,
    positive,
    range_angle,
)
from trajmap.constants import MAX_RING_RADIUS_KM

__all__ = [
    "OMEGA_EARTH_RAD_S",
    "ROTATION_ASSUMPTIONS",
    "Footprint",
    "footprint",
    "footprint_for_range",
    "footprint_for_speed",
    "minimum_energy_angle_deg",
    "rotation_speed_km_s",
]

#: Earth's rotation rate in rad/s (WGS84, NGA TR8350.2: 7.292115e-5 rad/s).
OMEGA_EARTH_RAD_S = 7.292115e-5
_WGS84_A_KM = 6378.137
_WGS84_E2 = 0.00669437999014
#: The footprint model in words, as the page and the CLI state it.
ROTATION_ASSUMPTIONS = (
    f"spherical Earth (R = {EARTH_RADIUS_KM} km), point-mass gravity, no drag, no powered phase",
    "burnout speed and angle relative to the ground; the site's rotation velocity "
    f"(omega = {OMEGA_EARTH_RAD_S} rad/s, 465.1 m/s eastward at the equator) added to it",
    "Kepler free flight in the inertial frame; the landing point moved back by the Earth's turn during "
    "the flight time",
    "the same flight-path angle in every azimuth (not re-optimised per azimuth)",
)


def rotation_speed_km_s(lat: float) -> float:
    """The ground's eastward speed at geodetic latitude ``lat`` (degrees), km/s, on the WGS84 ellipsoid.

    omega times the distance from the spin axis, a cos(phi) / sqrt(1 - e^2 sin^2 phi):

    >>> round(rotation_speed_km_s(0.0) * 1000.0, 1)
    465.1
    """
    phi = math.radians(lat)
    axis_km = _WGS84_A_KM * math.cos(phi) / math.sqrt(1.0 - _WGS84_E2 * math.sin(phi) ** 2)
    return OMEGA_EARTH_RAD_S * max(0.0, axis_km)


def minimum_energy_angle_deg(speed_km_s: float) -> float:
    """Flight-path angle (degrees) of the minimum-energy arc of a surface burnout speed: 45 - Psi / 4."""
    return 45.0 - math.degrees(range_angle(positive("speed_km_s", speed_km_s))) / 4.0


@dataclass(frozen=True)
class Footprint:
    """Landing points of one burnout state in every launch azimuth.

    Attributes
    ----------
    lat, lon : float
        The site, degrees.
    speed_km_s, flight_path_angle_deg, altitude_km : float
        The burnout state relative to the ground (km/s, degrees above the horizontal, km above the sphere).
    rotating : bool
        Whether the Earth's rotation is included.
    launch_azimuth_deg : ndarray
        Launch azimuths, degrees clockwise from north, every ``step`` from 0 (360 excluded).
    landing_azimuth_deg : ndarray
        Azimuth from the site of each landing point, degrees (equal to the launch azimuth without rotation).
    range_km : ndarray
        Ground range to each landing point, km (``HALF_CIRCUMFERENCE_KM`` where the conic never comes down).
    flight_time_s : ndarray
        Free-flight time to each landing point, s (inf where orbital).
    landing_lat, landing_lon : ndarray
        Earth-fixed landing points on the WGS84 ellipsoid, degrees, longitude in [-180, 180).
    """

    lat: float
    lon: float
    speed_km_s: float
    flight_path_angle_deg: float
    altitude_km: float
    rotating: bool
    launch_azimuth_deg: np.ndarray
    landing_azimuth_deg: np.ndarray
    range_km: np.ndarray
    flight_time_s: np.ndarray
    landing_lat: np.ndarray
    landing_lon: np.ndarray

    @property
    def orbital(self) -> np.ndarray:
        """Azimuths where the conic never comes back down (reaches any point along them)."""
        return ~np.isfinite(self.flight_time_s)

    @property
    def reaches_anywhere(self) -> bool:
        """True when every azimuth is orbital: every point on Earth is in reach."""
        return bool(self.orbital.all())

    def toward(self, bearing_deg: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        """The range (km) toward each bearing from the site, and the launch azimuth (degrees) landing there.

        "Toward a bearing" is the launch azimuth whose landing point lies at that bearing from the site,
        interpolated linearly between the computed azimuths (the landing azimuth turns monotonically
        with the launch azimuth).
        """
        b = np.mod(np.asarray(bearing_deg, dtype=float), 360.0)
        land = np.unwrap(self.landing_azimuth_deg, period=360.0)
        land = land - 360.0 * math.floor(land[0] / 360.0)
        order = np.argsort(land)
        land, rng, launch = land[order], self.range_km[order], self.launch_azimuth_deg[order]
        # periodic extension so that any bearing falls between two samples
        x = np.concatenate([land - 360.0, land, land + 360.0])
        launch_u = np.unwrap(launch, period=360.0)
        y_r = np.concatenate([rng, rng, rng])
        y_a = np.concatenate([launch_u - 360.0, launch_u, launch_u + 360.0])
        return np.interp(b, x, y_r), np.mod(np.interp(b, x, y_a), 360.0)

    def range_toward(self, bearing_deg: float) -> float:
        """The footprint's range (km) toward one bearing (see :meth:`toward`)."""
        return float(self.toward(bearing_deg)[0])

    def holds(self, lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
        """Whether each point lies inside the footprint: its geodesic distance within the range toward it."""
        la = np.atleast_1d(np.asarray(lat, dtype=float))
        lo = np.atleast_1d(np.asarray(lon, dtype=float))
        dist, brg = geodesy.inverses(self.lat, self.lon, la, lo)
        reach, _ = self.toward(brg)
        return np.asarray((dist <= reach) | (reach >= HALF_CIRCUMFERENCE_KM - 1e-6))

    def outline(self) -> list[tuple[float, float]]:
        """The landing points as a closed line of ``(lat, lon)``, longitudes unrolled (continuous), in the
        order of landing azimuth; orbital azimuths are drawn at ``MAX_RING_RADIUS_KM``."""
        land = np.unwrap(self.landing_azimuth_deg, period=360.0)
        order = np.argsort(land)
        lat, lon = self.landing_lat[order], self.landing_lon[order]
        pts = list(zip(lat.tolist(), np.unwrap(lon, period=360.0).tolist(), strict=True))
        first = pts[0]
        k = round((pts[-1][1] - first[1]) / 360.0)  # closing back onto the first point, unrolled
        pts.append((first[0], first[1] + 360.0 * k))
        return pts

    def display(self) -> tuple[list[tuple[float, float]], bool]:
        """The footprint as one polygon for a Leaflet map centred near the site (the rules of
        :func:`trajmap.geodesy.ring_display`): a footprint around one pole is closed over that pole; with
        both poles inside, ``fill`` is False and the outline should be drawn as a line."""
        pts = self.outline()
        north, south = (bool(self.holds(p, 0.0)[0]) for p in (90.0, -90.0))
        if north != south:
            pole = 90.0 if north else -90.0
            pts = [*pts, (pole, pts[-1][1]), (pole, pts[0][1]), pts[0]]
        return geodesy.shift_to_world(pts, self.lon), not (north and south)


def _land(r0: np.ndarray, v0: np.ndarray, surface_km: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fly the conics of inertial states (r0, v0) (shape (n, 3), km, km/s) down to ``surface_km``.

    Returns the landing directions (unit vectors, inertial frame), the flight times (s) and whether each
    conic comes down (False: it escapes, its perigee is above the surface, or it sweeps half the globe or
    more first).
    """
    mu = MU_EARTH_KM3_S2
    r = np.linalg.norm(r0, axis=1)
    h_vec = np.cross(r0, v0)
    h = np.linalg.norm(h_vec, axis=1)
    energy = np.einsum("ij,ij->i", v0, v0) / 2.0 - mu / r
    p = h * h / mu
    e_vec = np.cross(v0, h_vec) / mu - r0 / r[:, None]
    e = np.linalg.norm(e_vec, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        cos_impact = (p / surface_km - 1.0) / e
        comes_down = (energy < 0.0) & (e > 1e-12) & (cos_impact <= 1.0)
        cos_b = np.clip((p / r - 1.0) / e, -1.0, 1.0)
        rising = np.einsum("ij,ij->i", r0, v0) >= 0.0
        theta_b = np.where(rising, np.arccos(cos_b), 2.0 * np.pi - np.arccos(cos_b))
        theta_i = 2.0 * np.pi - np.arccos(np.clip(cos_impact, -1.0, 1.0))
        sweep = np.mod(theta_i - theta_b, 2.0 * np.pi)
        # a conic that sweeps half the globe or more before it comes down is orbital in effect: a slightly
        # lower burnout reaches any point along it (and a grazing orbit "lands" after a whole revolution)
        comes_down &= sweep < np.pi
        a = np.where(comes_down, -mu / (2.0 * energy), np.nan)

        def mean_anomaly(theta: np.ndarray) -> np.ndarray:
            half = theta / 2.0
            big_e = 2.0 * np.arctan2(np.sqrt(1.0 - e) * np.sin(half), np.sqrt(1.0 + e) * np.cos(half))
            return np.mod(big_e - e * np.sin(big_e), 2.0 * np.pi)

        dm = np.mod(mean_anomaly(theta_b + sweep) - mean_anomaly(theta_b), 2.0 * np.pi)
        t = np.where(comes_down, dm / np.sqrt(mu / a**3), np.inf)
    r_hat = r0 / r[:, None]
    along = np.cross(h_vec / h[:, None], r_hat)
    land = np.cos(sweep)[:, None] * r_hat + np.sin(sweep)[:, None] * along
    return land, t, comes_down


def footprint(
    lat: float,
    lon: float,
    speed_km_s: float,
    flight_path_angle_deg: float,
    altitude_km: float = 0.0,
    *,
    rotating: bool = True,
    step_deg: float = 1.0,
) -> Footprint:
    """Landing points in every launch azimuth of a burnout state, on a rotating Earth or not.

    Parameters
    ----------
    lat, lon : float
        Launch site, degrees.
    speed_km_s : float
        Burnout speed relative to the ground, km/s.
    flight_path_angle_deg : float
        Angle of that velocity above the local horizontal, degrees, in (0, 90).
    altitude_km : float
        Burnout altitude above the sphere, km (0 for a surface-equivalent speed).
    rotating : bool
        Include the Earth's rotation (see the module docstring for the model).
    step_deg : float
        Launch azimuth step, degrees (360 / step_deg azimuths).

    Raises
    ------
    BallisticsError
        For a non-positive speed, an angle outside (0, 90), a negative altitude or a step outside (0, 30].
    """
    geodesy.inverse(lat, lon, lat, lon)  # validates the site (GeodesyError naming the value)
    speed = positive("speed_km_s", speed_km_s)
    gamma_deg = positive("flight_path_angle_deg", flight_path_angle_deg, 90.0)
    if not (isinstance(altitude_km, int | float) and math.isfinite(altitude_km) and altitude_km >= 0.0):
        raise BallisticsError(f"altitude_km must be a finite number >= 0, got {altitude_km!r}")
    step = positive("step_deg", step_deg, 30.0 + 1e-9)
    az_deg = np.arange(0.0, 360.0 - 1e-9, step)
    az, gamma = np.radians(az_deg), math.radians(gamma_deg)
    phi, lam = math.radians(lat), math.radians(lon)
    up = np.array([math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)])
    east = np.array([-math.sin(lam), math.cos(lam), 0.0])
    north = np.cross(up, east)
    radius = EARTH_RADIUS_KM + float(altitude_km)
    horiz = speed * math.cos(gamma)
    v_rel = (
        (horiz * np.sin(az))[:, None] * east
        + (horiz * np.cos(az))[:, None] * north
        + speed * math.sin(gamma) * up
    )
    v_in = v_rel + (rotation_speed_km_s(lat) if rotating else 0.0) * east
    r0 = np.broadcast_to(radius * up, v_in.shape)
    land, t, comes_down = _land(np.array(r0), v_in, EARTH_RADIUS_KM)
    turn = np.where(comes_down, OMEGA_EARTH_RAD_S * t if rotating else 0.0, 0.0)
    x = land[:, 0] * np.cos(turn) + land[:, 1] * np.sin(turn)  # rotate by -turn about the spin axis
    y = -land[:, 0] * np.sin(turn) + land[:, 1] * np.cos(turn)
    z = land[:, 2]
    cos_psi = np.clip(x * up[0] + y * up[1] + z * up[2], -1.0, 1.0)
    range_km = np.where(comes_down, EARTH_RADIUS_KM * np.arccos(cos_psi), HALF_CIRCUMFERENCE_KM)
    e_comp = x * east[0] + y * east[1]
    n_comp = x * north[0] + y * north[1] + z * north[2]
    land_az = np.degrees(np.arctan2(e_comp, n_comp)) % 360.0
    land_az = np.where(land_az >= 360.0, land_az - 360.0, land_az)  # -1e-15 % 360 is 360.0
    land_az = np.where(comes_down, land_az, az_deg)
    drawn_km = np.minimum(range_km, MAX_RING_RADIUS_KM)
    land_lat, land_lon = geodesy.destinations(lat, lon, land_az, drawn_km)
    return Footprint(
        lat=float(lat),
        lon=float(lon),
        speed_km_s=speed,
        flight_path_angle_deg=gamma_deg,
        altitude_km=float(altitude_km),
        rotating=bool(rotating),
        launch_azimuth_deg=az_deg,
        landing_azimuth_deg=land_az,
        range_km=range_km,
        flight_time_s=t,
        landing_lat=land_lat,
        landing_lon=land_lon,
    )


def footprint_for_speed(
    lat: float, lon: float, speed_km_s: float, *, rotating: bool = True, step_deg: float = 1.0
) -> Footprint:
    """The footprint of a surface-equivalent burnout speed flown at its minimum-energy angle (the angle
    that gives the farthest range on a non-rotating Earth; that of a launch's maximum-range estimate)."""
    if speed_km_s * speed_km_s * EARTH_RADIUS_KM / MU_EARTH_KM3_S2 >= 1.0:
        gamma = 1e-6  # at orbital speed the minimum-energy arc is horizontal: it reaches anywhere
    else:
        gamma = minimum_energy_angle_deg(speed_km_s)
    return footprint(lat, lon, speed_km_s, gamma, rotating=rotating, step_deg=step_deg)


def footprint_for_range(
    lat: float, lon: float, range_km: float, *, rotating: bool = True, step_deg: float = 1.0
) -> Footprint:
    """The footprint of the missile whose minimum-energy range on a non-rotating Earth is ``range_km``
    (its surface-equivalent burnout speed at the minimum-energy angle): with ``rotating=False`` the
    footprint is the geodesic ring of ``range_km``."""
    from trajmap.ballistics.kepler import minimum_energy_speed_km_s

    km = positive("range_km", range_km, HALF_CIRCUMFERENCE_KM + 1e-9)
    km = min(km, MAX_RING_RADIUS_KM)
    return footprint_for_speed(lat, lon, minimum_energy_speed_km_s(km), rotating=rotating, step_deg=step_deg)
