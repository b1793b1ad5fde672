"""The map over time (trajmap.maps.timeline): the lines' years, escaping, the antimeridian, presentation
mode, and the player's script (rendered and inspected, no browser; the browser test plays it)."""

from __future__ import annotations

import itertools
import json
import re

import folium
import pandas as pd
import pytest

from tests.launchrows import launch_row
from tests.mapscript import launch_data, trajectories
from tests.payloads import PAYLOADS
from trajmap import maps
from trajmap.escape import shown_text

FRAMES = [maps.Frame(2016, 1, 1), maps.Frame(2017, 2, 3), maps.Frame(2018, 0, 3)]


def _launches(df: pd.DataFrame) -> folium.FeatureGroup:
    return maps.launches_layer_of(maps.encode_launches(maps.year_data(df)))


def _played_map(df: pd.DataFrame, start_year: int = 2017, scale: float = 1.0) -> str:
    m = folium.Map(tiles=None)
    launches = _launches(df)
    launches.add_to(m)
    maps.TimePlayer(launches, FRAMES, start_year=start_year).add_to(m)
    maps.scale_strokes([m], scale)
    return m.get_root().render()


def _player_script(page: str) -> str:
    (script,) = re.findall(r"\(function \(\) \{\s*const map = .*?control\.addTo\(map\);", page, re.DOTALL)
    return script


def test_every_trajectory_carries_its_estimates_year() -> None:
    df = pd.DataFrame(
        [
            launch_row(),
            launch_row(event_id="e2", date="2016-02-07"),
            launch_row(event_id="e3", date="2017-11-29", estimate_by="ROK JCS"),
            launch_row(
                event_id="e4", date="2018-01-01", landing_basis="unknown", landing_lat=None, landing_lon=None
            ),
        ]
    )
    data = maps.year_data(df)
    lines = data["lines"]["features"]
    assert sorted(f["properties"]["year"] for f in lines) == [2016, 2017, 2017]  # e4 has no landing
    assert all(type(f["properties"]["year"]) is int for f in lines)
    # the Explorer's data is the same but for the year (the landings share the lines' properties)
    plain = maps.launches_data(df)
    assert [{k: v for k, v in f["properties"].items() if k != "year"} for f in lines] == [
        f["properties"] for f in plain["lines"]["features"]
    ]
    assert (data["s"], data["sites"]) == (plain["s"], plain["sites"])


@pytest.mark.parametrize(
    ("props", "error", "message"),
    [
        ({"color": 1}, ValueError, r"may not set the line's own \['color'\]"),
        ({"t": 0, "r": 0}, ValueError, r"\['r', 't'\]"),
        ({"year": "2017"}, TypeError, "property 'year' must be an int, float or bool, not '2017'"),
        ({"note": None}, TypeError, "property 'note' must be"),
    ],
)
def test_a_line_property_hook_may_not_replace_the_lines_own_or_carry_text(
    props: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        maps.launches_data(pd.DataFrame([launch_row()]), properties=lambda _est: props)  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize("hostile", [p for p in PAYLOADS if "<" in p or "{" in p or "`" in p or "$" in p])
def test_a_hostile_missile_name_is_data_shown_as_text_and_never_reaches_the_players_script(
    hostile: str,
) -> None:
    df = pd.DataFrame([launch_row(), launch_row(event_id="e2", missile=hostile)])
    page = _played_map(df)
    if len(hostile) > 3:  # "`" and "{%" occur in any folium page
        assert hostile not in page
    lines = trajectories(page)
    assert sum(shown_text(hostile) in f["properties"]["popup"] for f in lines) == 1  # as the Explorer's
    assert sum(shown_text(hostile) in f["properties"]["tooltip"] for f in lines) == 1
    player = _player_script(page)  # a fixed template: no record text in it
    assert "Hwasong" not in player
    assert "innerHTML" not in player
    if len(hostile) > 3:
        assert hostile not in player


def test_the_player_gets_the_frames_start_and_the_launches_group_as_data() -> None:
    page = _played_map(pd.DataFrame([launch_row()]))
    frames = json.loads(re.search(r"const frames = (\[.*?\]\]);", page).group(1))  # type: ignore[union-attr]
    assert frames == [[2016, 1, 1], [2017, 2, 3], [2018, 0, 3]]
    opts = json.loads(re.search(r"const opts = (\{.*?\});", page).group(1))  # type: ignore[union-attr]
    assert opts["start"] == 2017
    assert opts["speeds"] == [0.5, 1.0, 2.0]
    assert (opts["currentClass"], opts["earlierClass"]) == (maps.CURRENT_CLASS, maps.EARLIER_CLASS)
    # the player reads the layers the launches' script left on its group, after that script ran
    (group,) = re.findall(r"const drawn = (feature_group_\w+)\[\"trajmapLaunches\"\];", page)
    assert re.search(rf"var {group} = L\.featureGroup", page)
    left = page.index('group["trajmapLaunches"] = drawn;')
    assert left < page.index("const drawn")
    assert "[drawn.lines, drawn.landings].forEach" in page  # the sites stay
    assert not re.search(r"https?:|cdn|import\(|src=", _player_script(page))  # nothing to fetch


def test_the_player_draws_with_the_scale_of_presentation_mode() -> None:
    page = _played_map(pd.DataFrame([launch_row()]), scale=2.0)
    assert "var data = " in page
    assert "K = 2.0;" in page  # the launches' script draws at twice the width
    player = _player_script(page)
    assert "const K = drawn.scale" in player  # the player's faded width is computed with that scale
    assert "Math.max(K, f.weight / 2)" in player
    assert not re.search(r"weight: [0-9]", player)  # no width of its own


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
        maps.TimePlayer(_launches(pd.DataFrame([launch_row()])), frames, start_year=start)


def test_the_player_refuses_an_opacity_out_of_range() -> None:
    with pytest.raises(ValueError, match="faded_opacity"):
        maps.TimePlayer(_launches(pd.DataFrame([launch_row()])), FRAMES, start_year=2017, faded_opacity=0.0)


@pytest.mark.parametrize("launches", [folium.FeatureGroup(), folium.Map(tiles=None), None])
def test_the_player_refuses_what_holds_no_launches(launches: object) -> None:
    with pytest.raises(TypeError, match="must be a FeatureGroup holding a LaunchLayers"):
        maps.TimePlayer(launches, FRAMES, start_year=2017)  # type: ignore[arg-type]


def test_a_played_trajectory_over_the_antimeridian_is_one_unrolled_line() -> None:
    # a landing east of 180 (at -170, i.e. 190 E): drawn from the site eastwards, not back across the world
    df = pd.DataFrame(
        [launch_row(landing_lat=30.0, landing_lon=-170.0, landing_basis="derived", bearing_deg=95.0)]
    )
    page = _played_map(df)
    (line,) = trajectories(page)
    lons = [lon for lon, _lat in line["geometry"]["coordinates"]]
    assert lons[0] == pytest.approx(125.2)
    assert lons[-1] == pytest.approx(190.0)  # where the browser puts the landing point: the line's end
    assert max(abs(b - a) for a, b in itertools.pairwise(lons)) < 5.0
    assert line["properties"]["year"] == 2017
    ((site,),) = [d["sites"]["features"] for d in launch_data(page)]
    assert site["geometry"]["coordinates"] == pytest.approx([125.2, 40.0])
