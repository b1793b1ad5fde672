"""Stories: the built-in stories and a story file of your own; ``?story=<name>`` opens one at its cover.

The story bar above the page (pages/_story.py) plays it: Back and Next, or the Left and Right arrow keys.
"""

from __future__ import annotations

import streamlit as st

from pages import _cache, _story
from trajmap import stories
from trajmap.escape import markdown_text as md
from trajmap.views import stories as sv

_cache.require_navigation()
st.title("Stories")
present = bool(st.session_state.get("_present", False))
found = _story.available()
name = st.query_params.get("story")
story = found.get(name) if name else None

if story is not None:
    # ---------------------------------------------------------------- one story: its cover
    st.subheader("Steps", anchor=False)
    st.caption("Press Next in the story bar, or the Right arrow key, to begin; Left goes back.")
    for number, step in enumerate(story.steps, start=1):
        left, right = st.columns([5, 1])
        left.markdown(f"**{number}. {md(step.title)}** — {md(step.page)}")
        if right.button("Open", key=f"open_step_{number}", help=f"Open step {number}"):
            _story.go(sv.step_target(story, number, present=present))
    st.download_button(
        "Download this story (JSON)",
        stories.dumps(story),
        file_name=f"{story.name}.json",
        mime="application/json",
        on_click="ignore",
    )
    if st.button("All stories", key="all_stories", icon=":material/list:"):
        st.session_state.pop("_story", None)
        st.query_params.from_dict({"present": "1"} if present else {})
        st.rerun()
    st.stop()

# ---------------------------------------------------------------- the list
st.markdown(
    "A story walks an audience through a few saved views of trajmap, each with a short text. Open "
    "one, then step with **Next** and **Back** in the bar above the page, or the **Right** and **Left** "
    "arrow keys."
)
for row in sv.summary_rows(found):
    with st.container(border=True):
        st.subheader(md(str(row["title"])), anchor=False)
        st.markdown(md(f"{row['description']} ({row['steps']} steps)"))
        if st.button("Open", key=f"open_story_{row['name']}", help=f"Open the story {row['name']}"):
            _story.go(sv.cover(found[str(row["name"])], present=present))

st.subheader("Your own story", anchor=False)
upload = st.file_uploader(
    f"Open a story file (JSON or YAML, up to {stories.MAX_FILE_BYTES // 1000} KB)",
    type=["json", "yaml", "yml"],
    key="story_upload",
    help="The file stays in this browser session: it is not stored or sent on.",
)
if upload is not None:
    try:
        mine = stories.read_upload(upload.name, upload.getvalue(), taken=_story.builtin())
    except stories.StoryError as exc:
        st.error(
            f"Your story {md(repr(upload.name))} was not opened:\n\n"
            + "\n".join(f"- {md(p)}" for p in exc.problems)
        )
    else:
        st.session_state.setdefault("_uploaded_stories", {})[mine.name] = mine
        st.success(f"Opened {md(mine.title)} ({len(mine.steps)} steps). It is in the list above.")
        if st.button("Open it", key="open_uploaded"):
            _story.go(sv.cover(mine, present=present))

with st.expander("How to write a story"):
    st.markdown(
        """
A story is a JSON (or YAML) file:

```json
{
  "format": "trajmap-story/1",
  "name": "my-story",
  "title": "A short title",
  "description": "One or two sentences shown on the story's cover.",
  "steps": [
    {"title": "The launch", "text": "Two or three sentences.",
     "page": "/", "params": {"event": "2025-01-06"}}
  ]
}
```

Each step is a view: a page and that page's link parameters, as text (copy them from the page's URL).
"""
        + md(
            f"Pages: {', '.join(stories.PAGES)}. Titles hold at most {stories.MAX_TITLE_CHARS} characters, "
            f"texts {stories.MAX_TEXT_CHARS}; a file at most {stories.MAX_FILE_BYTES:,} bytes and "
            f"{stories.MAX_STEPS} steps. Text is shown as plain text."
        )
    )
