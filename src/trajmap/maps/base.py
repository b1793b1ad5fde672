"""The stable part of a map: the basemap (offline vector or tiles), reference overlays and attribution.

The split follows streamlit-folium's advice: the base map's script is hashed to key the component, so
anything that changes with filters or the selection goes in a :class:`folium.FeatureGroup` passed as
``feature_group_to_add`` instead (:mod:`trajmap.maps.launches`, :mod:`trajmap.maps.rings`), and the map is
not remounted. The map needs only Leaflet, which :mod:`trajmap.maps.assets` serves locally.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Template

from trajmap.constants import DEFAULT_VIEW, LAND_COLOR, NATURAL_EARTH_ATTRIBUTION_HTML, SEA_COLOR
from trajmap.maps import assets
from trajmap.maps.packed import pack_polygons, styles_by
from trajmap.maps.static import ReferenceLayer

__all__ = [
    "BASEMAPS",
    "LAND_STYLE",
    "Attribution",
    "LocalMap",
    "TileSpec",
    "base_map",
    "drawing_only",
    "land_drawing",
    "land_file",
    "land_layer",
    "view_for_points",
]


@dataclass(frozen=True, slots=True)
class TileSpec:
    """An online tile basemap and the attribution its publisher requires."""

    title: str
    url: str
    attribution: str
    max_zoom: int = 18


#: Basemaps: ``vector`` needs no server (Natural Earth, drawn from the layer cache); the others are tiles.
BASEMAPS: dict[str, TileSpec | None] = {
    "vector": None,
    "osm": TileSpec(
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        19,
    ),
    "carto": TileSpec(
        "CARTO light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
        20,
    ),
    "esri": TileSpec(
        "Esri World Imagery",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
        18,
    ),
}
NATURAL_EARTH_ATTRIBUTION = NATURAL_EARTH_ATTRIBUTION_HTML

#: A long attribution (Esri's, with the EEZ sources) wraps beside the scale bar instead of running over it:
#: the bottom-right corner stops short of the bottom-left one, where the scale (at most 100 px) sits.
ATTRIBUTION_CSS = (
    "<style>.leaflet-bottom.leaflet-right { max-width: calc(100% - 130px); }"
    " .leaflet-bottom.leaflet-right .leaflet-control-attribution { white-space: normal; }</style>"
)


class Attribution(folium.MacroElement):
    """Adds a (trusted, HTML) line to the map's attribution control."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


class LocalMap(folium.Map):
    """A :class:`folium.Map` that loads Leaflet from the app's own static files, not from CDNs."""

    default_js, default_css = assets.local_js_css()


def drawing_only(fc: dict[str, Any], keep: Sequence[str] = ()) -> dict[str, Any]:
    """``fc`` with only the properties named in ``keep``: a reference layer's text (names from a file
    the user may have imported) never reaches the page, where folium would put it through Jinja2."""
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {k: f["properties"][k] for k in keep if k in (f.get("properties") or {})},
            }
            for f in fc.get("features", [])
        ],
    }


#: How the vector basemap's land is drawn (Leaflet path options).
LAND_STYLE: dict[str, Any] = {"fillColor": LAND_COLOR, "color": "#9a9a9a", "weight": 0.6, "fillOpacity": 1.0}


def land_layer(land_geojson: dict[str, Any], *, url: str | None = None) -> ReferenceLayer:
    """The vector basemap's land (Natural Earth), drawn under everything and never taking a click.

    With ``url`` the map fetches the data from the app (:func:`trajmap.maps.static.write_layer` wrote
    ``land_file(land_geojson)`` there); without it the data is inlined.
    """
    return ReferenceLayer(
        None if url else land_file(land_geojson),
        url=url,
        pane="trajmapBasemap",
        z_index=250,
        world_copies=True,
        name="LandLayer",
    )


def land_drawing(land_geojson: dict[str, Any]) -> dict[str, Any]:
    """What the land layer draws: the geometry only."""
    return drawing_only(land_geojson)


