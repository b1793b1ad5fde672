"""What a rerun of the Explorer sends for its map: a size budget (bytes, not time), with the full record and
the EEZ overlay on; the reference layers travel once, as files, not in every rerun's message."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests import chips, mapscript
from trajmap import dataset, maps

ROOT = Path(__file__).resolve().parents[1]
#: issue 12's budget for the bytes a rerun sends the browser (full record, EEZ on)
BUDGET_BYTES = 300 * 1024


def test_explorer_rerun_sends_at_most_300_kb_and_loads_the_reference_layers_by_url() -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "explorer.py"), default_timeout=120)
    at.session_state["eez"] = True
    at.run()
    assert not at.exception, at.exception
    every = chips.options(at, "classes")
    chips.choose(at, "classes", ["ICBM"])
    chips.choose(at, "classes", every)  # a filter change back to the full record
    assert not at.exception, at.exception
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    raw = comp.proto.json_args
    args = json.loads(raw)
    df = dataset.load()
    assert len(mapscript.trajectories(args["feature_group"])) == int((df["landing_basis"] != "unknown").sum())
    assert len(raw.encode()) <= BUDGET_BYTES, f"{len(raw.encode()) / 1024:.0f} KB"
    script = args["script"]
    urls = [u.split('"')[0] for u in script.split(f'fetch("{maps.LAYERS_URL}/')[1:]]
    assert sorted(u.split("-")[0] for u in urls) == ["eez", "land"]
    for u in urls:  # served by the app, and not carried in the message
        served = ROOT / "static" / "vendor" / "layers" / u
        assert served.is_file()
        assert mapscript.served_tail(served) not in raw
    assert len(script) < 20_000  # the base map without its data: a few KB
