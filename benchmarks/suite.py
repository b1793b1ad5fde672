"""The measurements behind ``python -m benchmarks``: each part returns table rows, trajmap beside a baseline
measured in the same run, with the budget and whether it is met.

Parts (``--parts``): ``apptest`` (the Explorer's rerun after a filter change vs the bare page, AppTest),
``bytes`` (what a rerun sends: the map component's ``json_args``, and fetches a rerun needs), ``geometry``
(paths, landings and EEZ verdicts vs ``pyproj.Geod`` doing the same geodesics, and the growth with the
number of launches), ``browser`` (Playwright + Debian's Chromium: navigation to map drawn, widget change to
map redrawn, and the websocket bytes of that rerun, Explorer vs bare page).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
EXPLORER = ROOT / "pages" / "explorer.py"
BARE = ROOT / "benchmarks" / "bare_page.py"
CHROMIUM = os.environ.get("TRAJMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
MAP = 'iframe[title="streamlit_folium.st_folium"]'
KB = 1024.0


@dataclass(frozen=True)
class Row:
    """One line of the table: ``value`` is trajmap's figure, ``base`` the baseline's (None for a size),
    ``ratio`` what the budget bounds (value / base, the size itself, or the exponent)."""

    figure: str
    value: str
    base: str
    ratio: float
    budget: float
    unit: str = "x"  #: "x" for ratios, "KB" for sizes, "" for an exponent
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.ratio <= self.budget

    def cells(self) -> list[str]:
        fmt = {"x": f"{self.ratio:.1f}x", "KB": f"{self.ratio:,.0f} KB", "": f"{self.ratio:.2f}"}[self.unit]
        limit = {"x": f"<= {self.budget:g}x", "KB": f"<= {self.budget:,.0f} KB", "": f"<= {self.budget:g}"}
        return [self.figure, self.value, self.base, fmt, limit[self.unit], "pass" if self.ok else "FAIL"]


def median_ms(times: list[float]) -> str:
    return f"{statistics.median(times) * 1000:,.0f} ms"


def spread(times: list[float]) -> str:
    if len(times) < 2:
        return median_ms(times)
    return f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"


# ---------------------------------------------------------------------------------------------- AppTest
def _folium_args(at: Any) -> dict[str, Any]:
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    return {"raw": comp.proto.json_args, **json.loads(comp.proto.json_args)}


def _choose_classes(at: Any, classes: list[str]) -> None:
    """Choose ``classes`` in the Explorer's Class filter and rerun, as ticking its chips does."""
    at.session_state["classes"] = list(classes)
    at.run()


