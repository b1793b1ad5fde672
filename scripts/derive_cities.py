"""Derive data/cities.csv from Natural Earth's 1:50m populated places (public domain).

Keeps only name, country (ISO 3166 alpha-3 of the admin-0 unit), lat, lon and pop_max (Natural Earth's
metropolitan population). Run from the repository root:

    python scripts/derive_cities.py ../shared/data/naturalearth/ne_50m_populated_places_simple.geojson
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "cities.csv"


def main(source: str) -> None:
    features = json.loads(Path(source).read_text(encoding="utf-8"))["features"]
    rows = sorted(
        (
            p["name"],
            p["adm0_a3"],
            f"{float(p['latitude']):.4f}",
            f"{float(p['longitude']):.4f}",
            int(p["pop_max"]),
        )
        for p in (f["properties"] for f in features)
    )
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["name", "country", "lat", "lon", "pop_max"])
        writer.writerows(rows)
    print(f"{len(rows)} cities -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
