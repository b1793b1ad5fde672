"""The maximum-range model: burnout speed from a lofted flight, corrected for gravity loss, flown on the
minimum-energy arc; class presets (the docstring of :mod:`trajmap.ballistics` says more)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from trajmap.ballistics.kepler import (
    EARTH_RADIUS_KM,
    HALF_CIRCUMFERENCE_KM,
    MU_EARTH_KM3_S2,
    BallisticsError,
    Trajectory,
    free_flight_range_km,
    launch_anomaly,
    minimum_energy_apogee_km,
    minimum_energy_range_km,
    positive,
    range_angle,
    trajectory,
)

__all__ = [
    "APOGEE_SPREAD",
    "BURN_TIME_S",
    "CLASS_RANGES_KM",
    "ORBITAL_TEXT",
    "OutsideModelError",
    "RangeEstimate",
    "class_for_range",
    "max_range_km",
    "preset_radius_km",
]

#: Range classes in km, half-open [low, high), as the US NASIC report "Ballistic and Cruise Missile
#: Threat" (2017, 2020), CSIS Missile Threat and FAS define them: short < 1,000 km, medium 1,000-3,000,
#: intermediate 3,000-5,500, intercontinental > 5,500 (NASIC also calls < 300 km "close range"). The ICBM
#: class ends at the half circumference, the farthest ground range on the sphere.
CLASS_RANGES_KM: dict[str, tuple[float, float]] = {
    "SRBM": (0.0, 1000.0),
    "MRBM": (1000.0, 3000.0),
    "IRBM": (3000.0, 5500.0),
    "ICBM": (5500.0, HALF_CIRCUMFERENCE_KM),
}
#: Range-ring radius per class in km: the upper bound of the class, and for an ICBM the 13,000 km
#: D. Wright (Union of Concerned Scientists, 2017-11-28) estimated for the Hwasong-15.
_PRESET_RADIUS_KM = {"SRBM": 1000.0, "MRBM": 3000.0, "IRBM": 5500.0, "ICBM": 13000.0}
#: Typical powered-flight (burn) time per class in s, round public figures: Scud-B about 60-65 s,
#: Nodong about 110 s, single-stage liquid IRBMs (Hwasong-12 class) about 150-200 s, and 240-300 s for
#: two-stage liquid ICBMs (APS Study Group on Boost-Phase Intercept, Rev. Mod. Phys. 76, S1, 2004:
#: solid ICBMs about 170-180 s, liquid about 240-300 s).
BURN_TIME_S: dict[str, float] = {"SRBM": 70.0, "MRBM": 110.0, "IRBM": 180.0, "ICBM": 300.0}

#: Flight-path angle in the powered phase goes from 90 deg (vertical) to its burnout value as
#: gamma(x) = gamma_b + (90 deg - gamma_b) (1 - x)^PITCH_EXPONENT, x = t / t_burn: a quadratic pitch-over,
#: which costs a 300 s minimum-energy ICBM burn about 1.6 km/s of gravity loss (1-2 km/s is typical).
PITCH_EXPONENT = 2.0
#: Speed in the powered phase grows as v_b (t / t_burn)^SPEED_EXPONENT (constant thrust, falling mass).
SPEED_EXPONENT = 1.5
#: Time the atmosphere adds to the end of a flight (a re-entry vehicle slowing in the last tens of km), s.
REENTRY_ALLOWANCE_S = 20.0
#: Relative spread of the burn time used for the low / high band.
BURN_TIME_SPREAD = 0.3
#: Pitch exponents bracketing PITCH_EXPONENT for the low / high band.
PITCH_EXPONENT_BAND = (1.5, 2.5)
#: Relative spread of published apogees of one flight (Japan MOD vs. ROK JCS: 6,000 vs 6,648 km for the
#: 2023-07-12 Hwasong-18, 7,000 vs 7,687.5 km for the 2024-10-31 Hwasong-19): a band that is orbital under
#: every burn time and pitch reaches down to the free flight of an apogee lowered by this much, again.
APOGEE_SPREAD = 0.1
#: Words for an estimate at orbital speed.
ORBITAL_TEXT = "orbital-capable under these assumptions: reaches any point on Earth"
#: Names of classes this model refuses, with the reason.
_OUTSIDE_MODEL = {
    "HGV": "a hypersonic glide vehicle does not follow a ballistic arc; no maximum-range estimate",
}

_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
_X = (_NODES + 1.0) / 2.0  # Gauss-Legendre nodes and weights on [0, 1]
_W = _WEIGHTS / 2.0


class OutsideModelError(BallisticsError):
    """A missile this model cannot describe, such as a hypersonic glide vehicle."""


def class_for_range(range_km: float) -> str:
    """Return the class ("SRBM", "MRBM", "IRBM", "ICBM") whose range band holds ``range_km``."""
    range_km = positive("range_km", range_km, HALF_CIRCUMFERENCE_KM + 1e-6)
    for name, (_, high) in CLASS_RANGES_KM.items():
        if range_km < high:
            return name
    return "ICBM"


def preset_radius_km(cls: str) -> float:
    """Range-ring radius in km for a class: its upper bound, 13,000 km for an ICBM (Hwasong-15, UCS)."""
    if cls not in _PRESET_RADIUS_KM:
        raise BallisticsError(f"unknown missile class {cls!r}; expected one of {sorted(_PRESET_RADIUS_KM)}")
    return _PRESET_RADIUS_KM[cls]


@dataclass(frozen=True, slots=True)
class RangeEstimate:
    """How far a missile seen on a lofted arc would fly on a range-maximising one.

    Attributes
    ----------
    value_km : float
        Central estimate, km (never below the flown range, at most HALF_CIRCUMFERENCE_KM: orbital speed,
        every point in reach, :attr:`reaches_anywhere`).
    low_km, high_km : float
        Band, km, always ``low_km < high_km``; :attr:`band_spans` says what it spans.
    model : str
        Short model name.
    assumptions : tuple of str
        What the estimate takes for granted, in words.
    kepler_floor_km : float
        Free-flight (Kepler-only) floor: the minimum-energy range of the fitted arc's surface burnout
        speed, no powered phase, km; HALF_CIRCUMFERENCE_KM when that speed is orbital too.
    burn_time_s : float
        Burn time used, s.
    missile_class : str
        Class used for the burn time.
    band_spans : str
        What the band spans, in words.
    free_flight_km : float
        Farthest free flight from the lofted flight's burnout state alone (burnout altitude and speed,
        no powered-phase ground range), km; HALF_CIRCUMFERENCE_KM when orbital at burnout.
    burnout_speed_km_s : float
        Surface-equivalent burnout speed of the central range-maximising flight, km/s.
    """

    value_km: float
    low_km: float
    high_km: float
    model: str
    assumptions: tuple[str, ...]
    kepler_floor_km: float
    burn_time_s: float
    missile_class: str
    band_spans: str = ""
    free_flight_km: float = math.nan
    burnout_speed_km_s: float = math.nan

    @property
    def reaches_anywhere(self) -> bool:
        """True when the estimate reaches orbital speed: every point on the sphere is in range."""
        return self.value_km >= HALF_CIRCUMFERENCE_KM - 1e-6

    @property
    def floor_reaches_anywhere(self) -> bool:
        """True when even the free-flight floor is orbital."""
        return self.kepler_floor_km >= HALF_CIRCUMFERENCE_KM - 1e-6

    @property
    def value_text(self) -> str:
        """The estimate in words: "~12,459 km", or that it is orbital-capable."""
        return ORBITAL_TEXT if self.reaches_anywhere else f"~{self.value_km:,.0f} km"

    @property
    def floor_text(self) -> str:
        """The free-flight (Kepler-only) floor in words, the figure official statements use."""
        if not self.floor_reaches_anywhere:
            return f"free-flight (Kepler-only) floor {self.kepler_floor_km:,.0f} km"
        burnout = (
            "orbital at burnout too"
            if self.free_flight_km >= HALF_CIRCUMFERENCE_KM - 1e-6
            else f"{self.free_flight_km:,.0f} km from the burnout state alone"
        )
        return f"free-flight (Kepler-only) floor: orbital too ({burnout})"

    @property
    def band_text(self) -> str:
        """The band and what it spans: "band 11,000-13,500 km (burn time ...)"."""
        orbital = self.high_km >= HALF_CIRCUMFERENCE_KM - 1e-6
        high = "anywhere on Earth" if orbital else f"{self.high_km:,.0f} km"
        return f"band {self.low_km:,.0f} km to {high} ({self.band_spans})"

    @property
    def text(self) -> str:
        """Value, floor and band in one sentence, as the pages show it."""
        return f"{self.value_text}; {self.floor_text}; {self.band_text}"


#: The quadrature weights of the two means :func:`_pitch_integrals` takes: sin(gamma), x^k sin(gamma).
_MEANS = np.vstack([_W, _W * _X**SPEED_EXPONENT])


@functools.lru_cache(maxsize=16)
def _pitch_profile(pitch_exponent: float) -> np.ndarray:
    """(1 - x)^n at the quadrature nodes: how far the pitch program has turned from vertical at each."""
    profile = (1.0 - _X) ** pitch_exponent
    profile.setflags(write=False)
    return profile


def _pitch_integrals(gamma_b: float, pitch_exponent: float) -> tuple[float, float]:
    """Mean sin(gamma) over the burn, and the mean of x^k sin(gamma) (burnout altitude / (v_b t_b)).

    Called some ten thousand times per estimate (inside two nested solves): the nodes' pitch profile and
    the weights are worked out once."""
    sin_g = np.sin(gamma_b + (math.pi / 2.0 - gamma_b) * _pitch_profile(pitch_exponent))
    mean_sin, alt_frac = (_MEANS @ sin_g).tolist()
    return mean_sin, alt_frac


def _gravity_km_s2(altitude_km: float) -> float:
    return MU_EARTH_KM3_S2 / (EARTH_RADIUS_KM + altitude_km) ** 2


def _lofted_burnout(
    arc: Trajectory, burn_time_s: float, pitch_exponent: float
) -> tuple[float, float, float] | None:
    """Burnout altitude (km), speed (km/s) and flight-path angle (rad) on the observed arc.

    Solves h_b = v(h_b) t_b F(gamma(h_b)) by bisection, the speed and angle read off the arc; None when
    the burn would outlast the climb to the apogee (the burn time does not fit the flight).
    """
    a, p = arc.semi_major_axis_km, arc.semi_latus_rectum_km

    def state(h: float) -> tuple[float, float, float]:
        r = EARTH_RADIUS_KM + h
        v = math.sqrt(MU_EARTH_KM3_S2 * (2.0 / r - 1.0 / a))
        gamma = math.acos(min(1.0, math.sqrt(MU_EARTH_KM3_S2 * p) / (r * v)))
        return h - v * burn_time_s * _pitch_integrals(gamma, pitch_exponent)[1], v, gamma

    low, high = 0.0, arc.apogee_km
    if state(high)[0] <= 0.0:
        return None
    for _ in range(60):
        mid = (low + high) / 2.0
        low, high = (mid, high) if state(mid)[0] < 0.0 else (low, mid)
    return (low, *state(low)[1:])


def _powered_speed_km_s(arc: Trajectory, burn_time_s: float, pitch_exponent: float) -> float | None:
    """Surface-equivalent burnout speed (km/s) of the arc's missile flown with a range-maximising pitch
    program (its minimum-energy range is the estimate).

    Solves for the surface-equivalent speed v_eq by bisection; for each trial the burnout altitude is
    iterated to consistency. None when the burn is implausible for the flight: it outlasts the climb,
    or the climb's gravity loss exceeds the burnout speed (most of the thrust would hold the missile up).
    """
    burnout = _lofted_burnout(arc, burn_time_s, pitch_exponent)
    if burnout is None:
        return None
    h_loft, v_loft, g_loft = burnout
    loss_loft = _gravity_km_s2(h_loft / 2.0) * burn_time_s * _pitch_integrals(g_loft, pitch_exponent)[0]
    if loss_loft >= v_loft:
        return None
    r0, mu = EARTH_RADIUS_KM, MU_EARTH_KM3_S2

    def surface_speed(v_eq: float) -> float:
        """The surface-equivalent speed a range-maximising burn gives, aiming with ``v_eq``."""
        gamma_surface = math.pi / 4.0 - range_angle(v_eq) / 4.0
        h_b = h_loft / 2.0
        for _ in range(100):
            v_ell = math.sqrt(max(v_eq**2 - 2.0 * mu * (1.0 / r0 - 1.0 / (r0 + h_b)), 1e-12))
            cos_g = r0 * v_eq * math.cos(gamma_surface) / ((r0 + h_b) * v_ell)
            mean_sin, alt_frac = _pitch_integrals(math.acos(min(1.0, cos_g)), pitch_exponent)
            v_b = max(0.0, v_loft + loss_loft - _gravity_km_s2(h_b / 2.0) * burn_time_s * mean_sin)
            h_new = v_b * burn_time_s * alt_frac
            done, h_b = abs(h_new - h_b) < 1e-9, h_new
            if done:
                break
        return math.sqrt(v_b**2 + 2.0 * mu * (1.0 / r0 - 1.0 / (r0 + h_b)))

    low, high = 0.0, 2.0 * math.sqrt(2.0 * mu / r0)  # twice the escape speed: above any fixed point
    for _ in range(60):
        mid = (low + high) / 2.0
        low, high = (mid, high) if surface_speed(mid) > mid else (low, mid)
    return low


def _fit_burn_time_s(arc: Trajectory, flight_min: float) -> float | None:
    """Burn time (s) that makes the arc plus a powered phase last ``flight_min``; None if none does.

    reported = t_b + (arc time) - (arc time from the surface to the burnout altitude) + re-entry allowance.
    """
    a, e = arc.semi_major_axis_km, arc.eccentricity
    excess_s = flight_min * 60.0 - arc.flight_time_s - REENTRY_ALLOWANCE_S
    e_launch = launch_anomaly(e, arc.range_km)

    def residual(t_b: float) -> float:
        burnout = _lofted_burnout(arc, t_b, PITCH_EXPONENT)
        h_b = arc.apogee_km if burnout is None else burnout[0]
        ecc = math.acos(max(-1.0, min(1.0, (1.0 - (EARTH_RADIUS_KM + h_b) / a) / e)))
        climb_s = (ecc - e * math.sin(ecc) - e_launch + e * math.sin(e_launch)) / math.sqrt(
            MU_EARTH_KM3_S2 / a**3
        )
        return t_b - excess_s - climb_s

    low, high = 1.0, 1000.0
    if residual(low) >= 0.0 or residual(high) <= 0.0:
        return None
    for _ in range(50):
        mid = (low + high) / 2.0
        low, high = (mid, high) if residual(mid) < 0.0 else (low, mid)
    return (low + high) / 2.0


def _given(name: str, value: float | None) -> float:
    """``value`` unless it is missing (None or NaN, as in a pandas frame)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise BallisticsError(f"{name} is missing ({value!r}): no maximum-range estimate without it")
    return value


