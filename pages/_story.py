"""The story player: the bar above every page while a story plays, and stepping from view to view.

app.py registers the pages and calls :func:`bar` before the page runs. A step opens its page with its
view's parameters (``st.switch_page(..., query_params=...)``); the pages read their view from the URL
once per session (pages/_url.py), so every ``_url_read_`` flag is cleared first and the page opened reads
the step's view again. Back and Next take the Left and Right arrow keys (Streamlit's button shortcuts,
which do not fire while the focus is in a text box).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from trajmap import stories
from trajmap.escape import markdown_text as md
from trajmap.views import stories as sv

#: The app's pages by path ("/" for the Explorer), set by app.py on every run.
PAGES: dict[str, Any] = {}


def register(pages: list[Any]) -> None:
    PAGES.clear()
    PAGES.update({"/" + p.url_path if p.url_path else "/": p for p in pages})


@st.cache_data(show_spinner=False)
def builtin() -> dict[str, stories.Story]:
    return stories.builtin_stories()


def available() -> dict[str, stories.Story]:
    """The built-in stories, then the ones this session opened from a file (kept in the session only)."""
    uploaded: dict[str, stories.Story] = st.session_state.get("_uploaded_stories", {})
    return {**uploaded, **builtin()}


def go(target: sv.Target) -> None:
    """Open ``target``'s page with its parameters; the page reads its view from them again."""
    for key in [k for k in st.session_state if str(k).startswith("_url_read_")]:
        del st.session_state[key]
    st.session_state["_story_went"] = (
        target.page,
        dict(target.params),
    )  # the last view opened (tests read it)
    page = PAGES.get(target.page)
    if page is not None:
        st.switch_page(page, query_params=target.params)
    elif PAGES:  # a page of another branch not merged yet
        st.error(f"The page {md(target.page)} is not part of this app.")
    else:  # no pages registered (a page run alone, as in AppTest): this run ends as a switch would end it
        st.stop()


def _exit() -> None:
    st.session_state.pop("_story", None)
    for key in ("story", "step"):
        st.query_params.pop(key, None)


def current() -> tuple[stories.Story, int] | None:
    """The story playing and its step (0: the cover), from the link, else from the session."""
    found = available()
    pos = sv.position(st.query_params.to_dict(), found)
    if pos.notice:
        st.warning(f"The link had a story parameter trajmap could not use. {md(pos.notice)}.")
    if pos.name == "":
        _exit()
    elif pos.name is not None:
        st.session_state["_story"] = (pos.name, pos.number)
    held = st.session_state.get("_story")
    if not held or held[0] not in found:
        return None
    return found[held[0]], int(held[1])


def bar(present: bool) -> None:
    """The story bar (title, text, step k of n, Back, Next, Exit) while a story plays, else nothing."""
    playing = current()
    if playing is None:
        return
    story, number = playing
    b = sv.story_bar(story, number, present=present)
    with st.container(key="story_bar", border=True):
        st.caption(f"Story: {md(b.story_title)} — {b.counter}")
        st.subheader(md(b.title), anchor=False)
        st.markdown(md(b.text))
        with st.container(horizontal=True):
            back = st.button(
                "Back",
                key="story_back",
                icon=":material/arrow_back:",
                shortcut="Left",
                disabled=b.back is None,
                help="Previous step (Left arrow key)",
            )
            nxt = st.button(
                "Next",
                key="story_next",
                icon=":material/arrow_forward:",
                shortcut="Right",
                disabled=b.next is None,
                type="primary",
                help="Next step (Right arrow key)",
            )
            leave = st.button("Exit story", key="story_exit", icon=":material/close:")
    if leave:
        _exit()
        st.rerun()
    if back and b.back is not None:
        go(b.back)
    if nxt and b.next is not None:
        go(b.next)
