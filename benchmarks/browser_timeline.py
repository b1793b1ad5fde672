"""Where the browser's time goes: a timeline of the Explorer (or the bare page) in Chromium.

    python -m benchmarks.browser_timeline              # the Explorer: navigation, then Class -> ICBM
    python -m benchmarks.browser_timeline --bare       # the bare page the benchmark compares it with
    python -m benchmarks.browser_timeline --url http://127.0.0.1:8501   # a server already running

It serves the page as ``python -m benchmarks --parts browser`` does (offline, a warm-up visit first), opens it
in a fresh browser context and prints, in milliseconds since navigation start (for the widget change: since
the key that ticks the Class filter's ICBM chip): the websocket's opening and its large messages, when the
map's iframe, the timeline chart and the table appear in the page, when the map shows its first trajectory,
all of them, the land and the EEZ layer, the main thread's long tasks (over 50 ms) and its CPU time
(Chromium's ``ThreadTime``), and the slowest script and data fetches. A number here is one visit on a shared
machine: compare runs taken minutes apart, not across days.
"""

from __future__ import annotations

import argparse
import contextlib
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks import suite

# Marks, in the top page's clock: the websocket (wrapped), long tasks, elements appearing in the page and,
# polled every 15 ms, what the map's frame (same origin) has drawn.
_PROBE = r"""
(() => {
  if (window !== window.top) return;
  const ev = window.__tl = [];
  const mark = (name, extra) => ev.push([performance.now(), name, extra === undefined ? "" : extra]);
  window.__tlMark = mark;
  const WS = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new WS(...args);
    mark("websocket open");
    ws.addEventListener("message", (e) => mark("ws message", e.data.byteLength || e.data.size || 0));
    return ws;
  };
  window.WebSocket.prototype = WS.prototype;
  Object.assign(window.WebSocket, WS);
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) ev.push([e.startTime, "long task", Math.round(e.duration)]);
  }).observe({type: "longtask", buffered: true});
  const seen = new Set();
  const once = (name, extra) => { if (!seen.has(name)) { seen.add(name); mark(name, extra); } };
  let last = -1;
  setInterval(() => {
    const d = document;
    if (d.querySelector('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')) once("sidebar widgets");
    if (d.querySelector('[data-testid="stVegaLiteChart"]')) once("timeline element");
    if (d.querySelector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg'))
      once("timeline drawn");
    if (d.querySelector('[data-testid="stDataFrame"] canvas')) once("table drawn");
    const f = d.querySelector('iframe[title="streamlit_folium.st_folium"]');
    if (!f) return;
    once("map iframe element");
    const m = f.contentDocument;
    if (!m) return;
    if (m.querySelector(".leaflet-container")) once("map: leaflet container");
    const drawn = (p) => Number((m.querySelector(p) || {dataset: {}}).dataset.trajmapDrawn || 0);
    const land = drawn(".leaflet-trajmapBasemap-pane");
    const eez = drawn(".leaflet-trajmapEez-pane");
    if (land) once("map: land drawn", land);
    if (eez) once("map: EEZ drawn", eez);
    if (m.querySelector("path.bare-marker")) once("map: bare marker drawn");
    const n = m.querySelectorAll("path.trajmap-trajectory").length;
    if (n !== last) { last = n; mark("map: trajectories", n); }
  }, 15);
})();
"""


@contextlib.contextmanager
def _server(bare: bool, url: str | None) -> Iterator[str]:
    if url:
        yield url.rstrip("/")
        return
    with tempfile.TemporaryDirectory() as tmp:
        script = suite.BARE if bare else suite.ROOT / "app.py"
        with suite.serve(script, Path(tmp) / "server.log") as served:
            yield served


def _cpu(cdp: Any) -> float:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return float(metrics["ThreadTime"])


def _print(page: Any, since: float, title: str, cpu: float) -> None:
    events = sorted(e for e in page.evaluate("() => window.__tl") if e[0] >= since)
    print(f"--- {title}; main thread CPU {cpu:.2f} s")
    long_ms = 0
    for t, name, extra in events:
        if name == "ws message" and extra < 2048:
            continue
        if name == "long task":
            long_ms += extra
        print(f"  {t - since:8.0f}  {name} {extra}")
    print(f"  long tasks in all: {long_ms} ms")


def _fetches(page: Any, top: int) -> None:
    print(f"  the {top} slowest fetches (start-end ms, transferred KB, what; frame):")
    rows = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            rows += frame.evaluate(
                """() => { const d = performance.timeOrigin - window.top.performance.timeOrigin;
                return performance.getEntriesByType('resource').map(e => [e.responseEnd - e.startTime,
                  e.startTime + d, e.responseEnd + d, e.transferSize / 1024, e.name.split('/').pop(),
                  window === window.top ? 'page' : 'map']); }"""
            )
    for _, start, end, kb, name, where in sorted(rows, reverse=True)[:top]:
        print(f"    {start:7.0f}-{end:7.0f} {kb:7.1f}  {name[:60]}; {where}")


def main() -> None:
    """Serve the page, visit it once to warm the server, then print one visit's timeline."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bare", action="store_true", help="the bare page instead of the Explorer")
    ap.add_argument("--url", help="a server already running (else one is started here)")
    ap.add_argument("--fetches", type=int, default=12, help="how many of the slowest fetches to list")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from trajmap import dataset

    df = dataset.load("full")
    landed = df["landing_basis"] != "unknown"
    n_all, n_icbm = int(landed.sum()), int((landed & (df["class"] == "ICBM")).sum())
    with _server(args.bare, args.url) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=suite.CHROMIUM, args=suite.CHROMIUM_ARGS)
        target = url if args.bare else f"{url}/?eez=1"
        drawn = (suite._MARKER, "") if args.bare else (suite._COUNT, n_all)
        for visit in ("warm-up", "measured"):
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            ctx.add_init_script(_PROBE)
            page = ctx.new_page()
            cdp = ctx.new_cdp_session(page)
            cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
            t0 = time.perf_counter()
            page.goto(target)
            suite._wait(page, drawn[0], drawn[1], 240)
            wall = time.perf_counter() - t0
            if visit == "measured":
                page.wait_for_timeout(1500)
                _print(page, 0.0, f"navigation: map drawn after {wall:.2f} s", _cpu(cdp))
                _fetches(page, args.fetches)
            suite._settle(page)
            if visit == "measured" and not args.bare:
                # the Class filter's ICBM chip (pages/_chips.py), focused, then ticked with Space
                page.locator('[data-testid="stSidebar"] label.chip', has_text="ICBM").locator("input").focus()
                cpu0 = _cpu(cdp)
                since = page.evaluate("() => { window.__tlMark('Space'); return performance.now(); }")
                t0 = time.perf_counter()
                page.keyboard.press("Space")
                suite._wait(page, suite._COUNT, n_icbm, 240)
                wall = time.perf_counter() - t0
                cpu = _cpu(cdp) - cpu0
                page.wait_for_timeout(1500)
                _print(
                    page, since, f"widget change (Class -> ICBM): map redrawn {wall:.2f} s after Space", cpu
                )
            ctx.close()
        browser.close()


if __name__ == "__main__":
    main()
