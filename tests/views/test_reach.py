"""The Reach page's view: rings, the launch's maximum range, targets and the map."""

from __future__ import annotations

import pandas as pd
import pytest

from trajmap import reach, records
from trajmap.views import reach as rv


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return reach.load_targets()


def test_preset_rings_are_the_class_presets() -> None:
    assert rv.preset_rings(["MRBM", "ICBM"]) == [(3000.0, "MRBM: 3,000 km"), (13000.0, "ICBM: 13,000 km")]


def test_launch_choices_hold_only_estimates_with_range_and_apogee() -> None:
    df = records.load_launches()
    labels = rv.launch_choices(df)
    assert labels
    assert all(pd.notna(df.loc[i, "apogee_km"]) and pd.notna(df.loc[i, "range_km"]) for i in labels)


def test_launch_reach_of_a_lofted_icbm_gives_ring_band_and_caption() -> None:
    df = records.load_launches()
    rec = df[(df["event_id"] == "2017-11-29") & df["apogee_km"].notna()].iloc[0]
    got = rv.launch_reach(rec)
    ((radius, label),) = got.rings
    assert got.band is not None
    assert got.band[0] <= radius <= got.band[1]
    assert label.startswith("Hwasong-15")
    assert got.caption.startswith("~")
    assert "free-flight (Kepler-only) floor" in got.caption
    assert "burn time" in got.caption
    assert got.warning == ""


@pytest.mark.parametrize("event", ["2022-11-18", "2023-02-18", "2023-07-12", "2023-12-18", "2024-10-31"])
def test_launch_reach_of_a_saturated_loft_says_why_and_shows_floor_and_band(event: str) -> None:
    """Regression (issue 14): "20,015 km, band 20,015-20,015 km" for the Hwasong-15/17/18/19 lofts."""
    df = records.load_launches()
    rows = df[(df["event_id"] == event) & df["apogee_km"].notna() & df["class"].eq("ICBM")]
    assert not rows.empty
    for _, rec in rows.iterrows():
        got = rv.launch_reach(rec)
        assert got.value_text == "orbital-capable under these assumptions: reaches any point on Earth"
        assert "20,015-20,015" not in got.caption
        assert "free-flight (Kepler-only) floor" in got.caption
        assert "to anywhere on Earth" in got.caption
        assert got.band is not None
        assert got.band[0] < got.band[1] - 1000
        assert "reaches anywhere" in got.rings[0][1]


def test_launch_reach_of_a_gliding_warhead_is_its_class_range_with_a_warning() -> None:
    df = records.load_launches()
    rec = df[(df["event_id"] == "2025-01-06") & df["apogee_km"].notna()].iloc[0]
    got = rv.launch_reach(rec)
    assert got.rings == ((5500.0, "Hwasong-16B: IRBM class range, up to 5,500 km"),)
    assert got.warning.startswith("No maximum-range estimate for this launch: this flight was not")


def test_reach_view_counts_targets_in_the_largest_ring(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", rv.preset_rings(["MRBM", "IRBM"]), targets)
    assert view.reach_km == 5500.0
    assert view.zoom == 2
    n_in = int(view.table["in_reach"].sum())
    assert view.heading == f"Targets: {n_in} of {len(view.table)} within 5,500 km of Sunan"
    guam = view.table[view.table["name"].str.contains("Guam")]
    assert guam["in_reach"].all()


def test_reach_view_without_rings_has_no_table(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", [], targets)
    assert view.table is None
    assert view.heading == ""
    assert view.zoom == 5


def test_reach_map_draws_every_target_on_the_sites_side_of_the_antimeridian(targets) -> None:
    view = rv.reach_view(39.03, 125.75, "Sunan", [(13000.0, "ICBM")], targets)
    _base, fg = rv.reach_map(view, band=(12000.0, 14000.0), land=None)
    markers = [c for c in fg._children.values() if type(c).__name__ == "CircleMarker"]
    assert len(markers) == len(targets) + 1  # the targets and the site
    assert all(abs(m.location[1] - 125.75) <= 180.0 for m in markers)


def test_url_params_are_the_ring_parameters() -> None:
    assert rv.url_params(site_key="sohae", lat=None, lon=None, custom_km=None) == {"ring_site": "sohae"}
    assert rv.url_params(site_key=None, lat=-33.9, lon=151.2, custom_km=2000.0) == {
        "ring_lat": "-33.9",
        "ring_lon": "151.2",
        "ring_km": "2000",
    }
