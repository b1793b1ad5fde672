"""Macro elements that put their rendered text into the page as it is (no second Jinja2 compile)."""

from __future__ import annotations

import re

import branca.element
import folium
import pandas as pd
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


def test_launches_table_displays_as_the_plain_styler_does() -> None:
    """The Explorer's table, formatted once: Streamlit's display values equal a Styler built afresh."""
    from streamlit import dataframe_util
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    from pages import _cache

    table = pd.DataFrame(
        {
            "event_id": ["a", "b", "c"],
            "missile": ["Hwasong-18", None, "{{x}}"],
            "range_km": [1100.0, float("nan"), 99.8],
            "source_url": ["https://example.org", None, ""],
        }
    )
    numeric = ["range_km"]
    fresh = table.style.format("{:,.10g}", subset=numeric, na_rep="").format(na_rep="", subset=None)
    fresh.set_uuid("launch_table")
    got = []
    for styler in (fresh, _cache.launches_table(table), _cache.launches_table(table)):
        proto = ArrowData()
        marshall_styler(proto, styler, "x")
        got.append(dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values))
    assert got[0].equals(got[1])
    assert got[1].equals(got[2])
    assert got[1].loc[1, "missile"] == ""
    assert got[1].loc[1, "range_km"] == ""
    assert "None" not in got[1].to_numpy().tolist()