def max_range_km(
    apogee_km: float | None,
    range_km: float | None,
    flight_min: float | None = None,
    *,
    missile_class: str | None = None,
) -> RangeEstimate:
    """Estimate the range of a lofted missile on a range-maximising (minimum-energy) trajectory.

    1. Fit the Keplerian arc through ``range_km`` and ``apogee_km`` (:func:`trajectory`); its surface
       burnout speed alone gives ``kepler_floor_km``. An apogee below the minimum-energy one for the
       range (a depressed flight, drag-dominated) is raised to it: the estimate is then the conservative
       minimum-energy reading, and it never falls as the apogee rises.
    2. Powered phase: a burn of t_b seconds (fitted to ``flight_min`` when given and within 0.5-1.5 times
       the class default, else ``BURN_TIME_S``) with flight-path angle pitching from vertical to its
       burnout value (``PITCH_EXPONENT``) and speed growing as t^1.5 (``SPEED_EXPONENT``). On the lofted
       arc the burnout altitude solves h_b = integral of v sin(gamma) dt, and the speed there is read off
       the arc. The gravity loss g t_b <sin gamma> of the steep climb minus that of a range-maximising
       climb (burnout angle of the minimum-energy ellipse) is added to the burnout speed; the speed at
       the new burnout altitude is carried back to the surface along its ellipse (energy), whose
       backward extension stands in for the powered-phase ground range; solved by bisection on that
       surface-equivalent speed.
    3. Range from that speed with ``minimum_energy_range_km``, never below the flown range and capped at
       HALF_CIRCUMFERENCE_KM (orbital speed: every point is in reach, ``reaches_anywhere``, said in words
       by ``value_text``: "orbital-capable under these assumptions: reaches any point on Earth").
    4. Band (``band_spans`` says what it spans; always ``low_km < high_km``): burn time +-30 % and pitch
       exponents 1.5 and 2.5; a depressed or near-normal flight reaches up to its own burnout speed on a
       minimum-energy arc (widened to 1 % if still narrower); an orbital estimate's band runs from the
       lowest finite figure (the grid, the free-flight floor, the free flight from the burnout state alone,
       else that of an apogee lowered by ``APOGEE_SPREAD``) to anywhere on Earth.

    Earth's rotation (worth several hundred km eastward) and drag are not modelled. The two shape
    parameters were set from physical plausibility (quadratic pitch-over, about 1.6 km/s of gravity loss
    on a 300 s range-maximising burn; accelerating speed), then checked against published estimates for
    the 2017-2023 Hwasong tests (tests/test_ballistics.py): median error about 4 % with reported flight
    times and 6 % without, the Hwasong-17/18 coming out orbital where Japan's MOD says "over 15,000 km".

    Parameters
    ----------
    apogee_km, range_km : float
        Apogee altitude and ground range of the flight, km. Missing (None or NaN) means no estimate.
    flight_min : float, optional
        Reported flight time, minutes; fits the burn time.
    missile_class : str, optional
        "SRBM", "MRBM", "IRBM" or "ICBM" (default: the class of ``kepler_floor_km``); "HGV" is refused.

    Returns
    -------
    RangeEstimate

    Raises
    ------
    OutsideModelError
        For a hypersonic glide vehicle (``missile_class="HGV"``): it does not fly a ballistic arc.
    BallisticsError
        For a missing, non-positive or impossible apogee, range or flight time, an unknown class, or a
        class whose burn time cannot fit the flight (it would outlast the climb, or gravity would take
        more speed than the missile keeps).
    """
    if missile_class is not None and missile_class.upper() in _OUTSIDE_MODEL:
        reason = _OUTSIDE_MODEL[missile_class.upper()]
        raise OutsideModelError(f"class {missile_class!r} is outside this model: {reason}")
    flown = trajectory(_given("range_km", range_km), _given("apogee_km", apogee_km), n_points=3)
    arc = trajectory(
        flown.range_km, max(flown.apogee_km, minimum_energy_apogee_km(flown.range_km)), n_points=3
    )
    floor_km = EARTH_RADIUS_KM * range_angle(arc.burnout_speed_km_s)
    cls = class_for_range(floor_km) if missile_class is None else missile_class
    if cls not in BURN_TIME_S:
        raise BallisticsError(
            f"unknown missile class {missile_class!r}; expected one of {sorted(BURN_TIME_S)}"
        )
    assumptions = [
        f"spherical non-rotating Earth, R = {EARTH_RADIUS_KM} km, no drag in free flight",
        "same missile and payload on both trajectories",
    ]
    if arc.apogee_km > flown.apogee_km:
        assumptions.append("apogee below the minimum-energy one: read as a minimum-energy flight")
    burn_s, burn_note = BURN_TIME_S[cls], f"burn time {BURN_TIME_S[cls]:.0f} s ({cls} default)"
    if flight_min is not None:
        fitted = _fit_burn_time_s(arc, positive("flight_min", flight_min))
        if fitted is not None and 0.5 * burn_s <= fitted <= 1.5 * burn_s:
            burn_s, burn_note = (
                fitted,
                f"burn time {fitted:.0f} s fitted to the reported {flight_min} min flight",
            )
        else:
            burn_note += f"; the reported {flight_min} min flight gives no plausible burn time"
    assumptions.append(burn_note)
    assumptions.append(f"powered phase: pitch exponent {PITCH_EXPONENT}, speed exponent {SPEED_EXPONENT}")

    def speed(t_b: float, pitch: float) -> float | None:
        return _powered_speed_km_s(arc, t_b, pitch)

    def km(v: float | None) -> float | None:
        return None if v is None else min(HALF_CIRCUMFERENCE_KM, max(flown.range_km, r0 * range_angle(v)))

    r0 = EARTH_RADIUS_KM
    v_central = speed(burn_s, PITCH_EXPONENT)
    value = km(v_central)
    if v_central is None or value is None:
        raise BallisticsError(
            f"a {burn_s:.0f} s burn ({cls}) does not fit a flight of {flown.range_km!r} km to "
            f"{flown.apogee_km!r} km apogee: it would outlast the climb or lose more speed to gravity "
            "than the missile keeps; give the right missile_class or none"
        )
    spread = (1 - BURN_TIME_SPREAD, 1.0, 1 + BURN_TIME_SPREAD)
    grid = [x for f in spread for q in PITCH_EXPONENT_BAND if (x := km(speed(burn_s * f, q))) is not None]
    burnout = _lofted_burnout(arc, burn_s, PITCH_EXPONENT)
    free_km = HALF_CIRCUMFERENCE_KM if burnout is None else free_flight_range_km(burnout[0], burnout[1])
    low, high, spans = _band(value, grid, flown, arc, floor_km, free_km, burn_s)
    if value >= HALF_CIRCUMFERENCE_KM:
        assumptions.append(ORBITAL_TEXT)
    return RangeEstimate(
        value_km=value,
        low_km=low,
        high_km=high,
        model="kepler+gravity-loss",
        assumptions=tuple(assumptions),
        kepler_floor_km=floor_km,
        burn_time_s=burn_s,
        missile_class=cls,
        band_spans=spans,
        free_flight_km=free_km,
        burnout_speed_km_s=v_central,
    )