def apptest_rows(*, repeat: int, smoke: bool) -> tuple[list[Row], dict[str, Any]]:
    """The Explorer's rerun after a class-filter change back to every class (the full record drawn, EEZ on)
    vs the bare page's rerun after a select-box change; medians of ``repeat``. Also returns the Explorer's
    ``json_args`` after such a rerun (for :func:`bytes_rows`)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(EXPLORER), default_timeout=300)
    at.session_state["eez"] = True
    if smoke:
        at.session_state["_dataset_choice"] = "curated"  # the small built-in set: seconds, not a minute
    at.run()
    if at.exception:
        raise RuntimeError(f"the Explorer failed: {at.exception}")
    # the Class filter is a row of chips (pages/_chips.py), a component AppTest cannot click: its options
    # are in the data it is given, and a choice is made as the chips make it, in st.session_state
    from pages._chips import component_key

    (chips,) = [el for el in at.get("bidi_component") if el.proto.id.endswith(f"-{component_key('classes')}")]
    every = list(json.loads(chips.proto.json)["options"])
    one = ["ICBM"] if "ICBM" in every else every[:1]
    bare = AppTest.from_file(str(BARE), default_timeout=60).run()
    places = list(bare.selectbox(key="place").options)
    first, last = at.slider(key="dates").value
    # the three are measured in turns, round after round, so a busy spell of the machine falls on all
    # of them alike: the Explorer's change back to every class (its view seen before), the Explorer's
    # change to a filter state never seen in this session (a new start date: nothing cached per view),
    # and the bare page's change of place
    ours: list[float] = []
    fresh: list[float] = []
    base: list[float] = []
    for i in range(repeat + 1):  # the first round warms the caches
        _choose_classes(at, one)
        t0 = time.perf_counter()
        _choose_classes(at, every)
        t1 = time.perf_counter()
        at.slider(key="dates").set_value((first + dt.timedelta(days=i + 1), last)).run()
        t2 = time.perf_counter()
        for p in places[1:] + places[:1]:
            t3 = time.perf_counter()
            bare.selectbox(key="place").set_value(p).run()
            if i:
                base.append(time.perf_counter() - t3)
        if i:
            ours.append(t1 - t0)
            fresh.append(t2 - t1)
        at.slider(key="dates").set_value((first, last)).run()
    if at.exception:
        raise RuntimeError(f"the Explorer failed: {at.exception}")
    if bare.exception:
        raise RuntimeError(f"the bare page failed: {bare.exception}")
    _choose_classes(at, one)
    _choose_classes(at, every)
    if at.exception:
        raise RuntimeError(f"the Explorer failed: {at.exception}")
    args = _folium_args(at)
    # a second rerun with the same state: the reference layers' URLs must not change
    _choose_classes(at, every)
    args["script_again"] = _folium_args(at)["script"]

    what = "curated set" if smoke else "full record"
    row = Row(
        f"AppTest rerun after a filter change, {what}, EEZ on (median of {len(ours)})",
        median_ms(ours),
        median_ms(base),
        statistics.median(ours) / statistics.median(base),
        5.0,
    )
    new = Row(
        f"  the same, to a filter state new to the session (nothing cached per view; median of {len(fresh)})",
        median_ms(fresh),
        median_ms(base),
        statistics.median(fresh) / statistics.median(base),
        5.0,
    )
    return [row, new], args


def bytes_rows(args: dict[str, Any], *, smoke: bool) -> list[Row]:
    """The map component's ``json_args`` after a rerun that draws the record with the EEZ overlay on (what
    Streamlit sends the browser for the map on each such rerun), and the fetches a rerun needs: none, when
    the reference layers' URLs stay the same (the browser fetched them once and keeps them)."""
    from trajmap import maps

    raw = args["raw"].encode()
    urls = sorted(set(_layer_urls(args["script"])))
    stable = urls == sorted(set(_layer_urls(args["script_again"])))
    files = [ROOT / "static" / "vendor" / "layers" / u.rsplit("/", 1)[-1] for u in urls]
    once = sum(f.stat().st_size for f in files if f.exists()) / KB
    what = "curated set" if smoke else "full record"
    note = (
        f"reference layers by URL ({len(urls)} files, {once:,.0f} KB, fetched once)"
        if urls and stable
        else "reference layers NOT served by a stable URL"
    )
    fetch = 0.0 if urls and stable else once
    assert maps.LAYERS_URL  # the URLs the check above looks for
    return [
        Row(
            f"bytes per rerun ({what}, EEZ on): map json_args + uncached fetches",
            f"{len(raw) / KB:,.0f} KB + {fetch:,.0f} KB",
            "—",
            len(raw) / KB + fetch,
            300.0,
            "KB",
            note,
        )
    ]


def _layer_urls(script: str) -> list[str]:
    from trajmap import maps

    out, pos = [], 0
    while (i := script.find(maps.LAYERS_URL, pos)) >= 0:
        j = script.find('"', i)
        out.append(script[i:j])
        pos = j
    return out


