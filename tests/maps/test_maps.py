"""Map builders: render each element and inspect its Leaflet script (no browser), as folium's own tests do."""

from __future__ import annotations

import html
import itertools
import json
import re

import folium
import pandas as pd
import pytest
from jinja2.utils import htmlsafe_json_dumps

from tests.mapscript import geojson_layers, trajectories
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
    assert htmlsafe_json_dumps(html.escape(hostile))[1:-1] in script  # the label's HTML, as JSON
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
    assert len(trajectories(script)) == 2
    assert hostile not in script
    texts = [f["properties"]["tooltip"] + f["properties"]["popup"] for f in trajectories(script)]
    assert sum(html.escape(hostile) in t for t in texts) == 1  # escaped once, shown as given


def test_launches_layer_is_a_few_geojson_layers_whatever_the_number_of_launches() -> None:
    # regression: one folium template per marker, popup and line made every Explorer rerun take seconds
    one = _script(maps.launches_layer(pd.DataFrame([_launch()])))
    many = _script(maps.launches_layer(pd.DataFrame([_launch(event_id=f"e{i}") for i in range(50)])))
    for script in (one, many):
        assert [len(layer) for layer in geojson_layers(script)][:2] in ([1, 1], [50, 50])
        assert "L.polyline(" not in script
        assert "L.circleMarker(" not in script
        assert script.count(".bindPopup(") == 2  # trajectories and landing points, bound once each
    assert len(geojson_layers(many)) == len(geojson_layers(one)) == 3  # trajectories, landings, sites


def test_launch_styles_carry_class_basis_and_selection() -> None:
    df = pd.DataFrame(
        [_launch(), _launch(event_id="e2", landing_basis="derived", bearing_deg=90.0, **{"class": "SRBM"})]
    )
    script = _script(maps.launches_layer(df, selected_event="e1"))
    for class_name in (maps.TRAJECTORY_CLASS, maps.LANDING_CLASS, maps.SITE_CLASS):
        assert f'"className": "{class_name}"' in script
    lines, landings, sites = geojson_layers(script)
    assert [f["properties"]["selected"] for f in lines] == [
        False,
        True,
    ]  # the selected one drawn last, on top
    assert [f["properties"]["reported"] for f in lines] == [False, True]
    assert [f["properties"]["color"] for f in lines] == [maps.CLASS_COLORS["SRBM"], maps.CLASS_COLORS["ICBM"]]
    assert ["popup" in f["properties"] for f in landings] == [False, False]  # they open their line's
    assert [f["id"] for f in landings] == [f["id"] for f in lines]
    assert [f["properties"]["tooltip"] for f in sites] == ["launch site: banghyon"]
    assert '"dashArray": "6 4"' in script  # the derived, unselected trajectory


def test_trajectory_over_the_antimeridian_is_one_unrolled_curve() -> None:
    df = pd.DataFrame([_launch(site_lat=52.0, site_lon=170.0, landing_lat=50.0, landing_lon=-170.0)])
    script = _script(maps.launches_layer(df))
    (line,) = trajectories(script)
    assert line["geometry"]["type"] == "LineString"  # one path in Leaflet: unrolled, not cut at 180
    lons = [p[0] for p in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(170.0)
    assert lons[-1] == pytest.approx(190.0)
    assert all(b - a < 5.0 for a, b in itertools.pairwise(lons))  # no jump of 360
    (landing,) = geojson_layers(script)[1]
    assert landing["geometry"]["coordinates"] == line["geometry"]["coordinates"][-1]  # at the curve's end


def test_rings_and_footprints_never_take_clicks_from_launches() -> None:
    # regression: inside the implied-reach ring, landing markers showed the ring's tooltip, no popup
    fg = folium.FeatureGroup()
    maps.ring_layer(39.0, 125.7, [(1000.0, "a"), (20000.0 - 50.0, "b")]).add_to(fg)
    maps.footprint_layer(39.0, 125.8, 58.0, 1100.0, 5.0, 110.0, label="odds").add_to(fg)
    script = _script(fg)
    paths = re.findall(r"L\.(?:polygon|polyline|marker)\(.*?\}\s*\)", script, flags=re.S)
    assert len(paths) == 2 + 2 + 2  # two rings and their labels, the footprint and its label
    assert all('"interactive": false' in p for p in paths)
    assert ".bindTooltip(" not in script
    assert "odds" in script  # the footprint's label is written on the map


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
