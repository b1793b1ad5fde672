"""AppTest of the "Over time" page: it renders, its chart counts events, its map carries the player, the
link's year and classes are applied (bad ones give a notice), and a story's steps open it at their years."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests import mapscript
from tests.test_pages_stories import _app as story_app
from tests.test_pages_stories import follow
from trajmap import config, dataset, maps, presentation

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _page(**params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / "history.py"), default_timeout=TIMEOUT)
    at.query_params.update(params)
    return at.run()


def _map_script(at: AppTest) -> str:
    comps = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    assert len(comps) == 1, "one st_folium map on the page"
    args = json.loads(comps[0].proto.json_args)
    assert args["returned_objects"] == []  # no map event reruns the page: the player runs in the browser
    return str(args["script"])


def _start_year(script: str) -> int:
    return int(json.loads(re.search(r"const opts = (\{.*?\});", script).group(1))["start"])  # type: ignore[union-attr]


def _chart_data(at: AppTest) -> tuple[dict, pd.DataFrame]:
    import pyarrow as pa

    (chart,) = [c for c in at.get("vega_lite_chart") if "pick_year" in c.proto.selection_mode]
    (data,) = chart.proto.datasets
    return json.loads(chart.proto.spec), pa.ipc.open_stream(data.data.data).read_all().to_pandas()


def _shown(el: object) -> str:
    """An element's Markdown source as it reads on the page (its text is backslash-escaped)."""
    return re.sub(r"\\(.)", r"\1", el.value)  # type: ignore[attr-defined]


def _param(at: AppTest, key: str) -> object:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_the_page_renders_the_chart_the_table_and_the_player() -> None:
    at = _page()
    assert not at.exception, at.exception
    assert at.title[0].value == "Over time"
    df = dataset.load()
    spec, bars = _chart_data(at)
    assert spec["mark"]["type"] == "bar"
    assert int(bars["launches"].sum()) == df["event_id"].nunique()  # one count per event
    assert (
        bars[bars["year"] == 2017]["launches"].sum()
        == df.loc[df["date"].dt.year == 2017, "event_id"].nunique()
    )
    script = _map_script(at)
    assert len(mapscript.trajectories(script)) == int((df["landing_basis"] != "unknown").sum())
    assert "trajmap-time leaflet-bar" in script
    assert _start_year(script) == int(df["date"].dt.year.min())  # no year in the link: the first, paused
    captions = [_shown(c) for c in at.caption]
    assert any("one count per event" in c for c in captions)
    assert any("a year at a time" in c and dataset.record_info().text in c for c in captions)
    assert not at.warning
    assert "year" not in at.query_params


def test_the_links_year_opens_the_map_at_that_year() -> None:
    at = _page(year="2017")
    assert not at.exception, at.exception
    assert _start_year(_map_script(at)) == 2017
    assert at.selectbox(key="history_year").value == 2017
    assert _param(at, "year") == "2017"  # written back


def test_the_links_classes_filter_counts_and_map() -> None:
    at = _page(year="2017", **{"class": "ICBM,IRBM"})
    assert not at.exception, at.exception
    assert at.multiselect(key="history_classes").value == ["ICBM", "IRBM"]
    _spec, bars = _chart_data(at)
    assert set(bars["class"]) == {"ICBM", "IRBM"}
    colors = {f["properties"]["color"] for f in mapscript.trajectories(_map_script(at))}
    assert colors == {maps.CLASS_COLORS["ICBM"], maps.CLASS_COLORS["IRBM"]}
    assert _param(at, "class") == "ICBM,IRBM"


def test_bad_link_values_give_notices_not_errors() -> None:
    at = _page(year="<b>1917</b>", **{"class": "ICBM,[x](https://example.org)"})
    assert not at.exception, at.exception
    texts = [w.value for w in at.warning]
    assert len(texts) == 2
    assert any("year" in t and "is not a year" in t for t in texts)
    assert any("names nothing in the data" in t for t in texts)
    assert all("](https" not in t for t in texts)  # the link's text is shown as text, never as a link
    df = dataset.load()
    first_icbm = int(df.loc[df["class"] == "ICBM", "date"].dt.year.min())
    assert _start_year(_map_script(at)) == first_icbm  # the first year of the classes kept
    assert at.multiselect(key="history_classes").value == ["ICBM"]


def test_choosing_a_year_reopens_the_map_there_and_writes_the_url() -> None:
    at = _page()
    at.selectbox(key="history_year").set_value(2022).run()
    assert not at.exception, at.exception
    assert _start_year(_map_script(at)) == 2022
    assert _param(at, "year") == "2022"


FORTY = "forty-years-of-tests"


def test_the_forty_years_story_opens_the_page_at_its_steps_years_without_notices(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Steps 3 and 5 of the built-in story link to /history?year=2016 and ?year=2022: each opens the map at
    its year, the story's and presentation mode's parameters give no notice and stay in the URL, and the
    map is drawn at presentation mode's scale (the player reads it from the launches' script)."""
    monkeypatch.setenv(config.STORIES_ENV, str(ROOT / "data" / "stories"))
    at = story_app("pages/history.py", year="2016", story=FORTY, step="3", present="1")
    assert not at.exception, at.exception
    assert _start_year(_map_script(at)) == 2016
    assert at.selectbox(key="history_year").value == 2016
    assert not at.warning, [w.value for w in at.warning]
    assert {k: _param(at, k) for k in ("year", "story", "step", "present")} == {
        "year": "2016",
        "story": FORTY,
        "step": "3",
        "present": "1",
    }
    assert f"K = {presentation.MAP_SCALE};" in _map_script(at)

    at.button(key="story_next").click().run()
    assert follow(at)[0] == "/"  # step 4, the Explorer
    at.button(key="story_next").click().run()
    page, params = follow(at)
    assert (page, params["year"], params["step"]) == ("/history", "2022", "5")
    assert _start_year(_map_script(at)) == 2022  # read again from the new link, in the same session
    assert at.selectbox(key="history_year").value == 2022
    assert not at.warning, [w.value for w in at.warning]
    assert (_param(at, "story"), _param(at, "step")) == (FORTY, "5")
