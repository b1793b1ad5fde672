"""AppTest for every page: no exception, and the Explorer's map holds what the filters say."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests import chips, mapscript
from trajmap import dataset, maps, records

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60


def _page(name: str) -> AppTest:
    return AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)


def _folium_args(at: AppTest) -> dict:
    comps = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    assert len(comps) == 1, "one st_folium map on the page"
    return json.loads(comps[0].proto.json_args)


def _polylines(at: AppTest) -> int:
    """Trajectory features in the map's GeoJSON (rings and other lines are drawn by other layers)."""
    args = _folium_args(at)
    return len(mapscript.trajectories((args.get("feature_group") or "") + args["script"]))


def _shown(el: object) -> str:
    """An element's Markdown source as it reads on the page (user text in it is backslash-escaped)."""
    return re.sub(r"\\(.)", r"\1", el.value)  # type: ignore[attr-defined]


def test_app_entry_point_runs() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("trajmap")


def test_explorer_one_polyline_per_shown_trajectory_and_filters_change_it() -> None:
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    df = dataset.load()  # what the Explorer opens on: the full record
    with_landing = int((df["landing_basis"] != "unknown").sum())
    assert _polylines(at) == with_landing > 0
    # the default selection is the 2025-01-06 launch, whose estimates are shown side by side
    assert at.selectbox(key="event").value == "2025-01-06"
    assert any("2025-01-06" in _shown(s) for s in at.subheader)
    # a class filter changes the count
    only = "ICBM"
    chips.choose(at, "classes", [only])
    assert not at.exception
    expected = int(((df["landing_basis"] != "unknown") & (df["class"] == only)).sum())
    assert _polylines(at) == expected < with_landing


def _timeline(at: AppTest) -> tuple[dict, pd.DataFrame]:
    """The timeline chart's spec and its data (Arrow bytes in the element)."""
    import pyarrow as pa

    (chart,) = [c for c in at.get("vega_lite_chart") if "pick" in c.proto.selection_mode]
    (dataset,) = chart.proto.datasets
    return json.loads(chart.proto.spec), pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()


def _explorer(panel: str) -> AppTest:
    """The Explorer with one of its panels under the map open (each is built only while open)."""
    at = _page("explorer.py")
    at.session_state["explorer_panel"] = panel
    return at


def test_explorer_builds_only_the_open_panel_under_the_map() -> None:
    at = _page("explorer.py").run()  # the first panel: the selected launch's competing estimates
    assert not at.get("vega_lite_chart")
    assert not at.dataframe
    assert not at.get("download_button")
    assert "Japan MOD" in " ".join(_shown(m) for m in at.markdown)
    for panel, kind in (
        ("Timeline", "vega_lite_chart"),
        ("All launches", "dataframe"),
        ("Export", "download_button"),
    ):
        opened = _explorer(panel).run()
        assert not opened.exception, opened.exception
        assert opened.get(kind), panel
    assert at.selectbox(key="event").value == "2025-01-06"  # the launch picker stays above the panels


def test_explorer_timeline_has_one_point_per_event_and_follows_the_filters() -> None:
    at = _explorer("Timeline").run()
    df = dataset.load()  # what the Explorer opens on: the full record
    spec, points = _timeline(at)
    assert sorted(points["event_id"]) == sorted(df["event_id"].unique())
    assert spec["params"][0]["select"]["fields"] == ["event_id"]  # a click picks a launch event
    assert spec["encoding"]["size"]["condition"]["test"] == 'datum.event_id === "2025-01-06"'  # drawn larger
    chips.choose(at, "classes", ["IRBM"])
    _, points = _timeline(at)
    assert set(points["class"]) == {"IRBM"}
    assert len(points) == df.loc[df["class"] == "IRBM", "event_id"].nunique()


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
    assert "<img src=x" not in fg  # JSON-escaped in the script
    shown = [f["properties"]["popup"] for f in mapscript.trajectories(fg)]
    assert any("<img src=x onerror=alert(1)>" in p for p in shown)  # as text in the data (textContent)


