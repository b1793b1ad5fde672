"""The Reach page's view: rings from a site, the targets they hold, and the map that shows them.

>>> rings = preset_rings(["IRBM"])
>>> rings
[(5500.0, 'IRBM: 5,500 km')]
>>> from trajmap import reach
>>> view = reach_view(39.03, 125.75, "Sunan", rings, reach.load_targets())
>>> view.heading.startswith("Targets:"), view.reach_km
(True, 5500.0)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd

from trajmap import ballistics, cities, maps, reach, viewstate
from trajmap.ballistics import rotation
from trajmap.constants import MAX_CUSTOM_DISTANCE_KM, MAX_RING_RADIUS_KM
from trajmap.views import common

__all__ = [
    "MAX_CUSTOM_DISTANCE_KM",
    "TABLE_COLUMNS",
    "CustomRing",
    "LaunchReach",
    "ReachView",
    "custom_ring",
    "footprints_for",
    "launch_choices",
    "launch_reach",
    "preset_rings",
    "reach_map",
    "reach_view",
    "url_params",
]

Ring = tuple[float, str]  # (radius_km, label)
#: The targets table's columns, in order.
TABLE_COLUMNS = (
    "name",
    "country",
    "kind",
    "distance_km",
    "bearing_deg",
    "in_reach",
    "first_ring",
    "range_used_km",
    "margin_km",
    "source_url",
)
#: The targets table's columns when the Earth's rotation is included (the launch azimuth toward each).
FOOTPRINT_COLUMNS = (*TABLE_COLUMNS[:-1], "launch_azimuth_deg", "source_url")
#: What the page says about the rotation-aware footprint.
FOOTPRINT_CAPTION = (
    "Earth's rotation included: each footprint is where the missile lands in every launch azimuth "
    "(every 1°), with the site's rotation velocity added to its burnout velocity and the Earth turning "
    "under it during the flight; the dashed ring is the same missile on a non-rotating Earth. "
    "Model: " + "; ".join(rotation.ROTATION_ASSUMPTIONS) + ". A target is in reach when the footprint "
    "holds it; range_used_km is the footprint's range toward it: that of the launch azimuth whose landing "
    "point lies at the target's bearing from the site (launch_azimuth_deg)."
)


def preset_rings(classes: Iterable[str]) -> list[Ring]:
    """One labelled ring per class preset (:data:`trajmap.ballistics.CLASS_RANGES_KM`)."""
    return [
        (ballistics.preset_radius_km(c), f"{c}: {ballistics.preset_radius_km(c):,.0f} km") for c in classes
    ]


@dataclass(frozen=True, slots=True)
class CustomRing:
    """A typed distance as the page draws it: the rings, the distance as typed, and why it was capped."""

    rings: tuple[Ring, ...]
    typed_km: float
    notice: str = ""


def custom_ring(km: float) -> CustomRing:
    """The ring for a custom distance; above :data:`MAX_RING_RADIUS_KM` it is drawn there, and says why.

    >>> custom_ring(25000.0).notice.startswith("25,000 km is more than")
    True
    """
    if km <= MAX_RING_RADIUS_KM:
        return CustomRing(((km, f"{km:,.0f} km"),), km)
    notice = (
        f"{km:,.0f} km is more than half the Earth's circumference (about 20,004 km along a meridian): "
        "no point on Earth is farther than that, so the ring is drawn at "
        f"{MAX_RING_RADIUS_KM:,.0f} km, the largest ring trajmap draws, and every target within it counts "
        "as in reach."
    )
    label = f"{km:,.0f} km (drawn at {MAX_RING_RADIUS_KM:,.0f} km)"
    return CustomRing(((MAX_RING_RADIUS_KM, label),), km, notice)


def launch_choices(launches: pd.DataFrame) -> dict[Any, str]:
    """Estimates with a range and an apogee, newest first: index -> label, for the launch picker."""
    usable = launches.dropna(subset=["apogee_km", "range_km"]).sort_values("date", ascending=False)
    return {
        i: f"{r.event_id} {r.missile} ({r.estimate_by}: {r.range_km:,.0f} km, apogee {r.apogee_km:,.0f} km)"
        for i, r in usable.iterrows()
    }


@dataclass(frozen=True, slots=True)
class LaunchReach:
    """A launch estimate's implied maximum range as the page shows it, or why there is none."""

    rings: tuple[Ring, ...] = ()
    band: tuple[float, float] | None = None
    speed_km_s: float | None = None  #: surface-equivalent burnout speed of the estimate (for a footprint)
    value_text: str = ""
    assumptions: tuple[str, ...] = ()
    caption: str = ""
    warning: str = ""


