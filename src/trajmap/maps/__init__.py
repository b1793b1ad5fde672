"""Folium maps of launches, one module per kind of element, in the manner of folium's ``plugins/``.

- :mod:`trajmap.maps.base`: the stable base map (vector basemap or tiles, overlays, attribution) and views
- :mod:`trajmap.maps.launches`: sites, trajectories and landing points with their popups and tooltips
- :mod:`trajmap.maps.rings`: geodesic range rings and their labels
- :mod:`trajmap.maps.overlays`: the EEZ overlay, the legend, a landing's uncertainty footprint
- :mod:`trajmap.maps.basemap`: the offline vector basemap drawn from Natural Earth
- :mod:`trajmap.maps.assets`: Leaflet and jQuery served by the app (offline)

Every public name is importable from here.
"""

from trajmap.constants import CLASS_COLORS
from trajmap.maps.assets import inline_head, install_static, local_js_css
from trajmap.maps.base import BASEMAPS, LocalMap, TileSpec, base_map, drawing_only, view_for_points
from trajmap.maps.basemap import vector_basemap
from trajmap.maps.launches import (
    LANDING_CLASS,
    SITE_CLASS,
    TRAJECTORY_CLASS,
    estimate_popup_html,
    launches_layer,
    point_marker,
)
from trajmap.maps.overlays import EEZ_ATTRIBUTION, Legend, eez_layer, footprint_layer, legend
from trajmap.maps.rings import MapFrame, ring_label, ring_layer

__all__ = [
    "BASEMAPS",
    "CLASS_COLORS",
    "EEZ_ATTRIBUTION",
    "LANDING_CLASS",
    "SITE_CLASS",
    "TRAJECTORY_CLASS",
    "Legend",
    "LocalMap",
    "MapFrame",
    "TileSpec",
    "base_map",
    "drawing_only",
    "eez_layer",
    "estimate_popup_html",
    "footprint_layer",
    "inline_head",
    "install_static",
    "launches_layer",
    "legend",
    "local_js_css",
    "point_marker",
    "ring_label",
    "ring_layer",
    "vector_basemap",
    "view_for_points",
]