def test_about_page_explains_itself_and_lists_the_layers() -> None:
    at = _page("about.py").run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "How sure" in text
    assert "95%" in text
    assert "In whose waters" in text
    layer_table = next(d.value for d in at.dataframe if "licence" in d.value.columns)
    assert "CC BY 4.0" in " ".join(layer_table["licence"])
    assert layer_table["on this machine"].all()  # tests read ../shared/data


def test_reach_page_rings_and_targets() -> None:
    at = _page("reach.py").run()
    assert not at.exception, at.exception
    fg = _folium_args(at)["feature_group"]
    assert fg.count("trajmap-ring") >= 3  # MRBM, IRBM, ICBM presets
    assert "L.circle(" not in fg  # never a flat folium.Circle
    table = at.dataframe[0].value
    assert {"distance_km", "bearing_deg", "in_reach"} <= set(table.columns)
    assert table["in_reach"].sum() == (table["distance_km"] <= 13000).sum()
    seoul = table[table["name"] == "Seoul"].iloc[0]
    assert seoul["first_ring"] == "MRBM: 3,000 km"  # the smallest ring that holds it
    assert fg.count("trajmap-ring-label") == 3
    at.radio(key="reach_mode").set_value("Custom distance").run()
    at.number_input(key="ring_km").set_value(1000.0).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert table["in_reach"].sum() == (table["distance_km"] <= 1000).sum() < len(table)


def test_reach_page_keeps_a_custom_distance_above_the_maximum_and_says_why() -> None:
    """Regression (issue 14): 25,000 km was silently replaced."""
    at = _page("reach.py")
    at.query_params.update({"ring_km": "25000"})
    at.run()
    assert not at.exception, at.exception
    assert at.number_input(key="ring_km").value == 25000.0
    assert any("25,000 km is more than half" in i.value for i in at.info)
    assert at.query_params["ring_km"] in ("25000", ["25000"])


def test_reach_page_shows_people_in_range() -> None:
    at = _page("reach.py").run()
    assert not at.exception, at.exception
    assert any(h.value == "People in range" for h in at.subheader)
    people = at.dataframe[1].value
    assert "metropolitan population, Natural Earth" in people.columns
    assert len(people) == 3  # MRBM, IRBM, ICBM
    assert any("Natural Earth" in c.value for c in at.caption)


def test_reach_page_puts_the_class_presets_in_the_link() -> None:
    at = _page("reach.py")
    at.query_params.update({"ring_class": "SRBM,IRBM"})
    at.run()
    assert not at.exception, at.exception
    assert at.multiselect(key="ring_classes").value == ["SRBM", "IRBM"]
    at.multiselect(key="ring_classes").set_value(["ICBM"]).run()
    assert at.query_params["ring_class"] in ("ICBM", ["ICBM"])


def test_reach_page_from_a_launch_estimate() -> None:
    at = _page("reach.py").run()
    at.radio(key="reach_mode").set_value("A launch's estimated maximum range").run()
    assert not at.exception, at.exception
    df = records.load_launches()
    hgv = df[(df["event_id"] == "2025-01-06") & df["apogee_km"].notna()].index[0]
    at.selectbox(key="ring_launch").set_value(hgv).run()
    assert any("glide" in _shown(w) for w in at.warning), "no number for a gliding warhead"
    icbm = df[(df["event_id"] == "2017-11-29") & df["apogee_km"].notna()].index[0]
    at.selectbox(key="ring_launch").set_value(icbm).run()
    assert not at.exception, at.exception
    metric = next(m for m in at.metric if "maximum range" in m.label.lower())
    assert 9000 < float(metric.value.replace(",", "").lstrip("~").split()[0]) < 17000


def _param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[0] if isinstance(value, list) else value