def land_file(land_geojson: dict[str, Any]) -> bytes:
    """The land layer's file (and inlined data): :func:`land_drawing` packed with :data:`LAND_STYLE`.

    The layer draws the land at every copy of the world in view, so the land needs no copy of its own east
    of the antimeridian (:func:`trajmap.maps.vector_basemap` makes none unless asked).
    """
    return pack_polygons(land_drawing(land_geojson), styles_by(LAND_STYLE))


def base_map(
    *,
    basemap: str = "vector",
    land_geojson: dict[str, Any] | None = None,
    land_url: str | None = None,
    overlays: Iterable[folium.MacroElement] = (),
    location: Sequence[float] = DEFAULT_VIEW.center,
    zoom: int = DEFAULT_VIEW.zoom,
    attribution: str = "",
) -> folium.Map:
    """The stable part of a map: basemap and reference overlays.

    Parameters
    ----------
    basemap : str
        A key of :data:`BASEMAPS`. ``"vector"`` draws ``land_geojson`` (Natural Earth countries) on a sea
        colour and needs no tile server.
    land_geojson : dict, optional
        FeatureCollection for the vector basemap (see :func:`trajmap.basemap.vector_basemap`).
    land_url : str, optional
        Where the app serves ``land_geojson`` (:func:`trajmap.maps.static.write_layer`): the map fetches
        it from there (cached by the browser) instead of carrying it in its script. None inlines it (the
        HTML export).
    overlays : iterable of folium layers
        Added in order (for example the EEZ overlay).
    attribution : str
        Extra attribution (HTML, trusted) shown in the map corner, e.g. the data sources.
    """
    if basemap not in BASEMAPS:
        raise ValueError(f"basemap must be one of {sorted(BASEMAPS)}, got {basemap!r}")
    m = LocalMap(
        location=list(location), zoom_start=zoom, tiles=None, control_scale=True, world_copy_jump=False
    )
    spec = BASEMAPS[basemap]
    root = m.get_root()
    assert isinstance(root, folium.Figure)
    root.header.add_child(folium.Element(ATTRIBUTION_CSS))
    if spec is None:
        root.header.add_child(
            folium.Element(f"<style>.leaflet-container {{ background: {SEA_COLOR} !important; }}</style>")
        )
        if land_geojson is not None:
            land_layer(land_geojson, url=land_url).add_to(m)
        attr = NATURAL_EARTH_ATTRIBUTION
    else:
        folium.TileLayer(spec.url, attr=spec.attribution, name=spec.title, max_zoom=spec.max_zoom).add_to(m)
        attr = spec.attribution
    for layer in overlays:
        layer.add_to(m)
    for text in (attr if spec is None else "", attribution):
        if text:
            Attribution(text).add_to(m)
    return m


def view_for_points(
    points: Sequence[tuple[float, float]], *, min_zoom: int = 2, max_zoom: int = 9, right_px: float = 0.0
) -> tuple[tuple[float, float], int]:
    """Centre and zoom that frame ``points`` on a Web Mercator map about 900 x 560 px.

    ``right_px`` is a strip along the map's right edge to keep the points out of (the legend's): they are
    framed in the rest of the width, and the centre moves east by half the strip.
    (streamlit-folium ignores ``fit_bounds``, so the view is computed here.)
    """
    if not points:
        return DEFAULT_VIEW.center, DEFAULT_VIEW.zoom
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat0, lat1 = max(min(lats), -85.0), min(max(lats), 85.0)
    lon0, lon1 = min(lons), max(lons)

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = max((lon1 - lon0) / 360.0, 1e-6)
    span_y = max((merc_y(lat1) - merc_y(lat0)) / (2 * math.pi), 1e-6)
    zoom_x = math.log2((900 - right_px) / 256 / (span_x * 1.3))
    zoom_y = math.log2(560 / 256 / (span_y * 1.3))
    zoom = int(max(min_zoom, min(max_zoom, math.floor(min(zoom_x, zoom_y)))))
    ymid = (merc_y(lat0) + merc_y(lat1)) / 2
    lat_c = math.degrees(2 * math.atan(math.exp(ymid)) - math.pi / 2)
    return (lat_c, (lon0 + lon1) / 2 + right_px / 2 * 360.0 / (256 * 2**zoom)), zoom
