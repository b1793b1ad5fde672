"""The What-if and Lessons pages in Debian's Chromium, offline: a prepared link shows its landing and verdict,
and a section link opens its lesson."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def _only_deep_link_404s(errors: list[str]) -> list[str]:
    # a deep link makes Streamlit probe /<page>/_stcore/health (streamlit/streamlit#7074): 404s, nothing else
    return [e for e in errors if "404" not in e]


def test_a_whatif_link_shows_its_landing_marker_and_verdict(app_server, page) -> None:
    pg, log = page
    pg.goto(f"{app_server.url}/whatif?wi_site=sunan&wi_bearing=80&wi_range_km=3000")
    fr = pg.frame_locator(MAP)
    # the first page a fresh server draws also builds the zone index and the odds: slow on a loaded machine
    fr.locator("path.trajmap-whatif-landing").wait_for(timeout=120_000)
    assert fr.locator("path.trajmap-whatif-path").count() == 1
    assert fr.locator("path.trajmap-footprint").count() == 1  # the odds' landing area
    verdict = pg.locator("p", has_text="In whose waters, how sure:")
    verdict.wait_for(timeout=30_000)
    assert "samples" in verdict.inner_text()  # the odds and what they assume
    assert pg.get_by_text("EEZ verdict (Japan)").count() == 1
    assert "wi_range_km=3000" in pg.url
    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"
    assert _only_deep_link_404s(log.errors) == [], log.errors


def test_a_lessons_link_opens_the_eez_section(app_server, page) -> None:
    pg, log = page
    pg.goto(f"{app_server.url}/lessons?section=eez")
    heading = pg.locator("h2", has_text="What an EEZ is")
    heading.wait_for(timeout=60_000)
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-lesson-coast").wait_for(timeout=60_000)
    assert pg.get_by_text("UNCLOS article 57", exact=False).count() >= 1
    assert pg.locator("h2", has_text="Why a trajectory curves").count() == 0  # one section at a time
    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"
    assert _only_deep_link_404s(log.errors) == [], log.errors