# ---------------------------------------------------------------------------------------------- geometry
def synthetic_launches(n: int, seed: int = 0) -> dict[str, np.ndarray]:
    """``n`` launches from North Korean sites: bearings 0-360, ranges 100-13,000 km (log-uniform); a third
    with a reported landing point, the rest derived from bearing and range."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(38.0, 41.5, n)
    lon = rng.uniform(124.5, 129.5, n)
    bearing = rng.uniform(0.0, 360.0, n)
    range_km = np.exp(rng.uniform(math.log(100.0), math.log(13000.0), n))
    reported = rng.random(n) < 1 / 3
    from trajmap import geodesy

    rl, ro = geodesy.destinations(
        lat, lon, bearing + rng.normal(0, 2, n), range_km * rng.uniform(0.95, 1.05, n)
    )
    return {
        "lat": lat,
        "lon": lon,
        "bearing": bearing,
        "range_km": range_km,
        "reported": reported,
        "landing_lat": np.where(reported, rl, np.nan),
        "landing_lon": np.where(reported, ro, np.nan),
    }


def record_launches() -> dict[str, np.ndarray]:
    """The full record's estimates with a landing point or bearing and range, as :func:`synthetic_launches`
    gives them (reported landings kept, the others derived again)."""
    from trajmap import dataset

    df = dataset.load("full")
    df = df[(df["landing_basis"] == "reported") | df["bearing_deg"].notna() & df["range_km"].notna()]
    reported = (df["landing_basis"] == "reported").to_numpy()
    return {
        "lat": df["site_lat"].to_numpy(float),
        "lon": df["site_lon"].to_numpy(float),
        "bearing": df["bearing_deg"].fillna(0.0).to_numpy(float),
        "range_km": df["range_km"].fillna(0.0).to_numpy(float),
        "reported": reported,
        "landing_lat": np.where(reported, df["landing_lat"].to_numpy(float), np.nan),
        "landing_lon": np.where(reported, df["landing_lon"].to_numpy(float), np.nan),
    }


def trajmap_geometry(d: dict[str, np.ndarray]) -> int:
    """What the Explorer computes for the launches: derived landings, display paths, EEZ verdicts."""
    from trajmap import geodesy, zones

    rep = d["reported"]
    dl, do = geodesy.destinations(d["lat"][~rep], d["lon"][~rep], d["bearing"][~rep], d["range_km"][~rep])
    la, lo = d["landing_lat"].copy(), d["landing_lon"].copy()
    la[~rep], lo[~rep] = dl, do
    _, _, starts = geodesy.display_paths(d["lat"], d["lon"], la, lo)
    zones.verdicts(la, lo)
    return int(starts[-1])


def trajmap_geodesics(d: dict[str, np.ndarray]) -> None:
    """The geodesic part of :func:`trajmap_geometry` through trajmap's own functions: derived landings,
    display paths, and the verdicts' distances (landing to a boundary point; one batch inverse)."""
    from trajmap import geodesy

    rep = d["reported"]
    dl, do = geodesy.destinations(d["lat"][~rep], d["lon"][~rep], d["bearing"][~rep], d["range_km"][~rep])
    la, lo = d["landing_lat"].copy(), d["landing_lon"].copy()
    la[~rep], lo[~rep] = dl, do
    geodesy.display_paths(d["lat"], d["lon"], la, lo)
    geodesy.inverses(la, lo, np.full(la.shape, 38.0), np.full(la.shape, 135.0))


def pyproj_geometry(d: dict[str, np.ndarray], points: np.ndarray) -> None:
    """The same geodesics with ``pyproj.Geod`` directly: the derived landings (one ``fwd``), each path's
    points (``inv_intermediate``, as many as trajmap draws), and the verdicts' distances from each landing
    to a boundary point (one ``inv``, the geodesic part of a verdict)."""
    from pyproj import Geod

    g = Geod(ellps="WGS84")
    rep = d["reported"]
    lo2, la2, _ = g.fwd(
        d["lon"][~rep],
        d["lat"][~rep],
        d["bearing"][~rep],
        d["range_km"][~rep] * 1000.0,
        return_back_azimuth=True,
    )
    la, lo = d["landing_lat"].copy(), d["landing_lon"].copy()
    la[~rep], lo[~rep] = la2, lo2
    for i in range(len(la)):
        g.inv_intermediate(
            d["lon"][i],
            d["lat"][i],
            lo[i],
            la[i],
            npts=int(points[i]),
            initial_idx=0,
            terminus_idx=0,
            return_back_azimuth=True,
        )
    g.inv(lo, la, np.full(la.shape, 135.0), np.full(la.shape, 38.0), return_back_azimuth=True)


def _path_points(d: dict[str, np.ndarray]) -> np.ndarray:
    from trajmap import geodesy

    rep = d["reported"]
    dl, do = geodesy.destinations(d["lat"][~rep], d["lon"][~rep], d["bearing"][~rep], d["range_km"][~rep])
    la, lo = d["landing_lat"].copy(), d["landing_lon"].copy()
    la[~rep], lo[~rep] = dl, do
    _, _, starts = geodesy.display_paths(d["lat"], d["lon"], la, lo)
    return np.diff(starts)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


_GEOMETRY_NOTE = (
    "trajmap = derived landings, display paths and EEZ verdicts (point in zone, nearest boundary point, "
    "distance); baseline = pyproj.Geod doing the same geodesics (fwd for the landings, inv_intermediate "
    "per path with as many points, one inv for the verdicts' distances); 'the geodesics alone' is trajmap "
    "without the point-in-zone and nearest-line searches (shapely)"
)


