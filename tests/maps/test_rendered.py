"""Macro elements that put their rendered text into the page as it is (no second Jinja2 compile)."""

from __future__ import annotations

import re

import branca.element
import folium
import pytest
from jinja2 import Environment

from tests.payloads import PAYLOADS
from trajmap import filters, maps, records
from trajmap.maps.rendered import RenderedMacroElement, RenderedText
from trajmap.views import explorer as ev

EEZ = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"fill": "#1f77b4", "dashed": True, "name": "{{ 7*7 }} {% if 1 %}x{% endif %}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[136.0, 35.0], [137, 35], [137, 36], [136, 35]]],
            },
        }
    ],
}


def _page(m: folium.Map) -> str:
    return m.get_root().render()


def _as_branca_renders(m: folium.Map) -> str:
    """The page as branca's MacroElement.render makes it (each macro's text compiled again as a template)."""
    saved = RenderedMacroElement.render
    try:
        RenderedMacroElement.render = branca.element.MacroElement.render  # type: ignore[method-assign]
        return _page(m)
    finally:
        RenderedMacroElement.render = saved  # type: ignore[method-assign]


@pytest.mark.parametrize("hostile", [PAYLOADS[0], "{{ 7*7 }}", "{% raw %}"])
def test_the_page_is_the_same_as_branca_renders_it(hostile: str) -> None:
    launches = records.load_launches()
    launches.loc[launches.index[0], "missile"] = hostile
    view = ev.explorer_view(
        launches,
        filters.Filters(),
        None,
        services=ev.Services(waters=lambda lats, lons: None, odds=lambda *a: None),
    )
    args = {"basemap": "vector", "land": None, "eez": EEZ}
    ours = _page(ev.map_document(view, **args))  # type: ignore[arg-type]
    theirs = _as_branca_renders(ev.map_document(view, **args))  # type: ignore[arg-type]

    def ids(text: str) -> str:  # folium names elements with random ids
        return re.sub(r"_[0-9a-f]{32}", "_ID", text)

    assert ids(ours).replace("\n", "") == ids(theirs).replace("\n", "")
    assert "trajmap-trajectory" in ours


def test_rendered_text_is_never_compiled_as_a_template() -> None:
    env = Environment()
    assert env.from_string("{{ 7*7 }}").render() == "49"
    assert RenderedText("{{ 7*7 }}").render() == "{{ 7*7 }}"


def test_a_rendered_element_must_be_in_a_figure() -> None:
    layer = maps.launches_layer_of(
        ev.explorer_view(
            records.load_launches(),
            filters.Filters(),
            None,
            services=ev.Services(waters=lambda lats, lons: None, odds=lambda *a: None),
        ).launch_data
    )
    child = next(c for c in layer._children.values() if isinstance(c, RenderedMacroElement))
    with pytest.raises(TypeError, match="inside a folium Figure"):
        child.render()
