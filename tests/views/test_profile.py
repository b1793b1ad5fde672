"""The Flight profile page's view: choices, the to-scale axes, rows and warnings."""

from __future__ import annotations

import pytest

from trajmap import records
from trajmap.views import profile as pv


def test_choices_default_to_the_four_2017_tests_by_japan_mod_where_given() -> None:
    df = records.load_launches()
    labels, default = pv.choices(df)
    assert [df.loc[i, "event_id"] for i in default] == list(pv.FOUR_2017)
    assert set(default) <= set(labels)


@pytest.mark.parametrize(("x_km", "y_km"), [(1000.0, 4500.0), (13000.0, 1200.0), (950.0, 500.0)])
def test_to_scale_has_equal_km_per_pixel(x_km: float, y_km: float) -> None:
    s = pv.to_scale(x_km, y_km)
    assert s.x_max_km / s.width == pytest.approx(s.y_max_km / s.height)
    assert s.x_max_km >= x_km * 0.999
    assert s.y_max_km >= y_km * 0.999
    assert 160 <= s.height <= 560


def test_profile_view_rows_and_the_lofted_arc_alone() -> None:
    df = records.load_launches()
    _labels, default = pv.choices(df)
    both = pv.profile_view(df, default)
    lofted = pv.profile_view(df, default, show_flat=False)
    assert len(both.rows) == len(default)
    assert both.assumptions
    assert set(lofted.data["arc"]) == {"reported (lofted)"}
    assert len(lofted.data) < len(both.data)
    chart = pv.profile_chart(both).to_dict()
    assert chart["width"] == both.scale.width
    assert chart["height"] == both.scale.height


def test_profile_view_of_nothing_is_empty() -> None:
    view = pv.profile_view(records.load_launches(), [])
    assert view.rows == []
    assert view.data.empty
    assert view.warnings == []


def test_profile_row_of_a_saturated_loft_is_orbital_with_floor_and_band() -> None:
    df = records.load_launches()
    picked = df[(df["event_id"] == "2022-11-18") & df["apogee_km"].notna()].index[:1]
    (row,) = pv.profile_view(df, list(picked)).rows
    assert row["est. max range (km)"] is None
    assert row["est. max range"].startswith("orbital-capable")
    assert row["free-flight floor"].startswith("free-flight (Kepler-only) floor")
    assert "anywhere on Earth" in row["band"]
    assert "20,015-20,015" not in str(row)
