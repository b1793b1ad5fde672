"""Load check: N concurrent browser sessions on one `streamlit run app.py`, timed from action to map redrawn.

Run: python benchmarks/load.py [--sessions 10] [--port 8599] [--timeout-s 600]
CI:  python benchmarks/load.py --sessions 2 --smoke

One Streamlit server (127.0.0.1 only, TRAJMAP_OFFLINE=1, TRAJMAP_DATA_DIR passed through) and one Debian
Chromium driven by Playwright's async API: each session is a browser context of its own, and all run at once
(asyncio.gather). Each session opens the Explorer and waits for every trajectory to be drawn, filters the
sidebar (a "Class" chip or the "Launch site" multiselect) and waits until the map shows the filtered
trajectories, then chooses another launch in the "Launch" select box (--picks times) and waits until that
launch's trajectories are the thick ones. "Redrawn" is read inside the map's iframe: the number of
`path.trajmap-trajectory` elements, which of them are drawn thick (the selected launch's, stroke-width 4) and
their ordered style must reach the values this script computes from the same data with trajmap's own filters.
Between actions a session waits until the page is idle (no Streamlit running indicator, no stale element, URL
unchanged for a quiet period), because the map reports its new view after a redraw and that reruns the script
once more.

Errors (the exit status is 1 when there is any): exceptions, timed-out waits, page errors and console
messages of type "error", failed or non-loopback requests, Streamlit exception boxes, and tracebacks in the
server log. Every loop and wait has an iteration and a time limit, and the whole run ends within --timeout-s
(a watchdog thread kills the server and exits if cleanup itself hangs).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import math
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # trajmap is normally installed (-e .); this covers a bare checkout
    sys.path.insert(1, str(ROOT / "src"))

from trajmap import filters, records  # noqa: E402

CHROMIUM = os.environ.get("TRAJMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # belt and braces for "loopback only": no host name but 127.0.0.1 resolves in this browser
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", None, ""}
CLEANUP_RESERVE_S = 25.0  # kept back from --timeout-s for closing the browser and stopping the server
# Per-wait limits: generous, since 10 Chromium pages and the server share 2 cores here (the first map takes
# ~2 min with 10 sessions); --timeout-s bounds the whole run whatever these say.
OPEN_LIMIT_S = 300.0
ACTION_LIMIT_S = 240.0
POLL_MS = 100  # in-page polling interval of the waits (rAF polling may be throttled in background pages)

# The trajectories as the map's iframe has them (same-origin component iframe, read from the top page).
JS_MAP_STATE = """
() => {
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  let d = null;
  try { d = f ? f.contentDocument : null; } catch (e) { d = null; }
  if (!d || !d.querySelector('.leaflet-container')) return null;
  const ps = d.querySelectorAll('path.trajmap-trajectory');
  let thick = 0;
  const parts = [];
  for (const p of ps) {
    const w = p.getAttribute('stroke-width');
    if (w === '4') thick += 1;
    parts.push([p.getAttribute('stroke'), w, p.getAttribute('stroke-dasharray') || ''].join(','));
  }
  return {n: ps.length, thick: thick, sig: parts.join(';')};
}
"""
JS_WAIT_MAP = (
    "([n, thick, before]) => { const s = ("
    + JS_MAP_STATE.strip()
    + ")(); return s && s.n === n && (thick < 0 || s.thick === thick) && s.sig !== before ? s : null; }"
)
# Idle: no rerun running, no element left stale by an interrupted rerun, and the URL unchanged for `quiet` ms
# (and, if needView, the map has reported its view into the URL). Polled inside the page, so waiting costs no
# round trips; state is kept per token on window.
# The status widget also holds the "Source file changed / Rerun" prompt: only its running icons mean busy.
JS_WAIT_IDLE = """
([token, quiet, needView]) => {
  const now = performance.now();
  const busy = document.querySelector('[data-testid="stStatusWidgetRunningIcon"],'
    + ' [data-testid="stStatusWidgetRunningManIcon"], [data-testid="stStatusWidgetNewYearsIcon"]') !== null
    || document.querySelector('[data-stale="true"]') !== null
    || (needView && !location.href.includes('zoom='));
  const st = window.__trajmapLoadIdle;
  if (!st || st.token !== token || busy || st.url !== location.href) {
    window.__trajmapLoadIdle = {token: token, url: location.href, since: now};
    return false;
  }
  return now - st.since >= quiet ? {quietMs: now - st.since} : false;
}
"""
JS_SOURCE_CHANGED = (
    "() => { const w = document.querySelector('[data-testid=\"stStatusWidget\"]');"
    " return !!w && /Rerun/.test(w.innerText); }"
)
JS_EXCEPTIONS = (
    "() => [...document.querySelectorAll('[data-testid=\"stException\"]')]"
    ".map(e => e.innerText.slice(0, 300))"
)

T = TypeVar("T")


# ---------------------------------------------------------------------------------------------- the plan
@dataclass(frozen=True)
class Plan:
    index: int
    filter_label: str  # the sidebar multiselect's label
    filter_value: str
    all_paths: int  # trajectories on the unfiltered map
    filtered_paths: int
    picks: int  # how many launches to choose, one after another
    order: tuple[str, ...]  # launches to choose from, in this order, skipping the one already selected
    thick: dict[str, int] = field(compare=False)  # per launch: its trajectories, drawn thick once selected


def _unambiguous(options: list[str]) -> list[str]:
    """Options that no other option contains as a subsequence: typing one in a select box and pressing Enter
    picks that option, whatever fuzzy match the widget uses."""

    def subseq(a: str, b: str) -> bool:
        it = iter(b.lower())
        return all(ch in it for ch in a.lower())

    return [o for o in options if not any(o != p and subseq(o, p) for p in options)]


def make_plans(sessions: int, picks: int) -> list[Plan]:
    """Session i filters by class (even i) or launch site (odd i), cycling through values with at least
    picks + 1 launch events that have a trajectory; each session's launches start at another place in the
    filtered list."""
    df = records.load_launches()
    traj = df[df["landing_basis"] != "unknown"]
    total = len(traj)
    typable = set(_unambiguous(sorted(df["event_id"].unique())))
    traj = traj[traj["event_id"].isin(typable)]
    kinds: list[tuple[str, str, list[str]]] = []
    for label, column in (("Class", "class"), ("Launch site", "site")):
        opts = _unambiguous(filters.choices(df, column))
        good = [
            o
            for o in opts
            if o != "unknown"
            and traj.loc[traj[column] == o, "event_id"].nunique() >= picks + 1
            and (traj[column] == o).sum() < total
        ]
        good.sort(key=lambda o: -int((traj[column] == o).sum()))
        if good:
            kinds.append((label, column, good))
    if not kinds:
        raise SystemExit("no filter value in the data has enough launches to pick from")
    plans = []
    for i in range(sessions):
        label, column, values = kinds[i % len(kinds)]
        value = values[(i // len(kinds)) % len(values)]
        flt = filters.Filters(classes=(value,)) if column == "class" else filters.Filters(sites=(value,))
        shown = filters.apply(df, flt)
        shown_traj = shown[shown["landing_basis"] != "unknown"]
        ev = filters.events(shown)["event_id"].tolist()
        cand = [e for e in ev if e in typable and (shown_traj["event_id"] == e).any()]
        order = tuple(cand[i % len(cand) :] + cand[: i % len(cand)])
        thick = {e: int((shown_traj["event_id"] == e).sum()) for e in cand}
        plans.append(Plan(i, label, value, total, len(shown_traj), picks, order, thick))
    return plans


# ---------------------------------------------------------------------------------------------- the server
CLK_TCK = os.sysconf("SC_CLK_TCK")


def _proc_children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def descendants(pid: int, kids: dict[int, list[int]]) -> set[int]:
    """pid and all its descendants."""
    todo, seen = [pid], set[int]()
    while todo and len(seen) < 10_000:
        p = todo.pop()
        if p not in seen:
            seen.add(p)
            todo.extend(kids.get(p, []))
    return seen


def proc_usage(pid: int) -> tuple[int, float] | None:
    """(VmRSS in kB, user+system CPU seconds) of one process, None when it is gone."""
    try:
        rss_kb = 0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                rss_kb = int(line.split()[1])
                break
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return rss_kb, (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime
    except (OSError, ValueError, IndexError):
        return None


def machine_busy_s() -> float:
    """CPU seconds all cores have spent busy since boot (/proc/stat: all but idle and iowait)."""
    v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(v) - v[3] - v[4]) / CLK_TCK


class Group:
    """Peak summed RSS and CPU used during the run by a changing set of processes."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self.cpu: dict[int, tuple[float, float]] = {}  # pid -> (CPU when first seen, CPU when last seen)

    def sample(self, pids: set[int], first: bool) -> None:
        rss_kb = 0
        for p in pids:
            u = proc_usage(p)
            if u is None:
                continue
            rss_kb += u[0]
            base = self.cpu.get(p, (u[1] if first else 0.0, 0.0))[0]  # a process born mid-run counts from 0
            self.cpu[p] = (base, u[1])
        self.peak_kb = max(self.peak_kb, rss_kb)

    @property
    def cpu_s(self) -> float:
        return sum(last - first for first, last in self.cpu.values())


