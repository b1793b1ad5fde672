"""What several pages show alike."""

from __future__ import annotations

from types import SimpleNamespace

import folium
import pandas as pd
import pytest

from trajmap.views import common


def test_missing_layers_message_names_what_is_missing_and_how_to_get_it() -> None:
    status = [
        SimpleNamespace(name="eez", title="EEZ (Marine Regions)", available=False),
        SimpleNamespace(name="land", title="Land", available=True),
        SimpleNamespace(name="other", title="Other", available=False),
    ]
    assert common.missing_layers(status) == ["eez"]  # type: ignore[arg-type]
    text = common.missing_layers_message(status)  # type: ignore[arg-type]
    assert "EEZ (Marine Regions)" in text
    assert "Other" not in text
    assert "layers download" in text
    assert common.missing_layers_message([]) == ""


@pytest.mark.parametrize(
    ("choice", "online", "drawn", "says"),
    [
        ("auto", True, "osm", ""),
        ("auto", False, "vector", ""),
        ("vector", False, "vector", ""),
        ("osm", True, "osm", ""),
        ("osm", False, "vector", "OpenStreetMap tiles cannot be reached"),
        ("carto", False, "vector", "CARTO light tiles cannot be reached"),
        ("esri", False, "vector", "Esri imagery tiles cannot be reached"),
    ],
)
def test_a_tile_basemap_with_no_connection_falls_back_and_says_so(choice, online, drawn, says) -> None:
    basemap, notice = common.basemap_in_use(choice, lambda host: online)
    assert basemap == drawn
    assert notice.startswith(says) if says else notice == ""


@pytest.mark.parametrize(
    ("site_lon", "target_lon", "drawn_lon"),
    [
        (125.75, 144.79, 144.79),  # same side of the antimeridian
        (170.0, -170.0, 190.0),  # over 180 eastward: unrolled to the site's side
        (-170.0, 170.0, -190.0),  # over 180 westward
    ],
)
def test_target_markers_unroll_longitudes_to_the_sites_side(site_lon, target_lon, drawn_lon) -> None:
    table = pd.DataFrame(
        {"name": ["Near", "Far"], "lat": [10.0, -20.0], "lon": [target_lon] * 2}
        | {"distance_km": [950.4, 12000.0], "in_reach": [True, False]}
    )
    fg = folium.FeatureGroup()
    common.target_markers(fg, table, site_lon, measured=" from the border")
    markers = list(fg._children.values())
    assert [m.location for m in markers] == [[10.0, drawn_lon], [-20.0, drawn_lon]]
    assert [m.options["color"] for m in markers] == ["#b2182b", "#2166ac"]  # red in reach, blue out
    tips = [m._children[next(iter(m._children))].text for m in markers]
    assert tips == ["Near: 950 km from the border, in reach", "Far: 12,000 km from the border, out of reach"]
    assert all(m.options["className"] == "trajmap-target" for m in markers)
