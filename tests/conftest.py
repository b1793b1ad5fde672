"""Shared test settings: reference layers from ../shared/data in place, no network, fresh caches."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("TRAJMAP_DATA_DIR", ROOT.parent / "shared" / "data")).resolve()
os.environ["TRAJMAP_DATA_DIR"] = str(SHARED_DATA)
os.environ["TRAJMAP_OFFLINE"] = "1"


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
