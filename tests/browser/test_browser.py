"""Real-browser tests: the app in Debian's Chromium, offline, with no request leaving 127.0.0.1."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from trajmap import records

from .conftest import ROOT, full_record, start_server, stop_server
from .panels import class_chip, open_panel, open_uploader

pytestmark = pytest.mark.browser
MAP = 'iframe[title="streamlit_folium.st_folium"]'


def _open(pg, url: str):
    pg.goto(url)
    fr = pg.frame_locator(MAP)
    fr.locator(".leaflet-container").wait_for(timeout=60_000)
    fr.locator("path.trajmap-trajectory").first.wait_for(timeout=60_000)
    return fr


def _open_reach(pg, url: str):
    pg.goto(url)
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-ring").first.wait_for(timeout=60_000)
    return fr


def _settle(pg, quiet_s: float = 1.5, timeout_s: float = 60.0) -> None:
    """Wait until the page has stopped rerunning (no run for ``quiet_s``, the URL unchanged): a click while
    a rerun is on races it. The map does not report the view the page put it in, so none follows a draw."""
    import time

    deadline = time.monotonic() + timeout_s
    last, since = pg.url, time.monotonic()
    while time.monotonic() < deadline:
        pg.wait_for_timeout(250)
        running = pg.locator('[data-testid="stStatusWidget"]').count() > 0
        if pg.url != last or running:
            last, since = pg.url, time.monotonic()
        elif time.monotonic() - since >= quiet_s:
            return
    raise AssertionError(f"the page kept rerunning for {timeout_s} s (url {pg.url})")


def _download(pg, label: str, dest: Path) -> Path:
    button = pg.get_by_role("button", name=label, exact=True)
    with pg.expect_download(timeout=60_000) as dl:
        button.click()
    dl.value.save_as(dest)
    return dest


def _choose_launch(pg, typed: str, heading_text: str):
    """Choose a launch in the "Launch" box as a user would, and wait for its details' heading.

    The page reruns when the map reports its view; keys typed into the box during a rerun are lost, so
    wait for the page to settle, and type again if the heading does not come."""
    heading = pg.locator("h3", has_text=heading_text).first
    box = pg.locator('[data-testid="stSelectbox"]', has_text="Launch").last
    for _ in range(3):
        _settle(pg)
        box.click()
        pg.keyboard.type(typed)
        pg.keyboard.press("Enter")
        try:
            heading.wait_for(timeout=20_000)
            return heading
        except PlaywrightTimeout:
            pg.keyboard.press("Escape")
    heading.wait_for(timeout=20_000)
    return heading


def _wait_count(fr, expected: int, timeout_s: float = 30.0) -> int:
    import time

    deadline = time.monotonic() + timeout_s
    n = -1
    while time.monotonic() < deadline:
        n = fr.locator("path.trajmap-trajectory").count()
        if n == expected:
            return n
        time.sleep(0.3)
    return n


def test_explorer_renders_offline_with_one_path_per_trajectory(app_server, page) -> None:
    pg, log = page
    fr = _open(pg, app_server.url)
    df = full_record()  # the full record the app opens on
    expected = int((df["landing_basis"] != "unknown").sum())
    assert _wait_count(fr, expected) == expected
    assert fr.locator(".leaflet-container").count() == 1
    pg.wait_for_timeout(1500)
    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"
    assert log.errors == [], log.errors
    # the default selection's details are shown, with the competing estimates
    assert pg.get_by_text("Competing estimates").count() >= 1
    assert pg.locator("h3", has_text="2025-01-06").count() >= 1


def test_a_landing_point_inside_the_reach_ring_shows_its_tooltip_and_opens_its_popup(
    app_server, page
) -> None:
    # regression: the implied-reach ring lay on top of the launches: inside it, landing points showed the
    # ring's tooltip and their popups did not open
    pg, log = page
    fr = _open(pg, app_server.url)  # the 2025-01-06 launch, with its class's reach ring around the site
    fr.locator("path.trajmap-ring").first.wait_for(timeout=30_000)
    _settle(pg)
    landing = fr.locator("path.trajmap-landing").last  # the selected launch's, drawn last
    landing.hover()  # a real pointer: Playwright checks that this marker, not the ring, is hit there
    fr.locator(".leaflet-tooltip", has_text="2025-01-06").first.wait_for(timeout=10_000)
    landing.click()
    popup = fr.locator(".leaflet-popup-content")
    popup.wait_for(timeout=10_000)
    assert "2025-01-06" in popup.inner_text()
    assert log.errors == [], log.errors


def test_filter_changes_path_count_and_choosing_a_launch_shows_it(app_server, page) -> None:
    pg, log = page
    fr = _open(pg, app_server.url)
    _settle(pg)
    df = full_record()  # the full record the app opens on
    shown = df["landing_basis"] != "unknown"
    icbm = int((shown & (df["class"] == "ICBM")).sum())
    class_chip(pg, "ICBM").click()  # the Class filter's chip (pages/_chips.py)
    assert _wait_count(fr, icbm) == icbm < int(shown.sum())
    # choose another launch in the select box: its details replace the default's
    other = df[df["class"] == "ICBM"].sort_values("date").iloc[0]["event_id"]
    _choose_launch(pg, str(other), str(other))
    # a click on the timeline picks a launch too
    open_panel(pg, "Timeline")
    last = df[df["class"] == "ICBM"].sort_values("date").iloc[-1]
    point = pg.locator(
        f'[data-testid="stVegaLiteChart"] g.mark-symbol path[aria-label*="date: {last["date"]:%b %d, %Y}"]'
    )
    _settle(pg)  # the chart is redrawn after each selection; a click on the old drawing is lost
    # the Timeline panel stays open; the choice shows on the map and in the link
    picked = f"event={last['event_id']}"
    for _ in range(3):  # as a user would, click again if the first click fell between two drawings
        point.first.click(force=True)
        for _ in range(40):
            if picked in pg.url:
                break
            pg.wait_for_timeout(250)
        if picked in pg.url:
            break
        _settle(pg)
    assert picked in pg.url
    n_last = int(((df["event_id"] == last["event_id"]) & shown).sum())
    thick = fr.locator('path.trajmap-trajectory[stroke-width="4"]')  # the selected launch's, drawn thicker
    for _ in range(40):
        if thick.count() == n_last:
            break
        pg.wait_for_timeout(250)
    assert thick.count() == n_last > 0
    assert f"event={last['event_id']}" in pg.url
    assert log.errors == [], log.errors


def test_upload_adds_records_and_a_bad_file_names_its_rows(app_server, page, tmp_path: Path) -> None:
    pg, log = page
    fr = _open(pg, app_server.url)
    _settle(pg)
    df = full_record()  # the full record the app opens on
    mine = records.load_launches(ROOT / "tests" / "fixtures" / "launches_small.csv")
    expected = int((df["landing_basis"] != "unknown").sum() + (mine["landing_basis"] != "unknown").sum())
    upload = open_uploader(pg)
    upload.set_input_files(str(ROOT / "tests" / "fixtures" / "launches_small.csv"))
    pg.get_by_text(f"Loaded {len(mine)} of your records").first.wait_for(timeout=30_000)
    assert _wait_count(fr, expected) == expected
    # closing the section hides the uploader and keeps the file: still the user's records on the map
    pg.locator('[data-testid="stSidebar"] summary', has_text="Add your own records").click()
    _settle(pg)
    assert _wait_count(fr, expected) == expected
    assert upload.count() == 1  # still built, hidden
    pg.locator('[data-testid="stSidebar"] summary', has_text="Add your own records").click()
    # a file with a bad value: nothing loaded, and the problem is named by row and column
    bad = tmp_path / "bad.csv"
    lines = (ROOT / "tests" / "fixtures" / "launches_small.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",ICBM,", ",ICMB,", 1)
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    upload.set_input_files(str(bad))
    alert = pg.locator('[data-testid="stAlert"]', has_text="was not loaded")
    alert.first.wait_for(timeout=30_000)
    assert "row 3, column 'class', value 'ICMB'" in alert.first.inner_text()
    # the rejected file is not used: the map shows the curated records alone
    curated = int((df["landing_basis"] != "unknown").sum())
    assert _wait_count(fr, curated) == curated
    assert log.errors == [], log.errors


def test_hostile_record_shows_as_text_and_fires_no_dialog(browser, tmp_path: Path, page) -> None:
    pg, log = page
    server = start_server(tmp_path, TRAJMAP_LAUNCHES=str(ROOT / "tests" / "fixtures" / "hostile.csv"))
    try:
        fr = _open(pg, server.url)
        pg.locator("h3", has_text="<img src=x onerror=alert(1)>").first.wait_for(timeout=30_000)
        # open the landing point's popup: the name is text there too
        fr.locator("path.trajmap-landing").last.click(force=True)  # the selected (hostile) launch's, on top
        popup = fr.locator(".leaflet-popup-content")
        popup.wait_for(timeout=10_000)
        assert "<img src=x onerror=alert(1)>" in popup.inner_text() or "<script>" in popup.inner_text()
        assert fr.locator(".leaflet-popup-content img").count() == 0
        pg.wait_for_timeout(1000)
        assert log.dialogs == []
        assert log.outside == [], log.outside[:5]
    finally:
        stop_server(server)


def test_share_url_reopens_the_same_view(app_server, page) -> None:
    pg, log = page
    url = f"{app_server.url}/?event=2017-11-29&class=ICBM&from=2017-01-01&to=2017-12-31"
    fr = _open(pg, url)
    df = full_record()  # the full record the app opens on
    shown = (
        (df["landing_basis"] != "unknown")
        & (df["class"] == "ICBM")
        & (df["date"] >= "2017-01-01")
        & (df["date"] <= "2017-12-31")
    )
    assert _wait_count(fr, int(shown.sum())) == int(shown.sum())
    pg.locator("h3", has_text="2017-11-29").first.wait_for(timeout=30_000)
    # the page keeps the view in its own URL, so copying the address bar shares it
    assert "event=2017-11-29" in pg.url
    assert "class=ICBM" in pg.url
    assert pg.get_by_text("Page not found").count() == 0
    assert log.errors == [], log.errors
    assert log.outside == []
    # a Reach link opens on that page with its ring site, not on the Explorer with a "Page not found"
    _open_reach(pg, f"{app_server.url}/reach?ring_site=sohae")
    pg.locator("h3", has_text="of Sohae Satellite Launching Station").first.wait_for(timeout=30_000)
    assert pg.get_by_text("Page not found").count() == 0


def test_downloads_build_on_click(app_server, page, tmp_path: Path) -> None:
    pg, log = page
    _open(pg, app_server.url)
    _settle(pg)
    open_panel(pg, "Export")
    _settle(pg)
    png = _download(pg, "Snapshot PNG", tmp_path / "snap.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    csv_file = _download(pg, "CSV", tmp_path / "launches.csv")
    assert csv_file.read_text().startswith("event_id,")
    # a download does not rerun the page: the view (and its URL) stay as they were
    assert "event=2025-01-06" in pg.url
    assert pg.locator('[data-testid="stDownloadButton"] [role="alert"]').count() == 0
    assert log.errors == [], log.errors


def _hostile_csv(path: Path) -> int:
    """One record per payload family, the payload in every text field; returns the number of records."""
    import csv

    from tests.payloads import PAYLOADS

    fields = ["event_id", "date", "missile", "class", "site", "site_lat", "site_lon", "bearing_deg"]
    fields += ["range_km", "estimate_by", "landing_statement", "notes", "source_url"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(fields)
        for i, text in enumerate(PAYLOADS):
            day, bearing = f"2020-01-{i % 28 + 1:02d}", 40 + 3 * i
            where = [f"s{i} {text}", "39.0", "125.8", bearing, "700"]
            w.writerow([f"h{i} {text}", day, text, "IRBM", *where, text, text, text, text])
    return len(PAYLOADS)


_INJECTED = "img, svg[onload], [onerror], [onload], iframe[srcdoc]"

#: In the page, for each element in turn (or each ``step``-th): a mouseover and a click (as Playwright's
#: ``dispatch_event`` sends them); returns what the popup and tooltip each one opened hold that matches
#: ``injected`` (each checked while it is open, not only the last). One call for all of them, not two
#: round trips per element (hundreds of landing points), and with the popups' autoPan off meanwhile: each
#: pan moves every path on the map and, in the app, reports a moved map that reruns the page; neither
#: changes what a popup or tooltip holds.
_HOVER_AND_CLICK_EACH = """async (els, [injected, step]) => {
    const found = [];
    const init = {bubbles: true, cancelable: true, composed: true};
    const options = L.Popup.prototype.options, autoPan = options.autoPan;
    options.autoPan = false;
    try {
        for (const el of els.filter((_, i) => i % step === 0)) {
            el.dispatchEvent(new MouseEvent("mouseover", init));
            el.dispatchEvent(new MouseEvent("click", init));
            for (const bad of el.ownerDocument.querySelectorAll(
                `.leaflet-popup-content :is(${injected}), .leaflet-tooltip :is(${injected})`
            )) found.push(bad.outerHTML.slice(0, 200));
        }
    } finally {
        options.autoPan = autoPan;
    }
    await new Promise(resolve => setTimeout(resolve, 100));  // what the last ones started, done
    return found;
}"""


def test_hostile_upload_runs_nothing_in_the_page_or_the_exported_map(
    app_server, page, browser, tmp_path: Path
) -> None:
    """Every payload family in every text field of an upload: tooltips, popups, table, details and the
    exported HTML show them as text; no dialog opens, nothing is injected, no request leaves 127.0.0.1."""
    from tests.payloads import PAYLOADS

    pg, log = page
    fr = _open(pg, app_server.url)
    _settle(pg)
    n = _hostile_csv(tmp_path / "hostile.csv")
    open_uploader(pg).set_input_files(str(tmp_path / "hostile.csv"))
    pg.get_by_text(f"Loaded {n} of your records").first.wait_for(timeout=30_000)
    df = full_record()  # the full record the app opens on
    expected = int((df["landing_basis"] != "unknown").sum()) + n
    assert _wait_count(fr, expected) == expected  # a broken script would draw no trajectory at all
    # every landing point's tooltip and popup
    landings = fr.locator("path.trajmap-landing")
    assert landings.count() >= expected
    assert landings.evaluate_all(_HOVER_AND_CLICK_EACH, [_INJECTED, 1]) == []
    fr.locator(".leaflet-popup-content").first.wait_for(timeout=10_000)
    assert (
        fr.locator(f".leaflet-popup-content :is({_INJECTED}), .leaflet-tooltip :is({_INJECTED})").count() == 0
    )
    # a hostile launch's details, chosen in the launch box
    link = "[a link](https://example.org)"
    heading = _choose_launch(pg, f"h{PAYLOADS.index(link)} ", "[a link](https:")
    # Markdown shown as text; a bare address carries an invisible word joiner, so it is not linked
    as_shown = re.compile(re.escape("[a link](https:") + "\u2060?" + re.escape("//example.org)"))
    pg.get_by_text(as_shown).first.wait_for(timeout=20_000)  # in the estimates' table
    assert link in heading.inner_text().replace("\u2060", "")
    assert pg.get_by_text(as_shown).count() >= 2  # the statement and the source, shown as plain text
    # no link or image made from the text: not the Markdown link, not the bare address inside it
    assert pg.locator('a[href*="example.org"], img[src^="https://"], img[src="x"]').count() == 0
    open_panel(pg, "All launches")
    # the exported HTML, opened from disk (after the page's reruns: popups pan the map, which reruns it)
    _settle(pg)
    open_panel(pg, "Export")
    _settle(pg)
    html_file = _download(pg, "Interactive map (HTML)", tmp_path / "map.html")
    text = html_file.read_text(encoding="utf-8")
    assert "ZZ49ZZ" not in text
    assert "PID" + str(app_server.proc.pid) not in text
    ctx = browser.new_context()
    try:
        exported = ctx.new_page()
        errors: list[str] = []
        exported.on("dialog", lambda d: (log.dialogs.append(d.message), d.dismiss()))
        exported.on("pageerror", lambda e: errors.append(str(e)))
        exported.on("request", lambda r: log.outside.append(r.url) if r.url.startswith("http") else None)
        exported.goto(html_file.as_uri())
        exported.locator("path.trajmap-trajectory").first.wait_for(timeout=30_000)
        drawn = exported.locator("path.trajmap-trajectory").count()
        assert drawn == expected, f"{drawn} of {expected} trajectories drawn in the export"
        # the land, inlined in the file, drawn on its canvas
        exported.locator(".leaflet-trajmapBasemap-pane[data-trajmap-drawn]").wait_for(state="attached")
        assert int(exported.locator(".leaflet-trajmapBasemap-pane").get_attribute("data-trajmap-drawn")) > 100
        exported_landings = exported.locator("path.trajmap-landing")
        assert exported_landings.count() >= expected
        assert exported_landings.evaluate_all(_HOVER_AND_CLICK_EACH, [_INJECTED, 7]) == []  # every 7th
        assert exported.locator(_INJECTED).count() == 0
        assert errors == []
    finally:
        ctx.close()
    pg.wait_for_timeout(1000)
    assert log.dialogs == [], log.dialogs[:5]
    assert log.outside == [], log.outside[:5]
    assert log.errors == [], log.errors[:5]


def test_data_page_imports_the_cns_file_reports_its_rejects_and_merges_it(app_server, page) -> None:
    cns = (
        Path(os.environ["TRAJMAP_DATA_DIR"]) / "nk_missiles" / "cns" / "north_korea_missile_test_database.csv"
    )
    if not cns.is_file():
        pytest.skip("no CNS file to import")
    pg, log = page
    pg.goto(f"{app_server.url}/data")
    pg.get_by_text("Record as of 2026-04-21").first.wait_for(timeout=60_000)
    pg.locator('input[type="file"]').set_input_files(str(cns))
    pg.get_by_text("Validation report").first.wait_for(timeout=90_000)
    report = pg.locator('[data-testid="stDataFrame"]').nth(1)
    report.wait_for(timeout=30_000)
    pg.get_by_text("14 rejected rows").first.wait_for(timeout=30_000)
    # the rejected rows, as given and with their reasons, download as CSV
    dest = _download(
        pg, "Download the rejected rows with their reasons (CSV)", Path(tempfile.mkdtemp()) / "r.csv"
    )
    rejected = dest.read_text(encoding="utf-8")
    assert rejected.count("has no coordinates in the CNS data") == 14
    # merged into the full record, the Explorer shows the CNS estimates too
    before = pg.get_by_text("Showing 171 launch events").first.inner_text()
    pg.get_by_text("Full record and your files, merged").click()
    more = pg.get_by_text(re.compile(r"Showing 171 launch events and 7\d\d estimates"))
    more.first.wait_for(timeout=60_000)
    assert more.first.inner_text() != before
    pg.get_by_role("link", name="Explorer").click()
    fr = pg.frame_locator(MAP)
    fr.locator("path.trajmap-trajectory").first.wait_for(timeout=90_000)
    pg.get_by_text("Full record and your files, merged.").first.wait_for(timeout=30_000)
    assert log.outside == [], f"requests left the machine: {log.outside[:5]}"


def test_data_page_maps_the_columns_of_a_foreign_table(app_server, page, tmp_path: Path) -> None:
    pg, log = page
    src = tmp_path / "mine.csv"
    src.write_text(
        "Day,Weapon,Lat,Lon,Distance (km),Heading,Who,Link\n"
        "2025-01-06,Test missile,39.03,125.75,1100,58,An analyst,https://example.org/a\n"
        "2025-01-07,Bad row,95,125.75,300,58,An analyst,https://example.org/b\n",
        encoding="utf-8",
    )
    pg.goto(f"{app_server.url}/data")
    pg.get_by_text("Record as of").first.wait_for(timeout=60_000)
    pg.locator('input[type="file"]').set_input_files(str(src))
    pg.get_by_text("Map the columns of mine.csv").first.wait_for(timeout=60_000)
    box = pg.get_by_label("or one class for every row")
    box.fill("SRBM")
    pg.get_by_role("button", name="Import with this mapping").click()
    pg.get_by_text("Validation report").first.wait_for(timeout=60_000)
    pg.get_by_text("mine.csv: 1 rejected rows").first.wait_for(timeout=30_000)
    # a deep link makes Streamlit probe /data/_stcore/health (streamlit/streamlit#7074): 404s, nothing else
    assert [e for e in log.errors if "404" not in e] == [], log.errors
    assert log.outside == [], log.outside[:5]


@pytest.mark.parametrize(
    ("query", "shape", "heading"),
    [
        ("ring_site=sunan&ring_class=ICBM&ring_rot=1", "trajmap-footprint", "rotating-Earth footprint"),
        ("ring_mode=reverse&ring_target=hagatna&ring_km=3400", "trajmap-reverse", "Guam with 3,400 km"),
        ("ring_mode=border&ring_country=PRK&ring_km=1000", "trajmap-border-ring", "of the territory of"),
    ],
)
def test_reach_modes_draw_their_shape_and_table(
    app_server, page, query: str, shape: str, heading: str
) -> None:
    """Each new Reach mode, opened from its link: the map draws its shape and the table shows."""
    pg, log = page
    pg.goto(f"{app_server.url}/reach?{query}")
    fr = pg.frame_locator(MAP)
    path = fr.locator(f"path.{shape}").first
    path.wait_for(timeout=60_000)
    d = path.get_attribute("d") or ""
    assert d.count("L") > 10, "a drawn outline (Leaflet clips it to the view), not an empty path"
    pg.get_by_text(heading).first.wait_for(timeout=30_000)
    assert pg.locator('[data-testid="stDataFrame"]').count() >= 1
    assert log.outside == [], log.outside
    # a deep link makes Streamlit probe /reach/_stcore/health (streamlit/streamlit#7074): 404s, nothing else
    assert [e for e in log.errors if "404" not in e] == [], log.errors


def test_a_widget_change_runs_the_page_once_and_a_moved_map_goes_into_the_url(app_server, page) -> None:
    # regression: the map reported back the view the page had just put it in, and that report started a
    # second rerun (often stopping the first one halfway): two runs per filter change, two per first load
    pg, log = page
    sent: list[int] = []  # the page's messages to the server: each rerun request is one
    pg.on("websocket", lambda ws: ws.on("framesent", lambda f: sent.append(len(f))))
    fr = _open(pg, app_server.url)
    _settle(pg)
    assert len(sent) == 1, sent  # the first run only
    assert "zoom=" not in pg.url  # the view follows the selected launch: nothing of the map's in the link
    sent.clear()
    df = full_record()
    shown = df["landing_basis"] != "unknown"
    icbm = int((shown & (df["class"] == "ICBM")).sum())
    class_chip(pg, "ICBM").click()
    assert _wait_count(fr, icbm) == icbm
    _settle(pg)
    assert len(sent) == 1, sent  # the filter's rerun, and no report of the map's new view after it
    # the user's own move is reported: the link then reopens that view
    box = pg.locator(MAP).bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    pg.mouse.move(x, y)
    pg.mouse.down()
    pg.mouse.move(x + 160, y + 90, steps=8)
    pg.mouse.up()
    pg.wait_for_function("() => /[?&]zoom=/.test(location.search) && /[?&]lat=/.test(location.search)")
    assert "class=ICBM" in pg.url
    assert log.errors == [], log.errors
