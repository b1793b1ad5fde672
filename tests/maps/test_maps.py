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

from tests.launchrows import launch_row
from tests.mapscript import launch_data, sites, trajectories
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


def test_launches_layer_draws_one_trajectory_per_landing_and_carries_names_as_text() -> None:
    hostile = "<script>alert(1)</script>{{ 7*7 }}${x}`"
    df = pd.DataFrame(
        [
            launch_row(),
            launch_row(event_id="e2", missile=hostile),
            launch_row(event_id="e3", landing_basis="unknown", landing_lat=None, landing_lon=None),
        ]
    )
    script = _script(maps.launches_layer(df, selected_event="e1"))
    assert len(trajectories(script)) == 2
    start = script.index("var data = ")
    data = script[start : script.index(";\n", start)]
    for raw in (hostile, "<script", "{{", "${", "`"):
        assert raw not in data  # JSON-escaped in the script: no tag, template or literal can start
    texts = [f["properties"]["tooltip"] + f["properties"]["popup"] for f in trajectories(script)]
    assert sum(t.count(hostile) for t in texts) == 2  # as given, in its tooltip and its popup
    assert "textContent" in script  # the browser writes it as text
    assert "innerHTML" not in script


def test_popup_rows_are_the_estimates_figures_with_optional_rows_left_out() -> None:
    script = _script(
        maps.launches_layer(
            pd.DataFrame(
                [
                    launch_row(
                        waters="inside Japan's EEZ", landing_statement="Sea of Japan", time_utc="03:40"
                    ),
                    launch_row(event_id="e2", source_url="javascript:alert(1)", flight_min=39.5),
                ]
            )
        )
    )
    one, two = (f["properties"]["popup"].split("\n") for f in trajectories(script))
    assert one == [
        "Event: e1 (2017-07-04 03:40 UTC)",
        "Missile: Hwasong-14 (ICBM)",
        "Estimate by: Japan MOD",
        "Site: banghyon",
        "Range: 933 km",
        "Apogee: 2,802 km",
        "Flight time: 39 min",
        "Bearing: not given",
        "Outcome: success",
        "Landing: 40.90°N, 134.30°E (reported)",
        "Waters: inside Japan's EEZ",
        "Statement: Sea of Japan",
        "Source: source",
        "href: https://example.org",
    ]
    assert "Flight time: 39.5 min" in two
    assert "Source: javascript:alert(1)" in two  # not a web address: shown as text, never a link
    assert not any(r.startswith(("href:", "Waters:", "Statement:")) for r in two)


def test_launches_layer_is_one_element_whatever_the_number_of_launches() -> None:
    # regression: one folium template per marker, popup and line made every Explorer rerun take seconds
    one = _script(maps.launches_layer(pd.DataFrame([launch_row()])))
    many = _script(maps.launches_layer(pd.DataFrame([launch_row(event_id=f"e{i}") for i in range(50)])))
    for script, n in ((one, 1), (many, 50)):
        (data,) = launch_data(script)
        assert len(data["lines"]["features"]) == n
        assert "L.polyline(" not in script
        assert script.count(".bindPopup(") == 2  # trajectories and landing points, bound once each
    # the 50 share their texts: the data grows by the geometry and indices, not by 50 copies of the popup
    assert len(launch_data(many)[0]["s"]) == len(launch_data(one)[0]["s"]) + 49  # the Event row differs


def test_launch_styles_carry_class_basis_and_selection() -> None:
    df = pd.DataFrame(
        [
            launch_row(),
            launch_row(event_id="e2", landing_basis="derived", bearing_deg=90.0, **{"class": "SRBM"}),
        ]
    )
    script = _script(maps.launches_layer(df, selected_event="e1"))
    for class_name in (maps.TRAJECTORY_CLASS, maps.LANDING_CLASS, maps.SITE_CLASS):
        assert f'"{class_name}"' in script
    lines = trajectories(script)
    assert [f["properties"]["selected"] for f in lines] == [False, True]  # the selected one last, on top
    assert [f["properties"]["reported"] for f in lines] == [False, True]
    assert [f["properties"]["color"] for f in lines] == [maps.CLASS_COLORS["SRBM"], maps.CLASS_COLORS["ICBM"]]
    assert sites(script) == ["launch site: banghyon"]
    assert 'dashArray: p.reported || p.selected ? null : "6 4"' in script  # derived, unselected: dashed


