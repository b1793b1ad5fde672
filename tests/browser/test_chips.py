"""The Explorer's Class filter (pages/_chips.py) in Chromium: a group of checkboxes that a keyboard and a
screen reader can use, which shows the chosen classes on the map the moment they are chosen, before the
page's rerun, and which the rerun, a shared link and the rest of the page then agree with."""

from __future__ import annotations

import pytest

from .conftest import full_record
from .panels import class_chip
from .test_browser import MAP, _open, _settle, _wait_count

pytestmark = pytest.mark.browser

#: The trajectories drawn in the map's frame, counted in the page.
_COUNT = (
    "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
    ".contentDocument.querySelectorAll('path.trajmap-trajectory').length"
)


def _tick_and_count(pg, name: str) -> int:
    """Tick (or clear) the chip ``name`` and count the map's trajectories in the same task of the page's
    script: no rerun can have run in between, so what is counted is the chip's own doing."""
    chip = class_chip(pg, name).element_handle()
    return int(pg.evaluate(f"(input) => {{ input.click(); return ({_COUNT})(); }}", chip))


def test_the_class_chips_redraw_the_map_before_the_rerun_and_the_rerun_agrees(app_server, page) -> None:
    pg, log = page
    fr = _open(pg, app_server.url)
    _settle(pg)
    df = full_record()
    landed = df[df["landing_basis"] != "unknown"]
    n_all = len(landed)
    n_icbm = int((landed["class"] == "ICBM").sum())
    n_both = int(landed["class"].isin(["ICBM", "IRBM"]).sum())
    assert pg.evaluate(_COUNT) == n_all
    assert pg.get_by_text("None chosen: every class is shown.").is_visible()

    # narrowing, widening and clearing are each drawn at once, from the data the map already holds
    assert _tick_and_count(pg, "ICBM") == n_icbm < n_all
    _settle(pg)
    assert class_chip(pg, "ICBM").is_checked()
    assert pg.evaluate(_COUNT) == n_icbm  # the rerun's layers show what the chips showed
    assert "class=ICBM" in pg.url
    events = df.loc[df["class"] == "ICBM", "event_id"].nunique()
    assert pg.get_by_text(f"{events} launch events").first.is_visible()  # the caption followed
    assert _tick_and_count(pg, "IRBM") == n_both
    _settle(pg)
    assert pg.evaluate(_COUNT) == n_both
    assert _tick_and_count(pg, "ICBM") == n_both - n_icbm
    _settle(pg)
    assert _tick_and_count(pg, "IRBM") == n_all  # none chosen: every class
    _settle(pg)
    assert pg.evaluate(_COUNT) == n_all
    assert "class=" not in pg.url

    # the keyboard: Tab reaches a chip, Space ticks it
    class_chip(pg, "SRBM").focus()
    pg.keyboard.press("Space")
    assert _wait_count(fr, int((landed["class"] == "SRBM").sum())) == int((landed["class"] == "SRBM").sum())
    _settle(pg)
    assert class_chip(pg, "SRBM").is_checked()
    assert log.errors == [], log.errors


def test_a_shared_link_ticks_its_classes(app_server, page) -> None:
    pg, log = page
    pg.goto(f"{app_server.url}/?class=ICBM,IRBM")
    fr = pg.frame_locator(MAP)
    df = full_record()
    landed = df[df["landing_basis"] != "unknown"]
    n_both = int(landed["class"].isin(["ICBM", "IRBM"]).sum())
    assert _wait_count(fr, n_both, timeout_s=60) == n_both
    for name, ticked in (("ICBM", True), ("IRBM", True), ("SRBM", False)):
        assert class_chip(pg, name).is_checked() is ticked, name
    # every class present in the data has its chip, in the legend's order
    names = (
        pg.get_by_role("group", name="Class", exact=True)
        .get_by_role("checkbox")
        .evaluate_all("(inputs) => inputs.map((i) => i.value)")
    )
    present = set(df["class"])
    assert sorted(names) == sorted(present)
    assert names.index("SRBM") < names.index("MRBM") < names.index("IRBM") < names.index("ICBM")
    assert pg.locator(MAP).count() == 1
    assert log.errors == [], log.errors
