"""The Lessons page's view: four short sections on the real map and data, each with a map or chart, a few
sentences whose figures come from :mod:`trajmap.lessons`, and its sources.

``/lessons?section=curve|ring|eez|lofted`` opens a section (:func:`decode_section`).

>>> decode_section({"section": "eez"})
('eez', [])
>>> decode_section({"section": "<b>"})
('curve', ["section: <b> is not one of curve, ring, eez, lofted; showing 'curve'"])
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from trajmap import geodesy, lessons, maps, records, uncertainty
from trajmap.views import profile as pv

__all__ = [
    "DEFAULT_SECTION",
    "SECTIONS",
    "LessonMap",
    "Section",
    "compute",
    "curve_section",
    "decode_section",
    "eez_section",
    "lofted_section",
    "ring_section",
    "section",
]

#: The sections, by URL key, in page order.
SECTIONS = {
    "curve": "Why a trajectory curves on the map",
    "ring": "Why a range ring is not a circle on the map",
    "eez": "What an EEZ is",
    "lofted": "Lofted, depressed and maximum range",
}
DEFAULT_SECTION = "curve"
#: The site the ring lesson draws around (data/sites.csv).
RING_SITE = "sunan"


def decode_section(params: Mapping[str, str | Iterable[str]]) -> tuple[str, list[str]]:
    """The section named by the ``section`` parameter, and a notice when it names none."""
    raw = params.get("section")
    if raw is None:
        return DEFAULT_SECTION, []
    text = (raw if isinstance(raw, str) else next(iter(raw), "")).strip()
    if text in SECTIONS:
        return text, []
    shown = text if len(text) <= 40 else text[:37] + "..."
    return DEFAULT_SECTION, [
        f"section: {shown} is not one of {', '.join(SECTIONS)}; showing {DEFAULT_SECTION!r}"
    ]


@dataclass(frozen=True)
class LessonMap:
    """A section's map: the stable base, the layer that changes, and the view."""

    base: folium.Map
    layer: folium.FeatureGroup
    center: geodesy.Point
    zoom: int


@dataclass(frozen=True)
class Section:
    """One lesson as the page shows it (``paragraphs`` are plain text)."""

    key: str
    title: str
    paragraphs: tuple[str, ...]
    citations: tuple[lessons.Citation, ...]
    map: LessonMap | None = None
    chart: Any = None
    table: pd.DataFrame | None = None


def _km(x: float) -> str:
    return f"{x:,.0f} km"


def _narrow(view: tuple[geodesy.Point, int]) -> tuple[geodesy.Point, int]:
    """A view for a map in a column about half as wide as the page: one zoom level out, at most 6."""
    return view[0], max(2, min(6, view[1] - 1))


