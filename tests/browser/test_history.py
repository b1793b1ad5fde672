"""The map over time in Chromium, offline: stepping and playing change what is drawn, pause stops it."""

from __future__ import annotations

import time

import pytest

from trajmap import maps, presentation

from .conftest import full_record

pytestmark = pytest.mark.browser
MAP = 'iframe[title="streamlit_folium.st_folium"]'
PATHS = f"path.{maps.TRAJECTORY_CLASS}"


def _drawn(fr) -> tuple[str, int, int, int]:
    """The year on the map, and how many trajectories are drawn: all, in full colour, and faded."""
    return (
        fr.locator(".trajmap-time-year").inner_text(),
        fr.locator(PATHS).count(),
        fr.locator(f"{PATHS}.{maps.CURRENT_CLASS}").count(),
        fr.locator(f"{PATHS}.{maps.EARLIER_CLASS}").count(),
    )


def _opacity(fr, cls: str) -> float:
    return float(fr.locator(f"{PATHS}.{cls}").first.get_attribute("stroke-opacity") or "nan")


def test_the_map_over_time_steps_plays_and_pauses_offline(app_server, page) -> None:
    pg, log = page
    df = full_record()
    lines = df[df["landing_basis"] != "unknown"]
    year = lines["date"].dt.year
    pg.goto(f"{app_server.url}/history?year=2017")
    fr = pg.frame_locator(MAP)
    fr.locator(".trajmap-time").wait_for(timeout=60_000)
    fr.locator(f"{PATHS}.{maps.CURRENT_CLASS}").first.wait_for(timeout=30_000)

    # opened at the link's year, paused: 2017's lines in colour, earlier ones faded, later ones not drawn
    assert fr.locator(".trajmap-time").get_attribute("data-playing") == "false"
    assert _drawn(fr) == (
        "2017",
        int((year <= 2017).sum()),
        int((year == 2017).sum()),
        int((year < 2017).sum()),
    )
    assert _opacity(fr, maps.EARLIER_CLASS) < _opacity(fr, maps.CURRENT_CLASS)
    events_2017 = df.loc[df["date"].dt.year == 2017, "event_id"].nunique()
    events_to_2017 = df.loc[df["date"].dt.year <= 2017, "event_id"].nunique()
    counts = fr.locator(".trajmap-time-count").all_inner_texts()
    assert counts == [f"{events_2017} launches in 2017", f"{events_to_2017} launches from 1984 to 2017"]

    # a step forward: 2018 had no launch, so nothing is in full colour and all up to 2017 is faded
    fr.get_by_role("button", name="Step forward a year").click()
    assert _drawn(fr) == ("2018", int((year <= 2017).sum()), 0, int((year <= 2017).sum()))
    fr.get_by_role("button", name="Step back a year").click()
    assert _drawn(fr)[0] == "2017"

    # play at 2x: the year advances and more is drawn; pause stops it where it is
    fr.get_by_role("button", name="Speed 2×").click()
    fr.get_by_role("button", name="Play").click()
    deadline = time.monotonic() + 15
    while _drawn(fr)[0] in ("2017", "2018", "2019") and time.monotonic() < deadline:
        pg.wait_for_timeout(100)
    assert fr.locator(".trajmap-time").get_attribute("data-playing") == "true"
    fr.get_by_role("button", name="Pause").click()
    paused = _drawn(fr)
    shown = int(paused[0])
    assert shown >= 2020
    assert paused[1:] == (
        int((year <= shown).sum()),
        int((year == shown).sum()),
        int((year < shown).sum()),
    )
    pg.wait_for_timeout(1500)  # three steps at 2x, had it not stopped
    assert _drawn(fr) == paused
    assert fr.locator(".trajmap-time").get_attribute("data-playing") == "false"

    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"
    # a deep link makes Streamlit probe /history/_stcore/health (streamlit/streamlit#7074): 404s, nothing else
    assert [e for e in log.errors if "404" not in e] == [], log.errors


def test_a_story_step_opens_the_year_in_presentation_mode_with_wider_lines(app_server, page) -> None:
    """The built-in story's link to /history?year=2016 (with the story's and presentation mode's own
    parameters): no notice, the map at 2016, its lines drawn at presentation mode's scale, the faded ones
    too."""
    pg, log = page
    k = presentation.MAP_SCALE
    pg.goto(f"{app_server.url}/history?year=2016&story=forty-years-of-tests&step=3&present=1")
    fr = pg.frame_locator(MAP)
    fr.locator(f"{PATHS}.{maps.CURRENT_CLASS}").first.wait_for(timeout=60_000)
    assert fr.locator(".trajmap-time-year").inner_text() == "2016"
    pg.get_by_text("Forty years of tests").first.wait_for(timeout=30_000)  # the story bar
    assert pg.locator('[data-testid="stAlert"]').count() == 0  # no notice about the link

    def widths(cls: str) -> set[float]:
        return set(
            fr.locator(f"{PATHS}.{cls}").evaluate_all("els => els.map(e => e.getAttribute('stroke-width'))")
        )

    assert {float(w) for w in widths(maps.CURRENT_CLASS)} == {2 * k}  # 2 px lines, doubled
    assert {float(w) for w in widths(maps.EARLIER_CLASS)} == {k}  # faded: half of that, never under k
    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"
    assert [e for e in log.errors if "404" not in e] == [], log.errors
