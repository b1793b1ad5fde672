"""pages/_foliummap.py gives streamlit-folium's component what st_folium gives it, built once per content."""

from __future__ import annotations

from typing import Any

import folium
import pytest
import streamlit_folium as sf

from pages import _foliummap
from trajmap import filters, maps, records
from trajmap.maps.viewreport import AskedViewFilter
from trajmap.views import explorer as ev


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What the component is called with (st_folium and show_map both call it)."""
    got: list[dict[str, Any]] = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: got.append(kwargs) or {"zoom": 5})
    return got


def _builder(selected: str, eez: bool, builds: list[int]) -> Any:
    view = ev.explorer_view(records.load_launches(), filters.Filters(), selected)

    def build() -> tuple[folium.Map, list[folium.FeatureGroup]]:
        builds.append(1)
        overlay = {"type": "FeatureCollection", "features": []} if eez else None
        url = "/app/static/vendor/layers/eez-0123.geojson" if eez else None
        m, groups = ev.explorer_map(view, basemap="vector", land=None, eez=overlay, eez_url=url)
        maps.scale_strokes([m, *groups], 2.0)
        m.add_child(AskedViewFilter())
        return m, groups

    return build


@pytest.mark.parametrize(("selected", "eez"), [("2025-01-06", True), ("2017-11-29", False)])
@pytest.mark.parametrize("shared", [False, True])
def test_show_map_sends_what_st_folium_sends(calls, selected: str, eez: bool, shared: bool) -> None:
    builds: list[int] = []
    build = _builder(selected, eez, builds)
    m, groups = build()
    kwargs = {"height": 560, "returned_objects": ["center", "zoom"], "center": (38.0, 131.0), "zoom": 5}
    got = sf.st_folium(m, key="explorer_map", use_container_width=True, feature_group_to_add=groups, **kwargs)
    assert got == {"zoom": 5}
    for _ in range(2):
        got = _foliummap.show_map(
            lambda: build()[0],
            lambda: build()[1],
            base_key=("test", eez, shared),
            layers_key=("test", selected, eez, shared),
            shared=shared,
            key="explorer_map",
            **kwargs,
        )
        assert got == {"zoom": 5}
    want, *ours = calls
    for call in ours:
        assert call.keys() == want.keys()
        for name in want:
            if name != "on_change":
                assert call[name] == want[name], name
    assert len(builds) == 3  # once for st_folium; for show_map, once for the base and once for the layers


def test_a_new_base_map_gets_a_new_component_key(calls) -> None:
    builds: list[int] = []
    for eez in (False, True):
        _foliummap.component_args(*_builder("2025-01-06", eez, builds)(), ["zoom"], "explorer_map")
    with_eez = _foliummap.component_args(*_builder("2025-01-06", True, builds)(), ["zoom"], "explorer_map")
    other_launch = _foliummap.component_args(
        *_builder("2017-11-29", True, builds)(), ["zoom"], "explorer_map"
    )
    without = _foliummap.component_args(*_builder("2025-01-06", False, builds)(), ["zoom"], "explorer_map")
    assert with_eez["key"] == other_launch["key"]  # the same base map: only the layers change
    assert with_eez["feature_group"] != other_launch["feature_group"]
    assert with_eez["key"] != without["key"]
