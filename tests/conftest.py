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


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    yield
    try:
        import streamlit as st
    except ImportError:  # pragma: no cover
        return
    st.cache_data.clear()
    st.cache_resource.clear()