def curve_section(
    c: lessons.CurveLesson, *, land: dict[str, Any] | None, land_url: str | None = None
) -> Section:
    pct = 100.0 * c.extra_km / c.geodesic_km
    paragraphs = (
        f"On {c.event_id} a {c.missile} flew over Japan; {c.estimate_by} gave its range and bearing, and "
        f"trajmap puts its landing {_km(c.geodesic_km)} from the launch site along the geodesic, the "
        "shortest path on the WGS84 ellipsoid (Karney's inverse problem, as PROJ and GeographicLib "
        "solve it).",
        "On a Web Mercator map (every web map, this one too) that shortest path bends towards the pole: "
        "the solid line. The dashed line is what looks straight on the map; it keeps (almost exactly) one "
        f"compass heading, a rhumb line, and is {_km(c.mercator_km)} long measured on the ellipsoid, "
        f"{_km(c.extra_km)} ({pct:.1f}%) longer.",
        f"The two lines are up to {_km(c.max_gap_km)} apart. A missile, like an airliner, flies close to "
        "the geodesic (Earth's rotation aside), so trajmap draws every trajectory as one.",
    )
    table = pd.DataFrame(
        [
            {"line": "geodesic (shortest path, drawn solid)", "length_km": round(c.geodesic_km, 1)},
            {"line": "straight on Web Mercator (drawn dashed)", "length_km": round(c.mercator_km, 1)},
            {"line": "largest gap between them", "length_km": round(c.max_gap_km, 1)},
        ]
    )
    fg = folium.FeatureGroup(name="Curve")
    for pts, dash, cls, label in (
        (c.geodesic_points, None, "trajmap-lesson-geodesic", f"geodesic: {_km(c.geodesic_km)}"),
        (c.mercator_points, "8 6", "trajmap-lesson-straight", f"straight on the map: {_km(c.mercator_km)}"),
    ):
        folium.PolyLine(
            list(pts), color="#7570b3", weight=3, dash_array=dash, tooltip=label, class_name=cls
        ).add_to(fg)
    maps.point_marker(*c.start, "launch site", fill_color="#ffcc00", radius=6).add_to(fg)
    maps.point_marker(*c.end, f"landing ({c.estimate_by})", fill_color="#7570b3", radius=6).add_to(fg)
    center, zoom = _narrow(maps.view_for_points([*c.geodesic_points[::32], *c.mercator_points[::32]]))
    base = maps.base_map(basemap="vector", land_geojson=land, land_url=land_url, location=center, zoom=zoom)
    return Section(
        "curve", SECTIONS["curve"], paragraphs, c.citations, LessonMap(base, fg, center, zoom), table=table
    )


def ring_section(
    r: lessons.RingLesson, *, land: dict[str, Any] | None, land_url: str | None = None
) -> Section:
    big = r.rows[-1]
    paragraphs = (
        f"A range ring is every point a given distance from the site: red here, around {r.site}, for "
        + ", ".join(_km(x.radius_km) for x in r.rows)
        + ". On the ellipsoid it is a circle; on a Web Mercator map it is not, because the map stretches "
        "distances more the farther from the equator, so each ring is taller to the north than to the south.",
        "folium.Circle (Leaflet's L.Circle) draws an ellipse on the screen instead (blue, dashed): it puts "
        "its north and south points at the radius measured on a sphere of 6,371 km, clamped to Web "
        "Mercator's 85.05°N, and spans the width between them.",
        f"At {_km(big.radius_km)} its north point is {_km(big.north_error_km)} from the ring's, and its "
        f"outline runs from {_km(big.leaflet_min_km)} to {_km(big.leaflet_max_km)} from the site instead "
        f"of {_km(big.radius_km)} everywhere. trajmap computes every ring point by point on the ellipsoid "
        "and never uses folium.Circle.",
    )
    table = pd.DataFrame(
        [
            {
                "radius_km": x.radius_km,
                "north point error (km)": round(x.north_error_km, 1),
                "south point error (km)": round(x.south_error_km, 1),
                "L.Circle nearest to site (km)": round(x.leaflet_min_km, 1),
                "L.Circle farthest from site (km)": round(x.leaflet_max_km, 1),
            }
            for x in r.rows
        ]
    )
    fg = folium.FeatureGroup(name="Rings")
    maps.ring_layer(*r.center, [(x.radius_km, f"{_km(x.radius_km)} (geodesic)") for x in r.rows]).add_to(fg)
    for circle in r.circles:
        wrong = folium.Circle(
            r.center,
            radius=circle.radius_km * 1000.0,
            color="#2166ac",
            weight=2,
            dash_array="6 5",
            fill=False,
            class_name="trajmap-leaflet-circle",
        )
        wrong.options["interactive"] = False
        wrong.add_to(fg)
    maps.point_marker(*r.center, f"launch site: {r.site}", fill_color="#ffcc00", radius=6).add_to(fg)
    center, zoom = (r.center[0] + 8.0, r.center[1]), 2
    base = maps.base_map(basemap="vector", land_geojson=land, land_url=land_url, location=center, zoom=zoom)
    return Section(
        "ring", SECTIONS["ring"], paragraphs, r.citations, LessonMap(base, fg, center, zoom), table=table
    )


