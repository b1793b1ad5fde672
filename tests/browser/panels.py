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