def test_reach_page_draws_the_rotating_earth_footprint_from_the_link() -> None:
    at = _page("reach.py")
    at.query_params.update({"ring_site": "sunan", "ring_class": "ICBM", "ring_rot": "1"})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="ring_rotation").value == "included"
    fg = _folium_args(at)["feature_group"]
    assert fg.count("trajmap-footprint") == 1
    assert fg.count("trajmap-ring") >= 1  # the non-rotating ring stays for comparison
    table = at.dataframe[0].value
    assert "launch_azimuth_deg" in table.columns
    dc = table[table["name"] == "Washington, D.C."].iloc[0]
    assert dc["range_used_km"] > 13000.0
    assert any("Earth's rotation included" in _shown(c) for c in at.caption)
    assert any("rotating-Earth footprint" in _shown(h) for h in at.subheader)
    assert at.dataframe[1].value.columns[0] == "footprint"  # people in range, per footprint
    assert _param(at, "ring_rot") == "1"
    at.radio(key="ring_rotation").set_value("not included").run()
    assert not at.exception, at.exception
    assert "trajmap-footprint" not in _folium_args(at)["feature_group"]
    assert _param(at, "ring_rot") is None


def test_reach_page_reverse_mode_lists_the_sites_that_reach_a_target() -> None:
    at = _page("reach.py")
    at.query_params.update({"ring_mode": "reverse", "ring_target": "hagatna", "ring_class": "MRBM"})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="reach_question").value == "Which sites reach a target?"
    assert at.selectbox(key="ring_target").value == "hagatna"
    assert "trajmap-reverse" in _folium_args(at)["feature_group"]
    table = at.dataframe[0].value
    assert {"distance_km", "margin_km", "in_reach"} <= set(table.columns)
    assert not table["in_reach"].any()  # Guam is beyond 3,000 km of every known site
    at.radio(key="rev_reach").set_value("Custom distance").run()
    at.number_input(key="ring_km").set_value(3400.0).run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert table["in_reach"].sum() == (table["distance_km"] <= 3400.0).sum() > 0
    assert _param(at, "ring_mode") == "reverse"
    assert _param(at, "ring_km") == "3400"
    assert _param(at, "ring_target") == "hagatna"
    # the link reopens the same view: a custom distance, not the class
    again = _page("reach.py")
    again.query_params.update({"ring_mode": "reverse", "ring_target": "hagatna", "ring_km": "3400"})
    again.run()
    assert not again.exception, again.exception
    assert again.radio(key="rev_reach").value == "Custom distance"
    assert again.number_input(key="ring_km").value == 3400.0
    assert any("with 3,400 km" in _shown(h) for h in again.subheader)


def test_reach_page_border_mode_draws_rings_from_a_country() -> None:
    at = _page("reach.py")
    at.query_params.update({"ring_mode": "border", "ring_country": "PRK", "ring_km": "1000"})
    at.run()
    assert not at.exception, at.exception
    assert at.radio(key="site_mode").value == "A country's border"
    assert at.selectbox(key="ring_country").value == "PRK"
    assert "trajmap-border-ring" in _folium_args(at)["feature_group"]
    table = at.dataframe[0].value
    seoul = table[table["name"] == "Seoul"].iloc[0]
    assert seoul["distance_km"] < 60.0
    assert bool(seoul["in_reach"])
    assert any(h.value == "People in range" for h in at.subheader)
    assert any("territory" in _shown(c) for c in at.caption)
    assert _param(at, "ring_country") == "PRK"
    assert _param(at, "ring_mode") == "border"


def test_profile_page_compares_the_2017_tests() -> None:
    at = _page("profile.py").run()
    assert not at.exception, at.exception
    assert len(at.multiselect(key="profile_pick").value) == 4
    table = at.dataframe[0].value
    assert len(table) == 4
    assert (table["est. max range (km)"] > table["range_km"] * 3).all()
    # regression: autosize "fit" squeezed the plot to make room for the legends, so the chart that says
    # "to scale" was not; the plot area must be width x height with equal km per pixel on both axes
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["autosize"]["type"] == "pad"
    x_max = spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1]
    y_max = spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1]
    assert spec["width"] / x_max == pytest.approx(spec["height"] / y_max, rel=0.01)
    at.checkbox(key="profile_flat").set_value(False).run()  # the lofted arcs alone: tall and narrow
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    x_max = spec["layer"][0]["encoding"]["x"]["scale"]["domain"][1]
    y_max = spec["layer"][0]["encoding"]["y"]["scale"]["domain"][1]
    assert spec["width"] / x_max == pytest.approx(spec["height"] / y_max, rel=0.01)
    assert spec["height"] <= 600


