"""What several pages show alike."""

from __future__ import annotations

from types import SimpleNamespace

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
