"""Reading a rendered map's script in tests: the GeoJSON layers folium hands to Leaflet, and the launches'
trajectories among them (no browser)."""

from __future__ import annotations

import json
import re
from typing import Any

from trajmap import maps

_ADD = re.compile(r"geo_json_\w+_add\(")


def geojson_layers(script: str) -> list[list[dict[str, Any]]]:
    """The features of each GeoJSON layer in ``script``, in order (the data passed to ``addData``)."""
    decoder = json.JSONDecoder()
    return [decoder.raw_decode(script, m.end())[0]["features"] for m in _ADD.finditer(script)]


def trajectories(script: str) -> list[dict[str, Any]]:
    """The trajectory features: line features of a layer styled with :data:`trajmap.maps.TRAJECTORY_CLASS`."""
    if f'"className": "{maps.TRAJECTORY_CLASS}"' not in script:
        return []
    return [
        f
        for layer in geojson_layers(script)
        for f in layer
        if f["geometry"]["type"] in ("LineString", "MultiLineString")
    ]