def eez_section(
    e: lessons.EezLesson,
    *,
    land: dict[str, Any] | None,
    eez_overlay: dict[str, Any] | None,
    land_url: str | None = None,
    eez_url: str | None = None,
) -> Section:
    joint = [h for h in e.special if h.kind == "joint regime"]
    claims = [h for h in e.special if h.kind == "overlapping claim"]
    japan = [h.name for h in e.special if "JPN" in h.sovereigns]
    v = e.verdict
    side = "beyond" if v.side == "outside" else "inside"
    top = max(e.odds.probabilities, key=e.odds.probabilities.__getitem__)
    paragraphs = (
        f"A state's exclusive economic zone reaches at most {lessons.EEZ_NM} nautical miles "
        f"({e.eez_km:g} km, at exactly 1.852 km per nautical mile) from its baselines (UNCLOS article 57); "
        f"its territorial sea, {lessons.TERRITORIAL_SEA_NM} nautical miles ({e.territorial_km:g} km; "
        "article 3). In the EEZ the coastal state has rights over fish, oil and gas; ships and aircraft of "
        "every state may pass, and a missile landing there breaks no boundary of sovereignty.",
        f"Where zones overlap, Marine Regions draws the area apart: the EEZ layer trajmap uses has "
        f"{e.kinds['200 NM']} 200-nautical-mile zones, {len(joint)} joint regimes and {len(claims)} "
        f"overlapping claims; {len(japan)} of these {len(e.special)} involve Japan ({'; '.join(japan)}).",
        f"The {e.event_id} missile came down, by {e.estimate_by}'s bearing and range, at "
        f"{geodesy.format_lat_lon(*e.landing)}: {v.status} Japan's EEZ, {_km(e.eez_edge_km)} {side} its "
        f"line and {_km(e.coast_km)} from Japan's nearest coast (Natural Earth 1:50m). The published "
        "figures are rounded, and with 5° of bearing and 10% of range as one standard deviation the odds "
        f"are {e.odds.odds}: "
        + (
            f"'{top}' is the likeliest answer, not a certain one."
            if e.odds.status == "uncertain"
            else f"at least {uncertainty.CONFIDENCE:.0%} of the sampled landings agree."
        ),
    )
    table = pd.DataFrame(
        [{"feature": h.name, "kind": h.kind, "sovereigns": " / ".join(h.sovereigns)} for h in e.special]
    )
    fg = folium.FeatureGroup(name="EEZ")
    maps.footprint_layer(
        *e.site,
        float(geodesy.inverse(*e.site, *e.landing).bearing_deg),
        float(geodesy.inverse(*e.site, *e.landing).distance_km),
        e.odds.bearing_sd_deg,
        e.odds.range_sd_km,
        label=f"2-sigma landing area; {e.odds.odds}",
    ).add_to(fg)
    coast = folium.PolyLine(
        [e.landing, e.coast_point],
        color="#b2182b",
        weight=2,
        dash_array="4 4",
        tooltip=f"to Japan's nearest coast: {_km(e.coast_km)}",
        class_name="trajmap-lesson-coast",
    )
    coast.add_to(fg)
    maps.point_marker(
        *e.landing,
        f"landing ({e.estimate_by}): {v.waters}",
        fill_color="#7570b3",
        radius=6,
        class_name="trajmap-landing",
    ).add_to(fg)
    center, zoom = _narrow(maps.view_for_points([e.site, e.landing, e.coast_point]))
    base = maps.base_map(
        basemap="vector",
        land_geojson=land,
        land_url=land_url,
        overlays=[maps.eez_layer(eez_overlay, url=eez_url)] if eez_overlay is not None else [],
        attribution=maps.EEZ_ATTRIBUTION if eez_overlay is not None else "",
        location=center,
        zoom=zoom,
    )
    return Section(
        "eez", SECTIONS["eez"], paragraphs, e.citations, LessonMap(base, fg, center, zoom), table=table
    )


