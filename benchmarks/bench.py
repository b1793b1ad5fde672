"""Speed checks: trajmap's way against a baseline measured in the same run; each line prints the ratio.

Run: python benchmarks/bench.py  (set TRAJMAP_DATA_DIR for the EEZ lines). Ratios, not seconds, are the goal:
this machine is shared and noisy, so no test asserts a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from geopy.distance import geodesic

from trajmap import geodesy, zones


def best_of(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(0)
    n = 10_000
    lat = rng.uniform(30, 45, n)
    lon = rng.uniform(124, 130, n)
    brg = rng.uniform(0, 360, n)
    dist = rng.uniform(100, 3000, n)

    base = best_of(
        lambda: [
            geodesic(kilometers=d).destination((a, b), c)
            for a, b, c, d in zip(lat, lon, brg, dist, strict=True)
        ],
        1,
    )
    ours = best_of(lambda: geodesy.destinations(lat, lon, brg, dist))
    print(f"destinations x{n}: geopy loop {base:.3f} s, vectorised {ours:.4f} s, ratio {base / ours:.0f}x")

    pts_lat = rng.uniform(25, 50, 2000)
    pts_lon = rng.uniform(125, 150, 2000)
    zones.verdicts(pts_lat[:10], pts_lon[:10])  # build the index once
    base = (
        best_of(lambda: [zones.verdict(a, b) for a, b in zip(pts_lat[:200], pts_lon[:200], strict=True)], 1)
        * 10
    )
    ours = best_of(lambda: zones.verdicts(pts_lat, pts_lon))
    print(f"EEZ verdicts x2000: loop {base:.2f} s (x10 of 200), vectorised {ours:.3f} s, x{base / ours:.0f}")

    base = best_of(lambda: [geodesy.inverse(39.0, 125.8, a, b) for a, b in zip(lat, lon, strict=True)], 1)
    ours = best_of(lambda: geodesy.inverses(39.0, 125.8, lat, lon))
    print(f"inverse x{n}: scalar loop {base:.3f} s, vectorised {ours:.4f} s, ratio {base / ours:.0f}x")


if __name__ == "__main__":
    main()
