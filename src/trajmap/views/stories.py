"""What the story player shows: the story bar of the current step and the views that Back and Next open.

A story plays as a position (story name, step number; step 0 is the story's cover on the Stories page).
Every step's link carries ``story=<name>&step=<k>`` beside the view's own parameters, so a shared link
reopens that step; :func:`position` reads them back.

>>> from trajmap import stories
>>> s = stories.Story("demo", "Demo", "Two views.", (
...     stories.Step("One", "First.", "/", (("event", "2025-01-06"),)),
...     stories.Step("Two", "Second.", "/reach", (("ring_class", "IRBM"),))))
>>> b = story_bar(s, 1)
>>> b.counter, b.back, b.next.page, b.next.params
('step 1 of 2', Target(page='/stories', params={'story': 'demo'}), '/reach', \
{'ring_class': 'IRBM', 'story': 'demo', 'step': '2'})
>>> position({"story": "demo", "step": "7"}, {"demo": s})
Position(name='demo', number=0, notice='step: 7 is not a step of the story (1 to 2); showing its cover')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from trajmap.stories import Story

__all__ = ["Position", "StoryBar", "Target", "cover", "position", "step_target", "story_bar", "summary_rows"]

STORIES_PAGE = "/stories"
_STEP = re.compile(r"[0-9]{1,3}")


@dataclass(frozen=True, slots=True)
class Target:
    """A view to open: a page path and its query parameters."""

    page: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StoryBar:
    """The bar above every page while a story plays (all text plain: the page shows it escaped)."""

    story_title: str
    number: int
    count: int
    title: str
    text: str
    back: Target | None
    next: Target | None

    @property
    def counter(self) -> str:
        return "cover" if self.number == 0 else f"step {self.number} of {self.count}"


@dataclass(frozen=True, slots=True)
class Position:
    """Where a link puts the player: a story ``name`` (``None``: the link says nothing, keep playing what
    plays; ``""``: stop) and a step ``number`` (0 is the cover), with a notice for what it could not use."""

    name: str | None
    number: int = 0
    notice: str = ""


def _present(params: dict[str, str], present: bool) -> dict[str, str]:
    if present:
        params["present"] = "1"
    return params


def cover(story: Story, *, present: bool = False) -> Target:
    """The story's cover: the Stories page with ``?story=<name>``."""
    return Target(STORIES_PAGE, _present({"story": story.name}, present))


def step_target(story: Story, number: int, *, present: bool = False) -> Target:
    """The view of step ``number`` (from 1), its link's parameters holding the story and the step."""
    step = story.step(number)
    return Target(step.page, step.url_params(story.name, number, present=present))


def story_bar(story: Story, number: int, *, present: bool = False) -> StoryBar:
    """The bar at step ``number`` (0: the cover): its text, and the views Back and Next open."""
    count = len(story.steps)
    if not 0 <= number <= count:
        raise IndexError(f"step {number!r}: the story has steps 1 to {count}")
    back: Target | None = None
    if number == 1:
        back = cover(story, present=present)
    elif number > 1:
        back = step_target(story, number - 1, present=present)
    nxt = step_target(story, number + 1, present=present) if number < count else None
    if number == 0:
        return StoryBar(story.title, 0, count, story.title, story.description, None, nxt)
    step = story.step(number)
    return StoryBar(story.title, number, count, step.title, step.text, back, nxt)


def position(params: Mapping[str, str], stories: Mapping[str, Story]) -> Position:
    """The player's position from a link's parameters (``story``, ``step``), checked against ``stories``."""
    name = params.get("story")
    if name is None:
        return Position(None)
    story = stories.get(name)
    if story is None:
        shown = name if len(name) <= 40 else name[:37] + "..."
        return Position("", 0, f"story: there is no story named {shown!r}")
    raw = params.get("step")
    if raw is None:
        return Position(name, 0)
    count = len(story.steps)
    if _STEP.fullmatch(raw) and 1 <= int(raw) <= count:
        return Position(name, int(raw))
    shown = raw if len(raw) <= 20 else raw[:17] + "..."
    return Position(name, 0, f"step: {shown} is not a step of the story (1 to {count}); showing its cover")


def summary_rows(stories: Mapping[str, Story]) -> list[dict[str, object]]:
    """One row per story for the Stories page's list: name, title, steps, description."""
    return [
        {"name": s.name, "title": s.title, "steps": len(s.steps), "description": s.description}
        for s in stories.values()
    ]
