"""The registry of reference layers: what each one is, who publishes it, and where its file is cached.

:data:`LAYERS` maps a name to a :class:`Layer` (publisher, version, licence, attribution, download URL, the
checks a file must pass and the small default shipped in the package). :func:`data_dir`, :func:`path` and
:func:`available` say where the full files live, :func:`default_path` where the default is, and
:func:`source` which of the two a layer is read from;
the ``Layer*Error`` classes are what every layer function raises. Fetching is in :mod:`trajmap.layers.fetch`,
installing a hand-downloaded file in :mod:`trajmap.layers.importer`; :mod:`trajmap.layers` puts it together.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from trajmap import config

__all__ = [
    "DATA_DIR_ENV",
    "DOWNLOAD_COMMAND",
    "LAYERS",
    "BBox",
    "Layer",
    "LayerDependencyError",
    "LayerDownloadError",
    "LayerError",
    "LayerInvalidError",
    "LayerMissingError",
    "LayerSource",
    "available",
    "data_dir",
    "default_path",
    "path",
    "source",
]

#: Environment variable naming the folder that holds the layer files (overrides the user cache dir).
DATA_DIR_ENV = config.DATA_DIR_ENV
#: The command that fetches missing layers; every "missing" message names it.
DOWNLOAD_COMMAND = "python -m trajmap.layers download"

BBox = tuple[float, float, float, float]
#: Where a layer is read from: its full file, the small default shipped in the package, or nowhere.
LayerSource = Literal["full", "regional default", "missing"]

_NE = "https://raw.githubusercontent.com/nvkelso/natural-earth-vector/master/geojson"
_NE_ATTRIBUTION = "Made with Natural Earth"
_EEZ_BBOX: BBox = (100.0, -5.0, 180.0, 60.0)
_COUNTRY_FIELDS = ("ADMIN", "ISO_A3", "ADM0_A3")
# The defaults (data/defaults/, written by scripts/build_defaults.py; NOTICE.md there says what was changed).
_NE_DEFAULT_DETAIL = "simplified to about 0.5 km in East Asia and the West Pacific and 11 km elsewhere"
_COUNTRIES_DEFAULT = "defaults/ne_50m_admin_0_countries_simplified.geojson"
_COUNTRIES_NOTE = (
    f"Countries: using the regional default (Natural Earth 1:50m, {_NE_DEFAULT_DETAIL}; download the full "
    "layer for the rest of the world)"
)


class LayerError(Exception):
    """Base class: a reference layer could not be provided."""


class LayerMissingError(LayerError):
    """The layer is not cached and could not be downloaded (offline, or downloads disabled)."""


class LayerDownloadError(LayerError):
    """The server answered but the transfer failed (HTTP error, connection cut mid-file)."""


class LayerInvalidError(LayerError):
    """The file arrived but is not the expected GeoJSON (bad JSON, wrong fields, implausible size)."""


class LayerDependencyError(LayerError, ImportError):
    """Reading this file format needs an optional package that is not installed."""


@dataclass(frozen=True, slots=True)
class Layer:
    """One reference layer and how to get and check it.

    Attributes
    ----------
    name : str
        Registry key (``"eez"``, ``"land"``, ...).
    title, publisher, version, licence : str
        What it is and who publishes it under which terms.
    attribution : str
        The credit line the map shows.
    url : str
        Download URL (GeoJSON).
    filename : str
        Path of the cached file relative to :func:`data_dir`.
    kind : str
        Geometry kind: ``"polygons"`` or ``"lines"``.
    required_fields : tuple of str
        Property names every feature must carry (compared case-insensitively).
    min_features, max_features : int
        Plausible feature count; outside it the file is rejected.
    bbox : tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)`` the cached file is clipped to, or None to keep it whole.
    default : str or None
        The small simplified copy shipped in the package (a path under ``trajmap.data``), read when the full
        file is not on the machine; None when there is none.
    default_note : str
        What a page says while the default is used: which default, how coarse, and what the full file adds.
    """

    name: str
    title: str
    publisher: str
    version: str
    licence: str
    attribution: str
    url: str
    filename: str
    kind: str
    required_fields: tuple[str, ...]
    min_features: int
    max_features: int
    bbox: BBox | None = None
    default: str | None = None
    default_note: str = ""


def _ne(
    name: str,
    title: str,
    scale: str,
    theme: str,
    kind: str,
    fields: tuple[str, ...],
    lo: int,
    hi: int,
    default: tuple[str, str] | None = None,
) -> Layer:
    return Layer(
        name=name,
        title=title,
        publisher="Natural Earth (naturalearthdata.com)",
        version="5.x (nvkelso/natural-earth-vector master)",
        licence="public domain",
        attribution=_NE_ATTRIBUTION,
        url=f"{_NE}/ne_{scale}_{theme}.geojson",
        filename=f"naturalearth/ne_{scale}_{theme}.geojson",
        kind=kind,
        required_fields=fields,
        min_features=lo,
        max_features=hi,
        default=default[0] if default else None,
        default_note=default[1] if default else "",
    )


#: The registry of reference layers, by name.
LAYERS: dict[str, Layer] = {
    "eez": Layer(
        name="eez",
        title="World EEZ v11 (East Asia and West Pacific: lon 100-180, lat -5-60)",
        publisher="Flanders Marine Institute (VLIZ), Marine Regions",
        version="11 (2019-11-18); the WFS serves the publisher's current release",
        licence="CC BY 4.0",
        attribution=(
            "EEZ: Flanders Marine Institute (2019), Maritime Boundaries Geodatabase v11, marineregions.org, "
            "CC BY 4.0 — not a legal boundary"
        ),
        url=(
            "https://geo.vliz.be/geoserver/MarineRegions/wfs?service=WFS&version=1.0.0&request=GetFeature"
            "&typeName=MarineRegions:eez&outputFormat=application/json&bbox=100,-5,180,60"
        ),
        filename="eez/eez_v11_lon100-180_lat-5-60.geojson",
        kind="polygons",
        required_fields=("MRGID", "GEONAME", "POL_TYPE", "ISO_SOV1"),
        min_features=10,
        max_features=500,
        bbox=_EEZ_BBOX,
        default="defaults/eez_v11_east_asia_simplified.geojson",
        default_note=(
            "EEZ: using the regional default (East Asia and West Pacific, lines simplified by about 0.5 km; "
            "download the full layer for the exact lines)"
        ),
    ),
    "land": _ne(
        "land",
        "Natural Earth 1:50m land",
        "50m",
        "land",
        "polygons",
        ("featurecla",),
        1000,
        3000,
        default=(
            "defaults/ne_50m_land_simplified.geojson",
            f"Land: using the regional default (Natural Earth 1:50m, {_NE_DEFAULT_DETAIL}; download the full "
            "layer for the rest of the world)",
        ),
    ),
    "countries": _ne(
        "countries",
        "Natural Earth 1:50m admin 0 countries",
        "50m",
        "admin_0_countries",
        "polygons",
        _COUNTRY_FIELDS,
        200,
        300,
        default=(_COUNTRIES_DEFAULT, _COUNTRIES_NOTE),
    ),
    "countries110": _ne(
        "countries110",
        "Natural Earth 1:110m admin 0 countries",
        "110m",
        "admin_0_countries",
        "polygons",
        _COUNTRY_FIELDS,
        150,
        250,
        default=(_COUNTRIES_DEFAULT, _COUNTRIES_NOTE),
    ),
    "coastline": _ne(
        "coastline", "Natural Earth 1:50m coastline", "50m", "coastline", "lines", ("featurecla",), 1000, 3000
    ),
}


def get_layer(name: str) -> Layer:
    try:
        return LAYERS[name]
    except KeyError:
        raise ValueError(f"unknown layer {name!r}; known layers: {', '.join(sorted(LAYERS))}") from None


def data_dir() -> Path:
    """The folder holding layer files: ``$TRAJMAP_DATA_DIR`` if set, else the user cache dir."""
    return config.layer_dir()


def path(name: str) -> Path:
    """Where layer ``name`` is (or would be) cached."""
    return data_dir() / get_layer(name).filename


def available(name: str) -> bool:
    """True when the full file of layer ``name`` is cached locally (its default does not count)."""
    return path(name).is_file()


def default_path(name: str) -> Path | None:
    """The default of layer ``name`` shipped in the package, or None when it has none (or it is absent)."""
    layer = get_layer(name)
    if layer.default is None:
        return None
    found = config.curated_path(layer.default)
    return found if found.is_file() else None


def source(name: str) -> LayerSource:
    """Where layer ``name`` is read from: ``"full"`` (its file is cached), ``"regional default"`` (the
    simplified copy shipped in the package) or ``"missing"``."""
    if available(name):
        return "full"
    return "regional default" if default_path(name) is not None else "missing"


def missing_message(layer: Layer, target: Path, reason: str) -> str:
    return (
        f"Reference layer {layer.name!r} ({layer.title}) is not available: {reason}. "
        f"Fetch it from {layer.publisher} with `{DOWNLOAD_COMMAND} {layer.name}`, or set {DATA_DIR_ENV} "
        f"to a folder that holds {layer.filename} (looked for {target})."
    )
