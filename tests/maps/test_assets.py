"""The maps load Leaflet alone: no map of the app calls jQuery (folium's popups would: none is used)."""

from __future__ import annotations

import re
from pathlib import Path

import folium

from trajmap import export, filters, maps, records
from trajmap.views import explorer as ev

ROOT = Path(__file__).resolve().parents[2]
#: a jQuery call as folium's templates write one (``$(`...`)``), or the name itself
_JQUERY = re.compile(r"\$\(|jQuery")


def _script(m: folium.Map) -> str:
    html = m.get_root().render()
    return "\n".join(re.findall(r"<script>(.*?)</script>", html, flags=re.DOTALL))


def test_the_maps_load_leaflet_alone_and_call_no_jquery() -> None:
    js, _css = maps.local_js_css()
    assert [name for name, _ in js] == ["leaflet"]
    view = ev.explorer_view(records.load_launches(), filters.Filters(), "2025-01-06")
    page = ev.map_document(view, basemap="vector", land=None, eez=None)
    assert not _JQUERY.search(_script(page))
    assert "jquery" not in export.to_html(page).lower()
    # what the check would find: folium's own popup parses its HTML with jQuery
    with_popup = maps.LocalMap(location=(0, 0), zoom_start=3, tiles=None)
    folium.CircleMarker((0, 0), popup=folium.Popup("x")).add_to(with_popup)
    assert _JQUERY.search(_script(with_popup))


def test_no_module_of_the_app_makes_a_folium_popup() -> None:
    for path in [*(ROOT / "src" / "trajmap").rglob("*.py"), *(ROOT / "pages").glob("*.py")]:
        text = path.read_text(encoding="utf-8")
        where = path.relative_to(ROOT)
        assert not re.search(r"folium\.Popup\(|\bpopup\s*=", text), f"{where} makes a folium popup"
