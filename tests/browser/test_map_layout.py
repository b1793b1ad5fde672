"""Map defects only a real browser shows: what covers what on the map, labels cut at its edge, downloads
pressed while the page reruns. Each test opens one page and checks the boxes Chromium lays out."""

from __future__ import annotations

from pathlib import Path

import pytest

from trajmap import export, maps

from .conftest import full_record
from .panels import open_panel
from .test_browser import MAP, _open, _settle

pytestmark = pytest.mark.browser

Box = dict[str, float]


def _overlap(a: Box, b: Box) -> bool:
    return (
        a["x"] < b["x"] + b["width"]
        and b["x"] < a["x"] + a["width"]
        and a["y"] < b["y"] + b["height"]
        and b["y"] < a["y"] + a["height"]
    )


def _inside(a: Box, outer: Box) -> bool:
    return (
        a["x"] >= outer["x"] - 0.5
        and a["y"] >= outer["y"] - 0.5
        and a["x"] + a["width"] <= outer["x"] + outer["width"] + 0.5
        and a["y"] + a["height"] <= outer["y"] + outer["height"] + 0.5
    )


def _boxes(locator) -> list[Box]:
    return [b for b in (locator.nth(i).bounding_box() for i in range(locator.count())) if b]


def _ring_labels_fit(fr, legend: Box | None) -> int:
    """Every ring or footprint label that shows on the map lies wholly inside it (and off the legend);
    returns how many show. A label wholly outside belongs to a ring outside the view."""
    container = fr.locator(".leaflet-container").bounding_box()
    shown = 0
    for text in fr.locator(".trajmap-ring-label > div").all():
        box = text.bounding_box()
        if box is None or not _overlap(box, container):
            continue
        shown += 1
        label = text.inner_text()
        assert _inside(box, container), f"label cut by the map's edge: {label!r} at {box}, map {container}"
        assert legend is None or not _overlap(box, legend), f"label under the legend: {label!r}"
    return shown


def _scale_clear_of_attribution(fr) -> None:
    attribution = fr.locator(".leaflet-control-attribution").bounding_box()
    container = fr.locator(".leaflet-container").bounding_box()
    assert attribution is not None
    assert _inside(attribution, container)
    for scale in _boxes(fr.locator(".leaflet-control-scale-line")):
        assert not _overlap(scale, attribution), f"attribution {attribution} covers the scale bar {scale}"


@pytest.mark.parametrize(
    ("event", "extra"), [("2017-11-29", "&from=2017-01-01&to=2017-12-31"), ("2023-12-18", "&basemap=esri")]
)
def test_icbm_view_keeps_the_selected_launch_and_labels_clear_of_the_legend_and_edges(
    app_server, page, tmp_path: Path, event: str, extra: str
) -> None:
    """The ICBM view of 2017-11-29 and 2023-12-18: the legend covers none of the selected launch's
    trajectories, landing points and footprints; footprint and ring labels lie inside the map, off the
    legend; the scale bar is clear of the (long, EEZ) attribution. For 2017-11-29 (over 2017 alone) its
    landing inside its footprint opens its popup, the timeline's axis names the year, and the exported
    map from disk draws every trajectory with no console error; for 2023-12-18, Esri tiles with no
    internet fall back to the vector basemap and say so."""
    pg, log = page
    df = full_record()
    icbm = df[(df["class"] == "ICBM") & (df["landing_basis"] != "unknown")]
    pg.goto(f"{app_server.url}/?event={event}&class=ICBM{extra}")
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-trajectory").first.wait_for(state="attached", timeout=60_000)
    pg.locator("h3", has_text=event).first.wait_for(timeout=30_000)
    _settle(pg)
    legend = fr.locator(".trajmap-legend").bounding_box()
    assert legend is not None
    selected = fr.locator('path.trajmap-trajectory[stroke-width="4"]')
    n_selected = int((icbm["event_id"] == event).sum())
    assert selected.count() == n_selected > 0
    landings = fr.locator("path.trajmap-landing")
    n = landings.count()
    mine = [landings.nth(i) for i in range(n - n_selected, n)]  # the selected event's, drawn last
    parts = _boxes(selected) + [b for b in (x.bounding_box() for x in mine) if b]
    parts += _boxes(fr.locator("path.trajmap-footprint"))
    assert parts
    for box in parts:
        assert not _overlap(box, legend), f"the legend {legend} covers the selected launch at {box}"
    assert _ring_labels_fit(fr, legend) >= 1
    _scale_clear_of_attribution(fr)
    if event == "2017-11-29":
        # the landing point inside its footprint takes the click (Playwright checks the hit target)
        mine[-1].click()
        popup = fr.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        assert event in popup.inner_text()
        # the timeline over one year: its axis says which year
        open_panel(pg, "Timeline")
        ticks = pg.locator('[data-testid="stVegaLiteChart"] .role-axis-label text')
        ticks.first.wait_for(timeout=30_000)
        assert any("2017" in t for t in ticks.all_text_contents()), ticks.all_text_contents()
        # the exported map, opened from disk
        open_panel(pg, "Export")
        _settle(pg)
        button = pg.get_by_role("button", name="Interactive map (HTML)", exact=True)
        with pg.expect_download(timeout=60_000) as dl:
            button.click()
        html_file = tmp_path / "map.html"
        dl.value.save_as(html_file)
        _exported_map_draws(pg.context.browser, html_file, int(((icbm["date"].dt.year) == 2017).sum()))
    else:
        pg.get_by_text("Esri imagery tiles cannot be reached").first.wait_for(timeout=10_000)
        assert fr.locator("path.trajmap-trajectory").count() == len(icbm)
    assert log.outside == [], log.outside[:5]
    assert log.errors == [], log.errors


