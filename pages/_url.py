"""The view in the URL, for every page: read it once per session, show its notices, write the view back."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from trajmap.escape import markdown_text

#: A page's view as its decoder returns it (a :class:`trajmap.viewstate.ViewState` for most pages).
State = TypeVar("State")


def read_once(page: str, decode: Callable[[dict[str, str]], tuple[State, list[str]]]) -> State | None:
    """The page's view from the URL on the session's first run of ``page``, else None.

    ``decode`` turns the query parameters into a view and notices (:func:`trajmap.viewstate.decode` with
    what exists in the data); the notices are kept for :func:`show_notices`.
    """
    flag = f"_url_read_{page}"
    if flag in st.session_state:
        return None
    st.session_state[flag] = True
    state, notices = decode(st.query_params.to_dict())
    st.session_state[f"_url_notices_{page}"] = notices
    return state


def show_notices(page: str, where: object = st) -> None:
    """One warning per parameter of the link that could not be used (its text shown as text)."""
    for notice in st.session_state.get(f"_url_notices_{page}", []):
        where.warning(f"The link had a parameter trajmap could not use. {markdown_text(notice)}.")  # type: ignore[attr-defined]


def write_back(params: dict[str, str], *, owns: Callable[[str], bool] = lambda _k: True) -> None:
    """Put ``params`` in the URL, replacing the parameters this page ``owns`` and keeping the others."""
    current = st.query_params.to_dict()
    merged = {k: v for k, v in current.items() if not owns(k)}
    merged.update(params)
    if merged != current:
        st.query_params.from_dict(merged)