def _band(
    value: float,
    grid: list[float],
    flown: Trajectory,
    arc: Trajectory,
    floor_km: float,
    free_km: float,
    burn_s: float,
) -> tuple[float, float, str]:
    """The band (low_km, high_km) around ``value`` and what it spans, in words (see :func:`max_range_km`)."""
    low, high = min(value, *grid), max(value, *grid)
    spread = (1 - BURN_TIME_SPREAD, 1 + BURN_TIME_SPREAD)
    spans = [f"burn time {burn_s * spread[0]:.0f}-{burn_s * spread[1]:.0f} s"]
    spans.append(f"pitch exponent {PITCH_EXPONENT_BAND[0]}-{PITCH_EXPONENT_BAND[1]}")
    if arc.apogee_km > flown.apogee_km or high - low < 1.0:
        # a depressed or near-normal flight: up to its own burnout speed flown on a minimum-energy arc
        own_km = minimum_energy_range_km(flown.burnout_speed_km_s)
        if own_km > high:
            high = own_km
            spans.append("up to the flown arc's own burnout speed on a minimum-energy arc")
    if value >= HALF_CIRCUMFERENCE_KM:
        low, how = _orbital_low_km(flown, floor_km, free_km, grid, burn_s)
        high = HALF_CIRCUMFERENCE_KM
        spans.append(how)
    elif high - low < 1.0:
        high = max(high, low * 1.01)
        spans.append("widened to 1 %: the flight was already nearly range-maximising")
    return low, high, "; ".join(spans)


