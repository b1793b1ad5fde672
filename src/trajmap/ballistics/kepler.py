"""The free-flight (Keplerian) arc of a ballistic missile on a spherical, non-rotating Earth without drag.

A reported test gives a ground range and an apogee; one ellipse fits both, with burnout and re-entry
at the surface, and it gives the burnout speed, the flight-path angle and the flight time:

>>> t = trajectory(950.0, 4475.0)
>>> round(t.burnout_speed_km_s, 2), round(t.flight_path_angle_deg, 1), round(t.flight_min, 1)
(7.2, 84.8, 50.3)
>>> round(flight_time_check(950.0, 4475.0, 53.0), 1)  # the powered phase is missing from the arc
-2.7

The minimum-energy arc is the farthest a burnout speed reaches:

>>> round(minimum_energy_range_km(minimum_energy_speed_km_s(5000.0)), 6)
5000.0

:mod:`trajmap.ballistics` builds the maximum-range estimate on top of these arcs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "EARTH_RADIUS_KM",
    "HALF_CIRCUMFERENCE_KM",
    "MU_EARTH_KM3_S2",
    "BallisticsError",
    "Trajectory",
    "flight_time_check",
    "free_flight_range_km",
    "minimum_energy_apogee_km",
    "minimum_energy_range_km",
    "minimum_energy_speed_km_s",
    "trajectory",
]
#: Mean Earth radius R1 = (2a + b) / 3 of the IUGG (Moritz 2000, Geodetic Reference System 1980), in km;
#: the value geopy uses for ``EARTH_RADIUS``.
EARTH_RADIUS_KM = 6371.0088
#: Earth's gravitational parameter GM in km^3/s^2 (WGS84, NGA TR8350.2; IERS Conventions 2010).
MU_EARTH_KM3_S2 = 398600.4418
#: Half the circumference of the sphere: the farthest any ground range can be, in km.
HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM


class BallisticsError(ValueError):
    """An input outside what a ballistic calculation accepts (the message names the value)."""


def positive(name: str, value: object, upper: float = math.inf) -> float:
    """Return ``value`` as a float in (0, upper), or raise naming it; the one validator of this module."""
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number in km/s/min, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or number <= 0.0:
        raise BallisticsError(f"{name} must be a positive finite number, got {value!r}")
    if number >= upper:
        raise BallisticsError(f"{name} must be below {upper:.1f}, got {value!r}")
    return number


@dataclass(frozen=True, slots=True)
class Trajectory:
    """The free-flight ellipse from burnout at the surface to impact at the surface.

    Attributes
    ----------
    range_km, apogee_km : float
        Ground range along the sphere and apogee altitude above it, km.
    burnout_speed_km_s : float
        Speed at the surface (burnout), km/s.
    flight_path_angle_deg : float
        Angle of the velocity above the local horizontal at burnout, degrees.
    flight_time_s : float
        Surface-to-surface time from Kepler's equation, s.
    semi_major_axis_km, eccentricity, semi_latus_rectum_km : float
        The conic, with Earth's centre at a focus.
    points : tuple of (downrange_km, altitude_km, t_s)
        Samples from launch to impact, even in eccentric anomaly (dense where the arc bends), the apogee
        always one of them.
    """

    range_km: float
    apogee_km: float
    burnout_speed_km_s: float
    flight_path_angle_deg: float
    flight_time_s: float
    semi_major_axis_km: float
    eccentricity: float
    semi_latus_rectum_km: float
    points: tuple[tuple[float, float, float], ...]

    @property
    def flight_min(self) -> float:
        """Flight time in minutes."""
        return self.flight_time_s / 60.0

    def position_at(self, t_s: float) -> tuple[float, float]:
        """Return ``(downrange_km, altitude_km)`` at ``t_s`` seconds after burnout (Kepler's equation)."""
        if not 0.0 <= t_s <= self.flight_time_s:
            raise BallisticsError(f"t_s must be within [0, {self.flight_time_s:.3f}] s, got {t_s!r}")
        a, e = self.semi_major_axis_km, self.eccentricity
        e_launch = launch_anomaly(e, self.range_km)
        mean = e_launch - e * math.sin(e_launch) + t_s * math.sqrt(MU_EARTH_KM3_S2 / a**3)
        ecc = mean + e * math.sin(mean)  # Newton on E - e sin E = M
        for _ in range(50):
            step = (ecc - e * math.sin(ecc) - mean) / (1.0 - e * math.cos(ecc))
            ecc -= step
            if abs(step) < 1e-15:
                break
        return _sample(a, e, e_launch, self.range_km, ecc)[:2]


def launch_anomaly(e: float, range_km: float) -> float:
    """Eccentric anomaly at burnout, where the true anomaly is pi - psi (apogee at pi)."""
    theta = math.pi - range_km / (2.0 * EARTH_RADIUS_KM)
    denom = 1.0 + e * math.cos(theta)
    return math.atan2(math.sqrt(1.0 - e * e) * math.sin(theta) / denom, (e + math.cos(theta)) / denom)


def _sample(a: float, e: float, e_launch: float, range_km: float, ecc: float) -> tuple[float, float, float]:
    """(downrange_km, altitude_km, t_s) at eccentric anomaly ``ecc`` of the arc."""
    theta = 2.0 * math.atan2(
        math.sqrt(1.0 + e) * math.sin(ecc / 2.0), math.sqrt(1.0 - e) * math.cos(ecc / 2.0)
    )
    theta_launch = math.pi - range_km / (2.0 * EARTH_RADIUS_KM)
    t_s = (ecc - e * math.sin(ecc) - e_launch + e * math.sin(e_launch)) / math.sqrt(MU_EARTH_KM3_S2 / a**3)
    return EARTH_RADIUS_KM * (theta - theta_launch), a * (1.0 - e * math.cos(ecc)) - EARTH_RADIUS_KM, t_s


def trajectory(range_km: float, apogee_km: float, *, n_points: int = 200) -> Trajectory:
    """Fit the symmetric Keplerian arc through a ground range and an apogee altitude.

    With the half range angle psi = range / (2R) and apogee radius r_a = R + h, the ellipse
    r(theta) = p / (1 + e cos theta) has its apogee at theta = pi and meets the surface at
    theta = pi -+ psi, so r_a = p / (1 - e) and R = p / (1 - e cos psi):
    e = (r_a - R) / (r_a - R cos psi) and p = r_a (1 - e). Every positive apogee gives 0 < e < 1.
    The burnout speed follows from vis-viva, the flight-path angle from h = sqrt(mu p) = R v cos(gamma)
    and the time from the eccentric anomaly.

    Parameters
    ----------
    range_km : float
        Ground range in km, in (0, HALF_CIRCUMFERENCE_KM).
    apogee_km : float
        Apogee altitude above the sphere in km, positive.
    n_points : int
        Number of samples in ``points`` (at least 3).

    Returns
    -------
    Trajectory
        The arc, elements and samples.

    Raises
    ------
    BallisticsError
        For a non-positive or non-finite range or apogee, or a range of half the circumference or more.
    """
    range_km = positive("range_km", range_km, HALF_CIRCUMFERENCE_KM)
    apogee_km = positive("apogee_km", apogee_km)
    if isinstance(n_points, bool) or not isinstance(n_points, int) or n_points < 3:
        raise BallisticsError(f"n_points must be an integer >= 3, got {n_points!r}")
    r0, psi = EARTH_RADIUS_KM, range_km / (2.0 * EARTH_RADIUS_KM)
    r_apogee = r0 + apogee_km
    e = apogee_km / (r_apogee - r0 * math.cos(psi))
    p = r_apogee * (1.0 - e)
    a = p / (1.0 - e * e)
    speed = math.sqrt(MU_EARTH_KM3_S2 * (2.0 / r0 - 1.0 / a))
    cos_gamma = min(1.0, math.sqrt(MU_EARTH_KM3_S2 * p) / (r0 * speed))
    e_launch = launch_anomaly(e, range_km)
    flight_time_s = 2.0 * (math.pi - e_launch + e * math.sin(e_launch)) / math.sqrt(MU_EARTH_KM3_S2 / a**3)
    n_up = (n_points + 1) // 2  # launch .. apogee inclusive, then the rest after the apogee
    grid = [
        *np.linspace(e_launch, math.pi, n_up),
        *np.linspace(math.pi, 2 * math.pi - e_launch, n_points - n_up + 1)[1:],
    ]
    inner = [_sample(a, e, e_launch, range_km, float(ecc)) for ecc in grid[1:-1]]
    points = ((0.0, 0.0, 0.0), *inner, (range_km, 0.0, flight_time_s))
    return Trajectory(
        range_km=range_km,
        apogee_km=apogee_km,
        burnout_speed_km_s=speed,
        flight_path_angle_deg=math.degrees(math.acos(cos_gamma)),
        flight_time_s=flight_time_s,
        semi_major_axis_km=a,
        eccentricity=e,
        semi_latus_rectum_km=p,
        points=points,
    )


def flight_time_check(range_km: float, apogee_km: float, flight_min: float) -> float:
    """Return the free-flight time minus a reported flight time, in minutes.

    The arc starts at the surface at full speed, so it lacks the powered phase (one to five minutes
    of slower climbing, of which the arc covers the last stretch in seconds) and the slowing of
    re-entry: expect a negative difference of a few minutes, growing with the burn time.

    Parameters
    ----------
    range_km, apogee_km : float
        Ground range and apogee altitude, km.
    flight_min : float
        Reported flight time, minutes.
    """
    flight_min = positive("flight_min", flight_min)
    return trajectory(range_km, apogee_km, n_points=3).flight_min - flight_min


def minimum_energy_speed_km_s(range_km: float) -> float:
    """Burnout speed (km/s, at the surface) of the minimum-energy arc to ``range_km``.

    With s = sin(Psi / 2), Psi = range / R: v^2 = (mu / R) 2 s / (1 + s); the flight-path angle is
    45 deg - Psi / 4 and the semi-major axis R (1 + s) / 2.
    """
    range_km = positive("range_km", range_km, HALF_CIRCUMFERENCE_KM + 1e-9)
    s = math.sin(range_km / (2.0 * EARTH_RADIUS_KM))
    return math.sqrt(MU_EARTH_KM3_S2 / EARTH_RADIUS_KM * 2.0 * s / (1.0 + s))


def minimum_energy_range_km(burnout_speed_km_s: float) -> float:
    """Farthest ground range (km) for a burnout speed at the surface: sin(Psi / 2) = nu / (2 - nu).

    nu = v^2 R / mu. At or above the circular speed (nu >= 1) every point on the sphere is in reach and
    the result is HALF_CIRCUMFERENCE_KM. The inverse of :func:`minimum_energy_speed_km_s`.
    """
    return EARTH_RADIUS_KM * range_angle(positive("burnout_speed_km_s", burnout_speed_km_s))


def range_angle(speed_km_s: float) -> float:
    """Range angle Psi (radians) of the minimum-energy arc for a surface burnout speed (pi at orbital)."""
    nu = speed_km_s**2 * EARTH_RADIUS_KM / MU_EARTH_KM3_S2
    return math.pi if nu >= 1.0 else 2.0 * math.asin(nu / (2.0 - nu))


def minimum_energy_apogee_km(range_km: float) -> float:
    """Apogee altitude (km) of the minimum-energy arc: R (sin psi + cos psi - 1) / 2, psi = range / 2R."""
    psi = positive("range_km", range_km, HALF_CIRCUMFERENCE_KM + 1e-9) / (2.0 * EARTH_RADIUS_KM)
    return EARTH_RADIUS_KM * (math.sin(psi) + math.cos(psi) - 1.0) / 2.0


def _range_from(radius_km: float, speed_km_s: float, gamma: float) -> float:
    """Ground range (km, along the sphere) of free flight from ``radius_km`` at flight-path angle ``gamma``
    (radians, upward) to the surface; inf when the conic never comes down to the surface."""
    h = radius_km * speed_km_s * math.cos(gamma)
    p = h * h / MU_EARTH_KM3_S2
    energy = speed_km_s**2 / 2.0 - MU_EARTH_KM3_S2 / radius_km
    e = math.sqrt(max(0.0, 1.0 + 2.0 * energy * h * h / MU_EARTH_KM3_S2**2))
    if e < 1e-12 or energy >= 0.0:
        return math.inf
    cos_impact = (p / EARTH_RADIUS_KM - 1.0) / e
    if cos_impact > 1.0:  # the perigee is above the surface: it orbits
        return math.inf
    theta_b = math.acos(max(-1.0, min(1.0, (p / radius_km - 1.0) / e)))
    theta_i = 2.0 * math.pi - math.acos(max(-1.0, cos_impact))
    return EARTH_RADIUS_KM * (theta_i - theta_b)


def free_flight_range_km(altitude_km: float, speed_km_s: float) -> float:
    """Farthest ground range (km) of free flight from a burnout at ``altitude_km`` (km above the sphere)
    with ``speed_km_s`` (km/s), over every upward flight-path angle: no powered phase, no drag.

    HALF_CIRCUMFERENCE_KM when some angle never comes down within half the circumference (orbital
    speed at that height). At zero altitude this is :func:`minimum_energy_range_km`:

    >>> round(free_flight_range_km(1e-9, 5.0) - minimum_energy_range_km(5.0), 3)
    0.0
    """
    radius = EARTH_RADIUS_KM + positive("altitude_km", altitude_km)
    speed = positive("speed_km_s", speed_km_s)
    best = 0.0
    low, high = 1e-6, math.pi / 2.0 - 1e-6
    grid = np.linspace(low, high, 91)
    values = [_range_from(radius, speed, float(g)) for g in grid]
    i = int(np.argmax(values))
    if not math.isfinite(values[i]) or values[i] >= HALF_CIRCUMFERENCE_KM:
        return HALF_CIRCUMFERENCE_KM
    a, b = float(grid[max(0, i - 1)]), float(grid[min(len(grid) - 1, i + 1)])
    ratio = (math.sqrt(5.0) - 1.0) / 2.0
    for _ in range(60):  # golden section on the bracket around the best grid angle
        c, d = b - ratio * (b - a), a + ratio * (b - a)
        if _range_from(radius, speed, c) > _range_from(radius, speed, d):
            b = d
        else:
            a = c
    best = max(values[i], _range_from(radius, speed, (a + b) / 2.0))
    return min(best, HALF_CIRCUMFERENCE_KM)
