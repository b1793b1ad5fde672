"""A folium map in the page through streamlit-folium's component, its arguments worked out once per content.

``st_folium`` renders the whole folium tree on every call: each element's template, the scripts again for
the component, then regular-expression passes over every byte (variable renaming, ``dedent``). For the
Explorer that was most of a rerun, though the base map is the same for every view and the layers the same
for the same view. :func:`show_map` asks its builders for the base map and for the layers only when the
content named by their keys is new, computes the component's arguments from them as ``st_folium`` does
(with streamlit-folium's own helpers, version pinned in requirements.txt), and keeps them; a rerun sends
them as they are. The browser gets what ``st_folium`` would send, so the component behaves the same: the
base map stays mounted while its script is the same, and only the layers that changed are drawn again.

``tests/test_foliummap.py`` checks the arguments equal ``st_folium``'s for the same map.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Hashable, Sequence
from typing import Any

import branca
import folium
import streamlit as st
import streamlit_folium as sf

__all__ = ["base_args", "component_args", "layer_args", "show_map"]

#: How many maps' arguments (base maps, layers and the two together) a browser session keeps, and the
#: server for content every session shares.
KEPT = 24
SHARED_KEPT = 96


def base_args(m: folium.Map, returned_objects: Sequence[str], key: str) -> dict[str, Any]:
    """The arguments ``st_folium(m, key=key, returned_objects=...)`` gives the component for the base map
    ``m`` (not its view or size), as streamlit-folium 0.27 computes them; ``key`` is the component's (a
    hash of the base map's script and ``key``, so a new base map is mounted anew)."""
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
    css, js = _links(m)
    return {
        "script": script,
        "header": header,
        "html": html,
        "id": sf.get_full_id(m),
        "default": {k: v for k, v in defaults.items() if k in returned_objects},
        "css_links": css,
        "js_links": js,
        "key": sf.generate_js_hash(script, key, False),
    }


def layer_args(groups: Sequence[folium.FeatureGroup]) -> dict[str, Any]:
    """The component's ``feature_group`` (the script that draws ``groups`` on the base map, ``map_div``)
    and the links they need, as ``st_folium(..., feature_group_to_add=groups)`` computes them. The
    groups are rendered on a map of their own: streamlit-folium names the map ``map_div`` in the script
    whichever map it was."""
    host = folium.Map(tiles=None)
    # the data literals are set aside while streamlit-folium processes the script (renaming variables,
    # dedenting: regular expressions over every byte), then put back as they were: JSON on one line, in
    # which nothing is a folium variable or an indent
    held: dict[str, str] = {}
    for g in groups:
        for el in _walk_all(g):
            for name in getattr(el, "literal_fields", ()):
                token = f"TRAJMAPLITERAL{len(held)}X{uuid.uuid4().hex.upper()}"
                held[token] = getattr(el, name)
                setattr(el, name, token)
    try:
        script = "".join(sf._get_feature_group_string(g, map=host, idx=i) for i, g in enumerate(groups))
    finally:
        for g in groups:
            for el in _walk_all(g):
                for name in getattr(el, "literal_fields", ()):
                    setattr(el, name, held.get(getattr(el, name), getattr(el, name)))
    for token, literal in held.items():
        if script.count(token) != 1:
            raise RuntimeError(f"a data literal's place was changed by streamlit-folium ({token})")
        script = script.replace(token, literal)
    css, js = [], []
    for g in groups:
        more_css, more_js = _links(g)
        css += more_css
        js += more_js
    return {"feature_group": script if groups else None, "css_links": css, "js_links": js}


def component_args(
    m: folium.Map, groups: Sequence[folium.FeatureGroup], returned_objects: Sequence[str], key: str
) -> dict[str, Any]:
    """:func:`base_args` and :func:`layer_args` together: what ``st_folium(m, key=key,
    feature_group_to_add=groups, returned_objects=...)`` gives the component, but the view and size."""
    return _merge(base_args(m, returned_objects, key), layer_args(groups))


def _merge(base: dict[str, Any], layers: dict[str, Any]) -> dict[str, Any]:
    return {
        **base,
        "feature_group": layers["feature_group"],
        "css_links": list(dict.fromkeys(base["css_links"] + layers["css_links"])),
        "js_links": list(dict.fromkeys(base["js_links"] + layers["js_links"])),
    }


def _links(elem: Any) -> tuple[list[str], list[str]]:
    """The CSS and script links of ``elem`` and its children, in order, once each (as ``st_folium``)."""
    css: list[str] = []
    js: list[str] = []
    for e in _walk(elem):
        if isinstance(e, branca.colormap.ColorMap):  # st_folium adds d3 for a colour scale
            js[:0] = [
                "https://d3js.org/d3.v4.min.js",
                "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js",
            ]
        css.extend(href for _, href in getattr(e, "default_css", []))
        js.extend(src for _, src in getattr(e, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def _walk_all(elem: Any) -> Any:
    yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk_all(child)


def _walk(elem: Any) -> Any:
    if isinstance(elem, branca.colormap.ColorMap | folium.elements.JSCSSMixin):
        yield elem
    for child in getattr(elem, "_children", {}).values():
        yield from _walk(child)


def show_map(
    build_base: Callable[[], folium.Map],
    build_layers: Callable[[], list[folium.FeatureGroup]],
    *,
    base_key: Hashable,
    layers_key: Hashable,
    shared: bool,
    key: str,
    height: int,
    center: Sequence[float] | None,
    zoom: int | None,
    returned_objects: Sequence[str],
) -> Any:
    """The base map ``build_base()`` makes with the layers ``build_layers()`` makes, in the page as
    ``st_folium(m, key=key, height=height, use_container_width=True, returned_objects=...,
    feature_group_to_add=groups, center=..., zoom=...)`` shows them; each builder runs only for a key not
    seen lately.

    ``base_key`` and ``layers_key`` must name everything the base map and the layers hold (data,
    selection, basemap, reference layers, scale): the same key, the same content. ``shared`` keeps the
    arguments for every session (only for content of no one's own data), else in this browser session.
    Returns what the map reports, as ``st_folium`` does.
    """
    returned = tuple(returned_objects)
    base = _kept(("base", base_key, returned, key), lambda: base_args(build_base(), returned, key), shared)
    layers = _kept(("layers", layers_key), lambda: layer_args(build_layers()), shared)
    args = _kept(("both", base_key, layers_key, returned, key), lambda: _merge(base, layers), shared)

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


def _kept(key: Hashable, make: Callable[[], dict[str, Any]], shared: bool) -> dict[str, Any]:
    """``make()`` once per key: for every session (``shared``), else in this browser session."""
    if shared:  # keyed by the key's text: Streamlit hashes a text at once, a tuple of dataclasses slowly
        return _shared(repr(key), make)
    held: dict[Any, dict[str, Any]] = st.session_state.setdefault("_map_args", {})
    kept = held.pop(key, None)
    if kept is None:
        kept = make()
    held[key] = kept  # the newest last
    while len(held) > KEPT:
        held.pop(next(iter(held)))
    return kept


@st.cache_resource(show_spinner=False, max_entries=SHARED_KEPT)
def _shared(key: str, _make: Callable[[], dict[str, Any]]) -> dict[str, Any]:  # noqa: ARG001 (the cache key)
    return _make()
