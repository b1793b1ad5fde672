"""Stories: short sequences of saved views, each with a title and two or three sentences.

A story is a plain file anyone can write and share (JSON, or YAML when PyYAML is installed). Each step is a
*view*: a page of the app (its path, ``/`` for the Explorer) and that page's query parameters, exactly as in
a link the page writes. Opening a step opens that page with those parameters.

.. code-block:: json

    {
      "format": "trajmap-story/1",
      "name": "my-story",
      "title": "A short title",
      "description": "One or two sentences shown before the first step.",
      "steps": [
        {"title": "The launch", "text": "Two or three sentences.", "page": "/",
         "params": {"event": "2025-01-06"}}
      ]
    }

Every field is checked once, here (:func:`parse`); a file that fails lists every problem, each naming the
step number and the field (:class:`StoryError`). Text is data: pages show it escaped, never as Markdown or
HTML. Parameter *values* are not checked here; the target page checks them as it checks any link, and shows
a notice for a value it cannot use.

>>> story = parse('{"format": "trajmap-story/1", "name": "x", "title": "T", "description": "D.", "steps": '
...               '[{"title": "S", "text": "One.", "page": "/reach", "params": {"ring_km": "900"}}]}')
>>> story.steps[0].url_params(story.name, 1)
{'ring_km': '900', 'story': 'x', 'step': '1'}
>>> parse('{"format": "trajmap-story/1", "name": "x", "title": "T", "description": "D.", "steps": '
...       '[{"title": "S", "text": "One.", "page": "/nowhere", "params": {}}]}')
Traceback (most recent call last):
...
trajmap.stories.StoryError: story: 1 problem(s)
  - step 1: page: '/nowhere' is not a page of trajmap (one of /, /reach, /profile, /data, /about, \
/stories, /history, /lessons, /whatif)
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from trajmap import config

__all__ = [
    "APP_PARAMS",
    "FORMAT",
    "MAX_DESCRIPTION_CHARS",
    "MAX_FILE_BYTES",
    "MAX_PARAMS",
    "MAX_PARAM_CHARS",
    "MAX_STEPS",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "PAGES",
    "PageInfo",
    "Step",
    "Story",
    "StoryError",
    "builtin_stories",
    "dumps",
    "kind_of",
    "load",
    "parse",
    "read_upload",
]

FORMAT = "trajmap-story/1"
#: Limits: a story is a few short steps, so a file is small; anything bigger is refused before parsing.
MAX_FILE_BYTES = 64_000
MAX_STEPS = 20
MAX_TITLE_CHARS = 80
MAX_DESCRIPTION_CHARS = 300
MAX_TEXT_CHARS = 450
MAX_PARAMS = 20
MAX_PARAM_CHARS = 200
_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_PARAM_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")

#: Parameters of the app itself, on every page: the story playing, its step, presentation mode. A step's
#: own parameters may not use them; the player adds them to every step's link.
APP_PARAMS = ("story", "step", "present")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """A page of the app a step may show: its path, its name (the ``_url_read_<name>`` flag of
    ``pages/_url.py``) and the query parameters it reads (``prefix`` admits every parameter that starts
    with it)."""

    path: str
    name: str
    params: tuple[str, ...] = ()
    prefix: str = ""

    def reads(self, param: str) -> bool:
        return param in self.params or bool(self.prefix and param.startswith(self.prefix))


#: Every page of the app, by path: the one list the stories check against (tests/test_stories.py checks it
#: against app.py's navigation).
PAGES: dict[str, PageInfo] = {
    p.path: p
    for p in (
        PageInfo(
            "/",
            "explorer",
            (
                "event",
                "from",
                "to",
                "class",
                "outcome",
                "site",
                "source",
                "basemap",
                "eez",
                "lat",
                "lon",
                "zoom",
            ),
        ),
        PageInfo("/reach", "reach", ("ring_site", "ring_lat", "ring_lon", "ring_km", "ring_class")),
        PageInfo("/profile", "profile"),
        PageInfo("/data", "data"),
        PageInfo("/about", "about"),
        PageInfo("/stories", "stories"),
        PageInfo("/history", "history", ("year", "class")),
        PageInfo("/lessons", "lessons", ("section",)),
        PageInfo("/whatif", "whatif", prefix="wi_"),
    )
}


class StoryError(ValueError):
    """A story file failed validation; ``problems`` lists every problem, each naming its step and field."""

    def __init__(self, problems: Sequence[str], source: str = "story") -> None:
        self.problems = tuple(problems)
        self.source = source
        shown = "\n".join(f"  - {p}" for p in self.problems[:30])
        more = f"\n  ... and {len(self.problems) - 30} more" if len(self.problems) > 30 else ""
        super().__init__(f"{source}: {len(self.problems)} problem(s)\n{shown}{more}")


@dataclass(frozen=True, slots=True)
class Step:
    """One step: a view (``page`` path and its query ``params``) with a ``title`` and a short ``text``."""

    title: str
    text: str
    page: str
    params: tuple[tuple[str, str], ...] = ()

    def url_params(self, story: str, number: int, *, present: bool = False) -> dict[str, str]:
        """The query parameters of this step's link: the view's, then ``story`` and ``step`` (1-based)
        so the link reopens this step, and ``present=1`` in presentation mode."""
        out = dict(self.params)
        out.update(story=story, step=str(number))
        if present:
            out["present"] = "1"
        return out


@dataclass(frozen=True, slots=True)
class Story:
    """A validated story: ``name`` (its id in links, ``?story=<name>``), ``title``, ``description``, steps."""

    name: str
    title: str
    description: str
    steps: tuple[Step, ...]

    def step(self, number: int) -> Step:
        """Step ``number``, counted from 1 as shown ("step k of n")."""
        if not 1 <= number <= len(self.steps):
            raise IndexError(f"step {number!r}: the story has steps 1 to {len(self.steps)}")
        return self.steps[number - 1]

    def to_dict(self) -> dict[str, Any]:
        """The story as its file holds it (see :func:`dumps`)."""
        return {
            "format": FORMAT,
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "steps": [
                {"title": s.title, "text": s.text, "page": s.page, "params": dict(s.params)}
                for s in self.steps
            ],
        }


def dumps(story: Story) -> str:
    """The story as a JSON file; :func:`parse` reads it back to an equal story."""
    return json.dumps(story.to_dict(), indent=2, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------- validation (the one place)
def _text(
    obj: Mapping[str, Any], key: str, where: str, limit: int, problems: list[str], *, one_line: bool = True
) -> str:
    value = obj.get(key)
    if value is None:
        problems.append(f"{where}{key}: missing")
        return ""
    if not isinstance(value, str):
        problems.append(f"{where}{key}: must be text, not {type(value).__name__}")
        return ""
    value = value.strip()
    if not value:
        problems.append(f"{where}{key}: empty")
    elif len(value) > limit:
        problems.append(f"{where}{key}: {len(value)} characters, more than the {limit} allowed")
    elif one_line and ("\n" in value or "\r" in value):
        problems.append(f"{where}{key}: must be one line")
    elif any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        problems.append(f"{where}{key}: holds control characters")
    return value


def _unknown(obj: Mapping[str, Any], allowed: Sequence[str], where: str, problems: list[str]) -> None:
    for key in obj:
        if key not in allowed:
            problems.append(f"{where}{str(key)[:40]!r}: unknown field (known: {', '.join(allowed)})")


def _params(raw: Any, page: PageInfo | None, where: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, Mapping):
        problems.append(
            f"{where}params: must be a table of parameter names to text, not {type(raw).__name__}"
        )
        return ()
    if len(raw) > MAX_PARAMS:
        problems.append(f"{where}params: {len(raw)} parameters, more than the {MAX_PARAMS} allowed")
        return ()
    out: list[tuple[str, str]] = []
    for key, value in raw.items():
        name = str(key)
        shown = repr(name[:40])
        if not isinstance(key, str) or not _PARAM_NAME.fullmatch(name):
            problems.append(f"{where}params: {shown} is not a parameter name (a-z, 0-9, _)")
        elif name in APP_PARAMS:
            problems.append(f"{where}params: {shown} is set by the story player, not by a step")
        elif page is not None and not page.reads(name):
            known = ", ".join(page.params) or "none"
            if page.prefix:
                known += f", {page.prefix}*"
            problems.append(
                f"{where}params: {shown} is not a parameter of the page {page.path} (known: {known})"
            )
        elif not isinstance(value, str):
            problems.append(f"{where}params: {shown} must be text (in quotes), not {type(value).__name__}")
        elif len(value) > MAX_PARAM_CHARS:
            problems.append(f"{where}params: {shown} is longer than {MAX_PARAM_CHARS} characters")
        else:
            out.append((name, value))
    return tuple(out)


def _step(raw: Any, number: int, problems: list[str]) -> Step | None:
    where = f"step {number}: "
    if not isinstance(raw, Mapping):
        problems.append(f"step {number}: must be a table with title, text, page and params")
        return None
    _unknown(raw, ("title", "text", "page", "params"), where, problems)
    title = _text(raw, "title", where, MAX_TITLE_CHARS, problems)
    text = _text(raw, "text", where, MAX_TEXT_CHARS, problems)
    page_path = raw.get("page")
    page = None
    if page_path is None:
        problems.append(f"{where}page: missing")
    elif not isinstance(page_path, str) or page_path not in PAGES:
        problems.append(
            f"{where}page: {str(page_path)[:60]!r} is not a page of trajmap (one of {', '.join(PAGES)})"
        )
    else:
        page = PAGES[page_path]
    params = _params(raw.get("params"), page, where, problems)
    return Step(title, text, page.path, params) if page is not None else None


def _from_data(data: Any, source: str) -> Story:
    problems: list[str] = []
    if not isinstance(data, Mapping):
        raise StoryError([f"the file must hold one table (an object), not {type(data).__name__}"], source)
    _unknown(data, ("format", "name", "title", "description", "steps"), "", problems)
    if data.get("format") != FORMAT:
        problems.append(f"format: must be {FORMAT!r}, not {str(data.get('format'))[:40]!r}")
    name = data.get("name")
    if name is None:
        problems.append("name: missing")
    elif not isinstance(name, str) or not _NAME.fullmatch(name):
        problems.append(
            f"name: {str(name)[:60]!r} is not a story name (1 to 60 of a-z, 0-9 and -, starting with a "
            "letter or digit)"
        )
    title = _text(data, "title", "", MAX_TITLE_CHARS, problems)
    description = _text(data, "description", "", MAX_DESCRIPTION_CHARS, problems)
    raw_steps = data.get("steps")
    steps: list[Step] = []
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append("steps: must be a list of at least one step")
    elif len(raw_steps) > MAX_STEPS:
        problems.append(f"steps: {len(raw_steps)} steps, more than the {MAX_STEPS} allowed")
    else:
        for number, raw in enumerate(raw_steps, start=1):
            step = _step(raw, number, problems)
            if step is not None:
                steps.append(step)
    if problems:
        raise StoryError(problems, source)
    return Story(str(name), title, description, tuple(steps))


def _yaml() -> Any:
    try:
        return importlib.import_module("yaml")
    except ImportError:
        return None


def parse(content: str | bytes, *, kind: str = "json", source: str = "story") -> Story:
    """A story from the text of its file; ``kind`` is ``json`` or ``yaml``. Raises :class:`StoryError`
    naming ``source`` and every problem: too big, not valid JSON/YAML, or fields that fail the checks."""
    size = len(content.encode("utf-8") if isinstance(content, str) else content)
    if size > MAX_FILE_BYTES:
        raise StoryError([f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed"], source)
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoryError([f"the file is not UTF-8 text (byte {exc.start})"], source) from None
    if kind == "json":
        try:
            data = json.loads(content)
        except json.JSONDecodeError as exc:
            raise StoryError(
                [f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"], source
            ) from None
    elif kind == "yaml":
        yaml = _yaml()
        if yaml is None:
            raise StoryError(["YAML stories need PyYAML (pip install PyYAML); JSON works without it"], source)
        try:
            data = yaml.safe_load(content)  # plain data only: no tags that build objects
        except yaml.YAMLError as exc:
            raise StoryError([f"not valid YAML: {str(exc)[:200]}"], source) from None
    else:
        raise ValueError(f"kind must be 'json' or 'yaml', not {kind!r}")
    return _from_data(data, source)


def kind_of(file_name: str) -> str:
    """``json`` or ``yaml`` from a file's name; raises :class:`StoryError` for any other ending."""
    suffix = Path(file_name).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    raise StoryError([f"a story file ends in .json, .yaml or .yml, not {suffix or 'nothing'!r}"], file_name)


