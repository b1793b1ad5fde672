"""AppTest for every page: no exception, and the Explorer's map holds what the filters say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from trajmap import records

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _page(name: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    return at


def _folium_args(at: AppTest) -> dict:
    comps = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    assert len(comps) == 1, "one st_folium map on the page"
    return json.loads(comps[0].proto.json_args)


def _polylines(at: AppTest) -> int:
    args = _folium_args(at)
    return len(re.findall(r"L\.polyline\(", args.get("feature_group") or "")) + len(
        re.findall(r"L\.polyline\(", args["script"])
    )


def test_app_entry_point_runs() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("trajmap")


def test_explorer_one_polyline_per_shown_trajectory_and_filters_change_it() -> None:
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    df = records.load_launches()
    with_landing = int((df["landing_basis"] != "unknown").sum())
    assert _polylines(at) == with_landing > 0
    # the default selection is the 2025-01-06 launch, whose estimates are shown side by side
    assert at.selectbox(key="event").value == "2025-01-06"
    assert any("2025-01-06" in s.value for s in at.subheader)
    # a class filter changes the count
    only = "ICBM"
    at.multiselect(key="classes").set_value([only]).run()
    assert not at.exception
    expected = int(((df["landing_basis"] != "unknown") & (df["class"] == only)).sum())
    assert _polylines(at) == expected < with_landing


def test_explorer_uses_local_assets_only() -> None:
    at = _page("explorer.py").run()
    args = _folium_args(at)
    for link in args["js_links"] + args["css_links"]:
        assert link.startswith("/app/static/"), link
    assert "tile.openstreetmap" not in args["script"]


def test_explorer_escapes_hostile_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = (ROOT / "tests" / "fixtures" / "hostile.csv").read_text()
    p = tmp_path / "hostile.csv"
    p.write_text(src)
    monkeypatch.setenv("TRAJMAP_LAUNCHES", str(p))
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    fg = _folium_args(at)["feature_group"]
    assert "<img src=x" not in fg
    assert "&lt;img src=x onerror=alert(1)&gt;" in fg


def test_about_page_runs() -> None:
    at = _page("about.py").run()
    assert not at.exception, at.exception
