"""AppTests of the pages on a fresh install: no layer file anywhere, so the embedded regional defaults are
drawn and answered from, and every page that uses layers says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from trajmap import maps

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)


def _shown(el: object) -> str:
    """An element's Markdown source as it reads on the page (user text in it is backslash-escaped)."""
    return re.sub(r"\\(.)", r"\1", el.value)  # type: ignore[attr-defined]


def _map_script(at: AppTest) -> str:
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    args = json.loads(comp.proto.json_args)
    return str(args.get("feature_group") or "") + args["script"]


@pytest.fixture
def fresh_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty layer folder and no network; the EEZ index is rebuilt from what is there, before and after."""
    monkeypatch.setenv("TRAJMAP_DATA_DIR", str(tmp_path))
    return tmp_path


def test_explorer_says_it_uses_the_regional_defaults_and_still_answers(fresh_install: Path) -> None:
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    warning = " ".join(_shown(w) for w in at.warning)
    assert "EEZ: using the regional default (East Asia and West Pacific" in warning
    assert "Land: using the regional default" in warning
    assert "Countries: using the regional default" in warning
    assert "python -m trajmap.layers download" in warning
    assert "missing on this machine" not in warning  # every map layer has its default
    assert any(b.label.startswith("Download the missing layers") for b in at.button)
    # the default launch (2025-01-06) is answered from the embedded EEZ
    assert at.selectbox(key="event").value == "2025-01-06"
    comparison = " ".join(_shown(m) for m in at.markdown)  # the estimates' table (Markdown, escaped)
    assert "outside (Russia's EEZ)" in comparison


def test_reach_page_draws_the_default_land_and_says_so(fresh_install: Path) -> None:
    at = _page("reach.py").run()
    assert not at.exception, at.exception
    captions = " ".join(_shown(c) for c in at.caption)
    assert "Countries: using the regional default" in captions
    # the countries are drawn, from the file the app serves (fetched once, not in the message)
    (land,) = [u.split('"')[0] for u in _map_script(at).split(f'fetch("{maps.LAYERS_URL}/')[1:]]
    served = ROOT / "static" / "vendor" / "layers" / land
    assert land.startswith("land-")
    assert len(maps.unpack_polygons(served.read_bytes()).features) > 100


def test_about_page_lists_which_layers_use_their_default(fresh_install: Path) -> None:
    at = _page("about.py").run()
    assert not at.exception, at.exception
    table = next(d.value for d in at.dataframe if "licence" in d.value.columns)
    in_use = dict(zip(table["layer"], table["in use"], strict=True))
    assert in_use["World EEZ v11 (East Asia and West Pacific: lon 100-180, lat -5-60)"] == "regional default"
    assert in_use["Natural Earth 1:50m coastline"] == "missing"
    assert not table["on this machine"].any()
    captions = " ".join(_shown(c) for c in at.caption)
    assert "EEZ: using the regional default" in captions


def test_with_the_full_layers_no_page_mentions_the_defaults() -> None:
    for name in ("explorer.py", "reach.py"):
        at = _page(name).run()
        assert not at.exception, at.exception
        shown = " ".join(_shown(e) for e in [*at.warning, *at.caption])
        assert "regional default" not in shown, name
