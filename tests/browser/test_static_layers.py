"""The Explorer in Chromium, offline: the basemap and the EEZ overlay come from the app's static files (by
URL, content-hashed), and a landing point's popup, built in the browser, shows a hostile record as text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from trajmap import maps

from .conftest import ROOT, start_server, stop_server

pytestmark = pytest.mark.browser
MAP = 'iframe[title="streamlit_folium.st_folium"]'
HOSTILE = "<img src=x onerror=alert(1)>"


def test_explorer_draws_static_reference_layers_and_a_popup_shows_hostile_text(browser, tmp_path: Path, page):
    pg, log = page
    served: list[tuple[str, int]] = []
    pg.on("response", lambda r: served.append((r.url, r.status)) if maps.LAYERS_URL in r.url else None)
    server = start_server(tmp_path, TRAJMAP_LAUNCHES=str(ROOT / "tests" / "fixtures" / "hostile.csv"))
    try:
        pg.goto(f"{server.url}/?eez=1")
        fr = pg.frame_locator(MAP)
        fr.locator("path.trajmap-trajectory").first.wait_for(timeout=90_000)
        for pane in ("Basemap", "Eez"):
            drawn = fr.locator(f".leaflet-trajmap{pane}-pane[data-trajmap-drawn] canvas")
            drawn.wait_for(state="attached", timeout=30_000)
        # drawn on a canvas, not as SVG: the pane says how many features, and the canvas has pixels
        for pane in ("Basemap", "Eez"):
            assert int(fr.locator(f".leaflet-trajmap{pane}-pane").get_attribute("data-trajmap-drawn")) > 0
            assert fr.locator(f".leaflet-trajmap{pane}-pane path").count() == 0
        inked = fr.locator(".leaflet-trajmapBasemap-pane canvas").evaluate(
            "c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
            " let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i]) n++; return n; }"
        )
        assert inked > 1000, inked
        names = sorted(re.sub(r".*/", "", u) for u, status in served if status == 200)
        assert [n.split("-")[0] for n in names] == ["eez", "land"], served
        assert all(re.fullmatch(r"(eez|land)-[0-9a-f]{16}\.bin", n) for n in names)
        # the hostile launch is the selected one, drawn last (on top): its landing point's popup
        pg.locator("h3", has_text=HOSTILE).first.wait_for(timeout=30_000)
        fr.locator("path.trajmap-landing").last.click(force=True)
        popup = fr.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        text = popup.inner_text()
        assert HOSTILE in text or "<script>" in text  # shown as given
        for label in ("Event", "Missile", "Estimate by", "Site", "Range", "Outcome", "Landing", "Source"):
            assert label in text
        assert fr.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
        for href in fr.locator(".leaflet-popup-content a").evaluate_all("as => as.map(a => a.href)"):
            assert href.startswith(("http://", "https://")), href
        pg.wait_for_timeout(1000)
        assert log.dialogs == []
        assert log.errors == [], log.errors
        assert log.outside == [], log.outside[:5]
    finally:
        stop_server(server)


def test_reach_and_whatif_draw_the_served_land_offline(app_server, page) -> None:
    """Reach and What if fetch the land (What if the EEZ overlay too) from the app's static files, offline,
    and draw it; the only console errors are the deep links' two 404 probes (streamlit/streamlit#7074)."""
    pg, log = page
    served: list[tuple[str, int]] = []
    pg.on(
        "response",
        lambda r: served.append((r.url, r.status)) if r.status >= 400 or maps.LAYERS_URL in r.url else None,
    )
    fr = pg.frame_locator(MAP)
    for path, shape, panes in (
        ("reach?ring_site=sunan&ring_class=IRBM", "trajmap-ring", ("Basemap",)),
        ("whatif?wi_site=sunan&wi_bearing=80&wi_range_km=3000", "trajmap-whatif-landing", ("Basemap", "Eez")),
    ):
        pg.goto(f"{app_server.url}/{path}")
        fr.locator(f"path.{shape}").first.wait_for(state="attached", timeout=120_000)
        for pane in panes:
            fr.locator(f".leaflet-trajmap{pane}-pane[data-trajmap-drawn] canvas").wait_for(
                state="attached", timeout=30_000
            )
    layers = sorted({re.sub(r".*/", "", u) for u, status in served if maps.LAYERS_URL in u and status == 200})
    assert [n.split("-")[0] for n in layers] == ["eez", "land"], served
    failed = [u for u, status in served if status >= 400]
    # a deep link probes /<page>/_stcore/health and /<page>/_stcore/host-config: 404s, nothing else fails
    assert all(re.search(r"/(reach|whatif)/_stcore/(health|host-config)$", u) for u in failed), failed
    assert [e for e in log.errors if "404" not in e] == [], log.errors
    assert len(log.errors) <= len(failed), (log.errors, failed)  # no 404 but the probes'
    assert log.outside == [], log.outside[:5]