def test_the_class_filter_offers_the_datas_classes_as_chips_in_the_legends_order() -> None:
    at = _page("explorer.py")
    at.session_state["_dataset_choice"] = "curated"
    at.run()
    assert not at.exception, at.exception
    got = chips.data(at, "classes")
    present = set(records.load_launches()["class"])
    assert got["label"] == "Class"
    assert got["options"] == [c for c in maps.CLASS_COLORS if c in present]
    assert got["colors"] == [maps.CLASS_COLORS[c] for c in got["options"]]
    assert got["selected"] == []
    assert got["hook"] == maps.LaunchLayers.ONLY_HOOK  # where the map keeps its class filter
    # a choice holds only classes on offer, in the chips' order; the filters and the link follow it
    chips.choose(at, "classes", ["ICBM", "NOPE", "IRBM"])
    assert not at.exception, at.exception
    assert chips.value(at, "classes") == ["IRBM", "ICBM"]
    assert at.session_state["classes"] == ["IRBM", "ICBM"]
    assert at.query_params["class"] in ("IRBM,ICBM", ["IRBM,ICBM"])


def test_pages_fall_back_on_hostile_url_parameters() -> None:
    at = _page("explorer.py")
    at.query_params["event"] = "<script>alert(1)</script>"
    at.query_params["zoom"] = "99"
    at.query_params["class"] = "IRBM,NOPE"
    at.query_params["from"] = "yesterday"
    at.run()
    assert not at.exception, at.exception
    warnings = " ".join(_shown(w) for w in at.warning)
    assert "zoom" in warnings
    assert "event" in warnings
    assert "NOPE" in warnings
    assert "from" in warnings
    assert chips.value(at, "classes") == ["IRBM"]
    assert at.selectbox(key="event").value == "2025-01-06"


@pytest.mark.parametrize(
    "params",
    [
        {"zoom": "²"},  # str.isdigit() accepts it, int() does not
        {"from": "2099-01-01"},  # after the data's last date: the slider would raise
        {"to": "1900-01-01"},
        {"from": "2099-01-01", "to": "2100-01-01", "lat": "1e308", "lon": "0"},
        {"notes": "![x](https://example.org/x.png)", "class": "[a](https://example.org)"},
    ],
)
def test_explorer_survives_hostile_url_parameters(params: dict[str, str]) -> None:
    at = _page("explorer.py")
    at.query_params.update(params)
    at.run()
    assert not at.exception, at.exception
    lo, hi = at.slider(key="dates").value
    df = dataset.load()  # what the Explorer opens on: the full record
    assert df["date"].min().date() <= lo <= hi <= df["date"].max().date()
    # a parameter's text is shown as text: no Markdown link or image reaches the page
    for w in at.warning:
        assert "](" not in w.value.replace("\\]\\(", "")


def test_explorer_with_one_day_of_records_replaces_the_slider(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = (ROOT / "tests" / "fixtures" / "launches_small.csv").read_text(encoding="utf-8").splitlines()
    p = tmp_path / "one_day.csv"
    p.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    monkeypatch.setenv("TRAJMAP_LAUNCHES", str(p))
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    assert not at.get("slider")
    assert any("every record is of this day" in t.value for t in at.text)


def test_url_reopens_the_same_view() -> None:
    at = _page("explorer.py")
    at.query_params.update({"event": "2017-11-29", "class": "ICBM", "from": "2017-01-01", "eez": "0"})
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="event").value == "2017-11-29"
    assert chips.value(at, "classes") == ["ICBM"]
    assert at.checkbox(key="eez").value is False
    assert at.query_params["event"] == ["2017-11-29"] or at.query_params["event"] == "2017-11-29"


