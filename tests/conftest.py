"""Shared test settings: reference layers from ../shared/data in place, no network, fresh caches."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

# Fuzz budgets: the normal suite runs a seconds-long sample of every fuzz test; the dedicated run
# (`pytest -m fuzz --hypothesis-profile=fuzz`) tries at least 10,000 inputs per target.
_FUZZ_CHECKS = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("default", max_examples=30, deadline=None, suppress_health_check=_FUZZ_CHECKS)
settings.register_profile(
    "fuzz", max_examples=10_000, deadline=None, suppress_health_check=_FUZZ_CHECKS, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TRAJMAP_DATA_DIR", ROOT.parent / "shared" / "data")).resolve()
os.environ["TRAJMAP_DATA_DIR"] = str(SHARED_DATA)
os.environ["TRAJMAP_OFFLINE"] = "1"
# the record as shipped: an update a developer fetched into the user data folder must not change the tests
os.environ["TRAJMAP_RECORD_DIR"] = tempfile.mkdtemp(prefix="trajmap-record-")
# the built-in stories of this tree (an editable install maps trajmap.data to the tree it was installed from)
os.environ["TRAJMAP_STORIES_DIR"] = str(ROOT / "data" / "stories")


@pytest.fixture
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.fail(
            f"reference data not found at {SHARED_DATA}: put shared/ beside the repo or set TRAJMAP_DATA_DIR"
        )
    return SHARED_DATA


def _settings() -> dict[str, str]:
    """The settings the pages' caches depend on: trajmap's and Streamlit's environment variables."""
    return {k: v for k, v in os.environ.items() if k.startswith(("TRAJMAP_", "STREAMLIT_"))}


#: The settings every test starts from (set above).
_BASE_SETTINGS = _settings()


def _clear_streamlit_caches() -> None:
    try:
        import streamlit as st
    except ImportError:  # pragma: no cover
        return
    st.cache_data.clear()
    st.cache_resource.clear()


_ISOLATED = pytest.StashKey[bool]()


class _SettingsMonkeyPatch(pytest.MonkeyPatch):
    """``monkeypatch`` that empties the pages' caches whenever it changes what they may depend on: any
    attribute, item, path or folder it patches, or a setting it sets to another value than the base one;
    and again once it has put everything back. The test is then marked, and its caches emptied at its end."""

    def __init__(self, item: pytest.Item) -> None:
        super().__init__()
        self._item = item

    def _changed(self, settings_only: bool = False) -> None:
        if not settings_only or _settings() != _BASE_SETTINGS:
            self._item.stash[_ISOLATED] = True
            _clear_streamlit_caches()

    def setattr(self, *args: Any, **kwargs: Any) -> None:
        super().setattr(*args, **kwargs)
        self._changed()

    def delattr(self, *args: Any, **kwargs: Any) -> None:
        super().delattr(*args, **kwargs)
        self._changed()

    def setitem(self, dic: Any, name: Any, value: Any) -> None:
        super().setitem(dic, name, value)
        self._changed(settings_only=dic is os.environ)

    def delitem(self, dic: Any, name: Any, raising: bool = True) -> None:
        super().delitem(dic, name, raising=raising)
        self._changed(settings_only=dic is os.environ)

    def setenv(self, name: str, value: str, prepend: str | None = None) -> None:
        super().setenv(name, value, prepend)
        self._changed(settings_only=True)

    def delenv(self, name: str, raising: bool = True) -> None:
        super().delenv(name, raising=raising)
        self._changed(settings_only=True)

    def syspath_prepend(self, path: Any) -> None:
        super().syspath_prepend(path)
        self._changed()

    def chdir(self, path: Any) -> None:
        super().chdir(path)
        self._changed()


@pytest.fixture
def monkeypatch(request: pytest.FixtureRequest) -> Iterator[pytest.MonkeyPatch]:
    """pytest's ``monkeypatch``, which also keeps the pages' caches to the settings they were filled under."""
    mp = _SettingsMonkeyPatch(request.node)
    yield mp
    mp.undo()
    if request.node.stash.get(_ISOLATED, False):
        _clear_streamlit_caches()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """Fresh caches for a test that changes a setting: emptied before it runs (its fixtures changed a
    setting) or as soon as it changes one (``monkeypatch``, above), and after it ends, so it sees nothing
    computed under other settings and leaves nothing computed under its own. The other tests share what
    earlier tests computed under the base settings, as the sessions of one server do (a page's first run
    fills them: seconds, in every test)."""
    if _settings() != _BASE_SETTINGS:
        item.stash[_ISOLATED] = True
        _clear_streamlit_caches()
    try:
        return (yield)
    finally:
        if _settings() != _BASE_SETTINGS:
            item.stash[_ISOLATED] = True


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    # torn down after the test's own fixtures (set up before them), monkeypatch's undo included
    if request.node.stash.get(_ISOLATED, False) or _settings() != _BASE_SETTINGS:
        _clear_streamlit_caches()