def test_trajectory_over_the_antimeridian_is_one_unrolled_curve() -> None:
    df = pd.DataFrame([launch_row(site_lat=52.0, site_lon=170.0, landing_lat=50.0, landing_lon=-170.0)])
    script = _script(maps.launches_layer(df))
    (line,) = trajectories(script)
    assert line["geometry"]["type"] == "LineString"  # one path in Leaflet: unrolled, not cut at 180
    lons = [p[0] for p in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(170.0)
    assert lons[-1] == pytest.approx(190.0)  # the landing point is drawn at the curve's end
    assert all(b - a < 5.0 for a, b in itertools.pairwise(lons))  # no jump of 360


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


def test_launch_items_give_each_subset_the_data_it_would_have_alone() -> None:
    import numpy as np

    from trajmap import dataset
    from trajmap.records import estimates

    df = dataset.load("full")
    items = maps.LaunchItems(df)
    rng = np.random.default_rng(7)
    for k in range(12):
        sub = df.sample(frac=float(rng.uniform(0.0, 1.0)), random_state=k)
        selected = sub["event_id"].iloc[0] if len(sub) else None
        data = maps.launches_data(sub, selected_event=selected, items=items)
        assert data == maps.launches_data(sub, selected_event=selected)
        texts = data["s"]
        assert len(set(texts)) == len(texts)  # each text once
        landed = [e for e in estimates(sub) if e.landing_lat is not None]
        assert len(data["lines"]["features"]) == len(landed)
        landed.sort(key=lambda e: e.event_id == selected)  # the selected event's last, on top
        for est, feature in zip(landed, data["lines"]["features"], strict=True):
            values, _ = maps.popup_rows(est)
            assert texts[feature["properties"]["t"]] == f"{est.date} {est.missile} ({est.estimate_by})"
            assert [texts[i] if i >= 0 else "" for i in feature["properties"]["r"]] == values
    with pytest.raises(ValueError, match="not among"):
        maps.launches_data(df.iloc[:3].set_axis([10**9, 10**9 + 1, 10**9 + 2]), items=items)


def test_launch_items_encode_each_subset_as_its_data_encoded() -> None:
    import numpy as np

    from tests.payloads import PAYLOADS
    from trajmap import dataset

    hostile = pd.DataFrame(
        [
            launch_row(
                event_id=f"e{i}", missile=p, estimate_by=p, site=p, source_url=p, landing_lon=130.0 + i % 9
            )
            for i, p in enumerate(PAYLOADS[:40])
        ]
        + [launch_row(event_id="x", missile="\x00path0", site="\x00path1")]
    )
    for df in (dataset.load("full"), hostile):
        items = maps.LaunchItems(df)
        rng = np.random.default_rng(11)
        for k in range(8):
            sub = df if k == 0 else df.sample(frac=float(rng.uniform(0.0, 1.0)), random_state=k)
            selected = sub["event_id"].iloc[0] if len(sub) else None
            want = maps.encode_launches(maps.launches_data(sub, selected_event=selected, items=items))
            assert items.encoded(sub, selected_event=selected) == want


def test_the_launches_data_carry_every_class_and_name_those_shown_first() -> None:
    df = pd.DataFrame(
        [
            launch_row(event_id="a", **{"class": "ICBM"}, site="sohae"),
            launch_row(event_id="b", **{"class": "IRBM"}, site="sohae"),
            launch_row(event_id="c", **{"class": "SRBM"}, site="sunan", landing_lon=129.0),
            launch_row(
                event_id="d",
                **{"class": "SRBM"},
                site="wonsan",
                landing_lat=None,
                landing_lon=None,
                landing_basis="unknown",
                range_km=None,
                bearing_deg=None,
            ),
        ]
    )
    every = maps.launches_data(df)
    assert "only" not in every
    data = maps.launches_data(df, only=["SRBM", "ICBM", "ICBM"])
    assert data["only"] == ["ICBM", "SRBM"]
    s = data["s"]
    lines = data["lines"]["features"]
    assert [s[f["properties"]["c"]] for f in lines] == ["ICBM", "IRBM", "SRBM"]  # every class is carried
    site_classes = {
        s[f["properties"]["t"]]: sorted(s[i] for i in f["properties"]["c"]) for f in data["sites"]["features"]
    }
    # a site's classes are its launches', those without a landing point too
    assert site_classes == {
        "launch site: sohae": ["ICBM", "IRBM"],
        "launch site: sunan": ["SRBM"],
        "launch site: wonsan": ["SRBM"],
    }
    script = _script(maps.launches_layer_of(maps.encode_launches(data)))
    assert [f["properties"]["class"] for f in trajectories(script)] == ["ICBM", "SRBM"]
    assert len(trajectories(script, every=True)) == 3
    assert sites(script) == ["launch site: sohae", "launch site: sunan", "launch site: wonsan"]
    only_icbm = _script(maps.launches_layer_of(maps.encode_launches(maps.launches_data(df, only=["ICBM"]))))
    assert sites(only_icbm) == ["launch site: sohae"]
    # the map keeps its filter where the page's class filter reaches it
    assert f'window["{maps.LaunchLayers.ONLY_HOOK}"] = only;' in script
    items = maps.LaunchItems(df)
    assert items.encoded(df, only=["ICBM"]) == maps.encode_launches(maps.launches_data(df, only=["ICBM"]))
