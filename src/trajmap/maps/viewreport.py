"""One rerun per widget change: the map does not report back a view the page put it in.

``st_folium`` reports the map's centre and zoom whenever the map stops moving, and every report the
component sends reruns the page. The map also moves when the page asks it to (a new filter or launch gives
a new centre, the first draw places it), so each such change ran the page twice: once for the widget and
once for the map saying "I am where you put me", the second rerun often stopping the first one halfway.

:class:`AskedViewFilter` goes into the map's script: it wraps the component's ``setComponentValue`` in the
map's frame and drops a report whose centre (within a pixel) and zoom are the view the page asked for, and
the report the map sends as it is created (before the page's view is applied). Every other report (the user
panned or zoomed, clicked) goes through. The script is the same on every rerun (it reads the asked view from
the component's own state), so it does not change the map's script or remount the map. Outside Streamlit
(the exported HTML file) there is no component and it does nothing.

Because a report equal to the asked view is not sent, the component's last value may be of an earlier
view (the user panned, then chose another launch and the map moved to it). :func:`view_to_share` tells the
page which view to share: the user's, only when the map reported something new since the page last moved it.
"""

from __future__ import annotations

from typing import Any

from branca.element import Template

from trajmap.maps.rendered import RenderedMacroElement

__all__ = ["AskedViewFilter", "MapView", "reported_view", "view_to_share"]

MapView = tuple[tuple[float, float], int]


class AskedViewFilter(RenderedMacroElement):
    """Script that keeps ``st_folium`` from reporting the view the page itself asked for."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        (function () {
            var S = window.Streamlit;
            if (!S || typeof S.setComponentValue !== "function" || S.__trajmapAskedView) return;
            var send = S.setComponentValue;
            S.__trajmapAskedView = true;
            function asked(value) {
                var g = window.__GLOBAL_DATA__, c = g && g.last_center, z = g && g.last_zoom;
                if (!value || !value.center || typeof value.zoom !== "number") return false;
                if (!g || c === null || c === undefined) return true;  // created, not yet placed by the page
                var lat = Array.isArray(c) ? c[0] : c.lat, lng = Array.isArray(c) ? c[1] : c.lng;
                var pixel = 360 / (256 * Math.pow(2, value.zoom));  // degrees of longitude per pixel
                return value.zoom === z && Math.abs(value.center.lat - lat) <= pixel
                    && Math.abs(value.center.lng - lng) <= pixel;
            }
            S.setComponentValue = function (value) {
                try {
                    if (asked(value)) return;
                } catch (e) { /* report it, as st_folium would */ }
                return send.apply(this, arguments);
            };
        })();
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AskedViewFilter"


def reported_view(state: dict[str, Any] | None) -> MapView | None:
    """The centre and zoom in ``st_folium``'s return value, or None when it holds none."""
    if not state or not state.get("center") or state.get("zoom") is None:
        return None
    c = state["center"]
    return (float(c["lat"]), float(c["lng"])), int(state["zoom"])


def view_to_share(
    asked: MapView, reported: MapView | None, memo: tuple[MapView, MapView | None] | None
) -> tuple[MapView | None, tuple[MapView, MapView | None]]:
    """The view the user moved the map to, or None (the map shows ``asked``); and the memo to keep.

    ``asked`` is the view the page gives the map this run, ``reported`` the map's last report, ``memo``
    what this returned last run: the asked view then and the report the map had when it was asked. A new
    asked view moves the map, so the report held then is of the old view; a report that changed since is
    the user's own move.
    """
    if memo is None or memo[0] != asked:
        return None, (asked, reported)
    if reported is not None and reported != memo[1]:
        return reported, memo
    return None, memo
