"""``python -m benchmarks``: trajmap's performance budgets, each measured beside a baseline in the same run.

    python -m benchmarks                       # every part, full sizes (several minutes; needs Chromium)
    python -m benchmarks --smoke               # seconds: tiny sizes, one repeat, no browser
    python -m benchmarks --parts geometry,apptest --repeat 5
    python -m benchmarks --write benchmarks/README.md   # also write the table there (between markers)

Prints one table: figure, trajmap, baseline, ratio (or size, or exponent), budget, pass/FAIL. The machine's
seconds are noisy; the ratios compare figures taken minutes apart in one run. Set TRAJMAP_DATA_DIR for the
EEZ layers (the verdicts and the overlay). The exit status is 0 even when a budget fails: this is a
measurement, not a test (``--strict`` makes a failed budget exit 1).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import sys
import time
from pathlib import Path

from benchmarks import suite

PARTS = ("apptest", "bytes", "geometry", "browser")
START, END = "<!-- benchmark-table:start -->", "<!-- benchmark-table:end -->"


def table(rows: list[suite.Row]) -> str:
    head = ["figure", "trajmap", "baseline", "ratio / size", "budget", "result"]
    lines = ["| " + " | ".join(head) + " |", "|---|---:|---:|---:|---:|---|"]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    notes = [f"- {r.figure.split(' (')[0]}: {r.note}" for r in rows if r.note]
    return "\n".join(lines + (["", *notes] if notes else []))


def run(
    parts: tuple[str, ...], *, smoke: bool, repeat: int, browser_repeat: int | None = None
) -> list[suite.Row]:
    """The rows of ``parts``; the browser's figures take ``browser_repeat`` visits (default: ``repeat``, at
    most 3, each visit being a page load of several seconds)."""
    rows: list[suite.Row] = []
    args = None
    if "apptest" in parts or "bytes" in parts:
        app_rows, args = suite.apptest_rows(repeat=repeat, smoke=smoke)
        if "apptest" in parts:
            rows += app_rows
    if "bytes" in parts and args is not None:
        rows += suite.bytes_rows(args, smoke=smoke)
    if "browser" in parts:
        rows += suite.browser_rows(repeat=browser_repeat or (max(repeat, 1) if smoke else min(repeat, 3)))
    if "geometry" in parts:
        rows += suite.geometry_rows(repeat=repeat, smoke=smoke)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--smoke", action="store_true", help="tiny sizes, 1 repeat, no browser unless --parts asks"
    )
    ap.add_argument(
        "--parts", help=f"comma-separated, of {','.join(PARTS)} (default: all; smoke: no browser)"
    )
    ap.add_argument(
        "--repeat",
        type=int,
        help="runs per figure, the median is shown (default 5, the browser's 3; given, the browser's too)",
    )
    ap.add_argument("--write", type=Path, help="write the table into this Markdown file, between markers")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a budget fails")
    a = ap.parse_args(argv)
    if a.parts:
        parts = tuple(p.strip() for p in a.parts.split(",") if p.strip())
        bad = [p for p in parts if p not in PARTS]
        if bad:
            ap.error(f"unknown part(s) {bad}; choose from {', '.join(PARTS)}")
    else:
        parts = tuple(p for p in PARTS if not (a.smoke and p == "browser"))
    repeat = a.repeat or (1 if a.smoke else 5)
    t0 = time.perf_counter()
    rows = run(parts, smoke=a.smoke, repeat=repeat, browser_repeat=a.repeat)
    took = time.perf_counter() - t0
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    cmd = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
    header = (
        f"`{cmd.strip()}` on {stamp}, {os.cpu_count()} cores ({platform.machine()}), "
        f"load average {load:.1f}, {took:.0f} s in all."
    )
    out = f"{header}\n\n{table(rows)}\n"
    print(out)
    if a.write:
        text = a.write.read_text(encoding="utf-8") if a.write.exists() else ""
        block = f"{START}\n{out}{END}"
        if START in text and END in text:
            text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _m: block, text, flags=re.S)
        else:
            text = f"{text.rstrip()}\n\n{block}\n" if text else f"{block}\n"
        a.write.write_text(text, encoding="utf-8")
    return 1 if a.strict and not all(r.ok for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
