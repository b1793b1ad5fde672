"""Map builders: render each element and inspect its Leaflet script (no browser), as folium's own tests do."""

from __future__ import annotations

import html
import itertools
import json
import re

import folium
import pandas as pd
import pytest

from trajmap import geodesy, maps


def _script(layer: folium.FeatureGroup) -> str:
    m = folium.Map(tiles=None)
    layer.add_to(m)
    return m.get_root().render()


def _label_points(script: str) -> list[tuple[float, float]]:
    """Locations of the ring labels (DivIcon markers) in a rendered script."""
    markers = re.findall(r"L\.marker\(\s*(\[[^\]]*\])", script)
    return [tuple(json.loads(m)) for m in markers]  # type: ignore[misc]


# (centre lat, lon, radius km): ordinary, across the antimeridian, enclosing the north pole, near 20,000 km
RINGS = [
    (39.03, 125.75, 3000.0),
    (52.0, 175.0, 2000.0),
    (70.0, 20.0, 3000.0),
    (39.03, 125.75, 13000.0),
    (-33.9, 151.2, 19000.0),
]


@pytest.mark.parametrize(("lat", "lon", "radius_km"), RINGS)
def test_ring_label_sits_on_the_ring_on_the_centres_side(lat: float, lon: float, radius_km: float) -> None:
    script = _script(maps.ring_layer(lat, lon, [(radius_km, "ring")]))
    (point,) = _label_points(script)
    assert geodesy.inverse(lat, lon, point[0], point[1]).distance_km == pytest.approx(radius_km, abs=1e-3)
    assert abs(point[1] - lon) <= 180.0  # unrolled like the drawn ring, never across the world from it
    assert "trajmap-ring-label" in script
    assert "L.circle(" not in script  # never a flat folium.Circle


def test_long_ring_label_moves_into_a_world_view() -> None:
    # regression: the 13,000 km ICBM ring's label from Pyongyang sat at 62 S, off the Reach page's view
    (point,) = _label_points(_script(maps.ring_layer(39.03, 125.75, [(13000.0, "ICBM")])))
    assert abs(point[0]) <= 45.0


def test_ring_labels_are_escaped_and_optional() -> None:
    hostile = "<img src=x onerror=alert(1)>"
    script = _script(maps.ring_layer(39.0, 125.7, [(1000.0, hostile)]))
    assert hostile not in script
    assert html.escape(hostile) in script
    plain = _script(maps.ring_layer(39.0, 125.7, [(1000.0, "a"), (2000.0, "b")], label_bearing_deg=None))
    assert _label_points(plain) == []
    assert plain.count('"className": "trajmap-ring"') == 2


def _launch(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "event_id": "e1",
        "date": "2017-07-04",
        "missile": "Hwasong-14",
        "class": "ICBM",
        "site": "banghyon",
        "site_lat": 40.0,
        "site_lon": 125.2,
        "landing_lat": 40.9,
        "landing_lon": 134.3,
        "landing_basis": "reported",
        "range_km": 933.0,
        "apogee_km": 2802.0,
        "flight_min": 39.0,
        "estimate_by": "Japan MOD",
        "outcome": "success",
        "source_url": "https://example.org",
        "bearing_deg": float("nan"),
        "waters": "",
    }
    row.update(kw)
    return row


def test_launches_layer_draws_one_trajectory_per_landing_and_escapes_names() -> None:
    hostile = "<script>alert(1)</script>"
    df = pd.DataFrame(
        [
            _launch(),
            _launch(event_id="e2", missile=hostile),
            _launch(event_id="e3", landing_basis="unknown", landing_lat=None, landing_lon=None),
        ]
    )
    script = _script(maps.launches_layer(df, selected_event="e1"))
    assert script.count('"className": "trajmap-trajectory"') == 2
    assert hostile not in script


def test_trajectory_over_the_antimeridian_is_one_unrolled_curve() -> None:
    df = pd.DataFrame([_launch(site_lat=52.0, site_lon=170.0, landing_lat=50.0, landing_lon=-170.0)])
    script = _script(maps.launches_layer(df))
    (coords,) = re.findall(r"L\.polyline\(\s*(\[\[.*?\]\])", script, flags=re.S)
    lons = [p[1] for p in json.loads(coords)]
    assert lons[0] == pytest.approx(170.0)
    assert lons[-1] == pytest.approx(190.0)
    assert all(b - a < 5.0 for a, b in itertools.pairwise(lons))  # no jump of 360


@pytest.mark.parametrize(
    ("points", "zoom_range"),
    [
        ([(39.0, 125.7), (40.9, 134.3)], (5, 7)),
        ([(39.0, 125.7), (13.4, 144.8)], (3, 5)),
        ([], (5, 5)),
    ],
)
def test_view_for_points_frames_them(points: list[tuple[float, float]], zoom_range: tuple[int, int]) -> None:
    (clat, clon), zoom = maps.view_for_points(points)
    assert zoom_range[0] <= zoom <= zoom_range[1]
    if points:
        assert min(p[0] for p in points) <= clat <= max(p[0] for p in points)
        assert min(p[1] for p in points) <= clon <= max(p[1] for p in points)
