"""What a rerun of Reach (its three modes), What if and Lessons sends for its map: the land (and the EEZ
overlay where shown) is fetched from the app's static files, not carried in the message, and the message
is small. (The Explorer's and Over time's equivalents: tests/test_map_bytes.py, tests/test_pages.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import mapscript
from trajmap import maps

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 120
#: a generous bound on one rerun's map message (measured 11-83 KB; 720-905 KB with the layers inlined)
BUDGET_BYTES = 300 * 1024

REVERSE = {"ring_mode": "reverse", "ring_target": "hagatna", "ring_class": "MRBM"}
BORDER = {"ring_mode": "border", "ring_country": "PRK", "ring_km": "1000"}
# page, URL parameters, the layers it fetches, a class only its map's own layer draws
CASES = {
    "reach-point": ("reach.py", {"ring_site": "sunan", "ring_class": "IRBM"}, {"land"}, "trajmap-site"),
    "reach-reverse": ("reach.py", REVERSE, {"land"}, "trajmap-reverse"),
    "reach-border": ("reach.py", BORDER, {"land"}, "trajmap-border-ring"),
    "whatif": ("whatif.py", {}, {"land", "eez"}, "trajmap-whatif-landing"),
    "lessons-ring": ("lessons.py", {"section": "ring"}, {"land"}, "trajmap-leaflet-circle"),
    "lessons-eez": ("lessons.py", {"section": "eez"}, {"land", "eez"}, "trajmap-lesson-coast"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_map_page_fetches_its_reference_layers_and_sends_a_small_message(case: str) -> None:
    page, params, layers, drawn = CASES[case]
    at = AppTest.from_file(str(ROOT / "pages" / page), default_timeout=TIMEOUT)
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    raw = comp.proto.json_args
    args = json.loads(raw)
    assert drawn in args["feature_group"]  # the page's own map, in the mode asked for
    script = args["script"]
    names = [u.split('"')[0] for u in script.split(f'fetch("{maps.LAYERS_URL}/')[1:]]
    assert sorted(n.split("-")[0] for n in names) == sorted(layers), names
    for name in names:  # served by the app, and not carried in the message
        served = ROOT / "static" / "vendor" / "layers" / name
        assert served.is_file(), served
        assert mapscript.served_tail(served) not in raw
    assert len(raw.encode()) <= BUDGET_BYTES, f"{len(raw.encode()) / 1024:.0f} KB"
    assert len(script) < 20_000  # the base map without its data: a few KB