class Sampler(threading.Thread):
    """Samples the server's process tree (RSS, CPU), this script's own tree (the browser, Playwright's driver
    and this process) and the machine's busy CPU time, every every_s (the trees are re-listed every 1 s)."""

    def __init__(self, server_pid: int, every_s: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.server_pid, self.every_s = server_pid, every_s
        self.server, self.client = Group(), Group()
        self.start_rss_kb = (proc_usage(server_pid) or (0, 0.0))[0]
        self.busy_start = self.busy_end = machine_busy_s()
        self.t_start = self.t_end = time.monotonic()
        self._stop_evt = threading.Event()

    def run(self) -> None:
        server_pids: set[int] = set()
        client_pids: set[int] = set()
        for i in range(100_000_000):
            if i % max(1, round(1 / self.every_s)) == 0:
                kids = _proc_children()
                server_pids = descendants(self.server_pid, kids)
                client_pids = descendants(os.getpid(), kids) - server_pids
            self.server.sample(server_pids, i == 0)
            self.client.sample(client_pids, i == 0)
            self.busy_end, self.t_end = machine_busy_s(), time.monotonic()
            if self._stop_evt.wait(self.every_s):
                break

    def stop(self) -> None:
        self._stop_evt.set()
        self.join(timeout=5)

    def cores(self) -> tuple[float, float, float]:
        """Average cores used by the server, by this script's tree, and by everything else on the machine."""
        wall = max(self.t_end - self.t_start, 1e-9)
        server, client = self.server.cpu_s / wall, self.client.cpu_s / wall
        rest = max(0.0, (self.busy_end - self.busy_start) / wall - server - client)
        return server, client, rest


class Server:
    def __init__(self, port: int, log: Path, watch_files: bool) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.port, self.log, self.watch_files = port, log, watch_files
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float) -> None:
        with socket.socket() as probe:  # a server already on the port would answer the health check for us
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is fine
            try:
                probe.bind(("127.0.0.1", self.port))
            except OSError as exc:
                raise RuntimeError(f"port {self.port} on 127.0.0.1 is in use; pick another --port") from exc
        env = {**os.environ, "TRAJMAP_OFFLINE": "1"}
        if os.environ.get("TRAJMAP_DATA_DIR"):
            env["TRAJMAP_DATA_DIR"] = os.environ["TRAJMAP_DATA_DIR"]
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
        ]
        if not self.watch_files:  # others' edits must not hot-reload the code under test mid-run
            cmd += ["--server.fileWatcherType", "none"]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        for _ in range(10_000):
            if time.monotonic() >= deadline:
                break
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"streamlit did not answer on {self.url}/_stcore/health:\n{self.log_tail()}")

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def log_tail(self, n: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def tracebacks(self) -> list[str]:
        lines = self.log_tail(1_000_000).splitlines()
        out = []
        for i, line in enumerate(lines):
            if line.startswith("Traceback"):
                tail = next((x for x in lines[i + 1 : i + 200] if x and not x.startswith(" ")), "")
                out.append(f"server log: {line} ... {tail}")
        return out


# ---------------------------------------------------------------------------------------------- a session
@dataclass
class Result:
    nav_ms: list[float] = field(default_factory=list)
    title_ms: list[float] = field(
        default_factory=list
    )  # navigation -> the page's title (first script output)
    redraw_ms: dict[str, list[float]] = field(default_factory=lambda: {"filter": [], "pick": []})
    idle_ms: dict[str, list[float]] = field(default_factory=lambda: {"filter": [], "pick": []})
    actions: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class Session:
    def __init__(self, plan: Plan, url: str, deadline: float, quiet_s: float, res: Result) -> None:
        self.plan, self.url, self.deadline, self.quiet_s, self.res = plan, url, deadline, quiet_s, res
        self.phase = "start"
        self.listening = True
        self.settles = 0

    def left_s(self, limit_s: float) -> float:
        left = min(limit_s, self.deadline - time.monotonic())
        if left <= 0:
            raise TimeoutError(f"run deadline reached before {self.phase}")
        return left

    def error(self, what: str) -> None:
        if self.listening:
            self.res.errors.append(f"session {self.plan.index} [{self.phase}]: {what}")

    def watch(self, page: Any) -> None:
        def on_request(r: Any) -> None:
            u = urlparse(r.url)
            if u.scheme not in ("data", "blob", "about") and u.hostname not in LOCAL_HOSTS:
                self.error(f"request left the machine: {r.url[:200]}")

        page.on("request", on_request)
        page.on("requestfailed", lambda r: self.error(f"request failed ({r.failure}): {r.url[:200]}"))
        page.on("pageerror", lambda e: self.error(f"page error: {str(e)[:300]}"))
        page.on(
            "console",
            lambda m: self.error(f"console error: {m.text[:300]}") if m.type == "error" else None,
        )
        page.on("crash", lambda _p: self.error("page crashed"))

        async def on_dialog(d: Any) -> None:  # a listener must dismiss it, or the page hangs
            self.error(f"dialog: {d.message[:200]}")
            await d.dismiss()

        page.on("dialog", on_dialog)

    async def map_state(self, page: Any) -> dict[str, Any] | None:
        with contextlib.suppress(Exception):
            return await page.evaluate(JS_MAP_STATE)  # type: ignore[no-any-return]
        return None

    async def wait_map(self, page: Any, n: int, thick: int, before: str | None, limit_s: float) -> None:
        """Until the map has n trajectories, `thick` of them thick (-1: any) and a style other than before."""
        try:
            await page.wait_for_function(
                JS_WAIT_MAP, arg=[n, thick, before], polling=POLL_MS, timeout=self.left_s(limit_s) * 1000
            )
        except Exception as exc:
            state = await self.map_state(page)
            got = f"n={state['n']} thick={state['thick']}" if state else "no map"
            want = f"want n={n} thick={thick}"
            raise TimeoutError(f"map not redrawn: {want}, have {got} ({exc!s:.120})") from exc

    async def settle(self, page: Any, since: float, need_view: bool, limit_s: float) -> float:
        """Wait until the page is idle (JS_WAIT_IDLE). Returns ms from `since` to the start of the quiet
        period, i.e. to when the last rerun ended."""
        self.settles += 1
        token = f"{self.plan.index}-{self.settles}"
        try:
            handle = await page.wait_for_function(
                JS_WAIT_IDLE,
                arg=[token, self.quiet_s * 1000, need_view],
                polling=POLL_MS,
                timeout=self.left_s(limit_s) * 1000,
            )
        except Exception as exc:
            raise TimeoutError(f"page not idle within {limit_s:.0f} s (url {page.url[-120:]})") from exc
        quiet_ms = float((await handle.json_value())["quietMs"])
        return (time.perf_counter() - since) * 1000 - quiet_ms

    async def check_page(self, page: Any, heading: str | None) -> None:
        for text in await page.evaluate(JS_EXCEPTIONS):
            self.error(f"Streamlit exception in the page: {text}")
        if await page.evaluate(JS_SOURCE_CHANGED) and not self.res.notes:
            self.res.notes.append(
                f"session {self.plan.index}: Streamlit's 'Source file changed' prompt shown"
            )
        if heading is not None:
            try:
                await page.locator("h3", has_text=heading).first.wait_for(timeout=self.left_s(10) * 1000)
            except Exception:
                self.error(f"details heading for {heading} not shown within 10 s of the page going idle")

    async def act(self, page: Any, kind: str, do: Callable[[], Awaitable[None]], n: int, thick: int) -> None:
        before = await self.map_state(page)
        t0 = time.perf_counter()
        await do()
        await self.wait_map(page, n, thick, before["sig"] if before else None, ACTION_LIMIT_S)
        self.res.redraw_ms[kind].append((time.perf_counter() - t0) * 1000)
        self.res.idle_ms[kind].append(await self.settle(page, t0, False, ACTION_LIMIT_S))
        self.res.actions += 1

    async def run(self, browser: Any) -> None:
        ctx = await browser.new_context(viewport={"width": 1400, "height": 1000})
        try:
            page = await ctx.new_page()
            page.set_default_timeout(30_000)
            self.watch(page)
            p = self.plan
            self.phase = "open"
            t0 = time.perf_counter()
            await page.goto(self.url, wait_until="commit", timeout=self.left_s(60) * 1000)
            await page.wait_for_function(
                "() => document.querySelector('h1') !== null",
                polling=POLL_MS,
                timeout=self.left_s(OPEN_LIMIT_S) * 1000,
            )
            self.res.title_ms.append((time.perf_counter() - t0) * 1000)
            await self.wait_map(page, p.all_paths, -1, None, OPEN_LIMIT_S)
            self.res.nav_ms.append((time.perf_counter() - t0) * 1000)
            await self.settle(page, t0, True, OPEN_LIMIT_S)
            await self.check_page(page, None)

            self.phase = f"filter {p.filter_label}={p.filter_value}"
            if p.filter_label == "Class":  # a row of chips (pages/_chips.py): its checkbox, then Space
                chip = page.get_by_role("group", name="Class", exact=True).get_by_role(
                    "checkbox", name=p.filter_value, exact=True
                )
                await chip.focus(timeout=self.left_s(30) * 1000)

                async def choose() -> None:
                    await page.keyboard.press("Space")

            else:
                box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(
                    has=page.get_by_text(p.filter_label, exact=True)
                )
                await box.click(timeout=self.left_s(30) * 1000)
                await page.keyboard.type(p.filter_value)

                async def choose() -> None:
                    await page.keyboard.press("Enter")
                    await page.keyboard.press("Escape")

            await self.act(page, "filter", choose, p.filtered_paths, -1)
            await self.check_page(page, None)

            sel = page.locator('[data-testid="stSelectbox"]').filter(
                has=page.get_by_text("Launch", exact=True)
            )
            for k in range(p.picks):
                self.phase = f"pick {k + 1}"
                # a combo box: its input holds the selected option's label, "<event_id> — <missile>"
                shown = await sel.locator("input").first.input_value(timeout=self.left_s(30) * 1000)
                current = next((e for e in p.order if f"{e} —" in shown), None)
                choice = next(e for e in p.order[k:] + p.order[:k] if e != current)
                self.phase = f"pick {k + 1}: {choice} (was {current})"
                await sel.click(timeout=self.left_s(30) * 1000)
                await page.keyboard.type(choice)
                enter = functools.partial(page.keyboard.press, "Enter")
                await self.act(page, "pick", enter, p.filtered_paths, p.thick[choice])
                await self.check_page(page, choice)
            self.phase = "done"
        except Exception as exc:
            self.error(f"{type(exc).__name__}: {str(exc)[:400]}")
        finally:
            self.listening = False
            with contextlib.suppress(Exception):
                await asyncio.wait_for(ctx.close(), timeout=15)


async def bounded(aw: Awaitable[T], timeout_s: float) -> T:
    return await asyncio.wait_for(aw, timeout=max(0.1, timeout_s))


async def drive(
    url: str, plans: list[Plan], deadline: float, quiet_s: float, stagger_s: float
) -> tuple[list[Result], list[str]]:
    from playwright.async_api import async_playwright

    results = [Result() for _ in plans]
    problems: list[str] = []
    async with async_playwright() as pw:
        browser = await bounded(
            pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS), deadline - time.monotonic()
        )
        try:

            async def one(plan: Plan, res: Result) -> None:
                await asyncio.sleep(stagger_s * plan.index)
                await Session(plan, url, deadline, quiet_s, res).run(browser)

            jobs = asyncio.gather(*(one(p, r) for p, r in zip(plans, results, strict=True)))
            try:
                await bounded(jobs, deadline - time.monotonic() + 5)
            except TimeoutError:
                problems.append("the sessions did not finish before the run deadline (cancelled)")
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(browser.close(), timeout=15)
    return results, problems


