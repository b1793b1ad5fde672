"""Ballistic arcs and maximum-range estimates on a spherical Earth without drag.

The free-flight arc is in :mod:`trajmap.ballistics.kepler`, the maximum-range model (non-rotating Earth)
in :mod:`trajmap.ballistics.model`, rotation-aware footprints (the range in every azimuth on a rotating
Earth) in :mod:`trajmap.ballistics.rotation`; every public name is importable from here.

A reported test gives a ground range and an apogee; one Keplerian ellipse fits both, with burnout and
re-entry at the surface, and it gives the burnout speed, the flight-path angle and the flight time:

>>> t = trajectory(950.0, 4475.0)
>>> round(t.burnout_speed_km_s, 2), round(t.flight_path_angle_deg, 1), round(t.flight_min, 1)
(7.2, 84.8, 50.3)
>>> t.points[0], round(t.points[-1][0], 6)
((0.0, 0.0, 0.0), 950.0)
>>> round(flight_time_check(950.0, 4475.0, 53.0), 1)  # the powered phase is missing from the arc
-2.7

The same missile on a range-maximising trajectory instead of the lofted one:

>>> est = max_range_km(4475.0, 950.0)
>>> est.missile_class, round(est.kepler_floor_km, -2), round(est.value_km, -2)
('ICBM', 10000.0, 13700.0)
>>> round(minimum_energy_range_km(minimum_energy_speed_km_s(5000.0)), 6)
5000.0

Class presets follow the public definitions (short < 1,000 km < medium < 3,000 km < intermediate
< 5,500 km < intercontinental):

>>> class_for_range(4500.0), preset_radius_km("ICBM")
('IRBM', 13000.0)
"""

from trajmap.ballistics.kepler import (
    EARTH_RADIUS_KM,
    HALF_CIRCUMFERENCE_KM,
    MU_EARTH_KM3_S2,
    BallisticsError,
    Trajectory,
    flight_time_check,
    free_flight_range_km,
    minimum_energy_apogee_km,
    minimum_energy_range_km,
    minimum_energy_speed_km_s,
    trajectory,
)
from trajmap.ballistics.model import (
    APOGEE_SPREAD,
    BURN_TIME_S,
    CLASS_RANGES_KM,
    ORBITAL_TEXT,
    OutsideModelError,
    RangeEstimate,
    class_for_range,
    max_range_km,
    preset_radius_km,
)
from trajmap.ballistics.rotation import (
    OMEGA_EARTH_RAD_S,
    ROTATION_ASSUMPTIONS,
    Footprint,
    footprint,
    footprint_for_range,
    footprint_for_speed,
    minimum_energy_angle_deg,
    rotation_speed_km_s,
)

__all__ = [
    "APOGEE_SPREAD",
    "BURN_TIME_S",
    "CLASS_RANGES_KM",
    "EARTH_RADIUS_KM",
    "HALF_CIRCUMFERENCE_KM",
    "MU_EARTH_KM3_S2",
    "OMEGA_EARTH_RAD_S",
    "ORBITAL_TEXT",
    "ROTATION_ASSUMPTIONS",
    "BallisticsError",
    "Footprint",
    "OutsideModelError",
    "RangeEstimate",
    "Trajectory",
    "class_for_range",
    "flight_time_check",
    "footprint",
    "footprint_for_range",
    "footprint_for_speed",
    "free_flight_range_km",
    "max_range_km",
    "minimum_energy_angle_deg",
    "minimum_energy_apogee_km",
    "minimum_energy_range_km",
    "minimum_energy_speed_km_s",
    "preset_radius_km",
    "rotation_speed_km_s",
    "trajectory",
]