def geometry_rows(*, repeat: int, smoke: bool) -> list[Row]:
    """trajmap's geometry vs pyproj for the full record and synthetic sets, and its growth exponent (the
    slope of log time on log n from the smallest to the largest synthetic set)."""
    from trajmap import zones

    zones.verdicts([40.0], [135.0])  # build the EEZ index once, outside the timings
    sets: list[tuple[str, dict[str, np.ndarray]]] = []
    if not smoke:
        sets.append(("full record", record_launches()))
    sizes = (20, 60, 200) if smoke else (339, 1000, 3000, 10000)
    sets += [(f"synthetic {n:,}", synthetic_launches(n, seed=n)) for n in sizes]
    rows, growth = [], []
    for name, d in sets:
        pts = _path_points(d)
        ours = best_of(lambda d=d: trajmap_geometry(d), repeat)
        geo = best_of(lambda d=d: trajmap_geodesics(d), repeat)
        base = best_of(lambda d=d, pts=pts: pyproj_geometry(d, pts), repeat)
        n = len(d["lat"])
        if name.startswith("synthetic"):
            growth.append((n, ours))
        what = f"{name} ({n:,} launches, {int(pts.sum()):,} path points; median of {repeat})"
        rows.append(
            Row(
                f"geometry, {what}",
                median_ms([ours]),
                median_ms([base]),
                ours / base,
                2.0,
                note="" if rows else _GEOMETRY_NOTE,
            )
        )
        rows.append(
            Row(f"  of it the geodesics alone, {name}", median_ms([geo]), median_ms([base]), geo / base, 2.0)
        )
    ns, ts = np.log([g[0] for g in growth]), np.log([g[1] for g in growth])
    slope = float(np.polyfit(ns, ts, 1)[0])
    rows.append(
        Row(
            f"geometry growth exponent, {growth[0][0]:,} to {growth[-1][0]:,} launches (slope, log-log)",
            " / ".join(f"{t * 1000:,.0f}" for _, t in growth) + " ms",
            "—",
            slope,
            1.1,
            "",
        )
    )
    return rows


# ---------------------------------------------------------------------------------------------- browser
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def serve(script: Path, log: Path) -> Iterator[str]:
    """``streamlit run script`` on 127.0.0.1 (offline), from the repository (its config: static serving)."""
    port = _free_port()
    env = {**os.environ, "TRAJMAP_OFFLINE": "1"}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script.relative_to(ROOT)),
        "--server.headless",
        "true",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start: {log.read_text()[-2000:]}") from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


class Wire:
    """Bytes the page receives over Streamlit's websocket, and the HTTP responses it gets (not from cache)."""

    def __init__(self, page: Any) -> None:
        self.ws = 0
        self.http: list[tuple[str, int]] = []
        page.on("websocket", self._socket)
        page.on("response", self._response)

    def _socket(self, ws: Any) -> None:
        ws.on("framereceived", lambda payload: self._frame(payload))

    def _frame(self, payload: Any) -> None:
        self.ws += len(payload) if isinstance(payload, bytes | bytearray) else len(str(payload).encode())

    def _response(self, resp: Any) -> None:
        if resp.status == 200 and not resp.from_service_worker:
            self.http.append((resp.url, int(resp.headers.get("content-length") or 0)))

    def reset(self) -> None:
        self.ws = 0
        self.http = []


def _wait(page: Any, js: str, arg: Any, timeout_s: float) -> None:
    """Wait until the condition ``js`` (the body of a function of ``arg``) holds in the page."""
    page.wait_for_function(f"(arg) => {{ {js} }}", arg=arg, timeout=timeout_s * 1000, polling=50)


def _settle(page: Any, quiet_ms: int = 1500, limit_s: float = 60) -> None:
    """Wait until no rerun has run for ``quiet_ms`` (the map reports its view after a redraw: one more)."""
    page.wait_for_function(
        """([quiet]) => {
          const busy = document.querySelector(
            '[data-testid="stStatusWidgetRunningIcon"], [data-stale="true"]');
          const now = performance.now();
          if (busy || !window.__bq) { window.__bq = now; return false; }
          return now - window.__bq > quiet;
        }""",
        arg=[quiet_ms],
        timeout=limit_s * 1000,
        polling=100,
    )
    page.evaluate("() => { window.__bq = null; }")


