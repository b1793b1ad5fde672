"""Presentation mode for maps: thicker lines and larger markers, for a projector.

:func:`scale_strokes` scales, in place, every line width and marker radius (in pixels) of built map elements:
the options of vector layers (``PolyLine``, ``Polygon``, ``CircleMarker``), the styles that
``GeoJson`` layers compute per feature, and the scale the launches' script (:class:`LaunchLayers`) and the
footprints' and rings' script (:class:`OverlayLayers`) draw with.
``folium.Circle`` radii are metres on the ground and stay as they are.
Built maps are changed after the fact, so the builders keep one job each and take no presentation options.

>>> import folium
>>> line = folium.PolyLine([(0, 0), (1, 1)], weight=2)
>>> scale_strokes([line], 2.0)
>>> line.options["weight"]
4.0
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import folium
from branca.element import Element

from trajmap.maps.launches import LaunchLayers
from trajmap.maps.shapes import OverlayLayers

__all__ = ["scale_strokes"]

_PIXEL_KEYS = ("weight", "radius")


def _scaled_style(style: dict[str, Any], scale: float, *, radius: bool) -> dict[str, Any]:
    out = dict(style)
    for key in _PIXEL_KEYS:
        if key in out and isinstance(out[key], int | float) and (radius or key != "radius"):
            out[key] = float(out[key]) * scale
    return out


def _wrap(style_function: Callable[[dict[str, Any]], dict[str, Any]], scale: float, *, radius: bool) -> Any:
    def scaled(feature: dict[str, Any]) -> dict[str, Any]:
        return _scaled_style(style_function(feature), scale, radius=radius)

    return scaled


def _scale_one(el: Element, scale: float) -> None:
    if isinstance(el, LaunchLayers | OverlayLayers):
        el.scale = float(el.scale) * scale
    elif isinstance(el, folium.GeoJson):
        marker = getattr(el, "marker", None)
        pixel_radius = not isinstance(marker, folium.Circle)
        if marker is not None and pixel_radius:
            marker.options.update(_scaled_style(marker.options, scale, radius=True))
        if getattr(el, "style_function", None) is not None:
            el.style_function = _wrap(el.style_function, scale, radius=pixel_radius)
    elif isinstance(el, folium.vector_layers.BaseMultiLocation | folium.CircleMarker):
        options: dict[str, Any] = el.options  # type: ignore[union-attr]
        options.update(_scaled_style(options, scale, radius=isinstance(el, folium.CircleMarker)))
    elif isinstance(el, folium.Circle):
        el.options.update(_scaled_style(el.options, scale, radius=False))


def scale_strokes(elements: Iterable[Element], scale: float) -> None:
    """Multiply by ``scale`` the line widths and pixel radii of ``elements`` and all their children.

    ``scale`` 1 leaves everything as it is; each element is scaled once even when reached twice.
    """
    if scale == 1:
        return
    if not (0 < scale <= 5):
        raise ValueError(f"scale must be above 0 and at most 5, not {scale!r}")
    seen: set[int] = set()
    todo = list(elements)
    while todo:
        el = todo.pop()
        if id(el) in seen:
            continue
        seen.add(id(el))
        _scale_one(el, scale)
        todo.extend(getattr(el, "_children", {}).values())
