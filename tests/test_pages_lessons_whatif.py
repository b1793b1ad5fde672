"""AppTest for the Lessons and What-if pages: they render, read their URL parameters and write them back."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pyproj import Geod
from streamlit.testing.v1 import AppTest

from trajmap import geodesy
from trajmap.views import lessons as lv

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = 60
GEOD = Geod(ellps="WGS84")


def _page(name: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "pages" / name), default_timeout=TIMEOUT)
    at.query_params.update(params)
    return at.run()


def _param(at: AppTest, key: str) -> str:
    v = at.query_params[key]
    return v[0] if isinstance(v, list) else v


def _shown(el: object) -> str:
    return re.sub(r"\\(.)", r"\1", el.value)  # type: ignore[attr-defined]


def _folium_script(at: AppTest) -> str:
    (comp,) = [el for el in at.get("component_instance") if "st_folium" in el.proto.component_name]
    args = json.loads(comp.proto.json_args)
    return args["script"] + (args.get("feature_group") or "")


# --------------------------------------------------------------------------------------------- lessons


@pytest.mark.parametrize("key", list(lv.SECTIONS))
def test_lessons_url_opens_each_section(key: str) -> None:
    at = _page("lessons.py", section=key)
    assert not at.exception, at.exception
    assert at.radio(key="lesson_section").value == key
    assert [h.value for h in at.header] == [lv.SECTIONS[key]]
    sources = at.dataframe[-1].value
    assert list(sources.columns) == ["source", "url"]
    assert sources["url"].str.startswith("http").all()
    assert _param(at, "section") == key
    text = " ".join(_shown(m) for m in at.markdown)
    if key == "lofted":
        assert at.get("vega_lite_chart")
        assert "minimum-energy" in text
    else:
        drawn = {"curve": "trajmap-lesson-geodesic", "ring": "L.circle(", "eez": "trajmap-footprint"}
        assert drawn[key] in _folium_script(at)
    if key == "eez":
        assert "370.4 km" in text
        assert "UNCLOS article 57" in text


def test_lessons_choosing_a_section_writes_it_to_the_url() -> None:
    at = _page("lessons.py")
    assert at.radio(key="lesson_section").value == "curve"
    at.radio(key="lesson_section").set_value("ring").run()
    assert not at.exception, at.exception
    assert _param(at, "section") == "ring"
    assert "L.circle(" in _folium_script(at)


def test_lessons_bad_section_falls_back_with_a_notice() -> None:
    at = _page("lessons.py", section="<img src=x onerror=alert(1)>")
    assert not at.exception, at.exception
    assert at.radio(key="lesson_section").value == "curve"
    assert any("section:" in _shown(w) for w in at.warning)
    assert all("<img" not in w.value.replace("\\<", "") for w in at.warning)  # escaped: shown as text


# ---------------------------------------------------------------------------------------------- whatif


def test_whatif_opens_on_the_2025_launch_and_writes_its_url() -> None:
    at = _page("whatif.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="wi_site").value == "pyongyang"
    assert (_param(at, "wi_site"), _param(at, "wi_bearing"), _param(at, "wi_range_km")) == (
        "pyongyang",
        "58",
        "1100",
    )
    assert "trajmap-whatif-landing" in _folium_script(at)
    assert at.metric[2].label.startswith("EEZ verdict")
    assert any("In whose waters" in m.value for m in at.markdown)
    assert at.get("vega_lite_chart")


def test_whatif_applies_the_url_parameters_over_the_antimeridian() -> None:
    at = _page("whatif.py", wi_lat="10", wi_lon="170", wi_bearing="90", wi_range_km="2000")
    assert not at.exception, at.exception
    assert at.radio(key="wi_mode").value == "Coordinates"
    assert (at.number_input(key="wi_lat").value, at.number_input(key="wi_lon").value) == (10.0, 170.0)
    assert at.number_input(key="wi_bearing").value == 90.0
    assert at.number_input(key="wi_range_km").value == 2000.0
    lon2, lat2, _ = GEOD.fwd(170.0, 10.0, 90.0, 2_000_000.0)
    assert at.metric[0].value == geodesy.format_lat_lon(lat2, lon2)
    assert at.metric[2].value == "outside"
    assert _param(at, "wi_lat") == "10"


def test_whatif_class_and_apogee_from_the_url_and_a_widget_change_rewrites_it() -> None:
    at = _page("whatif.py", wi_site="sunan", wi_class="ICBM", wi_apogee_km="3000")
    assert not at.exception, at.exception
    assert at.radio(key="wi_range_mode").value == "Missile class"
    assert at.selectbox(key="wi_class").value == "ICBM"
    assert at.checkbox(key="wi_min_energy").value is False
    assert at.number_input(key="wi_apogee_km").value == 3000.0
    assert (at.metric[1].label, at.metric[1].value) == ("Range (ICBM's typical range)", "13,000 km")
    assert any("lofted arc: apogee 3,000 km" in _shown(c) for c in at.caption)
    at.radio(key="wi_range_mode").set_value("Distance").run()
    at.number_input(key="wi_range_km").set_value(2500.0).run()
    assert not at.exception, at.exception
    assert _param(at, "wi_range_km") == "2500"
    assert "wi_class" not in at.query_params
    assert _param(at, "wi_apogee_km") == "3000"


@pytest.mark.parametrize(
    "params",
    [
        {"wi_site": "<script>alert(1)</script>", "wi_bearing": "nan", "wi_range_km": "1e308"},
        {"wi_lat": "95", "wi_lon": "-500", "wi_class": "[x](https://example.org)"},
        {"wi_apogee_km": "-1", "wi_bearing": "${alert(1)}", "wi_lat": "10"},
    ],
)
def test_whatif_survives_hostile_parameters(params: dict[str, str]) -> None:
    at = _page("whatif.py", **params)
    assert not at.exception, at.exception
    assert at.warning
    for w in at.warning:
        assert "](" not in w.value.replace("\\]\\(", "")
        assert "<script" not in w.value.replace("\\<", "")  # escaped for Markdown: shown as text
    assert "trajmap-whatif-landing" in _folium_script(at)
