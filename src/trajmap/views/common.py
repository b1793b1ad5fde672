"""What several pages show alike: the basemap choices, the notice about missing reference layers and the
targets on a map."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import folium
import pandas as pd

from trajmap import layers, maps

__all__ = [
    "BASEMAP_NAMES",
    "MAP_LAYERS",
    "TILE_HOSTS",
    "basemap_in_use",
    "missing_layers",
    "missing_layers_message",
    "target_markers",
]

#: The basemap picker's choices (keys of :data:`trajmap.constants.BASEMAP_KEYS`) and their labels.
BASEMAP_NAMES = {
    "auto": "Automatic (tiles when online)",
    "vector": "Vector (offline, Natural Earth)",
    "osm": "OpenStreetMap",
    "carto": "CARTO light",
    "esri": "Esri imagery",
}
#: The host each tile basemap loads its tiles from (checked before a tile basemap is drawn).
TILE_HOSTS = {
    "osm": "tile.openstreetmap.org",
    "carto": "basemaps.cartocdn.com",
    "esri": "server.arcgisonline.com",
}


def basemap_in_use(choice: str, reachable: Callable[[str], bool]) -> tuple[str, str]:
    """The basemap to draw for the picker's ``choice`` and a notice when it differs from the choice.

    ``reachable(host)`` says whether a tile server answers. "auto" is OpenStreetMap when it does, else the
    vector basemap; a tile basemap whose server cannot be reached falls back to the vector basemap and says
    so, rather than drawing a blank grey map.

    >>> basemap_in_use("esri", lambda host: False)[0]
    'vector'
    >>> basemap_in_use("auto", lambda host: True)
    ('osm', '')
    """
    if choice == "auto":
        return ("osm" if reachable(TILE_HOSTS["osm"]) else "vector"), ""
    host = TILE_HOSTS.get(choice)
    if host is None or reachable(host):
        return choice, ""
    name = BASEMAP_NAMES.get(choice, choice)
    return "vector", f"{name} tiles cannot be reached from here ({host}): showing the offline vector basemap."


#: The reference layers a map page draws or answers from.
MAP_LAYERS = ("eez", "countries", "land")


def missing_layers(status: Iterable[layers.LayerStatus], wanted: Iterable[str] = MAP_LAYERS) -> list[str]:
    """Names of the ``wanted`` layers that are not available on this machine."""
    keep = set(wanted)
    return [s.name for s in status if not s.available and s.name in keep]


def missing_layers_message(status: Iterable[layers.LayerStatus], wanted: Iterable[str] = MAP_LAYERS) -> str:
    """What a page says when reference layers are missing, and how to get them ("" when none is)."""
    status = list(status)
    names = set(missing_layers(status, wanted))
    if not names:
        return ""
    titles = "; ".join(s.title for s in status if s.name in names)
    return (
        f"Reference layers missing on this machine: {titles}. The map and verdicts work without them but "
        "show less (no land on the offline basemap, no EEZ verdicts). Fetch them once with "
        "`python -m trajmap.layers download`, or set `TRAJMAP_DATA_DIR` to a folder that has them, or "
        "download them here:"
    )


def target_markers(fg: folium.FeatureGroup, table: pd.DataFrame, lon: float, *, measured: str = "") -> None:
    """Add a marker per target of ``table`` (``name``, ``lat``, ``lon``, ``distance_km``, ``in_reach``) to
    ``fg``: red in reach, blue out of it, its longitude unrolled to the side of ``lon`` (the site's) of the
    antimeridian, labelled with its distance in km and ``measured`` after it (" from the border")."""
    for t in table.itertuples():
        tlon = t.lon + 360.0 * round((lon - t.lon) / 360.0)
        color = "#b2182b" if t.in_reach else "#2166ac"
        label = f"{t.name}: {t.distance_km:,.0f} km{measured}, {'in' if t.in_reach else 'out of'} reach"
        maps.point_marker(
            t.lat, tlon, label, color=color, fill_color=color, class_name="trajmap-target"
        ).add_to(fg)
