"""How sure is an EEZ verdict, given that the launch bearing and range are estimates?

Landing points are sampled around the nominal one and each sample gets a :func:`trajmap.zones.verdicts`
status. The assumed errors are **normal (Gaussian), stated as one standard deviation**: by default the bearing
is uncertain by 5 degrees and the range by 10% (:data:`DEFAULT_BEARING_SD_DEG`,
:data:`DEFAULT_RANGE_SD_FRACTION`). Published bearings are whole degrees and ranges rounded to 50-100 km, and
both come from different agencies' preliminary figures; a 1-sigma of 5 degrees / 10% covers that spread.

A verdict is reported as a single status when at least :data:`CONFIDENCE` (95%) of the samples agree;
otherwise it is ``"uncertain"`` and the odds are given, e.g. ``"inside Japan's EEZ: 62%, outside: 38%"``.
Sampling is deterministic for a given ``seed``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from trajmap import geodesy, zones
from trajmap.constants import MAX_RANGE_KM, MIN_RING_RADIUS_KM

__all__ = [
    "CONFIDENCE",
    "DEFAULT_BEARING_SD_DEG",
    "DEFAULT_RANGE_SD_FRACTION",
    "DEFAULT_SAMPLES",
    "UncertainVerdict",
    "landing_distribution",
    "verdict_distribution",
]

#: Default 1-sigma bearing error, degrees.
DEFAULT_BEARING_SD_DEG = 5.0
#: Default 1-sigma range error as a fraction of the range.
DEFAULT_RANGE_SD_FRACTION = 0.10
#: Share of samples one status needs for the verdict to name it instead of "uncertain".
CONFIDENCE = 0.95
#: Samples drawn per landing: the odds are then good to about +-1 percentage point (binomial, 1 sigma).
DEFAULT_SAMPLES = 2000


def landing_distribution(
    site_lat: float,
    site_lon: float,
    bearing_deg: float,
    range_km: float,
    *,
    bearing_sd_deg: float | None = None,
    range_sd_km: float | None = None,
    n: int = DEFAULT_SAMPLES,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Sample plausible landing points ``(lats, lons)`` around the nominal one.

    Parameters
    ----------
    site_lat, site_lon : float
        Launch site, degrees.
    bearing_deg : float
        Nominal launch azimuth, degrees clockwise from north.
    range_km : float
        Nominal ground range, km.
    bearing_sd_deg : float, optional
        1-sigma bearing error in degrees; default :data:`DEFAULT_BEARING_SD_DEG`.
    range_sd_km : float, optional
        1-sigma range error in km; default :data:`DEFAULT_RANGE_SD_FRACTION` of ``range_km``.
    n : int
        Number of samples.
    seed : int
        Seed of the random generator (same seed, same samples).

    Returns
    -------
    tuple of numpy.ndarray
        Latitudes and longitudes (degrees, lon in [-180, 180)) of the ``n`` samples. Ranges are kept within
        1-20,000 km.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n!r}")
    if not range_km > 0:
        raise ValueError(f"range_km must be positive, got {range_km!r}")
    b_sd, r_sd = _sds(range_km, bearing_sd_deg, range_sd_km)
    rng = np.random.default_rng(seed)
    bearings = bearing_deg + b_sd * rng.standard_normal(n)
    ranges = np.clip(range_km + r_sd * rng.standard_normal(n), MIN_RING_RADIUS_KM, MAX_RANGE_KM)
    return geodesy.destinations(site_lat, site_lon, bearings, ranges)


def _sds(range_km: float, bearing_sd_deg: float | None, range_sd_km: float | None) -> tuple[float, float]:
    b_sd = DEFAULT_BEARING_SD_DEG if bearing_sd_deg is None else float(bearing_sd_deg)
    r_sd = DEFAULT_RANGE_SD_FRACTION * range_km if range_sd_km is None else float(range_sd_km)
    if b_sd < 0 or r_sd < 0:
        raise ValueError(f"standard deviations must be >= 0, got {bearing_sd_deg!r}, {range_sd_km!r}")
    return b_sd, r_sd


@dataclass(frozen=True, slots=True, kw_only=True)
class UncertainVerdict:
    """A verdict over sampled landing points.

    Attributes
    ----------
    status : str
        The status held by at least :data:`CONFIDENCE` of the samples, else ``"uncertain"``.
    probabilities : dict
        Share of samples per status (every status of :data:`trajmap.zones.STATUSES`; they sum to 1).
    zone_probabilities : dict
        Share of samples in each EEZ feature by name, plus ``"high seas"`` (overlapping features can make
        these sum to slightly more than 1).
    odds : str
        ``"inside Japan's EEZ: 62%, outside: 38%"``.
    nominal : trajmap.zones.Verdict
        The verdict at the nominal landing point.
    summary : str
        One sentence with the status, the odds and the assumed errors.
    """

    country: str
    status: str
    probabilities: dict[str, float]
    zone_probabilities: dict[str, float]
    odds: str
    nominal: zones.Verdict
    bearing_sd_deg: float
    range_sd_km: float
    n: int
    seed: int
    summary: str = field(default="")


def _label(status: str, iso3: str) -> str:
    return {
        "inside": f"inside {zones.possessive(iso3)} EEZ",
        "outside": "outside",
        "boundary": "on the boundary",
        "joint regime": "in a joint regime area",
        "overlapping claim": "in an overlapping claim",
        "on land": "on land",
    }[status]


def _pct(p: float) -> str:
    """A share as a whole percentage that never reads 0% or 100% unless it is exactly that.

    >>> _pct(0.0), _pct(0.005), _pct(0.2205), _pct(0.9951), _pct(1.0)
    ('0%', '<1%', '22%', '>99%', '100%')
    """
    text = f"{p:.0%}"
    if p > 0 and text == "0%":
        return "<1%"
    if p < 1 and text == "100%":
        return ">99%"
    return text


def verdict_distribution(
    site_lat: float,
    site_lon: float,
    bearing_deg: float,
    range_km: float,
    *,
    country: str = "JPN",
    bearing_sd_deg: float | None = None,
    range_sd_km: float | None = None,
    n: int = DEFAULT_SAMPLES,
    seed: int = 0,
    index: zones.ZoneIndex | None = None,
    places: Path | None = None,
) -> UncertainVerdict:
    """The EEZ verdict for ``country`` over :func:`landing_distribution` samples (same parameters)."""
    b_sd, r_sd = _sds(range_km, bearing_sd_deg, range_sd_km)
    lats, lons = landing_distribution(
        site_lat, site_lon, bearing_deg, range_km, bearing_sd_deg=b_sd, range_sd_km=r_sd, n=n, seed=seed
    )
    batch = zones.verdicts(lats, lons, country, index=index, places=places)
    counts = Counter(str(s) for s in batch.status)
    probabilities = {s: counts.get(s, 0) / n for s in zones.STATUSES}
    zone_counts: Counter[str] = Counter()
    for hits in batch.zones:
        zone_counts.update({h.name for h in hits} or {"high seas"})
    zone_probabilities = {name: c / n for name, c in zone_counts.most_common()}
    top, p_top = max(probabilities.items(), key=lambda kv: kv[1])
    status = top if p_top >= CONFIDENCE else "uncertain"
    ranked = sorted(((p, s) for s, p in probabilities.items() if p > 0), reverse=True)
    odds = ", ".join(f"{_label(s, country)}: {_pct(p)}" for p, s in ranked)
    lat0, lon0 = geodesy.destination(site_lat, site_lon, bearing_deg, range_km)
    nominal = zones.verdict(lat0, lon0, country, index=index, places=places)
    assumption = (
        f"assuming bearing ±{b_sd:g}° and range ±{r_sd:,.0f} km (1 sigma, normal errors; {n:,} samples)"
    )
    head = "uncertain" if status == "uncertain" else f"{status} with at least {CONFIDENCE:.0%} confidence"
    summary = f"{head}: {odds} — {assumption}"
    return UncertainVerdict(
        country=country,
        status=status,
        probabilities=probabilities,
        zone_probabilities=zone_probabilities,
        odds=odds,
        nominal=nominal,
        bearing_sd_deg=b_sd,
        range_sd_km=r_sd,
        n=n,
        seed=seed,
        summary=summary,
    )