def browser_rows(*, repeat: int) -> list[Row]:
    """Explorer (full record, EEZ on) vs bare page in Chromium: navigation until the map is drawn (the
    Explorer: every trajectory, the basemap and the EEZ overlay), and a widget change until the map is
    redrawn (the Explorer: the Class filter set to ICBM; the bare page: another place), each in a fresh
    browser context; and the websocket bytes of the Explorer's widget change."""
    from playwright.sync_api import sync_playwright

    from trajmap import dataset

    df = dataset.load("full")  # what the app opens on, smoke or not
    landed = df["landing_basis"] != "unknown"
    n_all, n_icbm = int(landed.sum()), int((landed & (df["class"] == "ICBM")).sum())
    nav: dict[str, list[float]] = {"explorer": [], "bare": []}
    change: dict[str, list[float]] = {"explorer": [], "bare": []}
    ws_bytes: list[int] = []
    http_bytes: list[int] = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with (
                serve(ROOT / "app.py", Path(tmp) / "app.log") as app,
                serve(BARE, Path(tmp) / "bare.log") as bare,
            ):
                for i in range(repeat + 1):  # the first round warms the servers' caches
                    for kind in ("bare", "explorer"):
                        ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
                        page = ctx.new_page()
                        wire = Wire(page)
                        t_nav, t_change = (
                            _explorer_round(page, app, wire, n_all, n_icbm)
                            if kind == "explorer"
                            else _bare_round(page, bare)
                        )
                        if i:
                            nav[kind].append(t_nav)
                            change[kind].append(t_change)
                            if kind == "explorer":
                                ws_bytes.append(wire.ws)
                                http_bytes.append(sum(n for _, n in wire.http))
                        ctx.close()
        finally:
            browser.close()
    what = "full record"
    k = len(nav["explorer"])
    return [
        Row(
            f"browser: navigation to map drawn, {what} (median of {k})",
            spread(nav["explorer"]),
            spread(nav["bare"]),
            statistics.median(nav["explorer"]) / statistics.median(nav["bare"]),
            1.5,
        ),
        Row(
            f"browser: widget change to map redrawn, {what} (median of {k})",
            spread(change["explorer"]),
            spread(change["bare"]),
            statistics.median(change["explorer"]) / statistics.median(change["bare"]),
            2.0,
        ),
        Row(
            f"browser: bytes of that rerun over the websocket + HTTP, {what} -> ICBM, EEZ on",
            f"{statistics.median(ws_bytes) / KB:,.0f} KB + {statistics.median(http_bytes) / KB:,.0f} KB",
            "—",
            (statistics.median(ws_bytes) + statistics.median(http_bytes)) / KB,
            300.0,
            "KB",
            "every element that changed (map, table, chart), as Streamlit sends them",
        ),
    ]


_COUNT = (
    "const d = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " const doc = d && d.contentDocument; if (!doc) return false;"
    " const n = doc.querySelectorAll('path.trajmap-trajectory').length;"
    " const land = doc.querySelector('.leaflet-trajmapBasemap-pane[data-trajmap-drawn]');"
    " const eez = doc.querySelector('.leaflet-trajmapEez-pane[data-trajmap-drawn]');"
    " return n === arg && !!land && !!eez;"
)


def _explorer_round(page: Any, url: str, wire: Any, n_all: int, n_icbm: int) -> tuple[float, float]:
    t0 = time.perf_counter()
    page.goto(f"{url}/?eez=1")
    _wait(page, _COUNT, n_all, 240)
    t_nav = time.perf_counter() - t0
    _settle(page)
    wire.reset()
    # the Class filter's ICBM chip (pages/_chips.py), ticked with the keyboard as the bare page's choice is
    # made: focused first, then the key that changes the value
    page.locator('[data-testid="stSidebar"] label.chip', has_text="ICBM").locator("input").focus()
    t0 = time.perf_counter()
    page.keyboard.press("Space")
    _wait(page, _COUNT, n_icbm, 240)
    t_change = time.perf_counter() - t0
    _settle(page)
    return t_nav, t_change


_MARKER = (
    "const d = document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]');"
    " const doc = d && d.contentDocument; if (!doc) return false;"
    " const m = doc.querySelector('path.bare-marker'); return !!m && m.getAttribute('d') !== arg;"
)


def _bare_round(page: Any, url: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    page.goto(url)
    _wait(page, _MARKER, "", 240)
    t_nav = time.perf_counter() - t0
    _settle(page)
    before = page.frame_locator(MAP).locator("path.bare-marker").get_attribute("d")
    page.locator('[data-testid="stSelectbox"]').first.click()
    t0 = time.perf_counter()
    page.keyboard.type("Tokyo")
    page.keyboard.press("Enter")
    _wait(page, _MARKER, before, 120)
    t_change = time.perf_counter() - t0
    _settle(page)
    return t_nav, t_change