#: The colour of the land canvas's pixel at (lat, lon) in the map's frame, as "r,g,b,a" ("" off the canvas).
_PIXEL = """([pane, lat, lon]) => {
  const map = window.map_div, c = document.querySelector(`.leaflet-${pane}-pane canvas`);
  const at = map.latLngToLayerPoint([lat, lon]).subtract(L.DomUtil.getPosition(c));
  const k = c.width / parseFloat(c.style.width);
  const d = c.getContext("2d").getImageData(Math.round(at.x * k), Math.round(at.y * k), 1, 1).data;
  return Array.from(d).join(",");
}"""


def _land(fr, lat: float, lon: float, pane: str = "trajmapBasemap") -> str:
    return fr.locator(".leaflet-container").evaluate(
        f"(el) => ({_PIXEL})({[pane, lat, lon]!r})".replace("'", '"')
    )


def _view(fr, lat: float, lon: float, zoom: int) -> None:
    fr.locator(".leaflet-container").evaluate(
        f"() => window.map_div.setView([{lat}, {lon}], {zoom}, {{animate: false}})"
    )
    fr.locator(".leaflet-container").evaluate("() => new Promise((r) => requestAnimationFrame(() => r()))")


def test_the_packed_land_repeats_with_the_world_and_redraws_as_the_view_moves(app_server, page) -> None:
    """The land is drawn from its packed file at every copy of the world in view (west and east of the
    antimeridian, as tiles repeat), and drawn again when the map moves or zooms; the EEZ overlay, an
    overlay like the launches, is drawn once."""
    pg, log = page
    pg.goto(f"{app_server.url}/?eez=1")
    fr = pg.frame_locator(MAP)
    for pane in ("Basemap", "Eez"):
        fr.locator(f".leaflet-trajmap{pane}-pane[data-trajmap-drawn]").wait_for(
            state="attached", timeout=90_000
        )
    land = "244,241,234,255"  # LAND_COLOR, opaque
    _view(fr, 0.0, 180.0, 1)  # the antimeridian in the middle: Brazil on both sides of the view
    assert _land(fr, -10.0, -55.0) == land  # Brazil, west of the antimeridian
    assert _land(fr, -10.0, 305.0) == land  # the same land one world east
    assert _land(fr, -5.0, -120.0) == "0,0,0,0"  # the Pacific: no land
    assert _land(fr, -5.0, 240.0) == "0,0,0,0"
    # Japan's EEZ is drawn where its data are, not again one world west (both in view)
    _view(fr, 30.0, 0.0, 1)
    assert _land(fr, 35.5, 143.0, "trajmapEez") != "0,0,0,0"  # off Honshu, in the overlay
    assert _land(fr, 35.5, 143.0 - 360.0, "trajmapEez") == "0,0,0,0"
    # moved and zoomed in: drawn again at the new scale (Seoul on land, the Yellow Sea off it)
    _view(fr, 37.5, 126.5, 8)
    assert _land(fr, 37.55, 127.0) == land
    assert _land(fr, 37.0, 125.0) == "0,0,0,0"
    assert log.errors == [], log.errors
