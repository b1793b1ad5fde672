"""The Explorer's rerun after a class-filter change (AppTest, no browser) and the map's size on the wire.

Run: python benchmarks/explorer_rerun.py  (TRAJMAP_DATA_DIR set, this worktree on PYTHONPATH). Prints the
median of 7 reruns with the filter set to ICBM and of 7 reruns back to every class (the full record
drawn), and the size of the st_folium component's ``json_args`` (what a rerun sends the browser) with its
``script`` (the base map) and ``feature_group`` (the changing layers) parts. Seconds are this machine's
and noisy: compare figures measured in the same session only.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def _folium_args(at: AppTest) -> tuple[str, dict]:
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    return comp.proto.json_args, json.loads(comp.proto.json_args)


def main(repeat: int = 7) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "explorer.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    raw, args = _folium_args(at)
    every = list(at.session_state["classes"])  # the Class filter's value (pages/_chips.py)
    one, back = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        at.session_state["classes"] = ["ICBM"]
        at.run()
        one.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        at.session_state["classes"] = every
        at.run()
        back.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    raw2, _ = _folium_args(at)
    kb = 1024.0
    print(f"rerun, classes -> ICBM:      median {statistics.median(one) * 1000:7.0f} ms of {repeat}")
    print(f"rerun, classes -> all (full): median {statistics.median(back) * 1000:7.0f} ms of {repeat}")
    print(
        f"json_args {len(raw.encode()) / kb:7.1f} KB: script {len(args['script'].encode()) / kb:.1f} KB, "
        f"feature_group {len((args.get('feature_group') or '').encode()) / kb:.1f} KB "
        f"(after the reruns: {len(raw2.encode()) / kb:.1f} KB)"
    )


if __name__ == "__main__":
    main()
