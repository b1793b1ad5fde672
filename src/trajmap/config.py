"""Every setting of trajmap in one place: the environment variables it reads, their defaults, and where its
data lives.

| variable | what it sets | default |
|---|---|---|
| ``TRAJMAP_DATA_DIR`` | folder of the reference layers (EEZ, Natural Earth) | the user cache folder |
| ``TRAJMAP_LAUNCHES`` | a launch CSV the app and CLI open on instead of the full record | not set |
| ``TRAJMAP_TARGETS`` | the Reach page's targets | the curated ``targets.csv`` |
| ``TRAJMAP_CITIES`` | cities counted in range (Natural Earth populated places) | the shipped ``cities.csv`` |
| ``TRAJMAP_PLACES`` | reference places that "waters" texts are phrased from | the curated ``places.csv`` |
| ``TRAJMAP_RECORD_DIR`` | where "Update the record" keeps the latest nagix record | the user data folder |
| ``TRAJMAP_STORIES_DIR`` | the folder of built-in stories (``*.json``) | the shipped ``stories/`` |
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
    "CITIES_ENV",
    "DATA_DIR_ENV",
    "LAUNCHES_ENV",
    "OFFLINE_ENV",
    "PLACES_ENV",
    "RECORD_DIR_ENV",
    "STORIES_ENV",
    "TARGETS_ENV",
    "cities_path",
    "curated_path",
    "launches_override",
    "launches_path",
    "layer_dir",
    "offline",
    "places_path",
    "record_dir",
    "stories_dir",
    "targets_path",
]

DATA_DIR_ENV = "TRAJMAP_DATA_DIR"
LAUNCHES_ENV = "TRAJMAP_LAUNCHES"
TARGETS_ENV = "TRAJMAP_TARGETS"
PLACES_ENV = "TRAJMAP_PLACES"
CITIES_ENV = "TRAJMAP_CITIES"
OFFLINE_ENV = "TRAJMAP_OFFLINE"
RECORD_DIR_ENV = "TRAJMAP_RECORD_DIR"
STORIES_ENV = "TRAJMAP_STORIES_DIR"


def curated_path(name: str) -> Path:
    """A curated table shipped with the package (``data/<name>`` in the repository)."""
    return Path(str(resources.files("trajmap.data").joinpath(name)))


def _override(env: str, name: str) -> Path:
    value = os.environ.get(env)
    return Path(value).expanduser() if value else curated_path(name)


def launches_path() -> Path:
    """The launch records to open: ``$TRAJMAP_LAUNCHES``, else the curated ``launches.csv``."""
    return _override(LAUNCHES_ENV, "launches.csv")


def launches_override() -> Path | None:
    """``$TRAJMAP_LAUNCHES`` when set: the one launch file to open instead of the full record."""
    value = os.environ.get(LAUNCHES_ENV)
    return Path(value).expanduser() if value else None


def record_dir() -> Path:
    """Where updates of the full record are kept: ``$TRAJMAP_RECORD_DIR``, else the user data folder."""
    value = os.environ.get(RECORD_DIR_ENV)
    return Path(value).expanduser() if value else Path(platformdirs.user_data_dir("trajmap")) / "record"


def targets_path() -> Path:
    """The Reach page's targets: ``$TRAJMAP_TARGETS``, else the curated ``targets.csv``."""
    return _override(TARGETS_ENV, "targets.csv")


def cities_path() -> Path:
    """Cities counted in range: ``$TRAJMAP_CITIES``, else the shipped ``cities.csv`` (Natural Earth)."""
    return _override(CITIES_ENV, "cities.csv")


def places_path() -> Path:
    """Reference places for "waters" texts: ``$TRAJMAP_PLACES``, else the curated ``places.csv``."""
    return _override(PLACES_ENV, "places.csv")


def stories_dir() -> Path:
    """The built-in stories: ``$TRAJMAP_STORIES_DIR``, else the shipped ``stories/`` folder."""
    return _override(STORIES_ENV, "stories")


def layer_dir() -> Path:
    """The folder holding reference layer files: ``$TRAJMAP_DATA_DIR``, else the user cache folder."""
    value = os.environ.get(DATA_DIR_ENV)
    return Path(value).expanduser() if value else Path(platformdirs.user_cache_dir("trajmap"))


def offline() -> bool:
    """Whether ``$TRAJMAP_OFFLINE`` asks never to reach tile servers."""
    return os.environ.get(OFFLINE_ENV, "").strip().lower() in ("1", "true", "yes")
