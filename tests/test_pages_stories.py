"""AppTest of the Stories page and the story bar: the list, a story's cover, Back and Next opening each
step's page with its view, and presentation mode's switch.

AppTest does not follow ``st.switch_page`` (and with ``st.navigation`` it reruns the page alone), so these
run tests/story_harness.py, which draws the bar and the page as app.py does. The bar records the view it
opened (``_story_went``); :func:`follow` opens it as the browser would: that page, with those parameters.
tests/browser/test_stories_browser.py plays the same steps in Chromium through app.py itself.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_stories import app_pages
from trajmap import config

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 90
STORY = "2025-01-06-in-five-steps"


@pytest.fixture(autouse=True)
def _stories_of_this_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.STORIES_ENV, str(ROOT / "data" / "stories"))


def _app(page: str = "pages/stories.py", **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "story_harness.py"), default_timeout=TIMEOUT)
    at.session_state["_harness_page"] = page
    at.query_params.update(params)
    return at.run()


def _shown(el: object) -> str:
    return re.sub(r"\\(.)", r"\1", el.value)  # type: ignore[attr-defined]


def _bar(at: AppTest) -> tuple[str, str]:
    """The story bar's counter line and its title."""
    caption = next(_shown(c) for c in at.caption if _shown(c).startswith("Story: "))
    return caption, _shown(at.subheader[0])


def _param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value if isinstance(value, str) else value[0]


def follow(at: AppTest) -> tuple[str, dict[str, str]]:
    """Open the view the bar's last Back or Next opened, as the browser does."""
    page, params = at.session_state["_story_went"]
    at.query_params.clear()
    at.query_params.update(params)
    at.session_state["_harness_page"] = app_pages()[page]
    at.run()
    assert not at.exception, at.exception
    return page, params


def test_the_stories_page_lists_the_built_in_stories() -> None:
    at = _app()
    assert not at.exception, at.exception
    titles = {_shown(s) for s in at.subheader}
    assert {"2025-01-06 in five steps", "Forty years of tests"} <= titles
    assert not any(_shown(c).startswith("Story: ") for c in at.caption)  # no story plays: no bar


def test_a_story_opens_at_its_cover_and_next_and_back_restore_each_steps_view() -> None:
    at = _app(story=STORY)
    assert not at.exception, at.exception
    assert _bar(at) == ("Story: 2025-01-06 in five steps — cover", "2025-01-06 in five steps")
    assert at.button(key="story_back").disabled
    assert not at.button(key="story_next").disabled

    at.button(key="story_next").click().run()
    page, params = follow(at)
    assert (page, params["story"], params["step"]) == ("/", STORY, "1")
    assert _bar(at) == ("Story: 2025-01-06 in five steps — step 1 of 5", "The launch")
    day = dt.date(2025, 1, 6)
    assert at.selectbox(key="event").value == "2025-01-06"
    assert at.slider(key="dates").value == (day, day)
    assert at.checkbox(key="eez").value is False
    assert "_url_view" not in at.session_state

    at.button(key="story_next").click().run()
    follow(at)
    assert _bar(at)[0].endswith("step 2 of 5")
    assert at.session_state["_url_view"] == ((43.2, 136.5), 6, "2025-01-06")  # the step's own map view

    at.button(key="story_next").click().run()
    follow(at)
    assert _bar(at) == ("Story: 2025-01-06 in five steps — step 3 of 5", "Whose waters")
    assert at.checkbox(key="eez").value is True  # the EEZ lines are back on

    at.button(key="story_back").click().run()
    follow(at)
    assert _bar(at)[0].endswith("step 2 of 5")
    assert at.checkbox(key="eez").value is False
    assert _param(at, "step") == "2"


def test_the_last_step_opens_the_reach_page_and_next_is_off() -> None:
    at = _app("pages/explorer.py", event="2025-01-06", story=STORY, step="4")  # a shared link to step 4
    assert _bar(at) == ("Story: 2025-01-06 in five steps — step 4 of 5", "How sure")
    at.button(key="story_next").click().run()
    page, _params = follow(at)
    assert page == "/reach"
    assert _bar(at) == ("Story: 2025-01-06 in five steps — step 5 of 5", "What an IRBM reaches")
    assert at.session_state["ring_site"] == "pyongyang"
    assert at.multiselect(key="ring_classes").value == ["IRBM"]
    assert at.button(key="story_next").disabled


def test_exit_stops_the_story_and_a_bad_link_says_why() -> None:
    at = _app(story=STORY)
    at.button(key="story_exit").click().run()
    assert not any(_shown(c).startswith("Story: ") for c in at.caption)
    assert "story" not in at.query_params
    bad = _app(story="no-such-story")
    assert any("there is no story named 'no-such-story'" in _shown(w) for w in bad.warning)


def test_presentation_mode_is_kept_and_adds_its_style() -> None:
    at = _app(present="1")
    assert not at.exception, at.exception
    assert at.session_state["_present"] is True
    assert _param(at, "present") == "1"
    assert at.button(key="present_switch").label == "Leave presentation mode"
    at.button(key="present_switch").click().run()
    assert at.session_state["_present"] is False
    assert "present" not in at.query_params
