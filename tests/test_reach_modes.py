"""Reach with a rotating Earth (targets inside a footprint) and in reverse (which sites reach a target)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from geographiclib.geodesic import Geodesic

from trajmap import reach, records
from trajmap.ballistics import rotation as rot

SUNAN = (39.2239, 125.67)


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return reach.load_targets()


def test_with_rotation_off_the_footprint_table_is_the_ring_table(targets) -> None:
    fp = rot.footprint_for_range(*SUNAN, 5500.0, rotating=False)
    got = reach.targets_in_footprints([(fp, "IRBM")], targets)
    want = reach.targets_in_reach(*SUNAN, 5500.0, targets)
    assert got["target"].tolist() == want["target"].tolist()
    assert got["in_reach"].tolist() == want["in_reach"].tolist()
    np.testing.assert_allclose(got["range_used_km"], 5500.0, atol=0.05)
    np.testing.assert_allclose(got["margin_km"], want["margin_km"], atol=0.11)
    np.testing.assert_allclose(got["launch_azimuth_deg"] % 360.0, want["bearing_deg"] % 360.0, atol=0.06)


def test_the_margin_is_the_footprint_range_toward_the_target_minus_its_distance(targets) -> None:
    fp = rot.footprint_for_range(*SUNAN, 13000.0)
    got = reach.targets_in_footprints([(fp, "ICBM")], targets)
    for row in got.itertuples():
        bearing = Geodesic.WGS84.Inverse(*SUNAN, row.lat, row.lon)["azi1"]  # unrounded
        toward = fp.range_toward(bearing)
        assert row.range_used_km == pytest.approx(toward, abs=0.2)
        assert row.margin_km == pytest.approx(toward - row.distance_km, abs=0.2)
        assert row.in_reach == bool(fp.holds(row.lat, row.lon)[0])
    dc = got[got["target"] == "washington"].iloc[0]
    assert dc["range_used_km"] > 13000.0  # north-east: the ground's eastward speed helps


def test_first_ring_names_the_smallest_footprint_that_holds_the_target(targets) -> None:
    small = rot.footprint_for_range(*SUNAN, 3000.0)
    large = rot.footprint_for_range(*SUNAN, 5500.0)
    got = reach.targets_in_footprints([(large, "IRBM"), (small, "MRBM")], targets)
    seoul = got[got["target"] == "seoul"].iloc[0]
    assert seoul["first_ring"] == "MRBM"
    assert seoul["range_used_km"] < 3100.0
    far = got[~got["in_reach"]].iloc[0]
    assert far["first_ring"] == ""
    assert far["margin_km"] < 0


@pytest.mark.parametrize(
    ("site", "target", "want_km"),
    [
        # reference values: the WGS84 meridian arc (1 degree of latitude at the equator) and equator arc
        ((1.0, 0.0), (0.0, 0.0), 110.574389),
        ((0.0, 1.0), (0.0, 0.0), 111.319491),
    ],
)
def test_sites_reaching_measures_reference_distances(site, target, want_km) -> None:
    s = pd.DataFrame({"site": ["s"], "name": ["S"], "lat": [site[0]], "lon": [site[1]]})
    got = reach.sites_reaching(*target, 111.0, s)
    assert got["distance_km"].iloc[0] == pytest.approx(want_km, abs=0.05)
    assert got["in_reach"].iloc[0] == (want_km <= 111.0)


def test_sites_reaching_guam_against_karney(targets) -> None:
    sites = records.load_sites()
    guam = targets[targets["target"] == "hagatna"].iloc[0]
    got = reach.sites_reaching(float(guam["lat"]), float(guam["lon"]), 3400.0, sites)
    for row in got.itertuples():
        g = Geodesic.WGS84.Inverse(row.lat, row.lon, float(guam["lat"]), float(guam["lon"]))
        assert row.distance_km == pytest.approx(g["s12"] / 1000.0, abs=0.06)
        assert row.bearing_deg == pytest.approx(g["azi1"] % 360.0, abs=0.06)
        assert row.margin_km == pytest.approx(3400.0 - g["s12"] / 1000.0, abs=0.06)
    assert got["margin_km"].tolist() == sorted(got["margin_km"], reverse=True)
    assert len(got) == len(sites)


def test_sites_reaching_with_rotation_uses_each_sites_footprint(targets) -> None:
    sites = records.load_sites()
    guam = targets[targets["target"] == "hagatna"].iloc[0]
    flat = reach.sites_reaching(float(guam["lat"]), float(guam["lon"]), 3400.0, sites)
    turning = reach.sites_reaching(float(guam["lat"]), float(guam["lon"]), 3400.0, sites, rotating=True)
    # Guam is south-east of North Korea: the rotating Earth adds range toward it from every site
    merged = flat.merge(turning, on="site", suffixes=("_flat", "_rot"))
    assert (merged["range_used_km_rot"] > merged["range_used_km_flat"]).all()
    np.testing.assert_allclose(merged["distance_km_rot"], merged["distance_km_flat"])
