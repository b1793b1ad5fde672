"""The reference layers the app shares between pages and sessions are never modified by drawing them."""

from __future__ import annotations

import copy
from pathlib import Path

from trajmap import filters, layers, maps, records, zones
from trajmap.views import explorer as ev


def test_drawing_a_map_leaves_the_shared_land_and_eez_as_they_were(tmp_path: Path) -> None:
    countries = layers.load_geojson("countries")
    land = maps.vector_basemap(countries, tolerance_deg=0.1, digits=2, min_area_deg2=0.003)
    eez = zones.eez_overlay_geojson()
    land_before, eez_before = copy.deepcopy(land), copy.deepcopy(eez)
    view = ev.explorer_view(records.load_launches(), filters.Filters(), "2025-01-06")
    for urls in (
        {"land_url": None, "eez_url": None},  # inlined, as the HTML export does
        {"land_url": "/app/static/land.geojson", "eez_url": "/app/static/eez.geojson"},
    ):
        m, _ = ev.explorer_map(view, basemap="vector", land=land, eez=eez, **urls)
        m.get_root().render()
    ev.map_document(view, basemap="vector", land=land, eez=eez).get_root().render()
    maps.write_layer(maps.land_file(land), tmp_path, "land")
    maps.write_layer(maps.eez_file(eez), tmp_path, "eez")
    assert land == land_before
    assert eez == eez_before
