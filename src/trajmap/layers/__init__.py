"""Reference layers (EEZ, land, countries, coastline), fetched from their publishers and cached locally.

Each :class:`Layer` knows its publisher, version, licence, the attribution the map shows and the URL it is
downloaded from. Full files live in :func:`data_dir` (the ``TRAJMAP_DATA_DIR`` environment variable, else
the user cache directory) under :attr:`Layer.filename`.

>>> LAYERS["eez"].filename
'eez/eez_v11_lon100-180_lat-5-60.geojson'
>>> sorted(LAYERS)
['coastline', 'countries', 'countries110', 'eez', 'land']

So that a fresh install with no internet still draws land and answers "in whose waters" in East Asia, the
package ships small simplified defaults of ``eez``, ``land`` and ``countries`` (``data/defaults/``, built by
``scripts/build_defaults.py``; its ``NOTICE.md`` gives sources, licences and changes).
:func:`load_geojson` reads the full file when it is cached, else the default; :func:`source` says which,
and :func:`source_notice` is what a page says about it. :func:`ensure` is about the full file only.

>>> LAYERS["eez"].default
'defaults/eez_v11_east_asia_simplified.geojson'

Fetch what is missing from a shell with ``python -m trajmap.layers download`` and see what is there with
``python -m trajmap.layers status``.

The registry itself is in :mod:`trajmap.layers.registry`, checking and downloading in
:mod:`trajmap.layers.fetch`, installing a hand-downloaded file in :mod:`trajmap.layers.importer`; every public
name is importable from here.
"""

from trajmap.layers.cache import LayerStatus, ensure, load_geojson, main, resolve, source_notice, status
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
    LayerSource,
    available,
    data_dir,
    default_path,
    path,
    source,
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
    "LayerSource",
    "LayerStatus",
    "Progress",
    "available",
    "data_dir",
    "default_path",
    "ensure",
    "import_file",
    "load_geojson",
    "main",
    "path",
    "resolve",
    "source",
    "source_notice",
    "status",
    "text_progress",
]
