"""Reference layers (EEZ, land, countries, coastline), fetched from their publishers and cached locally.

Nothing here is shipped with the package: each :class:`Layer` knows its publisher, version, licence, the
attribution the map shows and the URL it is downloaded from. Files live in :func:`data_dir` (the
``TRAJMAP_DATA_DIR`` environment variable, else the user cache directory) under :attr:`Layer.filename`.

>>> LAYERS["eez"].filename
'eez/eez_v11_lon100-180_lat-5-60.geojson'
>>> sorted(LAYERS)
['coastline', 'countries', 'countries110', 'eez', 'land']

Fetch what is missing from a shell with ``python -m trajmap.layers download`` and see what is there with
``python -m trajmap.layers status``.

The registry itself is in :mod:`trajmap.layers.registry`, checking and downloading in
:mod:`trajmap.layers.fetch`, installing a hand-downloaded file in :mod:`trajmap.layers.importer`; every public
name is importable from here.
"""

from trajmap.layers.cache import LayerStatus, ensure, load_geojson, main, status
from trajmap.layers.fetch import Progress, text_progress
from trajmap.layers.importer import import_file
from trajmap.layers.registry import (
    DATA_DIR_ENV,
    DOWNLOAD_COMMAND,
    LAYERS,
    BBox,
    Layer,
    LayerDependencyError,
    LayerDownloadError,
    LayerError,
    LayerInvalidError,
    LayerMissingError,
    available,
    data_dir,
    path,
)

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
    "LayerStatus",
    "Progress",
    "available",
    "data_dir",
    "ensure",
    "import_file",
    "load_geojson",
    "main",
    "path",
    "status",
    "text_progress",
]
