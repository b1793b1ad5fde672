"""A folium map in the page through streamlit-folium's component, its arguments worked out once per content.

``st_folium`` renders the whole folium tree on every call: each element's template, the scripts again for
the component, then regular-expression passes over every byte (variable renaming, ``dedent``). For the
Explorer that is most of a rerun, though the map is the same for the same view. :func:`show_map` asks
``build()`` for the map and its changing layers only when the content named by ``content_key`` is new,
computes the component's arguments from them as ``st_folium`` does (with streamlit-folium's own helpers,
version pinned in requirements.txt), and keeps them; a rerun of the same content sends them as they are.
The browser gets what ``st_folium`` would send, so the component behaves the same: the base map stays
mounted while its script is the same, and only the layers that changed are drawn again.

``tests/test_foliummap.py`` checks the arguments equal ``st_folium``'s for the same map.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import branca
import folium
import streamlit as st
import streamlit_folium as sf

__all__ = ["component_args", "show_map"]

#: How many maps' arguments a browser session keeps, and the server for content every session shares.
KEPT = 8
SHARED_KEPT = 32


def component_args(
    m: folium.Map, groups: Sequence[folium.FeatureGroup], returned_objects: Sequence[str], key: str
) -> dict[str, Any]:
    """The arguments ``st_folium(m, key=key, feature_group_to_add=groups, returned_objects=...)`` gives
    the component that depend on the map's content (not its view or size), as streamlit-folium 0.27
    computes them; ``key`` is the component's (a hash of the base map's script and ``key``, so a new
    base map is mounted anew). Renders ``m``, adding the groups to it on the way, as ``st_folium`` does."""
    m.get_root().render()
    m.render()
    html = sf._get_html(m)
    header = sf._get_header(m)
    script = sf._get_map_string(m)
    try:
        bounds = m.get_bounds()
    except AttributeError:
        bounds = [[None, None], [None, None]]
    (south, west), (north, east) = bounds
    defaults = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}},
        "zoom": m.options.get("zoom") if hasattr(m, "options") else {},
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    feature_group = "".join(sf._get_feature_group_string(g, map=m, idx=i) for i, g in enumerate(groups))
    css: list[str] = []
    js: list[str] = []
    for elem in _walk(m):
        if isinstance(elem, branca.colormap.ColorMap):  # st_folium adds d3 for a colour scale
            js[:0] = [
                "https://d3js.org/d3.v4.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            ]
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "default": {k: v for k, v in defaults.items() if k in returned_objects},
        "feature_group": feature_group if groups else None,
        "css_links": list(dict.fromkeys(css)),
        "js_links": list(dict.fromkeys(js)),
        "key": sf.generate_js_hash(script, key, False),
    }


def _walk(elem: Any) -> Any:
    if isinstance(elem, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
        yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def show_map(
    build: Callable[[], tuple[folium.Map, list[folium.FeatureGroup]]],
    *,
    content_key: Hashable,
    shared: bool,
    key: str,
    height: int,
    center: Sequence[float] | None,
    zoom: int | None,
    returned_objects: Sequence[str],
) -> Any:
    """The map ``build()`` makes, in the page as ``st_folium(m, key=key, height=height,
    use_container_width=True, returned_objects=..., feature_group_to_add=groups, center=..., zoom=...)``
    shows it; ``build`` runs only for a ``content_key`` not seen lately.

    ``content_key`` must name everything the map holds (data, selection, basemap, layers, scale): the
    same key, the same map. ``shared`` keeps the arguments for every session (only for content of no
    one's own data), else in this browser session. Returns what the map reports, as ``st_folium`` does.
    """
    returned = tuple(returned_objects)
    if shared:
        args = _shared_args(content_key, returned, key, build)
    else:
        held: dict[Any, dict[str, Any]] = st.session_state.setdefault("_map_args", {})
        kept = held.pop((content_key, returned, key), None)
        if kept is None:
            m, groups = build()
            kept = component_args(m, groups, returned, key)
        held[(content_key, returned, key)] = args = kept  # the newest last
        while len(held) > KEPT:
            held.pop(next(iter(held)))

    def _on_change() -> None:  # as st_folium: the map's report under the caller's key
        st.session_state[key] = st.session_state.get(args["key"], {})

    return sf._component_func(
        **args,
        height=height,
        width=None,
        returned_objects=list(returned),
        zoom=zoom,
        center=center,
        return_on_hover=False,
        layer_control=None,
        pixelated=False,
        on_change=_on_change,
        wrap_longitude=False,
    )


@st.cache_resource(show_spinner=False, max_entries=SHARED_KEPT)
def _shared_args(
    content_key: Any,  # noqa: ARG001 (the cache key: names the map)
    returned: tuple[str, ...],
    key: str,
    _build: Callable[[], tuple[folium.Map, list[folium.FeatureGroup]]],
) -> dict[str, Any]:
    m, groups = _build()
    return component_args(m, groups, returned, key)
