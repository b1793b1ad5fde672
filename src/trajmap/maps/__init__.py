"""Folium maps of launches, one module per kind of element, in the manner of folium's ``plugins/``.

- :mod:`trajmap.maps.base`: the stable base map (vector basemap or tiles, overlays, attribution) and views
- :mod:`trajmap.maps.launches`: sites, trajectories and landing points with their popups and tooltips
- :mod:`trajmap.maps.rings`: geodesic range rings and their labels
- :mod:`trajmap.maps.overlays`: the EEZ overlay, the legend, a landing's uncertainty footprint
- :mod:`trajmap.maps.timeline`: the map over time, played year by year in the browser
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
    LaunchFeatures,
    estimate_popup_html,
    launch_features,
    launch_geojson,
    launches_layer,
    point_marker,
)
from trajmap.maps.overlays import EEZ_ATTRIBUTION, Legend, eez_layer, footprint_layer, legend
from trajmap.maps.rings import ring_label, ring_layer
from trajmap.maps.timeline import CURRENT_CLASS, EARLIER_CLASS, Frame, TimePlayer, year_features

__all__ = [
    "BASEMAPS",
    "CLASS_COLORS",
    "CURRENT_CLASS",
    "EARLIER_CLASS",
    "EEZ_ATTRIBUTION",
    "LANDING_CLASS",
    "SITE_CLASS",
    "TRAJECTORY_CLASS",
    "Frame",
    "LaunchFeatures",
    "Legend",
    "LocalMap",
    "TileSpec",
    "TimePlayer",
    "base_map",
    "drawing_only",
    "eez_layer",
    "estimate_popup_html",
    "footprint_layer",
    "inline_head",
    "install_static",
    "launch_features",
    "launch_geojson",
    "launches_layer",
    "legend",
    "local_js_css",
    "point_marker",
    "ring_label",
    "ring_layer",
    "vector_basemap",
    "view_for_points",
    "year_features",
]
