"""The Explorer's panels under the map, in Chromium: each is built only while open (pages/explorer.py)."""

from __future__ import annotations

from typing import Any

#: What each panel shows once built, to wait for after opening it.
_SHOWS = {
    "Selected launch": "h3",
    "Timeline": '[data-testid="stVegaLiteChart"] svg, [data-testid="stVegaLiteChart"] canvas',
    "All launches": '[data-testid="stDataFrame"]',
    "Export": '[data-testid="stDownloadButton"]',
}


def open_panel(pg: Any, name: str, timeout_ms: int = 60_000) -> None:
    """Open the panel ``name`` (a click on its tab reruns the page) and wait until it is drawn."""
    pg.get_by_role("tab", name=name, exact=True).click()
    pg.locator(_SHOWS[name]).first.wait_for(timeout=timeout_ms)


def open_uploader(pg: Any, timeout_ms: int = 60_000) -> Any:
    """Open the Explorer's "Add your own records" section (built on opening) and return its file input."""
    pg.locator(
        '[data-testid="stSidebar"] [data-testid="stExpander"] summary', has_text="Add your own records"
    ).click()
    file_input = pg.locator('[data-testid="stSidebar"] input[type="file"]')
    file_input.wait_for(state="attached", timeout=timeout_ms)
    return file_input


def class_chip(pg: Any, name: str) -> Any:
    """The checkbox of the Explorer's Class filter chip ``name`` (pages/_chips.py), as a screen reader
    finds it: a checkbox named by its class, in the group named "Class"."""
    group = pg.get_by_role("group", name="Class", exact=True)
    return group.get_by_role("checkbox", name=name, exact=True)
