"""Lessons: four short sections on the real map and data, each with its figures and sources.

The page reads the section (``?section=curve|ring|eez|lofted``) and renders what
:mod:`trajmap.views.lessons` builds from :mod:`trajmap.lessons`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from pages import _cache, _present, _url
from trajmap import maps
from trajmap.escape import markdown_text as md
from trajmap.views import lessons as lv

_cache.require_navigation()
st.title("Lessons")
st.caption("Short lessons on the real map and data: every figure is computed by trajmap, and sourced.")


@st.cache_data(show_spinner="Computing the lesson's figures...")
def _figures(key: str) -> Any:
    return lv.compute(key)


key = _url.read_once("lessons", lv.decode_section)
if key is not None:
    st.session_state["lesson_section"] = key
_url.show_notices("lessons")
st.session_state.setdefault("lesson_section", lv.DEFAULT_SECTION)
chosen = st.radio(
    "Lesson", list(lv.SECTIONS), format_func=lv.SECTIONS.__getitem__, horizontal=True, key="lesson_section"
)

land, eez = _cache.vector_land(), _cache.eez_overlay()
urls = {  # the land and the EEZ overlay are fetched once from the app's static files, not in every rerun
    "land_url": _cache.vector_land_url() if land is not None else None,
    "eez_url": _cache.eez_overlay_url() if eez is not None else None,
}
sec = lv.section(chosen, _figures(chosen), land=land, eez_overlay=eez, **urls)
st.header(sec.title, anchor=f"lesson-{sec.key}")
if sec.map is not None:  # a map beside the text; a to-scale chart above it (it needs the width)
    left, right = st.columns([3, 2])
    with left:
        maps.scale_strokes([sec.map.base, sec.map.layer], _present.map_scale())  # presentation mode
        st_folium(
            sec.map.base,
            key=f"lesson_map_{sec.key}",
            height=480,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=sec.map.layer,
            center=sec.map.center,
            zoom=sec.map.zoom,
        )
    text = right
else:
    st.altair_chart(sec.chart, width="content")
    text = st.container()
with text:
    for paragraph in sec.paragraphs:
        st.markdown(md(paragraph))
if sec.table is not None:
    st.dataframe(pd.DataFrame(sec.table), hide_index=True, width="stretch")
st.subheader("Sources")
st.dataframe(
    pd.DataFrame([{"source": c.text, "url": c.url} for c in sec.citations]),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn("url")},
)

_url.write_back({"section": chosen}, owns=lambda k: k == "section")
