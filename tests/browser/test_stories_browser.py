"""A story in Chromium, offline: the arrow keys step forward and back and each step's view comes back
(its link's parameters and what its page shows); the keys do nothing while typing; ``?present=1`` enlarges
the type and closes the sidebar."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest

pytestmark = pytest.mark.browser
MAP = 'iframe[title="streamlit_folium.st_folium"]'
STORY = "2025-01-06-in-five-steps"


def _idle(pg, quiet_s: float = 1.0, timeout_s: float = 60.0) -> None:
    """Wait until the script has stopped running (keys pressed during a run may reach the old page)."""
    deadline = time.monotonic() + timeout_s
    since = time.monotonic()
    while time.monotonic() < deadline:
        pg.wait_for_timeout(200)
        if pg.locator('[data-testid="stStatusWidget"]').count():
            since = time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
    raise AssertionError(f"the page kept running for {timeout_s} s (url {pg.url})")


def _params(pg) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(pg.url).query).items()}


def _step(pg, key: str, counter: str) -> dict[str, str]:
    _idle(pg)
    pg.keyboard.press(key)
    pg.get_by_text(f"2025-01-06 in five steps — {counter}").wait_for(timeout=60_000)
    _idle(pg)
    return _params(pg)


def _real_errors(log) -> list[str]:
    return [e for e in log.errors if "404" not in e]  # a deep link probes /<page>/_stcore/health


def test_a_story_steps_by_arrow_keys_and_restores_each_view(app_server, page) -> None:
    """Cover -> step 1 (the Explorer) -> the cover again; AppTest (tests/test_pages_stories.py) steps
    through the others, and through two views of one page."""
    pg, log = page
    pg.goto(f"{app_server.url}/stories?story={STORY}")
    pg.get_by_text("2025-01-06 in five steps — cover").wait_for(timeout=60_000)

    one = _step(pg, "ArrowRight", "step 1 of 5")
    view_1 = {"event": "2025-01-06", "from": "2025-01-06", "to": "2025-01-06", "eez": "0"}
    assert urlparse(pg.url).path == "/"
    assert one.items() >= {**view_1, "story": STORY, "step": "1"}.items(), one
    pg.get_by_role("heading", name="The launch").wait_for()
    pg.locator("h3", has_text="2025-01-06: Hwasong-16B (IRBM)").wait_for(timeout=30_000)
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-trajectory").first.wait_for(timeout=30_000)
    assert fr.locator("path.trajmap-trajectory").count() == 4  # this launch alone: its four estimates
    assert pg.get_by_role("checkbox", name="EEZ boundaries").is_checked() is False

    # typing in a box: the arrow keys move in the box, not through the story
    box = pg.locator('[data-testid="stSelectbox"]', has_text="Launch").last.locator("input")
    box.click()
    pg.keyboard.press("ArrowLeft")
    pg.wait_for_timeout(1500)
    assert pg.get_by_text("2025-01-06 in five steps — step 1 of 5").is_visible()
    pg.keyboard.press("Escape")
    pg.evaluate("document.activeElement && document.activeElement.blur()")

    cover = _step(pg, "ArrowLeft", "cover")
    assert (urlparse(pg.url).path, cover) == ("/stories", {"story": STORY}), pg.url
    pg.get_by_text("5. What an IRBM reaches").wait_for()
    assert not log.outside, log.outside
    assert not _real_errors(log), log.errors


def _body_font_px(pg) -> float:
    p = pg.locator('[data-testid="stMain"] [data-testid="stMarkdownContainer"] p').first
    p.wait_for(timeout=60_000)
    return float(p.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def test_presentation_mode_enlarges_type_and_closes_the_sidebar(app_server, browser) -> None:
    sizes = {}
    for present in ("0", "1"):
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = ctx.new_page()
        try:
            pg.goto(f"{app_server.url}/stories?present={present}")
            pg.get_by_text("Forty years of tests").first.wait_for(timeout=60_000)
            _idle(pg)
            sizes[present] = _body_font_px(pg)
            sidebar = pg.locator('[data-testid="stSidebar"]')
            assert sidebar.get_attribute("data-collapsed") == ("true" if present == "1" else "false")
            if present == "1":
                pg.get_by_role("button", name="Open").first.click()  # the mode stays on the next page
                pg.get_by_text("— cover").wait_for(timeout=60_000)
                _idle(pg)
                assert _params(pg).get("present") == "1", pg.url
                assert _body_font_px(pg) == sizes["1"]
        finally:
            ctx.close()
    assert sizes["1"] >= 1.3 * sizes["0"], sizes
