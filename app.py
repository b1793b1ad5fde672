"""trajmap: an interactive map of ballistic-missile launches (entry point: `streamlit run app.py`)."""

from pathlib import Path

import streamlit as st

from pages import _downloads, _present, _story
from trajmap import maps

present = _present.active()  # ?present=1: larger type, high contrast, thicker map lines, sidebar closed
st.set_page_config(
    page_title="trajmap",
    page_icon="🛰️",
    layout="wide",
    initial_sidebar_state="collapsed" if present else "auto",
)
maps.install_static(Path(__file__).parent / "static")
_downloads.install()  # a download built on click works however soon after a rerun it is pressed

# The default page lives at the root URL (Streamlit gives a default page no path of its own): share links
# to the Explorer are "/?event=...", the other pages "/reach?...", "/profile?...", "/about".
pages = [
    st.Page("pages/explorer.py", title="Explorer", icon=":material/map:", default=True),
    st.Page("pages/reach.py", title="Reach", icon=":material/radar:", url_path="reach"),
    st.Page("pages/profile.py", title="Flight profile", icon=":material/show_chart:", url_path="profile"),
    st.Page("pages/history.py", title="Over time", icon=":material/timeline:", url_path="history"),
    st.Page("pages/whatif.py", title="What if", icon=":material/rocket_launch:", url_path="whatif"),
    st.Page("pages/lessons.py", title="Lessons", icon=":material/school:", url_path="lessons"),
    st.Page("pages/data.py", title="Data", icon=":material/database:", url_path="data"),
    st.Page("pages/about.py", title="About the data", icon=":material/menu_book:", url_path="about"),
    st.Page("pages/stories.py", title="Stories", icon=":material/slideshow:", url_path="stories"),
]
page = st.navigation(pages)
_story.register(pages)
if present:
    _present.style()
_present.switch()
_story.bar(present)  # the story bar above the page, while a story plays
page.run()