def _exported_map_draws(browser, html_file: Path, expected: int) -> None:
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        exported = ctx.new_page()
        errors: list[str] = []
        exported.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        exported.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
        exported.goto(html_file.as_uri())
        exported.locator("path.trajmap-trajectory").first.wait_for(timeout=30_000)
        exported.wait_for_timeout(500)
        assert exported.locator("path.trajmap-trajectory").count() == expected
        assert errors == [], errors
    finally:
        ctx.close()


def test_reach_ring_labels_lie_inside_the_map(app_server, page) -> None:
    """A ring that leaves the view at its south-east, where its label was written (off the map)."""
    pg, log = page
    pg.goto(f"{app_server.url}/reach?ring_site=sohae&ring_km=1400")
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-ring").first.wait_for(timeout=60_000)
    fr.locator(".trajmap-ring-label").first.wait_for(state="attached", timeout=30_000)
    pg.wait_for_timeout(1000)
    assert _ring_labels_fit(fr, None) == 1
    _scale_clear_of_attribution(fr)
    assert [e for e in log.errors if "404" not in e] == [], log.errors  # the deep link's health probes


@pytest.mark.parametrize("width", [560, 940])
def test_a_tile_basemaps_attribution_leaves_the_scale_bar_clear(browser, tmp_path: Path, width: int) -> None:
    """Esri's long attribution (with the EEZ sources) beside the scale bar, on a narrow and a wide map.

    The app's browser tests run offline, where the Explorer falls back from tiles to the vector basemap
    (and says so); so this opens the Esri base map itself, as the app builds it, from a file, with every
    tile request refused: the tile layer and its attribution stay, the tiles are blank."""
    m = maps.base_map(basemap="esri", attribution=maps.EEZ_ATTRIBUTION)
    html_file = tmp_path / "esri.html"
    html_file.write_text(export.to_html(m), encoding="utf-8")
    ctx = browser.new_context(viewport={"width": width, "height": 560})
    try:
        pg = ctx.new_page()
        refused: list[str] = []

        def refuse(route) -> None:
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                refused.append(route.request.url)
                route.abort()

        pg.route("**/*", refuse)
        pg.goto(html_file.as_uri())
        fr = pg.main_frame
        fr.locator(".leaflet-control-scale-line").first.wait_for(timeout=30_000)
        assert "Esri" in fr.locator(".leaflet-control-attribution").inner_text()
        assert any("arcgisonline" in url for url in refused)  # the tile layer is there
        _scale_clear_of_attribution(fr)
    finally:
        ctx.close()


def test_downloads_work_however_soon_after_a_rerun(app_server, page, tmp_path: Path) -> None:
    """Each download pressed as soon as the map shows, and right after two quick widget changes (the
    second stops the run the first started), gives its file (regression: the stopped run dropped the
    files of the buttons the browser still showed: "Deferred file ... not found"), and every button
    shows its whole label."""
    pg, log = page
    _open(pg, app_server.url)
    open_panel(pg, "Export")
    labels = [
        "Snapshot PNG",
        "CSV",
        "Snapshot SVG",
        "Interactive map (HTML)",
        "GeoJSON",
        "KML (Google Earth)",
    ]
    for i, label in enumerate(labels):
        if i:  # two widget changes, and the download pressed at once, while the page reruns
            pg.get_by_text("2400x1350", exact=True).click()
            pg.wait_for_timeout(300)
            pg.get_by_text("1200x675", exact=True).click()
        with pg.expect_download(timeout=30_000) as dl:
            pg.get_by_role("button", name=label, exact=True).click()
        dest = tmp_path / f"{i}-{dl.value.suggested_filename}"
        dl.value.save_as(dest)
        assert dest.stat().st_size > 0, label
    cut = pg.locator('[data-testid="stDownloadButton"] button').evaluate_all(
        """buttons => buttons.filter(b => [b, ...b.querySelectorAll('*')].some(
               e => e.scrollWidth > e.clientWidth + 1)).map(b => b.innerText)"""
    )
    assert cut == [], f"labels cut short: {cut}"
    assert pg.locator('[data-testid="stDownloadButton"] [role="alert"]').count() == 0
    assert "not found" not in app_server.log.read_text(errors="replace")
    assert log.errors == [], log.errors
