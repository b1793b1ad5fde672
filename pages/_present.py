"""Presentation mode (``?present=1``): read from the link once, kept for the session and in every URL."""

from __future__ import annotations

import streamlit as st

from trajmap import presentation


def active() -> bool:
    """Whether presentation mode is on: ``?present=1`` turns it on, ``?present=0`` off; it stays as set
    for the session, and stays in the URL across pages (navigation clears the other parameters)."""
    asked = presentation.is_on(st.query_params.get("present"))
    if asked is not None:
        st.session_state["_present"] = asked
    on = bool(st.session_state.get("_present", False))
    if on and st.query_params.get("present") != "1":
        st.query_params["present"] = "1"
    elif not on and "present" in st.query_params:
        del st.query_params["present"]
    return on


def style() -> None:
    """The fixed style sheet of presentation mode (no user text in it)."""
    st.html(f"<style>{presentation.PRESENT_CSS}</style>")


def map_scale() -> float:
    """How much thicker the map's lines and markers are drawn (1 outside presentation mode)."""
    return presentation.MAP_SCALE if st.session_state.get("_present") else 1.0


def switch() -> None:
    """A sidebar button that turns presentation mode on or off."""
    on = bool(st.session_state.get("_present", False))
    label = "Leave presentation mode" if on else "Presentation mode"
    if st.sidebar.button(label, key="present_switch", icon=":material/co_present:"):
        st.session_state["_present"] = not on
        if on:
            st.query_params.pop("present", None)
        else:
            st.query_params["present"] = "1"
        st.rerun()
