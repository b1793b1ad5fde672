"""Shared test settings: reference layers from ../shared/data in place, no network, fresh caches."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

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


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> object:
    """Fresh caches for a test that changes a setting (its fixtures set it, or it uses ``monkeypatch``):
    emptied before it runs and after it ends, so it sees nothing computed under other settings and leaves
    nothing computed under its own. The other tests share what earlier tests computed under the base
    settings, as the sessions of one server do (a page's first run fills them: seconds, every test)."""
    isolated = "monkeypatch" in getattr(item, "fixturenames", ()) or _settings() != _BASE_SETTINGS
    if isolated:
        _clear_streamlit_caches()
    try:
        return (yield)
    finally:
        if isolated or _settings() != _BASE_SETTINGS:
            item.stash[_ISOLATED] = True


_ISOLATED = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches(request: pytest.FixtureRequest):
    yield
    # torn down last (set up first), after monkeypatch has put the settings back
    if request.node.stash.get(_ISOLATED, False) or _settings() != _BASE_SETTINGS:
        _clear_streamlit_caches()