def _orbital_low_km(
    flown: Trajectory, floor_km: float, free_km: float, grid: list[float], burn_s: float
) -> tuple[float, str]:
    """The low end of an orbital estimate's band, and what it is.

    The lowest finite figure of the burn-time and pitch grid, the free-flight floor and the free flight from
    burnout; when every one is orbital, the free flight from burnout of an apogee lowered by
    ``APOGEE_SPREAD`` (repeatedly, until it comes down).
    """
    finite = [x for x in (*grid, floor_km, free_km) if x < HALF_CIRCUMFERENCE_KM - 1e-6]
    if finite:
        return min(finite), "down to the free flight from burnout (no powered-phase range)"
    apogee_km = flown.apogee_km
    for step in range(1, 31):
        apogee_km *= 1.0 - APOGEE_SPREAD
        if apogee_km <= minimum_energy_apogee_km(flown.range_km):
            break
        arc = trajectory(flown.range_km, apogee_km, n_points=3)
        burnout = _lofted_burnout(arc, burn_s, PITCH_EXPONENT)
        if burnout is None:
            continue
        lower_km = free_flight_range_km(burnout[0], burnout[1])
        if lower_km < HALF_CIRCUMFERENCE_KM - 1e-6:
            return lower_km, (
                f"orbital under every burn time and pitch; down to the free flight from burnout of an "
                f"apogee {1 - (1 - APOGEE_SPREAD) ** step:.0%} lower ({apogee_km:,.0f} km; published "
                f"apogees of one flight differ by up to {APOGEE_SPREAD:.0%})"
            )
    return flown.range_km, "orbital under every reading; down to the flown range"