def launch_reach(rec: pd.Series, max_range: Callable[..., Any] | None = None) -> LaunchReach:
    """The ring, band and explanation for one launch estimate's implied maximum range.

    ``max_range(apogee_km, range_km, flight_min, class)`` defaults to
    :func:`trajmap.ballistics.max_range_km`; a :class:`~trajmap.ballistics.BallisticsError` (a gliding
    warhead, a figure outside the model) becomes the ``warning``.
    """
    if rec.get("payload") == "glide" or rec["class"] == "cruise":
        return _class_reach(rec)
    max_range = max_range or (lambda a, r, f, c: ballistics.max_range_km(a, r, f, missile_class=c))
    flight = None if pd.isna(rec["flight_min"]) else float(rec["flight_min"])
    try:
        est = max_range(float(rec["apogee_km"]), float(rec["range_km"]), flight, str(rec["class"]))
    except ballistics.BallisticsError as exc:
        return LaunchReach(warning=f"No maximum-range estimate for this launch: {exc}.")
    radius = min(est.value_km, MAX_RING_RADIUS_KM)
    what = "orbital-capable, reaches anywhere" if est.reaches_anywhere else f"~{est.value_km:,.0f} km"
    return LaunchReach(
        rings=((radius, f"{rec['missile']}: {what} ({est.model})"),),
        band=(est.low_km, min(est.high_km, MAX_RING_RADIUS_KM)),
        speed_km_s=float(est.burnout_speed_km_s),
        value_text=est.value_text,
        assumptions=tuple(est.assumptions),
        caption=(
            f"{est.value_text[0].upper()}{est.value_text[1:]}; {est.floor_text}; {est.band_text}. "
            f"Flown: {rec['range_km']:,.0f} km with apogee {rec['apogee_km']:,.0f} km. Model: {est.model}. "
            "Assumptions: " + "; ".join(est.assumptions)
        ),
    )


def _class_reach(rec: pd.Series) -> LaunchReach:
    """A flight that is not a ballistic arc: no maximum range from its apogee, but its class's range."""
    why = (
        "this flight was not a ballistic arc (a glide vehicle or cruise missile), so its apogee implies none"
    )
    try:
        radius = ballistics.preset_radius_km(str(rec["class"]))
    except ballistics.BallisticsError:
        return LaunchReach(warning=f"No maximum-range estimate for this launch: {why}.")
    label = f"{rec['missile']}: {rec['class']} class range, up to {radius:,.0f} km"
    return LaunchReach(
        rings=((radius, label),),
        value_text=f"up to {radius:,.0f} km ({rec['class']} class range)",
        caption=f"The ring is the {rec['class']} class's upper bound, not this missile's measured reach.",
        warning=f"No maximum-range estimate for this launch: {why}; the ring shows its class range.",
    )


def footprints_for(
    lat: float, lon: float, rings: Sequence[Ring], speed_km_s: float | None = None
) -> tuple[tuple[rotation.Footprint, str], ...]:
    """One rotation-aware footprint per ring: the missile of that minimum-energy range
    (:func:`trajmap.ballistics.rotation.footprint_for_range`), or, with ``speed_km_s`` (a launch's
    estimate), that burnout speed at its minimum-energy angle."""
    if speed_km_s is not None and len(rings) == 1:
        return ((rotation.footprint_for_speed(lat, lon, speed_km_s), rings[0][1]),)
    return tuple((rotation.footprint_for_range(lat, lon, r), label) for r, label in rings)


@dataclass(frozen=True)
class ReachView:
    """What the Reach page shows below its controls."""

    lat: float
    lon: float
    where: str
    rings: tuple[Ring, ...]
    reach_km: float
    table: pd.DataFrame | None  #: None when there is no ring
    heading: str
    zoom: int
    people: tuple[dict[str, Any], ...] = ()  #: per ring: the cities in it and their summed population
    people_caption: str = ""
    footprints: tuple[tuple[rotation.Footprint, str], ...] = ()  #: with the Earth's rotation
    columns: tuple[str, ...] = TABLE_COLUMNS
    footprint_caption: str = ""


