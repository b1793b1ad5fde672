"""Every setting of trajmap in one place: the environment variables it reads, their defaults, and where its
data lives.

| variable | what it sets | default |
|---|---|---|
| ``TRAJMAP_DATA_DIR`` | folder of the reference layers (EEZ, Natural Earth) | the user cache folder |
| ``TRAJMAP_LAUNCHES`` | the launch records the app and CLI open on | the curated ``launches.csv`` |
| ``TRAJMAP_TARGETS`` | the Reach page's targets | the curated ``targets.csv`` |
| ``TRAJMAP_PLACES`` | reference places that "waters" texts are phrased from | the curated ``places.csv`` |
| ``TRAJMAP_OFFLINE`` | ``1`` / ``true`` / ``yes``: never try to reach tile servers | not set |

The curated tables (edited at ``data/`` in the repository) travel inside the package as ``trajmap.data``,
so an installed trajmap finds them from any folder.

>>> curated_path("sites.csv").name
'sites.csv'
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

__all__ = [
    "DATA_DIR_ENV",
    "LAUNCHES_ENV",
    "OFFLINE_ENV",
    "PLACES_ENV",
    "TARGETS_ENV",
    "curated_path",
    "launches_path",
    "layer_dir",
    "offline",
    "places_path",
    "targets_path",
]

DATA_DIR_ENV = "TRAJMAP_DATA_DIR"
LAUNCHES_ENV = "TRAJMAP_LAUNCHES"
TARGETS_ENV = "TRAJMAP_TARGETS"
PLACES_ENV = "TRAJMAP_PLACES"
OFFLINE_ENV = "TRAJMAP_OFFLINE"


def curated_path(name: str) -> Path:
    """A curated table shipped with the package (``data/<name>`` in the repository)."""
    return Path(str(resources.files("trajmap.data").joinpath(name)))


def _override(env: str, name: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else curated_path(name)


def launches_path() -> Path:
    """The launch records to open: ``$TRAJMAP_LAUNCHES``, else the curated ``launches.csv``."""
    return _override(LAUNCHES_ENV, "launches.csv")


def targets_path() -> Path:
    """The Reach page's targets: ``$TRAJMAP_TARGETS``, else the curated ``targets.csv``."""
    return _override(TARGETS_ENV, "targets.csv")


def places_path() -> Path:
    """Reference places for "waters" texts: ``$TRAJMAP_PLACES``, else the curated ``places.csv``."""
    return _override(PLACES_ENV, "places.csv")


def layer_dir() -> Path:
    """The folder holding reference layer files: ``$TRAJMAP_DATA_DIR``, else the user cache folder."""
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value).expanduser() if value else Path(platformdirs.user_cache_dir("trajmap"))


def offline() -> bool:
    """Whether ``$TRAJMAP_OFFLINE`` asks never to reach tile servers."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes")