# ---------------------------------------------------------------------------------------------- report
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    return s[max(0, math.ceil(q / 100 * len(s)) - 1)]


def fmt_row(name: str, values: list[float], idle: list[float] | None = None) -> str:
    if not values:
        return f"{name:<24}{0:>5}{'-':>9}{'-':>9}{'-':>9}"
    row = f"{name:<24}{len(values):>5}" + "".join(
        f"{v:>9.0f}" for v in (percentile(values, 50), percentile(values, 95), max(values))
    )
    if idle:
        row += f"{percentile(idle, 50):>11.0f}{percentile(idle, 95):>9.0f}"
    return row


def report(
    args: argparse.Namespace, results: list[Result], errors: list[str], sampler: Sampler | None, wall: str
) -> None:
    nav = [v for r in results for v in r.nav_ms]
    title = [v for r in results for v in r.title_ms]
    red = {k: [v for r in results for v in r.redraw_ms[k]] for k in ("filter", "pick")}
    idle = {k: [v for r in results for v in r.idle_ms[k]] for k in ("filter", "pick")}
    actions = sum(r.actions for r in results)
    print()
    print(f"sessions {args.sessions}   actions {actions}   errors {len(errors)}   wall {wall}")
    if sampler is not None:
        server, client, rest = sampler.cores()
        print(
            f"server RSS {sampler.start_rss_kb / 1024:.0f} MB at start, "
            f"peak {sampler.server.peak_kb / 1024:.0f} MB (with children); "
            f"browser+driver peak RSS {sampler.client.peak_kb / 1024:.0f} MB"
        )
        print(
            f"CPU, cores on average over the run ({os.cpu_count()} here): server {server:.2f}, "
            f"browser+driver+this script {client:.2f}, other processes {rest:.2f}"
        )
    print()
    print(f"{'(ms)':<24}{'n':>5}{'p50':>9}{'p95':>9}{'max':>9}{'idle p50':>11}{'p95':>9}")
    print(fmt_row("navigation -> title", title))
    print(fmt_row("navigation -> map drawn", nav))
    print(fmt_row("filter -> redrawn", red["filter"], idle["filter"]))
    print(fmt_row("pick -> redrawn", red["pick"], idle["pick"]))
    print(fmt_row("all actions -> redrawn", red["filter"] + red["pick"], idle["filter"] + idle["pick"]))
    print("(p50/p95: nearest rank. idle: action -> the page's last rerun ended, incl. the map's view report)")
    for note in [n for r in results for n in r.notes]:
        print(f"note: {note}")
    if errors:
        print(f"\nerrors ({len(errors)}):")
        for e in errors[:100]:
            print(f"  - {e}")
        if len(errors) > 100:
            print(f"  ... {len(errors) - 100} more")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--sessions", type=int, default=None, help="concurrent browser sessions (10; --smoke: 2)")
    ap.add_argument("--port", type=int, default=8599)
    ap.add_argument("--timeout-s", type=float, default=None, help="bound on the run (600; --smoke: 180)")
    ap.add_argument("--picks", type=int, default=1, help="launches each session chooses one after another")
    ap.add_argument("--quiet-s", type=float, default=None, help="idle means this long without a rerun (1.5)")
    ap.add_argument("--stagger-ms", type=float, default=0.0, help="delay between session starts")
    ap.add_argument("--smoke", action="store_true", help="short CI run: 2 sessions, shorter waits")
    ap.add_argument(
        "--watch-files", action="store_true", help="keep Streamlit's file watcher (off: edits hot-reload)"
    )
    ap.add_argument("--keep-log", action="store_true", help="keep the server log (its path is printed)")
    args = ap.parse_args(argv)
    args.sessions = args.sessions or (2 if args.smoke else 10)
    args.timeout_s = args.timeout_s or (180.0 if args.smoke else 600.0)
    quiet_s = args.quiet_s if args.quiet_s is not None else (1.0 if args.smoke else 1.5)
    if not 1 <= args.sessions <= 100 or not 1 <= args.picks <= 20:
        ap.error("--sessions must be 1..100 and --picks 1..20")
    if args.timeout_s < CLEANUP_RESERVE_S + 30:
        ap.error(f"--timeout-s must be at least {CLEANUP_RESERVE_S + 30:.0f}")
    if not Path(CHROMIUM).exists():
        print(f"Chromium not found at {CHROMIUM} (apt-get install chromium)", file=sys.stderr)
        return 2

    t_start = time.monotonic()
    deadline = t_start + args.timeout_s - CLEANUP_RESERVE_S
    plans = make_plans(args.sessions, args.picks)
    tmp = Path(tempfile.mkdtemp(prefix="trajmap-load-"))
    server = Server(args.port, tmp / "streamlit.log", args.watch_files)

    def watchdog() -> None:  # the last resort if cleanup itself hangs
        if server.proc is not None and server.proc.poll() is None:
            server.proc.kill()
        print(f"load.py: watchdog: --timeout-s {args.timeout_s:.0f} s exceeded, exiting", file=sys.stderr)
        os._exit(3)

    dog = threading.Timer(args.timeout_s, watchdog)
    dog.daemon = True
    dog.start()
    sampler: Sampler | None = None
    errors: list[str] = []
    results: list[Result] = []
    try:
        server.start(timeout_s=min(90.0, deadline - time.monotonic()))
        sampler = Sampler(server.proc.pid if server.proc else 0)
        sampler.start()
        print(
            f"server up at {server.url} (pid {sampler.server_pid}) after "
            f"{time.monotonic() - t_start:.1f} s; {args.sessions} sessions, {args.picks} pick(s) each",
            flush=True,
        )
        for p in plans:
            print(
                f"  session {p.index}: {p.filter_label}={p.filter_value} ({p.filtered_paths}/{p.all_paths} "
                f"trajectories), picks {p.picks} of {', '.join(p.order[: p.picks + 1])}"
            )
        t_run = time.monotonic()
        results, problems = asyncio.run(drive(server.url, plans, deadline, quiet_s, args.stagger_ms / 1000))
        wall_s = time.monotonic() - t_run
        errors = [e for r in results for e in r.errors] + problems
    except Exception as exc:  # the server did not start, the browser did not launch, ...
        errors.append(f"run: {type(exc).__name__}: {str(exc)[:2000]}")
        wall_s = time.monotonic() - t_start
    finally:
        if sampler is not None:
            sampler.stop()
        server.stop()
        dog.cancel()
    errors += server.tracebacks()
    wall = f"{wall_s:.1f} s for the sessions, {time.monotonic() - t_start:.1f} s in all"
    report(args, results or [Result()], errors, sampler, wall)
    if errors or args.keep_log:
        print(f"\nserver log: {server.log}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