def load(path: str | Path) -> Story:
    """A story from a file (``.json``, ``.yaml`` or ``.yml``), size-limited before it is read."""
    path = Path(path)
    kind = kind_of(path.name)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise StoryError([f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed"], path.name)
    return parse(path.read_bytes(), kind=kind, source=path.name)


def read_upload(file_name: str, content: bytes, *, taken: Iterable[str] = ()) -> Story:
    """A story from a file a user sent (its name says JSON or YAML); its name may not be one of ``taken``
    (the built-in stories'). Raises :class:`StoryError` naming the file and every problem."""
    if len(content) > MAX_FILE_BYTES:
        raise StoryError(
            [f"the file is {len(content):,} bytes, more than the {MAX_FILE_BYTES:,} allowed"], file_name
        )
    story = parse(content, kind=kind_of(file_name), source=file_name)
    if story.name in set(taken):
        raise StoryError([f"name: {story.name!r} is the name of a built-in story; choose another"], file_name)
    return story


def builtin_stories() -> dict[str, Story]:
    """The stories shipped with trajmap (``data/stories/*.json``, or ``$TRAJMAP_STORIES_DIR``), by name,
    in file-name order. Raises :class:`StoryError` for a file that fails, or two files with one name."""
    out: dict[str, Story] = {}
    folder = config.stories_dir()
    for path in sorted(folder.glob("*.json")):
        story = load(path)
        if story.name in out:
            raise StoryError(
                [f"name: {story.name!r} is already the name of another built-in story"], path.name
            )
        out[story.name] = story
    return out
