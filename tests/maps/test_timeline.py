"""The map over time (trajmap.maps.timeline): the features' years, escaping, the antimeridian, and the
player's script (rendered and inspected, no browser; the browser test plays it)."""

from __future__ import annotations

import html
import itertools
import json
import re

import folium
import pandas as pd
import pytest

from tests.mapscript import geojson_layers, trajectories
from tests.payloads import PAYLOADS
from trajmap import maps
from trajmap.escape import html_text


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
    }
    row.update(kw)
    return row


FRAMES = [maps.Frame(2016, 1, 1), maps.Frame(2017, 2, 3), maps.Frame(2018, 0, 3)]


def _played_map(df: pd.DataFrame, start_year: int = 2017) -> str:
    m = folium.Map(tiles=None)
    paths, points, sites = maps.launch_geojson(maps.year_features(df))
    for layer in (paths, points, sites):
        if layer is not None:
            layer.add_to(m)
    maps.TimePlayer([x for x in (paths, points) if x is not None], FRAMES, start_year=start_year).add_to(m)
    return m.get_root().render()


def _player_script(page: str) -> str:
    (script,) = re.findall(r"\(function \(\) \{\s*const map = .*?control\.addTo\(map\);", page, re.DOTALL)
    return script


def test_every_trajectory_and_landing_carries_its_estimates_year() -> None:
    df = pd.DataFrame(
        [
            _launch(),
            _launch(event_id="e2", date="2016-02-07"),
            _launch(event_id="e3", date="2017-11-29", estimate_by="ROK JCS"),
            _launch(
                event_id="e4", date="2018-01-01", landing_basis="unknown", landing_lat=None, landing_lon=None
            ),
        ]
    )
    feats = maps.year_features(df)
    assert sorted(f["properties"]["year"] for f in feats.lines) == [2016, 2017, 2017]  # e4 has no landing
    assert [f["properties"]["year"] for f in feats.landings] == [f["properties"]["year"] for f in feats.lines]
    assert all(isinstance(f["properties"]["year"], int) for f in feats.lines)
    # the Explorer's features are the same but for the year
    plain = maps.launch_features(df)
    assert [{k: v for k, v in f["properties"].items() if k != "year"} for f in feats.lines] == [
        f["properties"] for f in plain.lines
    ]


@pytest.mark.parametrize("hostile", [p for p in PAYLOADS if "<" in p or "{" in p or "`" in p or "$" in p])
def test_a_hostile_missile_name_is_escaped_in_popups_and_never_reaches_the_players_script(
    hostile: str,
) -> None:
    df = pd.DataFrame([_launch(), _launch(event_id="e2", missile=hostile)])
    page = _played_map(df)
    if len(hostile) > 3:  # "`" and "{%" occur in any folium page
        assert hostile not in page
    lines = trajectories(page)
    popups = [f["properties"]["popup"] for f in lines]
    assert sum(html_text(hostile) in p for p in popups) == 1  # escaped as the Explorer does, once
    assert sum(html_text(hostile) in f["properties"]["tooltip"] for f in lines) == 1
    player = _player_script(page)
    assert html_text(hostile) not in player
    assert html.escape(hostile) not in player
    assert "Hwasong" not in player


def test_the_player_gets_the_frames_start_and_layers_as_data() -> None:
    page = _played_map(pd.DataFrame([_launch()]))
    frames = json.loads(re.search(r"const frames = (\[.*?\]\]);", page).group(1))  # type: ignore[union-attr]
    assert frames == [[2016, 1, 1], [2017, 2, 3], [2018, 0, 3]]
    opts = json.loads(re.search(r"const opts = (\{.*?\});", page).group(1))  # type: ignore[union-attr]
    assert opts["start"] == 2017
    assert opts["speeds"] == [0.5, 1.0, 2.0]
    assert (opts["currentClass"], opts["earlierClass"]) == (maps.CURRENT_CLASS, maps.EARLIER_CLASS)
    groups = re.search(r"const groups = \[(.*?)\];", page).group(1)  # type: ignore[union-attr]
    names = re.findall(r"geo_json_\w+", groups)
    assert len(names) == 2  # the trajectories and the landing points; the sites stay
    layer_order = re.findall(r"var (geo_json_\w+) = L\.geoJson", page)
    assert names == layer_order[:2]
    assert page.index("const frames") > page.rindex("_add(")  # after the layers' data is added
    assert not re.search(r"https?:|cdn|import\(|src=", _player_script(page))  # nothing to fetch


@pytest.mark.parametrize(
    ("frames", "start", "message"),
    [
        ([], 2017, "at least one year"),
        ([maps.Frame(2017, 1, 1), maps.Frame(2016, 1, 2)], 2017, "increasing years"),
        ([maps.Frame(2017, 1, 1), maps.Frame(2017, 1, 2)], 2017, "increasing years"),
        (FRAMES, 2019, "start_year must be one of"),
    ],
)
def test_the_player_refuses_frames_it_cannot_play(frames: list[maps.Frame], start: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        maps.TimePlayer([], frames, start_year=start)


def test_the_player_refuses_an_opacity_out_of_range() -> None:
    with pytest.raises(ValueError, match="faded_opacity"):
        maps.TimePlayer([], FRAMES, start_year=2017, faded_opacity=0.0)


def test_a_played_trajectory_over_the_antimeridian_is_one_unrolled_line() -> None:
    # a landing east of 180 (at -170, i.e. 190 E): drawn from the site eastwards, not back across the world
    df = pd.DataFrame(
        [_launch(landing_lat=30.0, landing_lon=-170.0, landing_basis="derived", bearing_deg=95.0)]
    )
    page = _played_map(df)
    (line,) = trajectories(page)
    lons = [lon for lon, _lat in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(125.2)
    assert lons[-1] == pytest.approx(190.0)
    assert max(abs(b - a) for a, b in itertools.pairwise(lons)) < 5.0
    _lines, landings, _sites = geojson_layers(page)
    assert landings[0]["geometry"]["coordinates"][0] == pytest.approx(190.0)  # at the line's end
    assert line["properties"]["year"] == 2017
