"""The Reach, What-if and Lessons maps: given the URLs where the app serves the land and the EEZ overlay,
the map fetches them and carries none of their data; without URLs it inlines both, as before (the HTML
export, a map without a server)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import folium
import pandas as pd
import pytest

from tests import mapscript
from trajmap import reach, records
from trajmap.views import lessons as lv
from trajmap.views import reach as rv
from trajmap.views import reverse_reach as rrv
from trajmap.views import whatif as wv

LAND_URL = "/app/static/vendor/layers/land-0123456789abcdef.bin"
EEZ_URL = "/app/static/vendor/layers/eez-fedcba9876543210.bin"


def _polygon(ring: list[list[float]], **props: Any) -> dict[str, Any]:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}
        ],
    }


LAND = _polygon([[120.0, 30.0], [130.25, 30.0], [130.25, 40.5], [120.0, 30.0]])
EEZ = _polygon([[140.0, 35.0], [147.75, 35.0], [147.75, 43.125], [140.0, 35.0]], fill="#123456")


def _html(made: tuple[folium.Map, folium.FeatureGroup] | lv.Section) -> str:
    if isinstance(made, lv.Section):
        assert made.map is not None
        m, fg = made.map.base, made.map.layer
    else:
        m, fg = made
    m.add_child(fg)
    return m.get_root().render()


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return reach.load_targets()


@pytest.fixture(scope="module")
def sites() -> pd.DataFrame:
    return records.load_sites()


def _reach(targets: pd.DataFrame, sites: pd.DataFrame, urls: dict[str, str]) -> Any:
    view = rv.reach_view(39.03, 125.75, "Sunan", rv.preset_rings(["IRBM"]), targets)
    return rv.reach_map(view, band=None, land=LAND, land_url=urls.get("land_url"))


def _reverse(targets: pd.DataFrame, sites: pd.DataFrame, urls: dict[str, str]) -> Any:
    view = rrv.reverse_view(13.48, 144.79, "Guam", 3400.0, "3,400 km", sites)
    return rrv.reverse_map(view, land=LAND, land_url=urls.get("land_url"))


def _border(targets: pd.DataFrame, sites: pd.DataFrame, urls: dict[str, str]) -> Any:
    from trajmap import border, layers
    from trajmap.views import border_reach as brv

    geom, name = border.country_geometry(layers.load_geojson("countries"), "PRK")
    view = brv.border_view([border.border_ring(geom, 1000.0, "PRK", name)], name, targets)
    return brv.border_map(view, land=LAND, land_url=urls.get("land_url"))


def _whatif(targets: pd.DataFrame, sites: pd.DataFrame, urls: dict[str, str]) -> Any:
    view = wv.whatif_view(wv.WhatIf(), sites, targets, odds=lambda *a: None)
    return wv.whatif_map(view, land=LAND, eez=EEZ, **urls)


def _lesson(key: str) -> Callable[[pd.DataFrame, pd.DataFrame, dict[str, str]], Any]:
    def build(targets: pd.DataFrame, sites: pd.DataFrame, urls: dict[str, str]) -> Any:
        return lv.section(key, lv.compute(key), land=LAND, eez_overlay=EEZ, **urls)

    return build


# (builder, whether its map draws the EEZ overlay)
MAPS = {
    "reach": (_reach, False),
    "reverse": (_reverse, False),
    "border": (_border, False),
    "whatif": (_whatif, True),
    "lesson-curve": (_lesson("curve"), False),
    "lesson-ring": (_lesson("ring"), False),
    "lesson-eez": (_lesson("eez"), True),
}


@pytest.mark.parametrize("name", list(MAPS))
def test_served_layers_are_fetched_and_not_carried(name: str, targets, sites) -> None:
    build, draws_eez = MAPS[name]
    served = _html(build(targets, sites, {"land_url": LAND_URL, "eez_url": EEZ_URL}))
    inlined = _html(build(targets, sites, {}))
    assert f'fetch("{LAND_URL}")' in served
    assert mapscript.reference_layers(served) == {}  # no data in the script
    inline = mapscript.reference_layers(inlined)
    assert mapscript.has_vertex(inline["trajmapBasemap"], 130.25, 40.5)
    assert "fetch(" not in inlined
    assert (f'fetch("{EEZ_URL}")' in served) == draws_eez
    assert ("trajmapEez" in inline) == draws_eez
    if draws_eez:
        assert mapscript.has_vertex(inline["trajmapEez"], 147.75, 43.125)
    # the same reference layers either way, in their panes
    assert served.count("trajmapBasemap") == inlined.count("trajmapBasemap") > 0
    assert served.count("trajmapEez") == inlined.count("trajmapEez")
    assert ("trajmapEez" in served) == draws_eez