def lofted_section(lo: lessons.LoftedLesson) -> Section:
    low, high = lo.flights
    est = lo.max_range
    paragraphs = (
        "For every range there is one arc that needs the least speed at burnout: the minimum-energy "
        f"trajectory (its apogee is {_km(low.minimum_energy_apogee_km)} for {_km(low.range_km)}, "
        f"{_km(high.minimum_energy_apogee_km)} for {_km(high.range_km)}). An arc above it is lofted, one "
        "below it depressed. The chart is to scale: one km up is as long as one km across.",
        f"The {low.label} flew a {low.shape} path, {_km(low.apogee_km)} high; the {high.label} a "
        f"{high.shape} one, {_km(high.apogee_km)} high, almost straight up and down, so it came down "
        "in the Sea of Japan."
        + (
            f" The {low.label.split(' (')[0]} carried a glide vehicle: the arc drawn is only the ballistic "
            "one through its reported figures, and no maximum range follows from it."
            if low.glide
            else ""
        ),
        "A missile's maximum range is how far it flies on the minimum-energy arc. Flown that way, the "
        f"Hwasong-15 would reach {est.value_text} (trajmap's model: {est.floor_text}; {est.band_text}); "
        "David Wright (UCS) estimated about 13,000 km. Earth's rotation and drag are not modelled.",
    )
    data = lo.points
    scale = pv.to_scale(float(data["downrange_km"].max()) * 1.02, float(data["altitude_km"].max()) * 1.05)
    chart = pv.profile_chart(pv.ProfileView(data, [], tuple(est.assumptions), [], scale))
    table = pd.DataFrame(
        [
            {
                "flight": f.label,
                "range_km": f.range_km,
                "apogee_km": f.apogee_km,
                "minimum-energy apogee (km)": round(f.minimum_energy_apogee_km, 1),
                "shape": f.shape,
                "burnout speed (km/s)": round(f.flight.burnout_speed_km_s, 2),
            }
            for f in lo.flights
        ]
    )
    return Section("lofted", SECTIONS["lofted"], paragraphs, lo.citations, chart=chart, table=table)


def compute(key: str) -> Any:
    """The figures of section ``key`` (a :mod:`trajmap.lessons` value), from the curated record and sites.

    The page caches this; :func:`section` turns it into what the page shows.
    """
    launches = records.load_launches()
    if key == "curve":
        return lessons.curve_lesson(launches)
    if key == "ring":
        sites = records.load_sites()
        row = sites[sites["site"] == RING_SITE].iloc[0]
        return lessons.ring_lesson(str(row["name"]), float(row["lat"]), float(row["lon"]))
    if key == "eez":
        return lessons.eez_lesson(launches)
    if key == "lofted":
        return lessons.lofted_lesson(launches)
    raise ValueError(f"unknown section {key!r}; expected one of {', '.join(SECTIONS)}")


def section(
    key: str,
    figures: Any,
    *,
    land: dict[str, Any] | None,
    eez_overlay: dict[str, Any] | None,
    land_url: str | None = None,
    eez_url: str | None = None,
) -> Section:
    """Section ``key`` of :data:`SECTIONS` from its ``figures`` (:func:`compute`), with its map or chart.

    ``land_url`` and ``eez_url`` are where the app serves ``land`` and ``eez_overlay``
    (:func:`trajmap.maps.write_layer`): a section's map fetches them once instead of carrying them on
    every rerun. None inlines them.
    """
    if key == "curve":
        return curve_section(figures, land=land, land_url=land_url)
    if key == "ring":
        return ring_section(figures, land=land, land_url=land_url)
    if key == "eez":
        return eez_section(figures, land=land, eez_overlay=eez_overlay, land_url=land_url, eez_url=eez_url)
    if key == "lofted":
        return lofted_section(figures)
    raise ValueError(f"unknown section {key!r}; expected one of {', '.join(SECTIONS)}")
