"""Official EEZ statements beside trajmap's own verdicts, for checking the method against the record.

Japan's Ministry of Defense says for most launches whether the missile fell inside Japan's EEZ. For each
estimate whose record carries such a statement (``japan_eez``) and a landing point, :func:`compare` puts
trajmap's verdict at that landing point beside it, with the probability of "inside" when the landing is
derived from bearing and range (whose uncertainty can straddle the line).
"""

from __future__ import annotations

import pandas as pd

from trajmap import uncertainty, zones

__all__ = ["compare", "markdown_table"]


def compare(df: pd.DataFrame, *, country: str = "JPN", n: int = 1000) -> pd.DataFrame:
    """One row per estimate with a stated ``japan_eez`` and a landing point: statement vs verdict."""
    rows = []
    stated = df[(df["japan_eez"] != "") & (df["landing_basis"] != "unknown")]
    for rec in stated.to_dict("records"):
        v = zones.verdict(rec["landing_lat"], rec["landing_lon"], country)
        p_inside = None
        if rec["landing_basis"] == "derived":
            u = uncertainty.verdict_distribution(
                rec["site_lat"],
                rec["site_lon"],
                rec["bearing_deg"],
                rec["range_km"],
                country=country,
                n=n,
                bearing_sd_deg=None if pd.isna(rec.get("bearing_sd_deg")) else rec["bearing_sd_deg"],
                range_sd_km=None if pd.isna(rec.get("range_sd_km")) else rec["range_sd_km"],
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
                "event_id": rec["event_id"],
                "missile": rec["missile"],
                "estimate_by": rec["estimate_by"],
                "stated": rec["japan_eez"],
                "trajmap": v.status,
                "distance_to_line_km": round(v.distance_km, 0),
                "p_inside": p_inside,
                "agrees": ours == rec["japan_eez"],
                "statement": rec.get("landing_statement", ""),
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
