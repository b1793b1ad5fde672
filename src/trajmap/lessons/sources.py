"""The lessons' sources: a citation type, the sources every lesson cites, and the record's own."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["CITATIONS", "Citation", "cited", "estimate"]


@dataclass(frozen=True, slots=True)
class Citation:
    """A source: what it is, and where to read it."""

    text: str
    url: str


CITATIONS: dict[str, Citation] = {
    "karney": Citation(
        "C. F. F. Karney, Algorithms for geodesics, Journal of Geodesy 87, 43-55 (2013); the solutions "
        "trajmap uses (GeographicLib, PROJ)",
        "https://doi.org/10.1007/s00190-012-0578-z",
    ),
    "web_mercator": Citation(
        "EPSG:3857, WGS 84 / Pseudo-Mercator: the projection of web maps (Leaflet's default CRS)",
        "https://epsg.io/3857",
    ),
    "leaflet_circle": Citation(
        "Leaflet 1.9.3, src/layer/vector/Circle.js: how L.Circle (folium.Circle) is drawn",
        "https://github.com/Leaflet/Leaflet/blob/v1.9.3/src/layer/vector/Circle.js",
    ),
    "folium_circle": Citation(
        "folium issue 1377: folium.Circle is not a geodesic circle",
        "https://github.com/python-visualization/folium/issues/1377",
    ),
    "unclos": Citation(
        "United Nations Convention on the Law of the Sea (1982), articles 3 (territorial sea), 55-57 "
        "(exclusive economic zone)",
        "https://www.un.org/depts/los/convention_agreements/texts/unclos/unclos_e.pdf",
    ),
    "nautical_mile": Citation(
        "BIPM, The International System of Units (SI Brochure, 9th ed.), table 8: 1 nautical mile = 1852 m",
        "https://www.bipm.org/en/publications/si-brochure",
    ),
    "marine_regions": Citation(
        "Flanders Marine Institute (2019), Maritime Boundaries Geodatabase: Maritime Boundaries and "
        "Exclusive Economic Zones (200NM), version 11 (CC BY 4.0; not a legal boundary)",
        "https://doi.org/10.14284/386",
    ),
    "natural_earth": Citation(
        "Natural Earth, 1:50m Admin 0 countries (public domain)",
        "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
    ),
    "ballistics": Citation(
        "D. Wright, North Korea's Hwasong-15 (Union of Concerned Scientists, 2017-11-28): about 13,000 km "
        "on a standard trajectory",
        "https://allthingsnuclear.org/dwright/nk-longest-missile-test-yet",
    ),
}


def estimate(launches: pd.DataFrame, event_id: str, estimate_by: str) -> pd.Series:
    """One estimate of a launch from the record; raises ``KeyError`` naming what is missing."""
    rows = launches[(launches["event_id"] == event_id) & (launches["estimate_by"] == estimate_by)]
    if rows.empty:
        raise KeyError(f"no estimate of {event_id!r} by {estimate_by!r} in the record")
    return rows.iloc[0]


def cited(rec: pd.Series) -> Citation:
    """The record's own source of an estimate (its ``source_url`` in data/launches.csv)."""
    return Citation(
        f"{rec['estimate_by']}, {rec['event_id']} {rec['missile']} (as cited in data/launches.csv)",
        str(rec["source_url"]),
    )