def reach_view(
    lat: float,
    lon: float,
    where: str,
    rings: Sequence[Ring],
    targets: pd.DataFrame,
    table: Callable[..., pd.DataFrame] | None = None,
    city_table: pd.DataFrame | None = None,
    footprints: Sequence[tuple[rotation.Footprint, str]] = (),
) -> ReachView:
    """Targets within the largest ring from (lat, lon), the zoom that shows the rings, and with
    ``city_table`` (:func:`trajmap.cities.load_cities`) the people in each ring.

    ``table(lat, lon, range_km, rings)`` defaults to :func:`trajmap.reach.targets_in_reach` on ``targets``.
    With ``footprints`` (:func:`footprints_for`: the Earth's rotation included) the table, its heading and
    the people in range use the footprints (:func:`trajmap.reach.targets_in_footprints`) and the rings
    stay for comparison.
    """
    reach_km = max((r for r, _ in rings), default=0.0)
    build = table or (lambda la, lo, km, rs: reach.targets_in_reach(la, lo, km, targets, rs))
    heading = ""
    if footprints:
        held = reach.targets_in_footprints(footprints, targets)
        rows: pd.DataFrame | None = held
        largest = max(footprints, key=lambda f: float(f[0].range_km.mean()))[0]
        heading = (
            f"Targets: {int(held['in_reach'].sum())} of {len(held)} inside the rotating-Earth footprint "
            f"from {where} ({largest.range_km.min():,.0f}-{largest.range_km.max():,.0f} km by azimuth)"
        )
    else:
        rows = build(lat, lon, reach_km, tuple(rings)) if rings else None
        if rows is not None:
            heading = (
                f"Targets: {int(rows['in_reach'].sum())} of {len(rows)} within {reach_km:,.0f} km of {where}"
            )
    zoom = 2 if reach_km > 4000 else 3 if reach_km > 1500 else 5
    city_rows = city_table if city_table is not None else _NO_CITIES
    if footprints:
        found = cities.people_in_areas([(label, f.holds) for f, label in footprints], city_rows)
        what = "footprint"
    else:
        found = cities.people_in_rings(lat, lon, rings, city_rows)
        what = "ring"
    people = people_rows(found, what)
    caption = (
        f"Cities within each {what} and their summed {cities.POPULATION_LABEL} (pop_max); "
        f"source: {cities.CITIES_SOURCE}."
        if people
        else ""
    )
    return ReachView(
        lat,
        lon,
        where,
        tuple(rings),
        reach_km,
        rows,
        heading,
        zoom,
        people,
        caption,
        tuple(footprints),
        FOOTPRINT_COLUMNS if footprints else TABLE_COLUMNS,
        FOOTPRINT_CAPTION if footprints else "",
    )


def people_rows(found: Iterable[cities.RingPeople], what: str = "ring") -> tuple[dict[str, Any], ...]:
    """The people-in-range table's rows: per ring, footprint or area, the cities and their population."""
    return tuple(
        {
            what: p.label,
            "cities": p.count,
            cities.POPULATION_LABEL: p.population,
            "largest": ", ".join(p.cities),
        }
        for p in found
    )


_NO_CITIES = pd.DataFrame(columns=["name", "country", "lat", "lon", "pop_max"])


def reach_map(
    view: ReachView,
    *,
    band: tuple[float, float] | None,
    land: dict[str, Any] | None,
    land_url: str | None = None,
) -> tuple[folium.Map, folium.FeatureGroup]:
    """The vector base map, and a layer with the rings, the band, the site and the targets.

    Target longitudes are unrolled to the site's side of the antimeridian, as the rings are drawn. With
    ``land_url`` (where the app serves ``land``, :func:`trajmap.maps.write_layer`) the map fetches the
    land once instead of carrying it on every rerun; None inlines it.
    """
    fg = folium.FeatureGroup(name="Reach")
    frame = maps.MapFrame((view.lat, view.lon), view.zoom)  # the page opens the map there: labels inside
    if view.footprints:
        maps.reach_footprint_layer(view.footprints, frame=frame).add_to(fg)
        maps.ring_layer(
            view.lat, view.lon, view.rings, color="#555555", dash="6 6", label_bearing_deg=None
        ).add_to(fg)
    elif view.rings:
        maps.ring_layer(view.lat, view.lon, view.rings, frame=frame).add_to(fg)
    if band is not None:
        low_high = [(band[0], "low end of band"), (band[1], "high end of band")]
        maps.ring_layer(view.lat, view.lon, low_high, color="#888888", frame=frame).add_to(fg)
    site = f"launch site: {view.where}"
    style = {"color": "#000", "fill_color": "#ffcc00", "radius": 6, "class_name": "trajmap-site"}
    maps.point_marker(view.lat, view.lon, site, **style).add_to(fg)  # type: ignore[arg-type]
    if view.table is not None:
        common.target_markers(fg, view.table, view.lon)
    base = maps.base_map(
        basemap="vector", land_geojson=land, land_url=land_url, location=(view.lat, view.lon), zoom=view.zoom
    )
    return base, fg


def url_params(
    *,
    site_key: str | None,
    lat: float | None,
    lon: float | None,
    custom_km: float | None,
    classes: Sequence[str] = (),
    rotating: bool = False,
    mode: str | None = None,
    target: str | None = None,
    target_lat: float | None = None,
    target_lon: float | None = None,
    country: str | None = None,
) -> dict[str, str]:
    """The Reach page's own query parameters (``ring_*``) for the current choice; ``classes`` are the
    class presets chosen (``ring_class``), ``rotating`` the Earth's rotation (``ring_rot=1``), ``mode``
    "reverse" (which sites reach a target: ``ring_target`` or ``ring_tlat``/``ring_tlon``) or "border"
    (rings from a country's border, ``ring_country``)."""
    state = viewstate.ViewState(
        ring_site=site_key,
        ring_lat=lat,
        ring_lon=lon,
        ring_km=custom_km,
        ring_classes=tuple(classes),
        ring_rot=rotating,
        ring_mode=mode,
        ring_target=target,
        ring_tlat=target_lat,
        ring_tlon=target_lon,
        ring_country=country,
    )
    return viewstate.encode(state)
