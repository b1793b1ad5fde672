"""Folium maps of launches, one module per kind of element, in the manner of folium's ``plugins/``.

- :mod:`trajmap.maps.base`: the stable base map (vector basemap or tiles, overlays, attribution) and views
- :mod:`trajmap.maps.launches`: sites, trajectories and landing points with their popups and tooltips
- :mod:`trajmap.maps.rings`: geodesic range rings and their labels
- :mod:`trajmap.maps.overlays`: the EEZ overlay, the legend, a landing's uncertainty footprint
- :mod:`trajmap.maps.timeline`: the map over time, played year by year in the browser
- :mod:`trajmap.maps.basemap`: the offline vector basemap drawn from Natural Earth
- :mod:`trajmap.maps.assets`: Leaflet served by the app (offline)
- :mod:`trajmap.maps.present`: thicker lines and larger markers for presentation mode
- :mod:`trajmap.maps.packed`: polygons packed as binary (projected float32) for a canvas that draws them
- :mod:`trajmap.maps.static`: reference layers written as content-hashed files the app serves, loaded by URL

Every public name is importable from here.
"""

from trajmap.constants import CLASS_COLORS
from trajmap.maps.assets import inline_head, install_static, local_js_css
from trajmap.maps.base import (
    BASEMAPS,
    LAND_STYLE,
    LocalMap,
    TileSpec,
    base_map,
    drawing_only,
    land_drawing,
    land_file,
    land_layer,
    view_for_points,
)
from trajmap.maps.basemap import vector_basemap
from trajmap.maps.launches import (
    LANDING_CLASS,
    LINE_PROPERTIES,
    POPUP_LABELS,
    SITE_CLASS,
    TRAJECTORY_CLASS,
    LaunchItems,
    LaunchLayers,
    LineValue,
    encode_launches,
    launches_data,
    launches_layer,
    launches_layer_of,
    point_marker,
    popup_rows,
)
from trajmap.maps.overlays import (
    EEZ_ATTRIBUTION,
    EEZ_STYLE,
    EEZ_STYLE_BY,
    Legend,
    eez_drawing,
    eez_file,
    eez_layer,
    footprint_layer,
    legend,
)
from trajmap.maps.packed import mercator_xy, pack_polygons, styles_by, unpack_polygons
from trajmap.maps.present import scale_strokes
from trajmap.maps.rings import MapFrame, reach_footprint_layer, ring_label, ring_layer
from trajmap.maps.shapes import OverlayLayers, Shapes, encode_shapes, overlay_layer, overlay_layer_of
from trajmap.maps.static import LAYERS_URL, PackedRenderer, ReferenceLayer, write_layer
from trajmap.maps.timeline import CURRENT_CLASS, EARLIER_CLASS, Frame, TimePlayer, year_data

__all__ = [
    "BASEMAPS",
    "CLASS_COLORS",
    "CURRENT_CLASS",
    "EARLIER_CLASS",
    "EEZ_ATTRIBUTION",
    "EEZ_STYLE",
    "EEZ_STYLE_BY",
    "LANDING_CLASS",
    "LAND_STYLE",
    "LAYERS_URL",
    "LINE_PROPERTIES",
    "POPUP_LABELS",
    "SITE_CLASS",
    "TRAJECTORY_CLASS",
    "Frame",
    "LaunchItems",
    "LaunchLayers",
    "Legend",
    "LineValue",
    "LocalMap",
    "MapFrame",
    "OverlayLayers",
    "PackedRenderer",
    "ReferenceLayer",
    "Shapes",
    "TileSpec",
    "TimePlayer",
    "base_map",
    "drawing_only",
    "eez_drawing",
    "eez_file",
    "eez_layer",
    "encode_launches",
    "encode_shapes",
    "footprint_layer",
    "inline_head",
    "install_static",
    "land_drawing",
    "land_file",
    "land_layer",
    "launches_data",
    "launches_layer",
    "launches_layer_of",
    "legend",
    "local_js_css",
    "mercator_xy",
    "overlay_layer",
    "overlay_layer_of",
    "pack_polygons",
    "point_marker",
    "popup_rows",
    "reach_footprint_layer",
    "ring_label",
    "ring_layer",
    "scale_strokes",
    "styles_by",
    "unpack_polygons",
    "vector_basemap",
    "view_for_points",
    "write_layer",
    "year_data",
]
