"""A stand-in for app.py in AppTest, which does not follow st.switch_page: the story bar, then the page
named by ``_harness_page`` in the session (the Stories page at first), run as app.py runs it."""

import runpy
from pathlib import Path

import streamlit as st

from pages import _present, _story

ROOT = Path(__file__).resolve().parents[1]
present = _present.active()
if present:
    _present.style()
_present.switch()
_story.bar(present)
runpy.run_path(str(ROOT / st.session_state.get("_harness_page", "pages/stories.py")), run_name="__page__")