def test_explorer_without_reference_layers_says_what_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRAJMAP_DATA_DIR", str(tmp_path))  # an empty cache, no network
    at = _page("explorer.py").run()
    assert not at.exception, at.exception
    text = " ".join(_shown(w) for w in at.warning)
    assert "python -m trajmap.layers download" in text
    assert "TRAJMAP_DATA_DIR" in text
    assert any(b.label.startswith("Download the missing layers") for b in at.button)
    assert _polylines(at) > 0  # the launches still draw


def test_explorer_shows_the_selected_launchs_implied_reach() -> None:
    at = _page("explorer.py").run()
    captions = " ".join(_shown(c) for c in at.caption)
    assert "Ring: IRBM class range: up to 5,500 km" in captions  # a glide vehicle: its class's range
    assert "not a ballistic arc" in captions
    assert "trajmap-ring" in _folium_args(at)["feature_group"]
    at.selectbox(key="event").set_value("2017-11-29").run()
    assert not at.exception, at.exception
    assert "trajmap-ring" in _folium_args(at)["feature_group"]
    assert any("implied reach ~" in _shown(c) for c in at.caption)


def test_explorer_with_a_tile_basemap_and_no_connection_draws_the_vector_map_and_says_so() -> None:
    at = _page("explorer.py")
    at.query_params["basemap"] = "esri"  # TRAJMAP_OFFLINE is set for the tests: no tile server answers
    at.run()
    assert not at.exception, at.exception
    assert any("Esri imagery tiles cannot be reached" in _shown(w) for w in at.warning)
    assert "arcgisonline" not in json.dumps(_folium_args(at))  # no Esri tiles requested


def test_explorer_views_of_the_built_in_record_are_shared_by_sessions_and_a_users_never() -> None:
    from pages import _cache

    first, second = _page("explorer.py").run(), _page("explorer.py").run()
    assert not first.exception
    assert not second.exception
    views = [list(at.session_state["_explorer_views"].values())[-1] for at in (first, second)]
    assert views[0] is views[1]  # a newcomer's first run reuses the default view, computed once
    assert _cache.shared_data((("full", "v1", ()), None, ()))
    assert not _cache.shared_data((("full", "v1", ("mine.csv",)), None, ()))  # imported on the Data page
    assert not _cache.shared_data((("full", "v1", ()), ("file-id", "add to the dataset"), ()))  # uploaded


def test_explorer_table_keeps_numbers_typed_and_shows_missing_texts_empty() -> None:
    at = _explorer("All launches").run()
    assert not at.exception
    table = next(d for d in at.dataframe if "event_id" in d.value.columns)
    frame = table.value
    assert frame["range_km"].dtype.kind == "f"  # sorts by value, shown as 1,100 and 99.8 (localized)
    assert frame["range_km"].isna().any()  # a missing figure stays missing, not a text
    texts = [c for c in frame.columns if frame[c].dtype.kind not in "fiM"]
    assert "source_url" in texts
    assert not frame[texts].isna().any().any()  # an empty text shows empty, not "None"
    config = json.loads(table.proto.columns)
    assert config["range_km"]["type_config"]["format"] == "localized"
    assert config["source_url"]["type_config"]["type"] == "link"


@pytest.mark.parametrize("page", ["explorer.py", "history.py"])
def test_a_page_stops_with_the_problems_when_the_built_in_data_fail_validation(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = (ROOT / "data" / "launches.csv").read_text().splitlines()
    bad = tmp_path / "launches.csv"
    bad.write_text("\n".join([src[0], src[1].replace(",SRBM,", ",SRMB,", 1), *src[2:]]) + "\n")
    monkeypatch.setenv("TRAJMAP_LAUNCHES", str(bad))
    at = _page(page).run()
    assert not at.exception, at.exception
    assert any("failed validation" in e.value for e in at.error)
    assert any("SRMB" in c.value for c in at.code)
    assert not at.get("component_instance")  # stopped before the map
