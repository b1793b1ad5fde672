"""What several pages show alike: the basemap choices and the notice about missing reference layers."""

from __future__ import annotations

from collections.abc import Iterable

from trajmap import layers

__all__ = ["BASEMAP_NAMES", "MAP_LAYERS", "missing_layers", "missing_layers_message"]

#: The basemap picker's choices (keys of :data:`trajmap.constants.BASEMAP_KEYS`) and their labels.
BASEMAP_NAMES = {
    "auto": "Automatic (tiles when online)",
    "vector": "Vector (offline, Natural Earth)",
    "osm": "OpenStreetMap",
    "carto": "CARTO light",
    "esri": "Esri imagery",
}
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
