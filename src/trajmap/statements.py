"""Official EEZ statements beside trajmap's own verdicts, for checking the method against the record.

Japan's Ministry of Defense says for most launches whether the missile fell inside Japan's EEZ. For each
estimate whose record carries such a statement (``japan_eez``) and a landing point, :func:`compare` puts
trajmap's verdict at that landing point beside it, with the probability of "inside" when the landing is
derived from bearing and range (whose uncertainty can straddle the line).
"""

from __future__ import annotations

import pandas as pd

from trajmap import records, uncertainty, zones

__all__ = ["compare", "markdown_table"]


def compare(df: pd.DataFrame, *, country: str = "JPN", n: int = 1000) -> pd.DataFrame:
    """One row per estimate with a stated ``japan_eez`` and a landing point: statement vs verdict."""
    rows = []
    for est in records.estimates(df):
        if not est.japan_eez or est.landing_lat is None or est.landing_lon is None:
            continue
        v = zones.verdict(est.landing_lat, est.landing_lon, country)
        p_inside = None
        if est.landing_basis == "derived" and est.bearing_deg is not None and est.range_km is not None:
            u = uncertainty.verdict_distribution(
                est.site_lat,
                est.site_lon,
                est.bearing_deg,
                est.range_km,
                country=country,
                n=n,
                bearing_sd_deg=est.bearing_sd_deg,
                range_sd_km=est.range_sd_km,
            )
            p_inside = u.probabilities.get("inside", 0.0)
        ours = (
            "inside"
            if v.status == "inside"
            else "outside"
            if v.status in ("outside", "on land")
            else v.status
        )
        rows.append(
            {
                "event_id": est.event_id,
                "missile": est.missile,
                "estimate_by": est.estimate_by,
                "stated": est.japan_eez,
                "trajmap": v.status,
                "distance_to_line_km": round(v.distance_km, 0),
                "p_inside": p_inside,
                "agrees": ours == est.japan_eez,
                "statement": est.landing_statement,
            }
        )
    return pd.DataFrame(rows)


def markdown_table(table: pd.DataFrame) -> str:
    """The comparison as a Markdown table (for README.md)."""
    lines = [
        "| launch | missile | figures by | stated | trajmap | km to Japan's EEZ line | P(inside) | agrees |",
        "|---|---|---|---|---|---:|---:|---|",
    ]
    for r in table.to_dict("records"):
        p = "" if r["p_inside"] is None or pd.isna(r["p_inside"]) else f"{r['p_inside']:.0%}"
        lines.append(
            f"| {r['event_id']} | {r['missile']} | {r['estimate_by']} | {r['stated']} | {r['trajmap']} | "
            f"{r['distance_to_line_km']:.0f} | {p} | {'yes' if r['agrees'] else '**no**'} |"
        )
    return "\n".join(lines)
